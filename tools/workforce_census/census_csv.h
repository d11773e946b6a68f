// Reads an HR export of worker records as CSV: one row per worker role, headed by census
// field names (tools/workforce_census/README.md lists them).
//
//   std::ifstream in("hr_roles.csv", std::ios::binary);
//   CensusInput input = ReadWorkerCsv(in, "hr_roles.csv");
//   // input.workers[i].fields["FTE"] == {"0.5", line 7}
//
// RFC 4180: comma-separated, fields in double quotes may hold commas, line breaks and
// doubled quotes; CRLF or LF line ends; a UTF-8 byte-order mark is skipped; blank lines are
// skipped. Header names match the documented ones ignoring case and surrounding spaces. A
// header naming an unknown column, a column twice, or missing a required one (SWENo,
// AgencyWorker, FTE, RoleStartDate) is a problem at line 1, and so is a row with more or
// fewer fields than the header, or a quote left open. Empty cells are absent fields.
#ifndef SCORECARD_TOOLS_WORKFORCE_CENSUS_CENSUS_CSV_H_
#define SCORECARD_TOOLS_WORKFORCE_CENSUS_CENSUS_CSV_H_

#include <istream>

#include "absl/strings/string_view.h"
#include "tools/workforce_census/census_input.h"

namespace scorecard::workforce_census {

// Columns every CSV must have.
inline constexpr absl::string_view kRequiredCsvColumns[] = {kSweNo, kAgencyWorker, kFte,
                                                            kRoleStartDate};

CensusInput ReadWorkerCsv(std::istream& in, absl::string_view file_name);

}  // namespace scorecard::workforce_census

#endif  // SCORECARD_TOOLS_WORKFORCE_CENSUS_CENSUS_CSV_H_
