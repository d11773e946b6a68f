// Writes generated looked-after children's records as the SSDA903 returns an authority
// would have sent, one collection year at a time, so the benchmark can time the 903
// importer on a realistic history (tools/ssda903).
//
//   std::vector<ssda903::InputFile> files = ExportReturn(data.placement, /*year=*/2016);
//   // header.csv, episodes.csv, reviews.csv, uasc.csv: the 2016-17 return
//
// A return for year Y (1 April Y to 31 March Y+1) holds, as the DfE's does: every episode
// open at any time in the year (DEC and REC blank if it had not ended by 31 March Y+1), a
// Header row for each child with such an episode, their UASC rows, and their reviews held
// in the year. Short breaks (V3/V4) are episodes like any other. Adoption, health and visit
// records are not part of this export (AD1 and OC2 carry no dates the generator's records
// could be checked against).
#ifndef SCORECARD_TOOLS_BENCHMARK_SSDA903_EXPORT_H_
#define SCORECARD_TOOLS_BENCHMARK_SSDA903_EXPORT_H_

#include <vector>

#include "absl/types/span.h"
#include "scorecard/placement/v1/placement_service.pb.h"
#include "tools/ssda903/ssda903_import.h"

namespace scorecard::benchmark {

// The return for collection year `year`: CSV files with the DfE's column names and
// dd/mm/YYYY dates, rows ordered by CHILD then date.
std::vector<ssda903::InputFile> ExportReturn(absl::Span<const placement::v1::PlacementRecord> records,
                                             int year);

}  // namespace scorecard::benchmark

#endif  // SCORECARD_TOOLS_BENCHMARK_SSDA903_EXPORT_H_
