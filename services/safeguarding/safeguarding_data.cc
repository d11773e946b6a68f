#include "services/safeguarding/safeguarding_data.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "common/concurrency/run_concurrently.h"
#include "common/records/proto_date.h"
#include "common/records/record_io.h"
#include "common/status/status_macros.h"
#include "scorecard/safeguarding/v1/safeguarding_service.pb.h"

namespace scorecard::safeguarding {
namespace {

namespace cv1 = ::scorecard::common::v1;

// A record's day, or kNoDay when it has none (an open assessment, an undecided contact).
constexpr DayNumber kNoDay = std::numeric_limits<DayNumber>::min();

// The children of the child-level records, numbered once so that grouping and sorting
// compare integers, never strings. Numbers are handed out in order of first sight, then
// renumbered in id order by SortIds.
class ChildNumbering {
 public:
  // Each record's child number, parallel to `facts`.
  template <typename Facts>
  std::vector<int> Add(const std::vector<Facts>& facts) {
    std::vector<int> numbers;
    numbers.reserve(facts.size());
    for (const Facts& f : facts) {
      const auto [it, added] = number_.try_emplace(f.child_id, static_cast<int>(ids_.size()));
      if (added) ids_.push_back(it->first);
      numbers.push_back(it->second);
    }
    return numbers;
  }
  // The number Add gave `child_id`, or -1 when no record added it.
  int Find(absl::string_view child_id) const {
    const auto it = number_.find(child_id);
    return it == number_.end() ? -1 : it->second;
  }
  // The ids in ascending order, copied out; `id_order` maps a first-sight number to its
  // position among them. Call before the records the ids were seen in move.
  std::vector<std::string> SortIds(std::vector<int>& id_order) const {
    // Compared by their first eight bytes as one integer, whole only when those tie.
    std::vector<std::pair<uint64_t, int>> by_id;
    by_id.reserve(ids_.size());
    for (size_t i = 0; i < ids_.size(); ++i) {
      by_id.emplace_back(Prefix(ids_[i]), static_cast<int>(i));
    }
    std::sort(by_id.begin(), by_id.end(), [this](const auto& a, const auto& b) {
      if (a.first != b.first) return a.first < b.first;
      return ids_[a.second] < ids_[b.second];
    });
    id_order.assign(ids_.size(), 0);
    std::vector<std::string> sorted;
    sorted.reserve(ids_.size());
    for (size_t rank = 0; rank < by_id.size(); ++rank) {
      id_order[by_id[rank].second] = static_cast<int>(rank);
      sorted.emplace_back(ids_[by_id[rank].second]);
    }
    return sorted;
  }

 private:
  // The id's first eight bytes, big-endian, zero-padded: ordered as the ids are, except
  // that ids equal in them (one a prefix of the other, or longer ones) compare whole.
  static uint64_t Prefix(absl::string_view id) {
    uint64_t prefix = 0;
    for (size_t i = 0; i < 8; ++i) {
      prefix = (prefix << 8) | (i < id.size() ? static_cast<unsigned char>(id[i]) : 0u);
    }
    return prefix;
  }

  // Views of the records' ids: valid only while those records stay where they are.
  absl::flat_hash_map<absl::string_view, int> number_;
  std::vector<absl::string_view> ids_;
};

// Replaces first-sight numbers (-1 for none stays -1) by positions in id order.
void Renumber(const std::vector<int>& id_order, std::vector<int>& numbers) {
  for (int& n : numbers) {
    if (n >= 0) n = id_order[n];
  }
}

// Sorts `facts` by child number (`child_of`, parallel to facts), then by `key_of` (an
// integer, e.g. a day number) within a child, ties keeping their order; returns each
// child's range. A counting sort by child: only a child's few records are compared.
template <typename Facts, typename KeyOf>
std::vector<RecordRange> SortByChild(std::vector<Facts>& facts, const std::vector<int>& child_of,
                                     int num_children, KeyOf key_of) {
  const int n = static_cast<int>(facts.size());
  std::vector<RecordRange> ranges(num_children);
  for (int c : child_of) ++ranges[c].to;  // counts first
  int start = 0;
  for (RecordRange& range : ranges) {
    const int count = range.to;
    range.from = range.to = start;
    start += count;
  }
  std::vector<int> order(n);
  for (int i = 0; i < n; ++i) order[ranges[child_of[i]].to++] = i;
  std::vector<int64_t> keys;
  keys.reserve(n);
  for (const Facts& f : facts) keys.push_back(key_of(f));
  for (const RecordRange& range : ranges) {
    if (range.size() < 2) continue;
    std::sort(order.begin() + range.from, order.begin() + range.to,
              [&keys](int a, int b) { return keys[a] < keys[b] || (keys[a] == keys[b] && a < b); });
  }
  std::vector<Facts> sorted;
  sorted.reserve(n);
  for (int i : order) sorted.push_back(std::move(facts[i]));
  facts = std::move(sorted);
  return ranges;
}

// The sort key of the date `date_of` takes from a record.
template <typename DateOf>
auto DayKey(DateOf date_of) {
  return [date_of](const auto& facts) { return ToDayNumber(date_of(facts)); };
}

// The day `date_of` gives each record (a Date, or an optional one: kNoDay when absent).
template <typename Facts, typename DateOf>
std::vector<DayNumber> DaysOf(const std::vector<Facts>& facts, DateOf date_of) {
  std::vector<DayNumber> days;
  days.reserve(facts.size());
  for (const Facts& f : facts) {
    const std::optional<Date> day = date_of(f);
    days.push_back(day.has_value() ? ToDayNumber(*day) : kNoDay);
  }
  return days;
}

// The indexes of the days that are not kNoDay, in day order, ties in index order. Record
// dates fall within a few decades, so this is a counting sort over their span; a span far
// wider than the record count (a stray date) falls back to a comparison sort.
std::vector<int> OrderByDay(const std::vector<DayNumber>& days) {
  DayNumber lowest = std::numeric_limits<DayNumber>::max();
  DayNumber highest = std::numeric_limits<DayNumber>::min();
  int present = 0;
  for (DayNumber d : days) {
    if (d == kNoDay) continue;
    lowest = std::min(lowest, d);
    highest = std::max(highest, d);
    ++present;
  }
  std::vector<int> order;
  if (present == 0) return order;
  const int n = static_cast<int>(days.size());
  const int64_t span = static_cast<int64_t>(highest) - lowest + 1;
  if (span > 4 * static_cast<int64_t>(n) + 4096) {
    order.reserve(present);
    for (int i = 0; i < n; ++i) {
      if (days[i] != kNoDay) order.push_back(i);
    }
    std::stable_sort(order.begin(), order.end(),
                     [&days](int a, int b) { return days[a] < days[b]; });
    return order;
  }
  std::vector<int> next(static_cast<size_t>(span) + 1, 0);  // counts, then positions
  for (DayNumber d : days) {
    if (d != kNoDay) ++next[d - lowest + 1];
  }
  for (size_t i = 1; i < next.size(); ++i) next[i] += next[i - 1];
  order.resize(present);
  for (int i = 0; i < n; ++i) {
    if (days[i] != kNoDay) order[next[days[i] - lowest]++] = i;
  }
  return order;
}

// The indexes of the records that have the date `date_of` gives (a Date, or an optional
// one), in date order; records of one day keep their order.
template <typename Facts, typename DateOf>
std::vector<int> OrderDayKey(const std::vector<Facts>& facts, DateOf date_of) {
  return OrderByDay(DaysOf(facts, date_of));
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

ChildPeriodFacts PeriodFacts(std::string child_id, const cv1::Date& start, const cv1::Date& end,
                             std::string record_id = "") {
  // Stored records passed validation on ingest, so required dates are present.
  return {std::move(child_id), *FromProtoDate(start), FromProtoDate(end), std::move(record_id)};
}

// A record kind, for LoadSafeguardingData's loader to name.
template <typename RecordProto>
struct Kind {
  using type = RecordProto;
};

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

  // Number every child while the records are still where the numbering's views point.
  ChildNumbering numbering;
  std::vector<int> referral_child = numbering.Add(r.referrals);
  std::vector<int> assessment_child = numbering.Add(r.assessments);
  std::vector<int> plan_child = numbering.Add(r.plans);
  std::vector<int> visit_child = numbering.Add(r.visits);
  std::vector<int> core_group_child = numbering.Add(r.core_groups);
  std::vector<int> cin_episode_child = numbering.Add(r.cin_episodes);
  std::vector<int> private_fostering_child = numbering.Add(r.private_fostering);
  std::vector<int> missing_child = numbering.Add(r.missing_episodes);
  std::vector<int> cse_child = numbering.Add(r.cse_risks);
  // Review conferences alone make no child history.
  std::vector<int> review_child;
  review_child.reserve(r.review_conferences.size());
  for (const ReviewConferenceFacts& review : r.review_conferences) {
    review_child.push_back(numbering.Find(review.child_id));
  }
  std::vector<int> id_order;
  std::vector<std::string> ids = numbering.SortIds(id_order);
  for (std::vector<int>* numbers :
       {&referral_child, &assessment_child, &plan_child, &visit_child, &core_group_child,
        &cin_episode_child, &private_fostering_child, &missing_child, &cse_child, &review_child}) {
    Renumber(id_order, *numbers);
  }
  const int n = static_cast<int>(ids.size());
  data.children.resize(n);
  for (int i = 0; i < n; ++i) data.children[i].child_id = std::move(ids[i]);

  const auto set = [&data](RecordRange ChildHistory::*field,
                           const std::vector<RecordRange>& ranges) {
    for (size_t i = 0; i < ranges.size(); ++i) data.children[i].*field = ranges[i];
  };
  set(&ChildHistory::referrals,
      SortByChild(r.referrals, referral_child, n,
                  DayKey([](const ReferralFacts& f) { return f.referral_date; })));
  // Open assessments first, then authorised ones by authorisation date: the authorised
  // ones are the tail of each child's range.
  const std::vector<RecordRange> assessments =
      SortByChild(r.assessments, assessment_child, n, [](const AssessmentFacts& a) {
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
  set(&ChildHistory::plans, SortByChild(r.plans, plan_child, n,
                                        DayKey([](const PlanFacts& f) { return f.start_date; })));
  set(&ChildHistory::visits,
      SortByChild(r.visits, visit_child, n,
                  DayKey([](const VisitFacts& f) { return f.visit_date; })));
  set(&ChildHistory::core_groups,
      SortByChild(r.core_groups, core_group_child, n,
                  DayKey([](const CoreGroupFacts& f) { return f.meeting_date; })));
  set(&ChildHistory::cin_episodes,
      SortByChild(r.cin_episodes, cin_episode_child, n,
                  DayKey([](const CinEpisodeFacts& f) { return f.start_date; })));
  const auto by_start = DayKey([](const ChildPeriodFacts& f) { return f.start_date; });
  set(&ChildHistory::private_fostering,
      SortByChild(r.private_fostering, private_fostering_child, n, by_start));
  set(&ChildHistory::missing_episodes,
      SortByChild(r.missing_episodes, missing_child, n, by_start));
  set(&ChildHistory::cse_risks, SortByChild(r.cse_risks, cse_child, n, by_start));

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

  data.review_plan.assign(r.review_conferences.size(), -1);
  std::vector<std::pair<int, Date>> linked;  // (plan, conference date)
  linked.reserve(r.review_conferences.size());
  for (size_t i = 0; i < r.review_conferences.size(); ++i) {
    if (review_child[i] < 0) continue;
    const ReviewConferenceFacts& review = r.review_conferences[i];
    const int plan = FindReviewedPlan(r, data.children[review_child[i]], review);
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

  // Case spans by end day, open ones last, each in child order (episodes before plans).
  std::vector<CaseSpan> spans;
  spans.reserve(r.cin_episodes.size() + r.plans.size());
  for (int c = 0; c < n; ++c) {
    for (int i : data.children[c].cin_episodes) spans.push_back({data.cin_episode_days[i], c});
    for (int i : data.children[c].plans) spans.push_back({data.plan_days[i], c});
  }
  std::vector<DayNumber> closed_ends;
  closed_ends.reserve(spans.size());
  for (const CaseSpan& span : spans) {
    closed_ends.push_back(span.days.end == DaySpan::kOpen ? kNoDay : span.days.end);
  }
  data.case_spans_by_end.reserve(spans.size());
  for (int i : OrderByDay(closed_ends)) data.case_spans_by_end.push_back(spans[i]);
  for (const CaseSpan& span : spans) {
    if (span.days.end == DaySpan::kOpen) data.case_spans_by_end.push_back(span);
  }

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
  // Stored records passed validation on ingest, so their required dates are present. The
  // decoded protos are shared with the store's decoded-record cache, so facts copy from them.
  const auto load = [&](auto kind, auto& out, auto decode) -> absl::Status {
    using RecordProto = typename decltype(kind)::type;
    SCORECARD_ASSIGN_OR_RETURN(RecordList<RecordProto> protos,
                               LoadCurrent<RecordProto>(store, authority, as_at));
    out.reserve(protos.size());
    for (const RecordProto& proto : protos) out.push_back(decode(proto));
    return absl::OkStatus();
  };
  // Each kind decodes into its own vector: independent tasks, run two at a time so that a
  // core other services leave idle shortens the load (LoadCurrent is thread-safe).
  std::vector<std::function<absl::Status()>> tasks;
  tasks.push_back([&] {
    return load(Kind<v1::Contact>(), records.contacts, [](const v1::Contact& c) {
      return ContactFacts{c.child_id(), *FromProtoDate(c.contact_date()), c.source_agency(),
                          FromProtoDate(c.decision_date()), RecordId(c)};
    });
  });
  tasks.push_back([&] {
    return load(Kind<v1::Referral>(), records.referrals, [](const v1::Referral& r) {
      return ReferralFacts{r.child_id(),
                           *FromProtoDate(r.referral_date()),
                           r.no_further_action(),
                           FromProtoDate(r.decision_date()),
                           r.team(),
                           RecordId(r)};
    });
  });
  tasks.push_back([&] {
    return load(Kind<v1::Assessment>(), records.assessments, [](const v1::Assessment& a) {
      std::vector<std::string> factors;
      factors.reserve(a.factors_size());
      for (const std::string& factor : a.factors()) factors.push_back(factor);
      return AssessmentFacts{a.child_id(),
                             FromProtoDate(a.referral_date()),
                             *FromProtoDate(a.start_date()),
                             FromProtoDate(a.authorisation_date()),
                             std::move(factors),
                             a.team(),
                             RecordId(a)};
    });
  });
  tasks.push_back([&] {
    return load(Kind<v1::Section47Enquiry>(), records.section47s,
                [](const v1::Section47Enquiry& s) {
                  return Section47Facts{s.child_id(),
                                        *FromProtoDate(s.strategy_discussion_date()),
                                        FromProtoDate(s.icpc_date()),
                                        s.icpc_not_required(),
                                        FromProtoDate(s.icpc_report_shared_date()),
                                        s.team(),
                                        RecordId(s)};
                });
  });
  tasks.push_back([&] {
    return load(Kind<v1::ChildProtectionPlan>(), records.plans,
                [](const v1::ChildProtectionPlan& p) {
                  return PlanFacts{p.child_id(),
                                   RecordId(p),
                                   *FromProtoDate(p.start_date()),
                                   FromProtoDate(p.end_date()),
                                   p.team(),
                                   p.previous_plans()};
                });
  });
  tasks.push_back([&] {
    return load(Kind<v1::ReviewConference>(), records.review_conferences,
                [](const v1::ReviewConference& r) {
                  return ReviewConferenceFacts{r.child_id(), r.plan_source_id(),
                                               *FromProtoDate(r.conference_date()),
                                               FromProtoDate(r.report_shared_date()), RecordId(r)};
                });
  });
  tasks.push_back([&] {
    return load(Kind<v1::ChildProtectionVisit>(), records.visits,
                [](const v1::ChildProtectionVisit& v) {
                  return VisitFacts{v.child_id(), *FromProtoDate(v.visit_date()), v.seen()};
                });
  });
  tasks.push_back([&] {
    return load(Kind<v1::CoreGroupMeeting>(), records.core_groups,
                [](const v1::CoreGroupMeeting& c) {
                  return CoreGroupFacts{c.child_id(), *FromProtoDate(c.meeting_date())};
                });
  });
  tasks.push_back([&] {
    return load(Kind<v1::CinEpisode>(), records.cin_episodes, [](const v1::CinEpisode& e) {
      CinEpisodeFacts facts{e.child_id(),
                            *FromProtoDate(e.start_date()),
                            FromProtoDate(e.end_date()),
                            e.early_intervention(),
                            e.team(),
                            {},
                            RecordId(e)};
      facts.looked_after.reserve(e.looked_after_periods_size());
      for (const v1::LookedAfterPeriod& p : e.looked_after_periods()) {
        facts.looked_after.push_back(PeriodFacts(facts.child_id, p.start_date(), p.end_date()));
      }
      return facts;
    });
  });
  tasks.push_back([&] {
    return load(Kind<v1::LadoReferral>(), records.lado_referrals, [](const v1::LadoReferral& l) {
      return LadoReferralFacts{RecordId(l), *FromProtoDate(l.referral_date())};
    });
  });
  tasks.push_back([&] {
    return load(Kind<v1::PrivateFosteringArrangement>(), records.private_fostering,
                [](const v1::PrivateFosteringArrangement& f) {
                  return PeriodFacts(f.child_id(), f.start_date(), f.end_date(), RecordId(f));
                });
  });
  tasks.push_back([&] {
    return load(Kind<v1::MissingEpisode>(), records.missing_episodes,
                [](const v1::MissingEpisode& m) {
                  return PeriodFacts(m.child_id(), m.start_date(), m.end_date(), RecordId(m));
                });
  });
  tasks.push_back([&] {
    return load(Kind<v1::CseRiskFlag>(), records.cse_risks, [](const v1::CseRiskFlag& c) {
      return PeriodFacts(c.child_id(), c.start_date(), c.end_date(), RecordId(c));
    });
  });
  tasks.push_back([&] { return LoadPopulation(store, authority, as_at, records.population); });
  SCORECARD_RETURN_IF_ERROR(RunConcurrently(tasks, /*extra_threads=*/1));
  // Ingest allows one settings record per authority (a fixed source key), so there is at
  // most one current version.
  SCORECARD_ASSIGN_OR_RETURN(RecordList<v1::SafeguardingSettings> settings,
                             LoadCurrent<v1::SafeguardingSettings>(store, authority, as_at));
  if (!settings.empty()) records.settings = SettingsFromProto(settings.back());
  auto r = IndexSafeguardingRecords(std::move(records));
  return r;
}

}  // namespace scorecard::safeguarding
