// workforce_census_import: converts the DfE children's social work workforce census (XML)
// or an HR export of the same worker records (CSV) into JSON Lines of WorkforceRecord, for
// `scorecardctl ingest workforce FILE`.
//
//   workforce_census_import --authority=869 --format=xml --out=csww.jsonl csww_2016.xml
//   workforce_census_import --authority=869 --format=csv --reference_date=2016-09-30
//       --out=hr.jsonl hr_roles.csv   (one line)
//   scorecardctl ingest workforce csww.jsonl
//
// Nothing is written unless the whole input is valid; see README.md.
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "tools/workforce_census/census_import.h"

ABSL_FLAG(std::string, authority, "", "Required. DfE local authority code (three digits).");
ABSL_FLAG(std::string, format, "xml",
          "xml: the workforce census file; csv: an HR export (columns in README.md).");
ABSL_FLAG(std::string, out, "", "Required. The JSON Lines file to write (replaced whole).");
ABSL_FLAG(std::string, reference_date, "",
          "YYYY-MM-DD: the census reference date (30 September) when the file gives none; "
          "needed by a CSV with WorkingDaysLost.");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Converts a workforce census XML or HR CSV into WorkforceRecord JSON Lines.\n"
      "  workforce_census_import --authority=869 --format=xml|csv --out=FILE.jsonl INPUT");
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  if (args.size() > 2) {
    std::cerr << "workforce_census_import: one input file, please (got " << args.size() - 1
              << ")\n";
    return 2;
  }
  scorecard::workforce_census::RunOptions options;
  options.input_path = args.size() == 2 ? args[1] : "";
  options.format = absl::GetFlag(FLAGS_format);
  options.out_path = absl::GetFlag(FLAGS_out);
  options.authority = absl::GetFlag(FLAGS_authority);
  options.reference_date = absl::GetFlag(FLAGS_reference_date);
  return scorecard::workforce_census::RunImport(options, std::cout, std::cerr);
}
