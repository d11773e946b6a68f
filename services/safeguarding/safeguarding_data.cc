#include "services/safeguarding/safeguarding_data.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <tuple>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "common/records/proto_date.h"
#include "common/records/record_io.h"
#include "common/status/status_macros.h"
#include "scorecard/safeguarding/v1/safeguarding_service.pb.h"

namespace scorecard::safeguarding {
namespace {

namespace cv1 = ::scorecard::common::v1;

// Child ids in sorted order, and each id's position.
class ChildRanks {
 public:
  void Add(const std::string& child_id) { rank_.try_emplace(child_id, 0); }
  // Numbers the ids in sorted order; returns them in that order.
  std::vector<std::string> Number() {
    std::vector<std::string> ids;
    ids.reserve(rank_.size());
    for (const auto& [id, rank] : rank_) ids.push_back(id);
    std::sort(ids.begin(), ids.end());
    for (int i = 0; i < static_cast<int>(ids.size()); ++i) rank_[ids[i]] = i;
    return ids;
  }
  int Of(const std::string& child_id) const { return rank_.at(child_id); }

 private:
  absl::flat_hash_map<std::string, int> rank_;
};

// Sorts `facts` by child (in rank order), then by `key_of` (an integer, e.g. a day number)
// within a child, ties keeping their order; returns each child's range.
template <typename Facts, typename KeyOf>
std::vector<RecordRange> SortByChild(std::vector<Facts>& facts, const ChildRanks& ranks,
                                     int num_children, KeyOf key_of) {
  const int n = static_cast<int>(facts.size());
  std::vector<std::tuple<int, int64_t, int>> keyed;  // (child rank, key, record index)
  keyed.reserve(n);
  for (int i = 0; i < n; ++i) keyed.emplace_back(ranks.Of(facts[i].child_id), key_of(facts[i]), i);
  std::sort(keyed.begin(), keyed.end());
  std::vector<Facts> sorted;
  sorted.reserve(n);
  std::vector<RecordRange> ranges(num_children);
  for (int i = 0; i < n; ++i) {
    const auto& [rank, key, index] = keyed[i];
    RecordRange& range = ranges[rank];
    if (range.empty()) range.from = i;
    range.to = i + 1;
    sorted.push_back(std::move(facts[index]));
  }
  facts = std::move(sorted);
  return ranges;
}

// The sort key of the date `date_of` takes from a record.
template <typename DateOf>
auto DayKey(DateOf date_of) {
  return [date_of](const auto& facts) { return ToDayNumber(date_of(facts)); };
}

// The indexes of the records that have the date `date_of` gives (a Date, or an optional
// one), in date order; records of one day keep their order.
template <typename Facts, typename DateOf>
std::vector<int> OrderDayKey(const std::vector<Facts>& facts, DateOf date_of) {
  std::vector<std::pair<int64_t, int>> keyed;
  keyed.reserve(facts.size());
  for (int i = 0; i < static_cast<int>(facts.size()); ++i) {
    const std::optional<Date> day = date_of(facts[i]);
    if (day.has_value()) keyed.emplace_back(ToDayNumber(*day), i);
  }
  std::sort(keyed.begin(), keyed.end());
  std::vector<int> order;
  order.reserve(keyed.size());
  for (const auto& [day, i] : keyed) order.push_back(i);
  return order;
}

int FindReviewedPlan(const SafeguardingRecords& r, const ChildHistory& child,
                     const ReviewConferenceFacts& review) {
  if (!review.plan_source_id.empty()) {
    for (int p : child.plans) {
      if (r.plans[p].source_id == review.plan_source_id) return p;
    }
  }
  int found = -1;
  for (int p : child.plans) {  // by start date, so the last match starts latest
    const PlanFacts& plan = r.plans[p];
    if (plan.start_date <= review.conference_date &&
        (!plan.end_date.has_value() || review.conference_date <= *plan.end_date)) {
      found = p;
    }
  }
  return found;
}

ChildPeriodFacts PeriodFacts(const std::string& child_id, const cv1::Date& start,
                             const cv1::Date& end, const std::string& record_id = "") {
  // Stored records passed validation on ingest, so required dates are present.
  return {child_id, *FromProtoDate(start), FromProtoDate(end), record_id};
}

template <typename RecordProto>
const std::string& RecordId(const RecordProto& record) {
  return record.header().source().id();
}

// Population records, oldest recorded first, so a later estimate for a year replaces an
// earlier one when added to the table.
absl::Status LoadPopulation(const VersionedRecordStore& store, const std::string& authority,
                            std::optional<absl::Time> as_at, PopulationTable& table) {
  SCORECARD_ASSIGN_OR_RETURN(
      std::vector<StoredRecord> stored,
      store.ReadCurrent(authority, cv1::PopulationEstimate::descriptor()->full_name(), as_at));
  std::stable_sort(stored.begin(), stored.end(), [](const StoredRecord& a, const StoredRecord& b) {
    return a.recorded_at < b.recorded_at;
  });
  for (const StoredRecord& s : stored) {
    cv1::PopulationEstimate estimate;
    if (!estimate.ParseFromString(s.payload)) {
      return absl::DataLossError(absl::StrCat("stored population ", s.key.source_system, "/",
                                              s.key.source_id, " does not parse"));
    }
    table.Add(estimate.year(), estimate.population_0_17());
  }
  return absl::OkStatus();
}

bool HasFactor(const AssessmentFacts& a, absl::string_view code) {
  return std::find(a.factors.begin(), a.factors.end(), code) != a.factors.end();
}

// True when one of the child's authorised assessments satisfies `records`.
template <typename Pred>
bool AnyAuthorised(const SafeguardingRecords& r, const ChildHistory& child, Pred records) {
  for (int i : child.authorised_assessments) {
    if (records(r.assessments[i])) return true;
  }
  return false;
}

}  // namespace

DayNumber ToDayNumber(Date d) { return static_cast<DayNumber>(d - Date(1970, 1, 1)); }

DaySpan ToDaySpan(Date start, std::optional<Date> end) {
  return DaySpan{ToDayNumber(start), end.has_value() ? ToDayNumber(*end) : DaySpan::kOpen};
}

bool RecordsCseFactor(const AssessmentFacts& a) { return HasFactor(a, kCseFactor); }
bool RecordsMissingFactor(const AssessmentFacts& a) { return HasFactor(a, kMissingFactor); }
bool RecordsPrivateFosteringFactor(const AssessmentFacts& a) {
  for (absl::string_view code : kPrivateFosteringFactors) {
    if (HasFactor(a, code)) return true;
  }
  return false;
}

SafeguardingData IndexSafeguardingRecords(SafeguardingRecords records) {
  SafeguardingData data;
  data.records = std::move(records);
  SafeguardingRecords& r = data.records;

  ChildRanks ranks;
  const auto add_all = [&ranks](const auto& facts) {
    for (const auto& f : facts) ranks.Add(f.child_id);
  };
  add_all(r.referrals);
  add_all(r.assessments);
  add_all(r.plans);
  add_all(r.visits);
  add_all(r.core_groups);
  add_all(r.cin_episodes);
  add_all(r.private_fostering);
  add_all(r.missing_episodes);
  add_all(r.cse_risks);
  const std::vector<std::string> ids = ranks.Number();
  const int n = static_cast<int>(ids.size());
  data.children.resize(n);
  for (int i = 0; i < n; ++i) data.children[i].child_id = ids[i];

  const auto set = [&data](RecordRange ChildHistory::*field,
                           const std::vector<RecordRange>& ranges) {
    for (size_t i = 0; i < ranges.size(); ++i) data.children[i].*field = ranges[i];
  };
  set(&ChildHistory::referrals,
      SortByChild(r.referrals, ranks, n,
                  DayKey([](const ReferralFacts& f) { return f.referral_date; })));
  // Open assessments first, then authorised ones by authorisation date: the authorised
  // ones are the tail of each child's range.
  const std::vector<RecordRange> assessments =
      SortByChild(r.assessments, ranks, n, [](const AssessmentFacts& a) {
        return a.authorisation_date.has_value() ? ToDayNumber(*a.authorisation_date)
                                                : std::numeric_limits<int64_t>::min();
      });
  for (int c = 0; c < n; ++c) {
    RecordRange authorised = assessments[c];
    while (!authorised.empty() && !r.assessments[authorised.from].authorisation_date.has_value()) {
      ++authorised.from;
    }
    data.children[c].authorised_assessments = authorised;
  }
  set(&ChildHistory::plans,
      SortByChild(r.plans, ranks, n, DayKey([](const PlanFacts& f) { return f.start_date; })));
  set(&ChildHistory::visits,
      SortByChild(r.visits, ranks, n, DayKey([](const VisitFacts& f) { return f.visit_date; })));
  set(&ChildHistory::core_groups,
      SortByChild(r.core_groups, ranks, n,
                  DayKey([](const CoreGroupFacts& f) { return f.meeting_date; })));
  set(&ChildHistory::cin_episodes,
      SortByChild(r.cin_episodes, ranks, n,
                  DayKey([](const CinEpisodeFacts& f) { return f.start_date; })));
  const auto by_start = DayKey([](const ChildPeriodFacts& f) { return f.start_date; });
  set(&ChildHistory::private_fostering, SortByChild(r.private_fostering, ranks, n, by_start));
  set(&ChildHistory::missing_episodes, SortByChild(r.missing_episodes, ranks, n, by_start));
  set(&ChildHistory::cse_risks, SortByChild(r.cse_risks, ranks, n, by_start));

  for (int i = 0; i < n; ++i) {
    const ChildHistory& c = data.children[i];
    if (!c.plans.empty()) data.children_with_plans.push_back(i);
    if (!c.private_fostering.empty() || AnyAuthorised(r, c, RecordsPrivateFosteringFactor)) {
      data.children_with_private_fostering.push_back(i);
    }
    if (!c.missing_episodes.empty() || AnyAuthorised(r, c, RecordsMissingFactor)) {
      data.children_with_missing.push_back(i);
    }
    if (!c.cse_risks.empty() || AnyAuthorised(r, c, RecordsCseFactor)) {
      data.children_with_cse.push_back(i);
    }
  }

  // Reviews link to plans; review conferences alone make no child history.
  absl::flat_hash_map<std::string, int> child_index;
  child_index.reserve(n);
  for (int i = 0; i < n; ++i) child_index[ids[i]] = i;
  data.review_plan.assign(r.review_conferences.size(), -1);
  std::vector<std::pair<int, Date>> linked;  // (plan, conference date)
  for (size_t i = 0; i < r.review_conferences.size(); ++i) {
    const ReviewConferenceFacts& review = r.review_conferences[i];
    auto it = child_index.find(review.child_id);
    if (it == child_index.end()) continue;
    const int plan = FindReviewedPlan(r, data.children[it->second], review);
    data.review_plan[i] = plan;
    if (plan >= 0) linked.emplace_back(plan, review.conference_date);
  }
  std::sort(linked.begin(), linked.end());
  data.plan_reviews.assign(r.plans.size(), RecordRange());
  data.review_dates.reserve(linked.size());
  for (const auto& [plan, date] : linked) {
    RecordRange& range = data.plan_reviews[plan];
    if (range.empty()) range.from = static_cast<int>(data.review_dates.size());
    data.review_dates.push_back(date);
    range.to = static_cast<int>(data.review_dates.size());
  }

  data.plan_days.reserve(r.plans.size());
  for (const PlanFacts& p : r.plans) data.plan_days.push_back(ToDaySpan(p.start_date, p.end_date));
  data.cin_episode_days.reserve(r.cin_episodes.size());
  for (const CinEpisodeFacts& e : r.cin_episodes) {
    data.cin_episode_days.push_back(ToDaySpan(e.start_date, e.end_date));
  }
  data.assessment_days.reserve(r.assessments.size());
  for (const AssessmentFacts& a : r.assessments) {
    data.assessment_days.push_back(ToDaySpan(a.start_date, a.authorisation_date));
  }

  for (int c = 0; c < n; ++c) {
    for (int i : data.children[c].cin_episodes) {
      data.case_spans_by_end.push_back({data.cin_episode_days[i], c});
    }
    for (int i : data.children[c].plans) data.case_spans_by_end.push_back({data.plan_days[i], c});
  }
  std::stable_sort(data.case_spans_by_end.begin(), data.case_spans_by_end.end(),
                   [](const CaseSpan& a, const CaseSpan& b) { return a.days.end < b.days.end; });

  std::stable_sort(r.lado_referrals.begin(), r.lado_referrals.end(),
                   [](const LadoReferralFacts& a, const LadoReferralFacts& b) {
                     return a.referral_date < b.referral_date;
                   });
  DateOrders& by = data.by_date;
  by.contacts_by_contact_date =
      OrderDayKey(r.contacts, [](const ContactFacts& f) { return f.contact_date; });
  by.contacts_by_decision_date =
      OrderDayKey(r.contacts, [](const ContactFacts& f) { return f.decision_date; });
  by.referrals_by_referral_date =
      OrderDayKey(r.referrals, [](const ReferralFacts& f) { return f.referral_date; });
  by.assessments_by_authorisation_date =
      OrderDayKey(r.assessments, [](const AssessmentFacts& f) { return f.authorisation_date; });
  by.section47s_by_strategy_discussion_date =
      OrderDayKey(r.section47s, [](const Section47Facts& f) { return f.strategy_discussion_date; });
  by.section47s_by_icpc_date =
      OrderDayKey(r.section47s, [](const Section47Facts& f) { return f.icpc_date; });
  by.plans_by_end_date = OrderDayKey(r.plans, [](const PlanFacts& f) { return f.end_date; });
  by.review_conferences_by_date = OrderDayKey(
      r.review_conferences, [](const ReviewConferenceFacts& f) { return f.conference_date; });
  return data;
}

absl::StatusOr<SafeguardingData> LoadSafeguardingData(const VersionedRecordStore& store,
                                                      const std::string& authority,
                                                      std::optional<absl::Time> as_at) {
  SafeguardingRecords records;
  // Stored records passed validation on ingest, so their required dates are present.
  SCORECARD_ASSIGN_OR_RETURN(std::vector<v1::Contact> contacts,
                             LoadCurrent<v1::Contact>(store, authority, as_at));
  records.contacts.reserve(contacts.size());
  for (const v1::Contact& c : contacts) {
    records.contacts.push_back({c.child_id(), *FromProtoDate(c.contact_date()), c.source_agency(),
                                FromProtoDate(c.decision_date()), RecordId(c)});
  }
  SCORECARD_ASSIGN_OR_RETURN(std::vector<v1::Referral> referrals,
                             LoadCurrent<v1::Referral>(store, authority, as_at));
  records.referrals.reserve(referrals.size());
  for (const v1::Referral& r : referrals) {
    records.referrals.push_back({r.child_id(), *FromProtoDate(r.referral_date()),
                                 r.no_further_action(), FromProtoDate(r.decision_date()),
                                 r.team(), RecordId(r)});
  }
  SCORECARD_ASSIGN_OR_RETURN(std::vector<v1::Assessment> assessments,
                             LoadCurrent<v1::Assessment>(store, authority, as_at));
  records.assessments.reserve(assessments.size());
  for (const v1::Assessment& a : assessments) {
    records.assessments.push_back(
        {a.child_id(), FromProtoDate(a.referral_date()), *FromProtoDate(a.start_date()),
         FromProtoDate(a.authorisation_date()),
         std::vector<std::string>(a.factors().begin(), a.factors().end()), a.team(),
         RecordId(a)});
  }
  SCORECARD_ASSIGN_OR_RETURN(std::vector<v1::Section47Enquiry> enquiries,
                             LoadCurrent<v1::Section47Enquiry>(store, authority, as_at));
  records.section47s.reserve(enquiries.size());
  for (const v1::Section47Enquiry& s : enquiries) {
    records.section47s.push_back({s.child_id(), *FromProtoDate(s.strategy_discussion_date()),
                                  FromProtoDate(s.icpc_date()), s.icpc_not_required(),
                                  FromProtoDate(s.icpc_report_shared_date()), s.team(),
                                  RecordId(s)});
  }
  SCORECARD_ASSIGN_OR_RETURN(std::vector<v1::ChildProtectionPlan> plans,
                             LoadCurrent<v1::ChildProtectionPlan>(store, authority, as_at));
  records.plans.reserve(plans.size());
  for (const v1::ChildProtectionPlan& p : plans) {
    records.plans.push_back({p.child_id(), RecordId(p), *FromProtoDate(p.start_date()),
                             FromProtoDate(p.end_date()), p.team(), p.previous_plans()});
  }
  SCORECARD_ASSIGN_OR_RETURN(std::vector<v1::ReviewConference> reviews,
                             LoadCurrent<v1::ReviewConference>(store, authority, as_at));
  records.review_conferences.reserve(reviews.size());
  for (const v1::ReviewConference& r : reviews) {
    records.review_conferences.push_back({r.child_id(), r.plan_source_id(),
                                          *FromProtoDate(r.conference_date()),
                                          FromProtoDate(r.report_shared_date()), RecordId(r)});
  }
  SCORECARD_ASSIGN_OR_RETURN(std::vector<v1::ChildProtectionVisit> visits,
                             LoadCurrent<v1::ChildProtectionVisit>(store, authority, as_at));
  records.visits.reserve(visits.size());
  for (const v1::ChildProtectionVisit& v : visits) {
    records.visits.push_back({v.child_id(), *FromProtoDate(v.visit_date()), v.seen()});
  }
  SCORECARD_ASSIGN_OR_RETURN(std::vector<v1::CoreGroupMeeting> core_groups,
                             LoadCurrent<v1::CoreGroupMeeting>(store, authority, as_at));
  records.core_groups.reserve(core_groups.size());
  for (const v1::CoreGroupMeeting& c : core_groups) {
    records.core_groups.push_back({c.child_id(), *FromProtoDate(c.meeting_date())});
  }
  SCORECARD_ASSIGN_OR_RETURN(std::vector<v1::CinEpisode> episodes,
                             LoadCurrent<v1::CinEpisode>(store, authority, as_at));
  records.cin_episodes.reserve(episodes.size());
  for (const v1::CinEpisode& e : episodes) {
    CinEpisodeFacts facts{e.child_id(),
                          *FromProtoDate(e.start_date()),
                          FromProtoDate(e.end_date()),
                          e.early_intervention(),
                          e.team(),
                          {},
                          RecordId(e)};
    for (const v1::LookedAfterPeriod& p : e.looked_after_periods()) {
      facts.looked_after.push_back(PeriodFacts(e.child_id(), p.start_date(), p.end_date()));
    }
    records.cin_episodes.push_back(std::move(facts));
  }
  SCORECARD_ASSIGN_OR_RETURN(std::vector<v1::LadoReferral> lado,
                             LoadCurrent<v1::LadoReferral>(store, authority, as_at));
  records.lado_referrals.reserve(lado.size());
  for (const v1::LadoReferral& l : lado) {
    records.lado_referrals.push_back({RecordId(l), *FromProtoDate(l.referral_date())});
  }
  SCORECARD_ASSIGN_OR_RETURN(std::vector<v1::PrivateFosteringArrangement> fostering,
                             LoadCurrent<v1::PrivateFosteringArrangement>(store, authority, as_at));
  for (const v1::PrivateFosteringArrangement& f : fostering) {
    records.private_fostering.push_back(
        PeriodFacts(f.child_id(), f.start_date(), f.end_date(), RecordId(f)));
  }
  SCORECARD_ASSIGN_OR_RETURN(std::vector<v1::MissingEpisode> missing,
                             LoadCurrent<v1::MissingEpisode>(store, authority, as_at));
  for (const v1::MissingEpisode& m : missing) {
    records.missing_episodes.push_back(
        PeriodFacts(m.child_id(), m.start_date(), m.end_date(), RecordId(m)));
  }
  SCORECARD_ASSIGN_OR_RETURN(std::vector<v1::CseRiskFlag> cse,
                             LoadCurrent<v1::CseRiskFlag>(store, authority, as_at));
  for (const v1::CseRiskFlag& c : cse) {
    records.cse_risks.push_back(
        PeriodFacts(c.child_id(), c.start_date(), c.end_date(), RecordId(c)));
  }
  SCORECARD_RETURN_IF_ERROR(LoadPopulation(store, authority, as_at, records.population));
  // Ingest allows one settings record per authority (a fixed source key), so there is at
  // most one current version.
  SCORECARD_ASSIGN_OR_RETURN(std::vector<v1::SafeguardingSettings> settings,
                             LoadCurrent<v1::SafeguardingSettings>(store, authority, as_at));
  if (!settings.empty()) records.settings = SettingsFromProto(settings.back());
  return IndexSafeguardingRecords(std::move(records));
}

}  // namespace scorecard::safeguarding
