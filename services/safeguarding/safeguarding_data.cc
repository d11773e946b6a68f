#include "services/safeguarding/safeguarding_data.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <iterator>
#include <limits>
#include <memory>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

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

// The children of one kind's records, numbered once so that grouping and sorting compare
// integers, never strings. Numbers are handed out in order of first sight; IdOrder maps them
// to positions in id order.
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
  int size() const { return static_cast<int>(ids_.size()); }
  // For each first-sight number, its position among the ids in ascending order. Call before
  // the records the ids were seen in move.
  std::vector<int> IdOrder() const {
    std::vector<std::pair<ChildKey, int>> by_id;
    by_id.reserve(ids_.size());
    for (size_t i = 0; i < ids_.size(); ++i) {
      by_id.emplace_back(ChildKey(ids_[i]), static_cast<int>(i));
    }
    std::sort(by_id.begin(), by_id.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<int> id_order(ids_.size());
    for (size_t rank = 0; rank < by_id.size(); ++rank) {
      id_order[by_id[rank].second] = static_cast<int>(rank);
    }
    return id_order;
  }

 private:
  // Views of the records' ids: valid only while those records stay where they are.
  absl::flat_hash_map<absl::string_view, int> number_;
  std::vector<absl::string_view> ids_;
};

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

// Sorts a child-level kind's facts by child id, then `key_of` within a child (ties keep
// their order); returns each child's key and range, in child id order. The keys view
// `facts`, which must then move (not copy) into the dataset.
template <typename Facts, typename KeyOf>
std::vector<KindChild> GroupByChild(std::vector<Facts>& facts, KeyOf key_of) {
  ChildNumbering numbering;
  std::vector<int> child_of = numbering.Add(facts);
  const std::vector<int> id_order = numbering.IdOrder();
  for (int& c : child_of) c = id_order[c];
  const std::vector<RecordRange> ranges = SortByChild(facts, child_of, numbering.size(), key_of);
  std::vector<KindChild> children;
  children.reserve(ranges.size());
  for (const RecordRange& range : ranges) {
    children.push_back({ChildKey(facts[range.from].child_id), range});
  }
  return children;
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

int FindReviewedPlan(const SafeguardingFacts& r, const ChildHistory& child,
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

// The VolumeFactorBits that the child's authorised assessments record.
uint8_t AuthorisedFactors(const SafeguardingData& data, const ChildHistory& child) {
  uint8_t bits = 0;
  for (int i : child.authorised_assessments) bits |= data.assessment_factors[i];
  return bits;
}

// Sorts a child-level kind's facts by child, then by the date `date_of` gives, into `out`,
// with each child's range into `children`.
template <typename Facts, typename DateOf>
void IndexByChild(std::vector<Facts> facts, DateOf date_of, SharedVector<Facts>& out,
                  SharedVector<KindChild>& children) {
  children = GroupByChild(facts, DayKey(date_of));
  out = std::move(facts);
}

template <typename Facts, typename SpanOf>
std::vector<DaySpan> DaySpans(const std::vector<Facts>& facts, SpanOf span_of) {
  std::vector<DaySpan> spans;
  spans.reserve(facts.size());
  for (const Facts& f : facts) spans.push_back(span_of(f));
  return spans;
}

// A record kind, named by its record type.
template <typename RecordProto>
struct Kind {
  using type = RecordProto;
};

// How one record kind becomes part of a dataset, from its records alone:
//   Decode: a record's facts (stored records passed validation on ingest, so their
//     required dates are present);
//   Build: sorts the kind's facts and fills the dataset fields made from them alone;
//   Fields: those fields, exactly what Build fills, which a load copies from the previous
//     dataset (sharing their vectors) when the kind's records are unchanged.
// Indexes that read several kinds are CombineKinds' business.
template <typename RecordProto>
struct KindIndex;

template <>
struct KindIndex<v1::Contact> {
  using Facts = ContactFacts;
  static constexpr std::vector<Facts> SafeguardingRecords::*kRecords =
      &SafeguardingRecords::contacts;
  static Facts Decode(const v1::Contact& c) {
    return ContactFacts{c.child_id(), *FromProtoDate(c.contact_date()), c.source_agency(),
                        FromProtoDate(c.decision_date()), RecordId(c)};
  }
  // Contacts keep their order: no child history reads them.
  static void Build(std::vector<Facts> facts, SafeguardingData& data) {
    data.by_date.contacts_by_contact_date =
        OrderDayKey(facts, [](const Facts& f) { return f.contact_date; });
    data.by_date.contacts_by_decision_date =
        OrderDayKey(facts, [](const Facts& f) { return f.decision_date; });
    data.records.contacts = std::move(facts);
  }
  template <typename Data>
  static auto Fields(Data& data) {
    return std::tie(data.records.contacts, data.by_date.contacts_by_contact_date,
                    data.by_date.contacts_by_decision_date);
  }
};

template <>
struct KindIndex<v1::Referral> {
  using Facts = ReferralFacts;
  static constexpr std::vector<Facts> SafeguardingRecords::*kRecords =
      &SafeguardingRecords::referrals;
  static Facts Decode(const v1::Referral& r) {
    return ReferralFacts{r.child_id(),
                         *FromProtoDate(r.referral_date()),
                         r.no_further_action(),
                         FromProtoDate(r.decision_date()),
                         r.team(),
                         RecordId(r)};
  }
  static void Build(std::vector<Facts> facts, SafeguardingData& data) {
    const auto referral_date = [](const Facts& f) { return f.referral_date; };
    data.kind_children.referrals = GroupByChild(facts, DayKey(referral_date));
    data.by_date.referrals_by_referral_date = OrderDayKey(facts, referral_date);
    data.records.referrals = std::move(facts);
  }
  template <typename Data>
  static auto Fields(Data& data) {
    return std::tie(data.records.referrals, data.kind_children.referrals,
                    data.by_date.referrals_by_referral_date);
  }
};

template <>
struct KindIndex<v1::Assessment> {
  using Facts = AssessmentFacts;
  static constexpr std::vector<Facts> SafeguardingRecords::*kRecords =
      &SafeguardingRecords::assessments;
  static Facts Decode(const v1::Assessment& a) {
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
  }
  // Open assessments first, then authorised ones by authorisation date: the authorised ones
  // are the tail of each child's range.
  static void Build(std::vector<Facts> facts, SafeguardingData& data) {
    data.kind_children.assessments = GroupByChild(facts, [](const Facts& a) {
      return a.authorisation_date.has_value() ? ToDayNumber(*a.authorisation_date)
                                              : std::numeric_limits<int64_t>::min();
    });
    data.assessment_days = DaySpans(
        facts, [](const Facts& a) { return ToDaySpan(a.start_date, a.authorisation_date); });
    std::vector<uint8_t> factors;
    factors.reserve(facts.size());
    for (const Facts& a : facts) {
      factors.push_back((RecordsPrivateFosteringFactor(a) ? kPrivateFosteringFactorBit : 0) |
                        (RecordsMissingFactor(a) ? kMissingFactorBit : 0) |
                        (RecordsCseFactor(a) ? kCseFactorBit : 0));
    }
    data.assessment_factors = std::move(factors);
    data.by_date.assessments_by_authorisation_date =
        OrderDayKey(facts, [](const Facts& f) { return f.authorisation_date; });
    data.records.assessments = std::move(facts);
  }
  template <typename Data>
  static auto Fields(Data& data) {
    return std::tie(data.records.assessments, data.kind_children.assessments, data.assessment_days,
                    data.assessment_factors, data.by_date.assessments_by_authorisation_date);
  }
};

template <>
struct KindIndex<v1::Section47Enquiry> {
  using Facts = Section47Facts;
  static constexpr std::vector<Facts> SafeguardingRecords::*kRecords =
      &SafeguardingRecords::section47s;
  static Facts Decode(const v1::Section47Enquiry& s) {
    return Section47Facts{s.child_id(),
                          *FromProtoDate(s.strategy_discussion_date()),
                          FromProtoDate(s.icpc_date()),
                          s.icpc_not_required(),
                          FromProtoDate(s.icpc_report_shared_date()),
                          s.team(),
                          RecordId(s)};
  }
  // Enquiries keep their order: no child history reads them.
  static void Build(std::vector<Facts> facts, SafeguardingData& data) {
    data.by_date.section47s_by_strategy_discussion_date =
        OrderDayKey(facts, [](const Facts& f) { return f.strategy_discussion_date; });
    data.by_date.section47s_by_icpc_date =
        OrderDayKey(facts, [](const Facts& f) { return f.icpc_date; });
    data.records.section47s = std::move(facts);
  }
  template <typename Data>
  static auto Fields(Data& data) {
    return std::tie(data.records.section47s, data.by_date.section47s_by_strategy_discussion_date,
                    data.by_date.section47s_by_icpc_date);
  }
};

template <>
struct KindIndex<v1::ChildProtectionPlan> {
  using Facts = PlanFacts;
  static constexpr std::vector<Facts> SafeguardingRecords::*kRecords = &SafeguardingRecords::plans;
  static Facts Decode(const v1::ChildProtectionPlan& p) {
    return PlanFacts{p.child_id(),
                     RecordId(p),
                     *FromProtoDate(p.start_date()),
                     FromProtoDate(p.end_date()),
                     p.team(),
                     p.previous_plans()};
  }
  static void Build(std::vector<Facts> facts, SafeguardingData& data) {
    data.kind_children.plans =
        GroupByChild(facts, DayKey([](const Facts& f) { return f.start_date; }));
    data.plan_days =
        DaySpans(facts, [](const Facts& p) { return ToDaySpan(p.start_date, p.end_date); });
    data.by_date.plans_by_end_date = OrderDayKey(facts, [](const Facts& f) { return f.end_date; });
    data.records.plans = std::move(facts);
  }
  template <typename Data>
  static auto Fields(Data& data) {
    return std::tie(data.records.plans, data.kind_children.plans, data.plan_days,
                    data.by_date.plans_by_end_date);
  }
};

template <>
struct KindIndex<v1::ReviewConference> {
  using Facts = ReviewConferenceFacts;
  static constexpr std::vector<Facts> SafeguardingRecords::*kRecords =
      &SafeguardingRecords::review_conferences;
  static Facts Decode(const v1::ReviewConference& r) {
    return ReviewConferenceFacts{r.child_id(), r.plan_source_id(),
                                 *FromProtoDate(r.conference_date()),
                                 FromProtoDate(r.report_shared_date()), RecordId(r)};
  }
  // Review conferences keep their order; CombineKinds links each to its plan.
  static void Build(std::vector<Facts> facts, SafeguardingData& data) {
    data.by_date.review_conferences_by_date =
        OrderDayKey(facts, [](const Facts& f) { return f.conference_date; });
    data.records.review_conferences = std::move(facts);
  }
  template <typename Data>
  static auto Fields(Data& data) {
    return std::tie(data.records.review_conferences, data.by_date.review_conferences_by_date);
  }
};

template <>
struct KindIndex<v1::ChildProtectionVisit> {
  using Facts = VisitFacts;
  static constexpr std::vector<Facts> SafeguardingRecords::*kRecords = &SafeguardingRecords::visits;
  static Facts Decode(const v1::ChildProtectionVisit& v) {
    return VisitFacts{v.child_id(), *FromProtoDate(v.visit_date()), v.seen()};
  }
  static void Build(std::vector<Facts> facts, SafeguardingData& data) {
    IndexByChild(
        std::move(facts), [](const Facts& f) { return f.visit_date; }, data.records.visits,
        data.kind_children.visits);
  }
  template <typename Data>
  static auto Fields(Data& data) {
    return std::tie(data.records.visits, data.kind_children.visits);
  }
};

template <>
struct KindIndex<v1::CoreGroupMeeting> {
  using Facts = CoreGroupFacts;
  static constexpr std::vector<Facts> SafeguardingRecords::*kRecords =
      &SafeguardingRecords::core_groups;
  static Facts Decode(const v1::CoreGroupMeeting& c) {
    return CoreGroupFacts{c.child_id(), *FromProtoDate(c.meeting_date())};
  }
  static void Build(std::vector<Facts> facts, SafeguardingData& data) {
    IndexByChild(
        std::move(facts), [](const Facts& f) { return f.meeting_date; }, data.records.core_groups,
        data.kind_children.core_groups);
  }
  template <typename Data>
  static auto Fields(Data& data) {
    return std::tie(data.records.core_groups, data.kind_children.core_groups);
  }
};

template <>
struct KindIndex<v1::CinEpisode> {
  using Facts = CinEpisodeFacts;
  static constexpr std::vector<Facts> SafeguardingRecords::*kRecords =
      &SafeguardingRecords::cin_episodes;
  static Facts Decode(const v1::CinEpisode& e) {
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
  }
  static void Build(std::vector<Facts> facts, SafeguardingData& data) {
    data.kind_children.cin_episodes =
        GroupByChild(facts, DayKey([](const Facts& f) { return f.start_date; }));
    data.cin_episode_days =
        DaySpans(facts, [](const Facts& e) { return ToDaySpan(e.start_date, e.end_date); });
    data.records.cin_episodes = std::move(facts);
  }
  template <typename Data>
  static auto Fields(Data& data) {
    return std::tie(data.records.cin_episodes, data.kind_children.cin_episodes,
                    data.cin_episode_days);
  }
};

template <>
struct KindIndex<v1::LadoReferral> {
  using Facts = LadoReferralFacts;
  static constexpr std::vector<Facts> SafeguardingRecords::*kRecords =
      &SafeguardingRecords::lado_referrals;
  static Facts Decode(const v1::LadoReferral& l) {
    return LadoReferralFacts{RecordId(l), *FromProtoDate(l.referral_date())};
  }
  // In referral-date order (about an adult: no child history).
  static void Build(std::vector<Facts> facts, SafeguardingData& data) {
    std::stable_sort(facts.begin(), facts.end(), [](const Facts& a, const Facts& b) {
      return a.referral_date < b.referral_date;
    });
    data.records.lado_referrals = std::move(facts);
  }
  template <typename Data>
  static auto Fields(Data& data) {
    return std::tie(data.records.lado_referrals);
  }
};

// The three kinds that are spans of a child's days (private fostering, missing, CSE risk)
// decode and index alike; only where their facts go differs.
template <typename RecordProto, std::vector<ChildPeriodFacts> SafeguardingRecords::*kField,
          SharedVector<ChildPeriodFacts> SafeguardingFacts::*kFacts,
          SharedVector<KindChild> KindChildren::*kChildren>
struct ChildPeriodKindIndex {
  using Facts = ChildPeriodFacts;
  static constexpr std::vector<Facts> SafeguardingRecords::*kRecords = kField;
  static Facts Decode(const RecordProto& r) {
    return PeriodFacts(r.child_id(), r.start_date(), r.end_date(), RecordId(r));
  }
  static void Build(std::vector<Facts> facts, SafeguardingData& data) {
    IndexByChild(
        std::move(facts), [](const Facts& f) { return f.start_date; }, data.records.*kFacts,
        data.kind_children.*kChildren);
  }
  template <typename Data>
  static auto Fields(Data& data) {
    return std::tie(data.records.*kFacts, data.kind_children.*kChildren);
  }
};

template <>
struct KindIndex<v1::PrivateFosteringArrangement>
    : ChildPeriodKindIndex<v1::PrivateFosteringArrangement,
                           &SafeguardingRecords::private_fostering,
                           &SafeguardingFacts::private_fostering,
                           &KindChildren::private_fostering> {};

template <>
struct KindIndex<v1::MissingEpisode>
    : ChildPeriodKindIndex<v1::MissingEpisode, &SafeguardingRecords::missing_episodes,
                           &SafeguardingFacts::missing_episodes,
                           &KindChildren::missing_episodes> {};

template <>
struct KindIndex<v1::CseRiskFlag>
    : ChildPeriodKindIndex<v1::CseRiskFlag, &SafeguardingRecords::cse_risks,
                           &SafeguardingFacts::cse_risks, &KindChildren::cse_risks> {};

// Calls `f(Kind<R>())` for each record kind R (KindIndex) a dataset is built from.
template <typename F>
void ForEachKind(F&& f) {
  f(Kind<v1::Contact>());
  f(Kind<v1::Referral>());
  f(Kind<v1::Assessment>());
  f(Kind<v1::Section47Enquiry>());
  f(Kind<v1::ChildProtectionPlan>());
  f(Kind<v1::ReviewConference>());
  f(Kind<v1::ChildProtectionVisit>());
  f(Kind<v1::CoreGroupMeeting>());
  f(Kind<v1::CinEpisode>());
  f(Kind<v1::LadoReferral>());
  f(Kind<v1::PrivateFosteringArrangement>());
  f(Kind<v1::MissingEpisode>());
  f(Kind<v1::CseRiskFlag>());
}

// One ChildHistory per child id found in the child-level kinds, in id order (a merge of the
// kinds' ascending ids), each with its range of each kind. The keys, parallel to the
// children, go to `keys`.
void MergeChildren(SafeguardingData& data, std::vector<ChildKey>& keys) {
  const SafeguardingFacts& r = data.records;
  const KindChildren& k = data.kind_children;
  // Each kind's children, and the ChildHistory range each one's records go to.
  struct Grouping {
    const std::vector<KindChild>& children;
    RecordRange ChildHistory::*field;
  };
  // Assessments give the whole range here; only its authorised tail is kept below.
  const Grouping kinds[] = {{k.referrals, &ChildHistory::referrals},
                            {k.assessments, &ChildHistory::authorised_assessments},
                            {k.plans, &ChildHistory::plans},
                            {k.visits, &ChildHistory::visits},
                            {k.core_groups, &ChildHistory::core_groups},
                            {k.cin_episodes, &ChildHistory::cin_episodes},
                            {k.private_fostering, &ChildHistory::private_fostering},
                            {k.missing_episodes, &ChildHistory::missing_episodes},
                            {k.cse_risks, &ChildHistory::cse_risks}};
  // At most every kind's children are distinct; pages of the capacity never used are never
  // touched.
  size_t most = 0;
  for (const Grouping& kind : kinds) most += kind.children.size();
  data.children.reserve(most);
  keys.reserve(most);
  size_t next[std::size(kinds)] = {};
  for (;;) {
    const ChildKey* least = nullptr;
    for (size_t i = 0; i < std::size(kinds); ++i) {
      const std::vector<KindChild>& children = kinds[i].children;
      if (next[i] < children.size() && (least == nullptr || children[next[i]].key < *least)) {
        least = &children[next[i]].key;
      }
    }
    if (least == nullptr) break;
    const ChildKey key = *least;
    ChildHistory& child = data.children.emplace_back();
    child.child_id = std::string(key.id);
    for (size_t i = 0; i < std::size(kinds); ++i) {
      const std::vector<KindChild>& children = kinds[i].children;
      if (next[i] < children.size() && children[next[i]].key == key) {
        child.*kinds[i].field = children[next[i]++].records;
      }
    }
    keys.push_back(key);
  }
  for (ChildHistory& child : data.children) {
    RecordRange& authorised = child.authorised_assessments;
    while (!authorised.empty() && !r.assessments[authorised.from].authorisation_date.has_value()) {
      ++authorised.from;
    }
  }
}

// The indexes that read more than one kind, from the kinds' built fields: the children,
// the children each per-child rule can count, review-to-plan links and case spans.
void CombineKinds(SafeguardingData& data) {
  const SafeguardingFacts& r = data.records;
  std::vector<ChildKey> child_ids;
  MergeChildren(data, child_ids);
  const int n = static_cast<int>(data.children.size());

  for (int i = 0; i < n; ++i) {
    const ChildHistory& c = data.children[i];
    if (!c.plans.empty()) data.children_with_plans.push_back(i);
    const uint8_t factors = AuthorisedFactors(data, c);
    if (!c.private_fostering.empty() || (factors & kPrivateFosteringFactorBit) != 0) {
      data.children_with_private_fostering.push_back(i);
    }
    if (!c.missing_episodes.empty() || (factors & kMissingFactorBit) != 0) {
      data.children_with_missing.push_back(i);
    }
    if (!c.cse_risks.empty() || (factors & kCseFactorBit) != 0) {
      data.children_with_cse.push_back(i);
    }
  }

  // Review conferences alone make no child history: a review of a child without one
  // links to no plan.
  data.review_plan.assign(r.review_conferences.size(), -1);
  std::vector<std::pair<int, Date>> linked;  // (plan, conference date)
  linked.reserve(r.review_conferences.size());
  for (size_t i = 0; i < r.review_conferences.size(); ++i) {
    const ReviewConferenceFacts& review = r.review_conferences[i];
    const ChildKey id(review.child_id);
    const auto found = std::lower_bound(child_ids.begin(), child_ids.end(), id);
    if (found == child_ids.end() || !(*found == id)) continue;
    const int plan = FindReviewedPlan(r, data.children[found - child_ids.begin()], review);
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
}

}  // namespace

// One list per record kind, in ForEachKind's order.
struct SafeguardingSources {
  std::tuple<RecordList<v1::Contact>, RecordList<v1::Referral>, RecordList<v1::Assessment>,
             RecordList<v1::Section47Enquiry>, RecordList<v1::ChildProtectionPlan>,
             RecordList<v1::ReviewConference>, RecordList<v1::ChildProtectionVisit>,
             RecordList<v1::CoreGroupMeeting>, RecordList<v1::CinEpisode>,
             RecordList<v1::LadoReferral>, RecordList<v1::PrivateFosteringArrangement>,
             RecordList<v1::MissingEpisode>, RecordList<v1::CseRiskFlag>>
      lists;
};

ChildKey::ChildKey(absl::string_view child_id) : id(child_id) {
  unsigned char bytes[8] = {};
  std::memcpy(bytes, id.data(), std::min(id.size(), sizeof(bytes)));
  for (unsigned char b : bytes) prefix = (prefix << 8) | b;
}

// Ids equal in their first 8 bytes are either the same up to trailing NULs, told apart by
// length when both fit in 8 bytes, or longer ones, compared whole.
bool ChildKey::operator<(const ChildKey& other) const {
  if (prefix != other.prefix) return prefix < other.prefix;
  if (id.size() <= 8 && other.id.size() <= 8) return id.size() < other.id.size();
  return id < other.id;
}

bool ChildKey::operator==(const ChildKey& other) const {
  return prefix == other.prefix && id.size() == other.id.size() &&
         (id.size() <= 8 || id == other.id);
}

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
  ForEachKind([&](auto kind) {
    using Index = KindIndex<typename decltype(kind)::type>;
    Index::Build(std::move(records.*Index::kRecords), data);
  });
  data.records.population = std::move(records.population);
  data.records.settings = std::move(records.settings);
  CombineKinds(data);
  return data;
}

absl::StatusOr<SafeguardingData> LoadSafeguardingData(const VersionedRecordStore& store,
                                                      const std::string& authority,
                                                      std::optional<absl::Time> as_at,
                                                      const SafeguardingData* previous) {
  SafeguardingData data;
  // A past read parses afresh and is never reused; without the decoded-record cache no
  // later load can return the same lists, so they are not kept.
  const SafeguardingSources* reusable =
      as_at.has_value() || previous == nullptr ? nullptr : previous->sources.get();
  const bool keep_sources = !as_at.has_value() && store.decoded_cache() != nullptr;
  auto sources = std::make_shared<SafeguardingSources>();
  // Each kind is one task filling its own fields of `data`: independent tasks, run two at a
  // time so that a core other services leave idle shortens the load (LoadCurrent is
  // thread-safe).
  std::vector<std::function<absl::Status()>> tasks;
  ForEachKind([&](auto kind) {
    using RecordProto = typename decltype(kind)::type;
    using Index = KindIndex<RecordProto>;
    tasks.push_back([&]() -> absl::Status {
      SCORECARD_ASSIGN_OR_RETURN(RecordList<RecordProto> records,
                                 LoadCurrent<RecordProto>(store, authority, as_at));
      if (reusable != nullptr &&
          std::get<RecordList<RecordProto>>(reusable->lists).SharesRecordsWith(records)) {
        Index::Fields(data) = Index::Fields(*previous);
      } else {
        std::vector<typename Index::Facts> facts;
        facts.reserve(records.size());
        for (const RecordProto& record : records) facts.push_back(Index::Decode(record));
        Index::Build(std::move(facts), data);
      }
      if (keep_sources) std::get<RecordList<RecordProto>>(sources->lists) = std::move(records);
      return absl::OkStatus();
    });
  });
  tasks.push_back([&] { return LoadPopulation(store, authority, as_at, data.records.population); });
  SCORECARD_RETURN_IF_ERROR(RunConcurrently(tasks, /*extra_threads=*/1));
  // Ingest allows one settings record per authority (a fixed source key), so there is at
  // most one current version.
  SCORECARD_ASSIGN_OR_RETURN(RecordList<v1::SafeguardingSettings> settings,
                             LoadCurrent<v1::SafeguardingSettings>(store, authority, as_at));
  if (!settings.empty()) data.records.settings = SettingsFromProto(settings.back());
  if (keep_sources) data.sources = std::move(sources);
  CombineKinds(data);
  return data;
}

}  // namespace scorecard::safeguarding
