#include "tools/cin_census/census_child_mapper.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/records/proto_date.h"
#include "common/time/civil_date.h"
#include "services/safeguarding/safeguarding_records.h"

namespace scorecard::cin_census {
namespace {

namespace v1 = ::scorecard::safeguarding::v1;

// Bad values are echoed in messages; keep them short (they are dates and codes anyway).
std::string Shown(absl::string_view text) {
  constexpr size_t kMaxShown = 32;
  return text.size() <= kMaxShown ? absl::StrCat("\"", text, "\"")
                                  : absl::StrCat("\"", text.substr(0, kMaxShown), "...\"");
}

std::string Path(absl::string_view parent, absl::string_view group, size_t index) {
  return parent.empty() ? absl::StrCat(group, "[", index, "]")
                        : absl::StrCat(parent, "/", group, "[", index, "]");
}

std::string Under(absl::string_view parent, absl::string_view element) {
  return absl::StrCat(parent, "/", element);
}

// Collects problems with the elements they concern; parses values on the way.
class Checker {
 public:
  void Problem(std::string element, std::string reason) {
    problems_.push_back({std::move(element), std::move(reason)});
  }

  // A single-valued element must not repeat.
  void Once(const std::string& element, const CensusValue& value) {
    if (value.count > 1) {
      Problem(element, absl::StrCat("appears ", value.count, " times; expected at most once"));
    }
  }

  // An empty element counts as absent.
  std::optional<Date> OptionalDate(const std::string& element, const CensusValue& value) {
    Once(element, value);
    if (value.text.empty()) return std::nullopt;
    return ParseDate(element, value.text);
  }

  std::optional<Date> RequiredDate(const std::string& element, const CensusValue& value) {
    Once(element, value);
    if (value.text.empty()) {
      Problem(element, value.present() ? "empty; a date is required" : "missing (required)");
      return std::nullopt;
    }
    return ParseDate(element, value.text);
  }

  std::optional<Date> ParseDate(const std::string& element, absl::string_view text) {
    absl::StatusOr<Date> date = ParseIsoDate(text);
    if (!date.ok()) {
      Problem(element, absl::StrCat(Shown(text), " is not a real date (expected YYYY-MM-DD)"));
      return std::nullopt;
    }
    // The services store dates in this range only; anything outside is a keying slip.
    if (date->year() < 1900 || date->year() > 2100) {
      Problem(element, absl::StrCat(FormatIsoDate(*date), " is outside 1900-2100"));
      return std::nullopt;
    }
    return *date;
  }

  // The schema's yes/no type: true, false, 1 or 0. Absent or empty means false.
  bool Flag(const std::string& element, const CensusValue& value) {
    Once(element, value);
    const std::string text = absl::AsciiStrToLower(value.text);
    if (text.empty() || text == "false" || text == "0") return false;
    if (text == "true" || text == "1") return true;
    Problem(element, absl::StrCat(Shown(value.text), " is not one of true, false, 1, 0"));
    return false;
  }

  int Count(const std::string& element, const CensusValue& value) {
    Once(element, value);
    if (value.text.empty()) return 0;
    int count = 0;
    if (!absl::SimpleAtoi(value.text, &count) || count < 0 ||
        !absl::ascii_isdigit(static_cast<unsigned char>(value.text.front()))) {
      Problem(element, absl::StrCat(Shown(value.text), " is not a whole number of 0 or more"));
      return 0;
    }
    return count;
  }

  // `later_element` may not be before `earlier_name` (`strictly`: nor on the same day).
  void NotBefore(const std::string& later_element, std::optional<Date> later,
                 absl::string_view earlier_name, std::optional<Date> earlier,
                 absl::string_view rule, bool strictly = false) {
    if (!later.has_value() || !earlier.has_value()) return;
    if (*later > *earlier || (!strictly && *later == *earlier)) return;
    const absl::string_view relation = *later == *earlier ? " is the same day as " : " is before ";
    Problem(later_element, absl::StrCat(FormatIsoDate(*later), relation, earlier_name, " ",
                                        FormatIsoDate(*earlier),
                                        rule.empty() ? "" : absl::StrCat(" (rule ", rule, ")")));
  }

  bool ok() const { return problems_.empty(); }
  std::vector<ChildProblem> TakeProblems() { return std::move(problems_); }

 private:
  std::vector<ChildProblem> problems_;
};

// Builds records for one child and remembers which element each came from.
class RecordBuilder {
 public:
  RecordBuilder(absl::string_view authority, absl::string_view child_id)
      : authority_(authority), child_id_(child_id) {}

  // `id` made unique within the child: a second item with the same dates gets "#2".
  std::string UniqueId(std::string id) {
    const int seen = ++ids_[id];
    return seen == 1 ? id : absl::StrCat(id, "#", seen);
  }

  v1::SafeguardingRecord& Add(std::string element) {
    elements_.push_back(std::move(element));
    return *request_.add_records();
  }

  void Header(common::v1::RecordHeader* header, const std::string& id) const {
    header->set_authority(std::string(authority_));
    header->mutable_source()->set_system(std::string(kSourceSystem));
    header->mutable_source()->set_id(id);
  }

  const std::string& child_id() const { return child_id_; }
  const v1::IngestRequest& request() const { return request_; }
  v1::IngestRequest& request() { return request_; }
  const std::vector<std::string>& elements() const { return elements_; }

 private:
  absl::string_view authority_;
  std::string child_id_;
  absl::flat_hash_map<std::string, int> ids_;
  v1::IngestRequest request_;
  std::vector<std::string> elements_;
};

// Sets a date field only when there is a date: calling mutable_x() for an absent one would
// send an empty Date ({} in JSON) instead of leaving the field out.
template <typename Record>
void SetDate(Record& record, common::v1::Date* (Record::*field)(), std::optional<Date> date) {
  if (date.has_value()) *(record.*field)() = ToProtoDate(*date);
}

void MapAssessment(const CensusAssessment& a, const std::string& element,
                   std::optional<Date> referral, const std::string& referral_id, Checker& check,
                   RecordBuilder& build) {
  const std::string start_element = Under(element, "AssessmentActualStartDate");
  const std::optional<Date> start = check.RequiredDate(start_element, a.start_date);
  check.OptionalDate(Under(element, "AssessmentInternalReviewDate"), a.internal_review_date);
  const std::string authorised_element = Under(element, "AssessmentAuthorisationDate");
  const std::optional<Date> authorised =
      check.OptionalDate(authorised_element, a.authorisation_date);
  check.NotBefore(start_element, start, "CINreferralDate", referral, "1103");
  check.NotBefore(authorised_element, authorised, "AssessmentActualStartDate", start, "8608");
  if (!start.has_value()) return;

  const std::string id =
      build.UniqueId(absl::StrCat(referral_id, "/assessment/", FormatIsoDate(*start)));
  v1::Assessment& r = *build.Add(element).mutable_assessment();
  build.Header(r.mutable_header(), id);
  r.set_child_id(build.child_id());
  r.set_referral_source_id(referral_id);
  SetDate(r, &v1::Assessment::mutable_referral_date, referral);
  SetDate(r, &v1::Assessment::mutable_start_date, start);
  SetDate(r, &v1::Assessment::mutable_authorisation_date, authorised);
  for (const std::string& factor : a.factors) {
    if (!factor.empty()) r.add_factors(factor);
  }
}

void MapSection47(const CensusSection47& s, const std::string& element,
                  const std::string& referral_id, Checker& check, RecordBuilder& build) {
  const std::string start_element = Under(element, "S47ActualStartDate");
  const std::optional<Date> start = check.RequiredDate(start_element, s.start_date);
  const std::string target_element = Under(element, "InitialCPCtarget");
  const std::optional<Date> target = check.OptionalDate(target_element, s.icpc_target_date);
  const std::string icpc_element = Under(element, "DateOfInitialCPC");
  const std::optional<Date> icpc = check.OptionalDate(icpc_element, s.icpc_date);
  const bool not_required = check.Flag(Under(element, "ICPCnotRequired"), s.icpc_not_required);
  check.NotBefore(target_element, target, "S47ActualStartDate", start, "");
  check.NotBefore(icpc_element, icpc, "S47ActualStartDate", start, "8615");
  if (!start.has_value()) return;

  const std::string id = build.UniqueId(absl::StrCat(referral_id, "/s47/", FormatIsoDate(*start)));
  v1::Section47Enquiry& r = *build.Add(element).mutable_section47();
  build.Header(r.mutable_header(), id);
  r.set_child_id(build.child_id());
  SetDate(r, &v1::Section47Enquiry::mutable_strategy_discussion_date, start);
  SetDate(r, &v1::Section47Enquiry::mutable_icpc_target_date, target);
  SetDate(r, &v1::Section47Enquiry::mutable_icpc_date, icpc);
  r.set_icpc_not_required(not_required);
}

void MapPlan(const CensusPlan& p, const std::string& element, const std::string& referral_id,
             Checker& check, RecordBuilder& build) {
  const std::string start_element = Under(element, "CPPstartDate");
  const std::optional<Date> start = check.RequiredDate(start_element, p.start_date);
  const std::string end_element = Under(element, "CPPendDate");
  const std::optional<Date> end = check.OptionalDate(end_element, p.end_date);
  check.NotBefore(end_element, end, "CPPstartDate", start, "8925");
  check.Once(Under(element, "InitialCategoryOfAbuse"), p.initial_category);
  check.Once(Under(element, "LatestCategoryOfAbuse"), p.latest_category);
  const int previous = check.Count(Under(element, "NumberOfPreviousCPP"), p.previous_plans);

  std::string plan_id;
  if (start.has_value()) {
    plan_id = build.UniqueId(absl::StrCat(referral_id, "/cpp/", FormatIsoDate(*start)));
    v1::ChildProtectionPlan& r = *build.Add(element).mutable_cp_plan();
    build.Header(r.mutable_header(), plan_id);
    r.set_child_id(build.child_id());
    SetDate(r, &v1::ChildProtectionPlan::mutable_start_date, start);
    SetDate(r, &v1::ChildProtectionPlan::mutable_end_date, end);
    r.set_category(p.initial_category.text);
    r.set_previous_plans(previous);
  }
  for (size_t k = 0; k < p.review_dates.size(); ++k) {
    const std::string review_element = Path(Under(element, "Reviews"), "CPPreviewDate", k);
    if (p.review_dates[k].empty()) {
      check.Problem(review_element, "empty; a review needs its date (rule 8842Q)");
      continue;
    }
    const std::optional<Date> review = check.ParseDate(review_element, p.review_dates[k]);
    check.NotBefore(review_element, review, "CPPstartDate", start, "8841", /*strictly=*/true);
    if (!review.has_value() || plan_id.empty()) continue;

    const std::string id =
        build.UniqueId(absl::StrCat(plan_id, "/review/", FormatIsoDate(*review)));
    v1::ReviewConference& r = *build.Add(review_element).mutable_review_conference();
    build.Header(r.mutable_header(), id);
    r.set_child_id(build.child_id());
    r.set_plan_source_id(plan_id);
    SetDate(r, &v1::ReviewConference::mutable_conference_date, review);
  }
}

void MapCinDetails(const CensusCinDetails& d, const std::string& element, Checker& check,
                   RecordBuilder& build) {
  const std::optional<Date> referral =
      check.RequiredDate(Under(element, "CINreferralDate"), d.referral_date);
  const std::string closure_element = Under(element, "CINclosureDate");
  const std::optional<Date> closure = check.OptionalDate(closure_element, d.closure_date);
  check.NotBefore(closure_element, closure, "CINreferralDate", referral, "8630");
  check.Once(Under(element, "ReferralSource"), d.referral_source);
  check.Once(Under(element, "PrimaryNeedCode"), d.primary_need);
  check.Once(Under(element, "ReasonForClosure"), d.closure_reason);
  check.OptionalDate(Under(element, "DateOfInitialCPC"), d.icpc_date);
  const bool no_further_action = check.Flag(Under(element, "ReferralNFA"), d.no_further_action);
  for (size_t j = 0; j < d.cin_plans.size(); ++j) {
    const std::string plan_element = Path(element, "CINPlanDates", j);
    check.OptionalDate(Under(plan_element, "CINPlanStartDate"), d.cin_plans[j].start_date);
    check.OptionalDate(Under(plan_element, "CINPlanEndDate"), d.cin_plans[j].end_date);
  }
  // Without its referral date nothing in the episode can be keyed; the problem is recorded.
  if (!referral.has_value()) return;

  const std::string referral_id =
      build.UniqueId(absl::StrCat(build.child_id(), "/", FormatIsoDate(*referral)));
  v1::Referral& r = *build.Add(element).mutable_referral();
  build.Header(r.mutable_header(), referral_id);
  r.set_child_id(build.child_id());
  SetDate(r, &v1::Referral::mutable_referral_date, referral);
  r.set_referral_source(d.referral_source.text);
  r.set_no_further_action(no_further_action);
  SetDate(r, &v1::Referral::mutable_closure_date, closure);

  // A referral with no further action never became a case; an episode for it would count
  // as an open CIN case for as long as its closure date is missing.
  if (!no_further_action) {
    v1::CinEpisode& episode = *build.Add(element).mutable_cin_episode();
    build.Header(episode.mutable_header(), referral_id);
    episode.set_child_id(build.child_id());
    SetDate(episode, &v1::CinEpisode::mutable_start_date, referral);
    SetDate(episode, &v1::CinEpisode::mutable_end_date, closure);
  }
  for (size_t j = 0; j < d.assessments.size(); ++j) {
    MapAssessment(d.assessments[j], Path(element, "Assessments", j), referral, referral_id, check,
                  build);
  }
  for (size_t j = 0; j < d.section47s.size(); ++j) {
    MapSection47(d.section47s[j], Path(element, "Section47", j), referral_id, check, build);
  }
  for (size_t j = 0; j < d.plans.size(); ++j) {
    MapPlan(d.plans[j], Path(element, "ChildProtectionPlans", j), referral_id, check, build);
  }
}

// The service reports "N invalid records; nothing was written; records[i].kind.field:
// reason; ...". Each problem is put back on the element record i came from.
void AddServiceProblems(absl::string_view message, const std::vector<std::string>& elements,
                        Checker& check) {
  constexpr absl::string_view kPrefix = "records[";
  for (absl::string_view part : absl::StrSplit(message, "; ")) {
    if (!absl::StartsWith(part, kPrefix)) continue;
    const size_t close = part.find("].");
    size_t index = 0;
    if (close == absl::string_view::npos ||
        !absl::SimpleAtoi(part.substr(kPrefix.size(), close - kPrefix.size()), &index) ||
        index >= elements.size()) {
      check.Problem("", absl::StrCat("rejected by the safeguarding service's validation: ", part));
      continue;
    }
    check.Problem(elements[index],
                  absl::StrCat("rejected by the safeguarding service's validation: ",
                               part.substr(close + 2)));
  }
}

}  // namespace

MappedChild MapCensusChild(const CensusChild& child, absl::string_view authority) {
  MappedChild mapped;
  mapped.child_id = child.la_child_id.text;
  Checker check;
  if (child.too_large) {
    check.Problem("", absl::StrCat("more than ", CensusXmlReader::kMaxElementsPerChild,
                                   " elements; not read"));
    mapped.problems = check.TakeProblems();
    return mapped;
  }

  constexpr absl::string_view kIdElement = "ChildIdentifiers/LAchildID";
  check.Once(std::string(kIdElement), child.la_child_id);
  const std::string& id = child.la_child_id.text;
  if (id.empty()) {
    check.Problem(std::string(kIdElement),
                  absl::StrCat("missing (required) for the child at line ", child.line));
  } else if (id.find('/') != std::string::npos) {
    check.Problem(std::string(kIdElement),
                  "contains '/', which the importer's source keys use as a separator");
  } else if (std::any_of(id.begin(), id.end(),
                         [](char c) { return static_cast<unsigned char>(c) < 0x20; })) {
    check.Problem(std::string(kIdElement), "contains control characters");
  }
  check.OptionalDate("ChildIdentifiers/PersonBirthDate", child.birth_date);
  if (child.cin_details.empty()) {
    check.Problem("CINdetails", "missing: every child needs at least one (rule 8590)");
  }

  RecordBuilder build(authority, id);
  for (size_t i = 0; i < child.cin_details.size(); ++i) {
    MapCinDetails(child.cin_details[i], Path("", "CINdetails", i), check, build);
  }
  if (check.ok()) {
    // The service's own ingest validation has the last word, so that an accepted child is
    // never refused on ingest.
    const absl::Status valid = safeguarding::ValidateSafeguardingBatch(build.request());
    if (!valid.ok()) AddServiceProblems(valid.message(), build.elements(), check);
  }
  if (!check.ok()) {
    mapped.problems = check.TakeProblems();
    return mapped;
  }
  auto& records = *build.request().mutable_records();
  mapped.records.reserve(records.size());
  for (v1::SafeguardingRecord& record : records) mapped.records.push_back(std::move(record));
  return mapped;
}

}  // namespace scorecard::cin_census
