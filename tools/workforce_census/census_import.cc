#include "tools/workforce_census/census_import.h"

#include <fstream>
#include <map>
#include <optional>

#include "absl/status/statusor.h"
#include "common/time/civil_date.h"
#include "tools/demo_data/jsonl_writer.h"
#include "tools/workforce_census/census_convert.h"
#include "tools/workforce_census/census_csv.h"
#include "tools/workforce_census/census_xml.h"

namespace scorecard::workforce_census {
namespace {

constexpr int kOk = 0;
constexpr int kInvalid = 1;
constexpr int kUsage = 2;

int Usage(std::ostream& err, const std::string& message) {
  err << "workforce_census_import: " << message << "\n";
  return kUsage;
}

}  // namespace

int RunImport(const RunOptions& options, std::ostream& out, std::ostream& err) {
  if (options.format != "xml" && options.format != "csv") {
    return Usage(err, "--format must be xml or csv");
  }
  if (options.out_path.empty()) return Usage(err, "--out is required");
  if (options.input_path.empty()) return Usage(err, "give the input file as the argument");
  ImportOptions import;
  import.authority = options.authority;
  if (!options.reference_date.empty()) {
    absl::StatusOr<Date> date = ParseIsoDate(options.reference_date);
    if (!date.ok()) return Usage(err, "--reference_date must be YYYY-MM-DD");
    import.reference_date = *date;
  }
  std::ifstream in(options.input_path, std::ios::binary);
  if (!in) return Usage(err, "cannot open " + options.input_path);

  const CensusInput input = options.format == "xml" ? ReadCensusXml(in, options.input_path)
                                                    : ReadWorkerCsv(in, options.input_path);
  const ImportResult result = ConvertCensus(input, import);
  if (!result.ok()) {
    for (const std::string& problem : result.problems) err << problem << "\n";
    err << "workforce_census_import: " << result.problems.size() << " problem"
        << (result.problems.size() == 1 ? "" : "s") << "; nothing was written\n";
    return kInvalid;
  }
  const absl::Status written = demo_data::WriteJsonLines(options.out_path, result.records);
  if (!written.ok()) {
    err << "workforce_census_import: " << written.message() << "; nothing was written\n";
    return kInvalid;
  }
  std::map<std::string, int> kinds;
  for (const workforce::v1::WorkforceRecord& r : result.records) {
    ++kinds[std::string(r.GetDescriptor()->FindFieldByNumber(r.kind_case())->name())];
  }
  out << "workforce_census_import: wrote " << result.records.size() << " records to "
      << options.out_path << " (";
  const char* separator = "";
  for (const auto& [kind, n] : kinds) {
    out << separator << kind << " " << n;
    separator = ", ";
  }
  out << ")\n";
  return kOk;
}

}  // namespace scorecard::workforce_census
