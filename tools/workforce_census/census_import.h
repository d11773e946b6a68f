// The whole import, as the workforce_census_import command runs it: read the file, convert
// and check every record, and only if all of it is valid write the JSON Lines file that
// `scorecardctl ingest workforce FILE` sends.
//
//   RunOptions options{.input_path = "csww_2016.xml", .format = "xml",
//                      .out_path = "workforce_2016.jsonl", .authority = "869"};
//   int exit_code = RunImport(options, std::cout, std::cerr);
//
// Exit codes: 0 written; 1 the input has problems (each printed as FILE:LINE: FIELD:
// reason) or the output could not be written, and nothing was written; 2 bad options or an
// unreadable input file. The output appears whole or not at all (a temporary file beside
// it, flushed, then renamed), so an existing file is replaced only by a complete one.
#ifndef SCORECARD_TOOLS_WORKFORCE_CENSUS_CENSUS_IMPORT_H_
#define SCORECARD_TOOLS_WORKFORCE_CENSUS_CENSUS_IMPORT_H_

#include <ostream>
#include <string>

namespace scorecard::workforce_census {

struct RunOptions {
  std::string input_path;
  // "xml" (workforce census) or "csv" (HR export).
  std::string format;
  std::string out_path;
  std::string authority;
  // YYYY-MM-DD, or empty; see ImportOptions::reference_date.
  std::string reference_date;
};

int RunImport(const RunOptions& options, std::ostream& out, std::ostream& err);

}  // namespace scorecard::workforce_census

#endif  // SCORECARD_TOOLS_WORKFORCE_CENSUS_CENSUS_IMPORT_H_
