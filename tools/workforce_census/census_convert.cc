#include "tools/workforce_census/census_convert.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/records/proto_date.h"
#include "common/records/record_validator.h"
#include "services/workforce/workforce_records.h"

namespace scorecard::workforce_census {
namespace {

namespace v1 = ::scorecard::workforce::v1;

// OrgRole codes (census) to the service's role words.
constexpr std::pair<absl::string_view, absl::string_view> kOrgRoles[] = {
    {"1", "senior-manager"},      {"2", "middle-manager"}, {"3", "team-manager"},
    {"4", "senior-practitioner"}, {"5", "social-worker"},  {"6", "qualified-without-cases"}};
// OrgRole 5, "Case holder".
constexpr absl::string_view kCaseHolderRole = "5";
// ReasonLeave codes 1 to 10 of the census.
constexpr int kMaxReasonLeave = 10;

// Where a made record's fields came from: proto field -> (source field, line).
struct RecordOrigin {
  int line = 0;
  std::map<std::string, std::pair<std::string, int>> fields;
};

// One problem from the service's validation message.
struct ValidatorProblem {
  int index = -1;
  std::string field;
  std::string reason;
};

// Splits "N invalid records; nothing was written; records[i].kind.field: reason; ...;
// and K more problems" (RecordValidator::ToStatus) into its problems. Anything it cannot
// read stays whole, with index -1.
std::vector<ValidatorProblem> SplitValidatorMessage(absl::string_view message) {
  std::vector<ValidatorProblem> out;
  size_t pos = message.find("records[");
  if (pos == absl::string_view::npos) return {{-1, "", std::string(message)}};
  while (pos != absl::string_view::npos) {
    const size_t next = message.find("; records[", pos);
    absl::string_view chunk =
        message.substr(pos, next == absl::string_view::npos ? absl::string_view::npos : next - pos);
    pos = next == absl::string_view::npos ? next : next + 2;
    std::string more;
    if (const size_t tail = chunk.find("; and "); tail != absl::string_view::npos) {
      more = std::string(chunk.substr(tail + 2));
      chunk = chunk.substr(0, tail);
    }
    ValidatorProblem p;
    const size_t close = chunk.find("].");
    const size_t colon = chunk.find(": ");
    const size_t kind_end = close == absl::string_view::npos ? close : chunk.find('.', close + 2);
    if (close == absl::string_view::npos || colon == absl::string_view::npos ||
        kind_end == absl::string_view::npos || kind_end > colon ||
        !absl::SimpleAtoi(chunk.substr(8, close - 8), &p.index)) {
      out.push_back({-1, "", std::string(chunk)});
    } else {
      p.field = std::string(chunk.substr(kind_end + 1, colon - kind_end - 1));
      p.reason = std::string(chunk.substr(colon + 2));
      out.push_back(std::move(p));
    }
    if (!more.empty()) out.push_back({-1, "", more});
  }
  return out;
}

class Converter {
 public:
  Converter(const CensusInput& input, const ImportOptions& options)
      : input_(input), options_(options) {}

  ImportResult Run() {
    problems_ = input_.problems;
    if (!IsValidAuthorityCode(options_.authority)) {
      Problem(0, "--authority",
              absl::StrCat("\"", options_.authority.substr(0, 16),
                           "\" is not a DfE local authority code (three digits, e.g. 869)"));
      return Finish();
    }
    if (!input_.read_whole) return Finish();
    CheckLea();
    ResolveReferenceDate();
    for (const SourceWorker& w : input_.workers) ConvertWorker(w);
    AddDaysLostReturns();
    AddVacancies();
    if (input_.workers.empty()) Problem(0, "", "no worker records");
    Validate();
    return Finish();
  }

 private:
  void Problem(int line, absl::string_view field, std::string reason) {
    problems_.push_back({line, std::string(field), std::move(reason)});
  }

  const char* SourceSystem() const {
    return input_.format == "csv" ? kCsvSourceSystem : kXmlSourceSystem;
  }

  void CheckLea() {
    if (input_.lea.has_value() && input_.lea->text != options_.authority) {
      Problem(input_.lea->line, "LEA",
              absl::StrCat("\"", input_.lea->text.substr(0, 16), "\" is not --authority=",
                           options_.authority));
    }
  }

  std::optional<Date> ParseDate(const SourceField& field, absl::string_view name) {
    absl::StatusOr<Date> date = ParseIsoDate(field.text);
    if (!date.ok() && input_.format == "csv") date = ParseUkDate(field.text);
    if (date.ok()) return *date;
    Problem(field.line, name,
            absl::StrCat("\"", field.text.substr(0, 32), "\" is not a date (",
                         input_.format == "csv" ? "YYYY-MM-DD or DD/MM/YYYY" : "YYYY-MM-DD", ")"));
    return std::nullopt;
  }

  std::optional<double> ParseDecimal(const SourceField& field, absl::string_view name) {
    double value = 0;
    if (absl::SimpleAtod(field.text, &value) && std::isfinite(value)) return value;
    Problem(field.line, name,
            absl::StrCat("\"", field.text.substr(0, 32), "\" is not a decimal number"));
    return std::nullopt;
  }

  // The census reference date: the header's ReferenceDate, else 30 September of its Year,
  // else --reference_date. A header date that disagrees with the flag is a problem.
  void ResolveReferenceDate() {
    std::optional<Date> from_file;
    int line = 0;
    if (input_.reference_date.has_value()) {
      line = input_.reference_date->line;
      from_file = ParseDate(*input_.reference_date, "ReferenceDate");
    } else if (input_.year.has_value()) {
      line = input_.year->line;
      int year = 0;
      if (absl::SimpleAtoi(input_.year->text, &year) && year >= 1900 && year <= 2100) {
        from_file = Date(year, 9, 30);
      } else {
        Problem(line, "Year", absl::StrCat("\"", input_.year->text.substr(0, 16),
                                           "\" is not a year"));
      }
    }
    if (from_file.has_value() && options_.reference_date.has_value() &&
        *from_file != *options_.reference_date) {
      Problem(line, input_.reference_date.has_value() ? "ReferenceDate" : "Year",
              absl::StrCat(FormatIsoDate(*from_file), " is not --reference_date=",
                           FormatIsoDate(*options_.reference_date)));
    }
    reference_date_ = from_file.has_value() ? from_file : options_.reference_date;
    reference_line_ = line;
  }

  // The reference date for a field that needs it, or a problem on that field.
  std::optional<Date> NeedReferenceDate(int line, absl::string_view field) {
    if (!reference_date_.has_value()) {
      Problem(line, field,
              "needs the census reference date: the file gives none (no Header/"
              "CollectionDetails/ReferenceDate or Year); pass --reference_date");
    }
    return reference_date_;
  }

  void ConvertWorker(const SourceWorker& w) {
    RecordOrigin origin;
    origin.line = w.line;
    const auto from = [&](const char* proto_field, const char* source_field,
                          const SourceField* f) {
      origin.fields[proto_field] = {source_field, f != nullptr ? f->line : w.line};
    };

    v1::Worker out;
    const SourceField* swe = w.Find(kSweNo);
    if (swe == nullptr) Problem(w.line, kSweNo, "required");
    from("worker_id", kSweNo, swe);
    from("header.source.id", kSweNo, swe);

    const SourceField* agency = w.Find(kAgencyWorker);
    from("employment", kAgencyWorker, agency);
    if (agency == nullptr) {
      Problem(w.line, kAgencyWorker, "required (0 or 1)");
    } else if (agency->text == "0") {
      out.set_employment(v1::EMPLOYMENT_TYPE_PERMANENT);
    } else if (agency->text == "1") {
      out.set_employment(v1::EMPLOYMENT_TYPE_AGENCY);
    } else {
      Problem(agency->line, kAgencyWorker,
              absl::StrCat("\"", agency->text.substr(0, 16), "\" is not 0 or 1"));
    }

    const SourceField* fte = w.Find(kFte);
    from("fte", kFte, fte);
    if (fte == nullptr) {
      Problem(w.line, kFte, "required");
    } else if (std::optional<double> value = ParseDecimal(*fte, kFte)) {
      out.set_fte(*value);
    }

    std::optional<Date> end;
    const SourceField* end_field = w.Find(kRoleEndDate);
    from("end_date", kRoleEndDate, end_field);
    if (end_field != nullptr) end = ParseDate(*end_field, kRoleEndDate);

    std::optional<Date> start;
    std::string start_key;
    const SourceField* start_field = w.Find(kRoleStartDate);
    from("start_date", kRoleStartDate, start_field);
    if (start_field != nullptr) {
      start = ParseDate(*start_field, kRoleStartDate);
      if (start.has_value()) start_key = FormatIsoDate(*start);
    } else if (out.employment() == v1::EMPLOYMENT_TYPE_AGENCY && input_.format == "xml") {
      // The census often has no start date for agency workers. All it vouches for is
      // that they were in post on the reference date (or on their last day, if earlier).
      if (std::optional<Date> ref = NeedReferenceDate(w.line, kRoleStartDate)) {
        start = end.has_value() ? std::min(*ref, *end) : *ref;
        if (!end.has_value()) end = *ref;
        start_key = absl::StrCat("census-", FormatIsoDate(*ref));
        origin.fields["start_date"] = {"ReferenceDate", reference_line_};
      }
    } else {
      Problem(w.line, kRoleStartDate, "required");
    }

    if (const SourceField* role = w.Find(kOrgRole)) {
      const auto* it = std::find_if(std::begin(kOrgRoles), std::end(kOrgRoles),
                                    [role](const auto& r) { return r.first == role->text; });
      if (it == std::end(kOrgRoles)) {
        Problem(role->line, kOrgRole,
                absl::StrCat("\"", role->text.substr(0, 16), "\" is not an OrgRole code (1-6)"));
      } else {
        out.set_role(std::string(it->second));
      }
    }
    bool holds_cases = false;
    if (const SourceField* role = w.Find(kOrgRole)) holds_cases = role->text == kCaseHolderRole;
    if (const SourceField* cases = w.Find(kCases30)) {
      int n = 0;
      if (!absl::SimpleAtoi(cases->text, &n) || n < 0) {
        Problem(cases->line, kCases30,
                absl::StrCat("\"", cases->text.substr(0, 16), "\" is not a whole number >= 0"));
      } else {
        holds_cases = holds_cases || n > 0;
      }
    }
    out.set_case_holding(holds_cases);

    if (const SourceField* reason = w.Find(kReasonLeave)) {
      int code = 0;
      if (!absl::SimpleAtoi(reason->text, &code) || code < 1 || code > kMaxReasonLeave) {
        Problem(reason->line, kReasonLeave,
                absl::StrCat("\"", reason->text.substr(0, 16),
                             "\" is not a ReasonLeave code (1-", kMaxReasonLeave, ")"));
      } else {
        out.set_reason_leaving(reason->text);
      }
    }
    if (const SourceField* team = w.Find(kTeam)) out.set_team(team->text);

    if (const SourceField* lost = w.Find(kWorkingDaysLost)) {
      std::optional<double> days = ParseDecimal(*lost, kWorkingDaysLost);
      if (swe != nullptr && days.has_value()) {
        auto [it, added] = days_lost_.try_emplace(swe->text, DaysLost{*lost, swe, 0});
        if (added) days_lost_order_.push_back(swe->text);
        it->second.days += *days;
      }
    }

    // The record is made even when a field could not be read, so the service's checks
    // still judge the others; what they say about an unreadable field is already said.
    // One record per role, keyed by person and start, so re-importing next year's census
    // updates the same record (adding its end date) instead of adding another.
    const std::string worker_id = swe != nullptr ? swe->text : "";
    const std::string source_id =
        worker_id.empty() ? "" : absl::StrCat(worker_id, "/", start_key);
    if (!worker_id.empty() && !start_key.empty()) {
      auto [seen, added] = role_lines_.try_emplace(source_id, w.line);
      if (!added) {
        Problem(start_field != nullptr ? start_field->line : w.line, kRoleStartDate,
                absl::StrCat("a second role of ", worker_id.substr(0, 32), " starting ",
                             start_key, " (the first is at line ", seen->second,
                             "): roles starting the same day cannot be told apart"));
        return;
      }
    }
    Header(out.mutable_header(), source_id);
    out.set_worker_id(worker_id);
    if (start.has_value()) *out.mutable_start_date() = ToProtoDate(*start);
    if (end.has_value()) *out.mutable_end_date() = ToProtoDate(*end);
    *records_.emplace_back().mutable_worker() = std::move(out);
    origins_.push_back(std::move(origin));
  }

  void Header(common::v1::RecordHeader* header, const std::string& source_id) {
    header->set_authority(options_.authority);
    header->mutable_source()->set_system(SourceSystem());
    header->mutable_source()->set_id(source_id);
  }

  // One return per person, for the census year: the 12 months ending on the reference date.
  void AddDaysLostReturns() {
    for (const std::string& worker_id : days_lost_order_) {
      const DaysLost& d = days_lost_.at(worker_id);
      std::optional<Date> ref = NeedReferenceDate(d.field.line, kWorkingDaysLost);
      if (!ref.has_value()) continue;
      v1::SicknessDaysLostReturn out;
      Header(out.mutable_header(),
             absl::StrCat(worker_id, "/days-lost/", FormatIsoDate(*ref)));
      out.set_worker_id(worker_id);
      *out.mutable_period_start() = ToProtoDate(AddCalendarMonths(*ref, -12) + 1);
      *out.mutable_period_end() = ToProtoDate(*ref);
      out.set_working_days_lost(d.days);
      *records_.emplace_back().mutable_sickness_days_lost_return() = std::move(out);
      RecordOrigin origin;
      origin.line = d.field.line;
      origin.fields["working_days_lost"] = {kWorkingDaysLost, d.field.line};
      origin.fields["worker_id"] = {kSweNo, d.swe->line};
      origin.fields["header.source.id"] = {kSweNo, d.swe->line};
      origin.fields["period_start"] = {"ReferenceDate", reference_line_};
      origin.fields["period_end"] = {"ReferenceDate", reference_line_};
      origins_.push_back(std::move(origin));
    }
  }

  void AddVacancies() {
    if (!input_.vacancies.has_value()) return;
    const SourceField& field = *input_.vacancies;
    std::optional<double> vacant = ParseDecimal(field, "NumberOfVacancies");
    std::optional<Date> ref = NeedReferenceDate(field.line, "NumberOfVacancies");
    if (!vacant.has_value() || !ref.has_value()) return;
    v1::Vacancies out;
    Header(out.mutable_header(), absl::StrCat("vacancies/", FormatIsoDate(*ref)));
    *out.mutable_as_of_date() = ToProtoDate(*ref);
    out.set_vacant_fte(*vacant);
    *records_.emplace_back().mutable_vacancies() = std::move(out);
    RecordOrigin origin;
    origin.line = field.line;
    origin.fields["vacant_fte"] = {"NumberOfVacancies", field.line};
    origin.fields["as_of_date"] = {"ReferenceDate", reference_line_};
    origins_.push_back(std::move(origin));
  }

  // The service's own checks (FTE bounds, end before start, overlaps...), placed back at
  // the fields and lines the records came from.
  void Validate() {
    if (records_.empty()) return;
    v1::IngestRequest request;
    for (const v1::WorkforceRecord& r : records_) *request.add_records() = r;
    const absl::Status status = workforce::ValidateWorkforceBatch(request);
    if (status.ok()) return;
    // Fields already reported as unreadable: the service would only say "required".
    std::set<std::pair<int, std::string>> reported;
    for (const InputProblem& p : problems_) reported.emplace(p.line, p.field);
    for (ValidatorProblem& p : SplitValidatorMessage(status.message())) {
      if (p.index < 0 || static_cast<size_t>(p.index) >= origins_.size()) {
        Problem(0, "", std::move(p.reason));
        continue;
      }
      const RecordOrigin& origin = origins_[p.index];
      auto it = origin.fields.find(p.field);
      const int line = it != origin.fields.end() ? it->second.second : origin.line;
      const std::string field = it != origin.fields.end() ? it->second.first : p.field;
      if (reported.count({line, field}) > 0) continue;
      Problem(line, field, NameRecordsByLine(p.reason));
    }
  }

  // "overlaps records[3] (...)" -> "overlaps the record at line 41 (...)".
  std::string NameRecordsByLine(absl::string_view reason) const {
    std::string out;
    size_t pos = 0;
    while (true) {
      const size_t at = reason.find("records[", pos);
      const size_t close = at == absl::string_view::npos ? at : reason.find(']', at);
      int index = -1;
      if (close == absl::string_view::npos ||
          !absl::SimpleAtoi(reason.substr(at + 8, close - at - 8), &index) || index < 0 ||
          static_cast<size_t>(index) >= origins_.size()) {
        absl::StrAppend(&out, reason.substr(pos));
        return out;
      }
      absl::StrAppend(&out, reason.substr(pos, at - pos), "the record at line ",
                      origins_[index].line);
      pos = close + 1;
    }
  }

  ImportResult Finish() {
    std::stable_sort(problems_.begin(), problems_.end(),
                     [](const InputProblem& a, const InputProblem& b) { return a.line < b.line; });
    ImportResult result;
    for (const InputProblem& p : problems_) {
      result.problems.push_back(FormatProblem(input_.file_name, p));
    }
    if (result.problems.empty()) result.records = std::move(records_);
    return result;
  }

  struct DaysLost {
    SourceField field;  // the first WorkingDaysLost of the person
    const SourceField* swe;
    double days;
  };

  const CensusInput& input_;
  const ImportOptions& options_;
  std::vector<InputProblem> problems_;
  std::optional<Date> reference_date_;
  int reference_line_ = 0;
  std::vector<v1::WorkforceRecord> records_;
  std::vector<RecordOrigin> origins_;  // origins_[i] for records_[i]
  std::map<std::string, int> role_lines_;  // source id -> line
  std::map<std::string, DaysLost> days_lost_;
  std::vector<std::string> days_lost_order_;
};

}  // namespace

ImportResult ConvertCensus(const CensusInput& input, const ImportOptions& options) {
  return Converter(input, options).Run();
}

}  // namespace scorecard::workforce_census
