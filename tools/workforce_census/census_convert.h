// Turns the worker records a reader took from a census XML file or an HR CSV into the
// workforce service's records, and judges them with the service's own validation, so a
// file is refused here for exactly what ingest would refuse, with each problem placed at
// its line and field.
//
//   CensusInput input = ReadCensusXml(in, "csww_2016.xml");
//   ImportResult result = ConvertCensus(input, {.authority = "869"});
//   if (!result.ok()) for (const std::string& p : result.problems) std::cerr << p << "\n";
//   // csww_2016.xml:31: FTE: 1.7 is not in (0, 1.5]
//
// Records made (tools/workforce_census/README.md has the field-by-field mapping):
// - a Worker per worker record (one role);
// - a SicknessDaysLostReturn per SWENo with WorkingDaysLost (summed over its records), for
//   the census year ending on the reference date;
// - a Vacancies (authority level) from LALevelVacancies/NumberOfVacancies.
// In that order, so a worker is always ingested before a record that names it.
#ifndef SCORECARD_TOOLS_WORKFORCE_CENSUS_CENSUS_CONVERT_H_
#define SCORECARD_TOOLS_WORKFORCE_CENSUS_CENSUS_CONVERT_H_

#include <optional>
#include <string>
#include <vector>

#include "common/time/civil_date.h"
#include "scorecard/workforce/v1/workforce_service.pb.h"
#include "tools/workforce_census/census_input.h"

namespace scorecard::workforce_census {

// Source systems of the records made, so a re-import of the same file is idempotent and
// the two formats' records are told apart.
inline constexpr char kXmlSourceSystem[] = "csww";
inline constexpr char kCsvSourceSystem[] = "hr-csv";

struct ImportOptions {
  // DfE local authority code (three digits).
  std::string authority;
  // The census reference date when the file has none (always for CSV). Must agree with
  // the file's when both are given.
  std::optional<Date> reference_date;
};

struct ImportResult {
  std::vector<workforce::v1::WorkforceRecord> records;
  // "FILE:LINE: FIELD: reason", in line order. Empty when the input is valid.
  std::vector<std::string> problems;
  bool ok() const { return problems.empty(); }
};

ImportResult ConvertCensus(const CensusInput& input, const ImportOptions& options);

}  // namespace scorecard::workforce_census

#endif  // SCORECARD_TOOLS_WORKFORCE_CENSUS_CENSUS_CONVERT_H_
