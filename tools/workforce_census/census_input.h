// What the readers take from a workforce census file (XML) or an HR export (CSV), before
// any meaning is given to it: each worker record's fields as text, with the line each came
// from, so every later problem can name its place in the file.
//
//   std::ifstream in("csww_2016.xml");
//   CensusInput input = ReadCensusXml(in, "csww_2016.xml");
//   for (const InputProblem& p : input.problems) std::cerr << FormatProblem(input, p) << "\n";
//   const SourceField* fte = input.workers[0].Find(kFte);  // "0.5" at line 31
//
// The field names are the census's element names (DfE children's social work workforce
// census, liia-tools social_work_workforce_2022.xsd), which the CSV's header uses too; see
// tools/workforce_census/README.md.
#ifndef SCORECARD_TOOLS_WORKFORCE_CENSUS_CENSUS_INPUT_H_
#define SCORECARD_TOOLS_WORKFORCE_CENSUS_CENSUS_INPUT_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace scorecard::workforce_census {

// Worker fields the importer reads.
inline constexpr char kSweNo[] = "SWENo";
inline constexpr char kAgencyWorker[] = "AgencyWorker";
inline constexpr char kFte[] = "FTE";
inline constexpr char kOrgRole[] = "OrgRole";
inline constexpr char kRoleStartDate[] = "RoleStartDate";
inline constexpr char kRoleEndDate[] = "RoleEndDate";
inline constexpr char kReasonLeave[] = "ReasonLeave";
inline constexpr char kCases30[] = "Cases30";
inline constexpr char kWorkingDaysLost[] = "WorkingDaysLost";
// Not a census element: the team, which HR exports (and local census extracts) can carry.
inline constexpr char kTeam[] = "Team";

inline constexpr absl::string_view kReadWorkerFields[] = {
    kSweNo,       kAgencyWorker, kFte,     kOrgRole,         kRoleStartDate,
    kRoleEndDate, kReasonLeave,  kCases30, kWorkingDaysLost, kTeam};

// Census worker elements that are read past: accepted as CSV columns, never copied (several
// are personal data the scorecard has no use for).
inline constexpr absl::string_view kIgnoredWorkerFields[] = {
    "PersonBirthDate", "GenderCurrent", "Ethnicity",      "QualInst",    "QualLevel",
    "StepUpGrad",      "StartOrigin",   "LeaverDestination", "FTE30",    "ContractWeeks",
    "FrontlineGrad",   "Absat30Sept",   "ReasonAbsence",  "CFKSSstatus"};

// A field's text (trimmed) and the 1-based line it starts on.
struct SourceField {
  std::string text;
  int line = 0;
};

// One worker record: a CSWWWorker element or a CSV row. Absent and empty fields are left
// out of `fields`.
struct SourceWorker {
  int line = 0;  // where the record starts
  std::map<std::string, SourceField> fields;

  const SourceField* Find(absl::string_view name) const {
    auto it = fields.find(std::string(name));
    return it == fields.end() ? nullptr : &it->second;
  }
};

// A problem with the input: where it is, which field, and why.
struct InputProblem {
  int line = 0;  // 0: the file as a whole
  std::string field;
  std::string reason;
};

struct CensusInput {
  // "xml" or "csv": decides the records' source system and what may be missing.
  std::string format;
  std::string file_name;
  // From the XML header; absent in CSV.
  std::optional<SourceField> lea;             // Header/Source/LEA
  std::optional<SourceField> reference_date;  // Header/CollectionDetails/ReferenceDate
  std::optional<SourceField> year;            // Header/CollectionDetails/Year
  // LALevelVacancies/NumberOfVacancies; absent in CSV.
  std::optional<SourceField> vacancies;
  std::vector<SourceWorker> workers;
  // What the reader could not make sense of.
  std::vector<InputProblem> problems;
  // False when the reader stopped early (XML that is not well-formed, a CSV quote left
  // open, a header it cannot use): what was read is partial, and only these problems say
  // anything useful.
  bool read_whole = true;
};

// "FILE:LINE: FIELD: reason", leaving out what is unknown ("FILE: reason").
std::string FormatProblem(absl::string_view file_name, const InputProblem& problem);

}  // namespace scorecard::workforce_census

#endif  // SCORECARD_TOOLS_WORKFORCE_CENSUS_CENSUS_INPUT_H_
