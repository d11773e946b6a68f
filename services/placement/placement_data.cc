#include "services/placement/placement_data.h"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <tuple>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "common/records/proto_date.h"
#include "common/records/record_io.h"
#include "common/records/record_list_diff.h"
#include "common/status/status_macros.h"
#include "services/placement/ssda903_codes.h"
#include "services/placement/timescales.h"

namespace scorecard::placement {
namespace {

// Open episodes sort after closed ones that start the same day: they reach furthest.
bool EpisodeBefore(const EpisodeFacts& a, const EpisodeFacts& b) {
  const Date a_end = a.end_date.value_or(Date::max());
  const Date b_end = b.end_date.value_or(Date::max());
  return std::tie(a.start_date, a_end) < std::tie(b.start_date, b_end);
}

void SortDates(std::vector<Date>& dates) { std::sort(dates.begin(), dates.end()); }

// Sorts `dates` ascending, keeping `ids` alongside when there is one per date (and
// emptying it otherwise: an id that may belong to another date is worse than none).
void SortDatesWithIds(std::vector<Date>& dates, std::vector<std::string>& ids) {
  if (ids.size() != dates.size()) {
    ids.clear();
    SortDates(dates);
    return;
  }
  if (std::is_sorted(dates.begin(), dates.end())) return;
  std::vector<size_t> order(dates.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&dates](size_t a, size_t b) { return dates[a] < dates[b]; });
  std::vector<Date> sorted_dates;
  std::vector<std::string> sorted_ids;
  sorted_dates.reserve(dates.size());
  sorted_ids.reserve(ids.size());
  for (size_t i : order) {
    sorted_dates.push_back(dates[i]);
    sorted_ids.push_back(std::move(ids[i]));
  }
  dates = std::move(sorted_dates);
  ids = std::move(sorted_ids);
}

// Sorts `items` by key(item), keeping of each run of equal keys only the last given.
template <typename T, typename Key>
void SortKeepingLastOfEach(std::vector<T>& items, Key key) {
  std::stable_sort(items.begin(), items.end(),
                   [&key](const T& a, const T& b) { return key(a) < key(b); });
  std::vector<T> kept;
  kept.reserve(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    if (i + 1 < items.size() && key(items[i + 1]) == key(items[i])) continue;
    kept.push_back(std::move(items[i]));
  }
  items = std::move(kept);
}

// The children named by the records, numbered in the order first named: one hash lookup
// per record instead of string comparisons down a tree.
class ChildrenById {
 public:
  explicit ChildrenById(size_t expected_children) {
    numbers_.reserve(expected_children);
    children_.reserve(expected_children);
  }

  // The number of the child with this id, adding the child (with only its id) when first
  // named.
  uint32_t Number(const std::string& id) {
    auto [it, inserted] = numbers_.try_emplace(id, static_cast<uint32_t>(children_.size()));
    if (inserted) {
      children_.emplace_back();
      children_.back().child_id = id;
    }
    return it->second;
  }
  size_t size() const { return children_.size(); }
  // References are valid until the next child is added.
  ChildFacts& At(uint32_t number) { return children_[number]; }
  ChildFacts& operator[](const std::string& id) { return children_[Number(id)]; }

  // Every child, indexed (IndexChildFacts) and ordered by id (ids are unique, so the order
  // is total); leaves this empty.
  std::vector<ChildList::Shared> TakeIndexedOrderedById() {
    std::vector<uint32_t> order(children_.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [this](uint32_t a, uint32_t b) {
      return children_[a].child_id < children_[b].child_id;
    });
    std::vector<ChildList::Shared> ordered;
    ordered.reserve(children_.size());
    for (uint32_t i : order) {
      IndexChildFacts(children_[i]);
      ordered.push_back(std::make_shared<const ChildFacts>(std::move(children_[i])));
    }
    numbers_.clear();
    children_.clear();
    return ordered;
  }

 private:
  // Owns its keys: a short id then sits in the table itself, where a view would point into
  // a record far away in memory (a cache miss per lookup).
  absl::flat_hash_map<std::string, uint32_t> numbers_;
  std::vector<ChildFacts> children_;
};

// A dated record kept for a child (a review, a visit, a health check), held back until the
// kind's records are all read so that each child's lists are sized once.
struct DatedRecord {
  uint32_t child;
  Date day;
  const std::string* record_id;  // the record's own, which outlives this
};

// Appends the records to their children's `dates` and `ids`, in the order given.
void AppendDatedRecords(const std::vector<DatedRecord>& records, ChildrenById& children,
                        std::vector<Date> ChildFacts::*dates,
                        std::vector<std::string> ChildFacts::*ids) {
  std::vector<uint32_t> counts(children.size());
  for (const DatedRecord& r : records) ++counts[r.child];
  for (uint32_t c = 0; c < counts.size(); ++c) {
    if (counts[c] == 0) continue;
    ChildFacts& child = children.At(c);
    (child.*dates).reserve((child.*dates).size() + counts[c]);
    (child.*ids).reserve((child.*ids).size() + counts[c]);
  }
  for (const DatedRecord& r : records) {
    ChildFacts& child = children.At(r.child);
    (child.*dates).push_back(r.day);
    (child.*ids).push_back(*r.record_id);
  }
}

void SortApprovals(std::vector<CarerApprovalFacts>& approvals) {
  std::stable_sort(approvals.begin(), approvals.end(),
                   [](const CarerApprovalFacts& a, const CarerApprovalFacts& b) {
                     return a.approved < b.approved;
                   });
}

// Every child: the full build.
struct EveryChild {
  static constexpr bool kEveryChild = true;
  bool operator()(const std::string& /*child_id*/) const { return true; }
};

// The facts of every child named by a record whose child id `wanted` accepts, each from
// ALL its records (in list order, kinds in the order below: the rules "the last given wins"
// depend on it), indexed, ordered by child id. The one place that turns records into
// ChildFacts, for the full build and the incremental one alike; `expected_children` only
// sizes the tables.
template <typename Wanted>
std::vector<ChildList::Shared> AssembleChildren(const PlacementRecords& records,
                                                size_t expected_children, const Wanted& wanted) {
  ChildrenById children(expected_children);
  for (const v1::LookedAfterChild& c : records.children) {
    if (!wanted(c.child_id())) continue;
    ChildFacts& child = children[c.child_id()];
    if (!c.team().empty()) child.team = c.team();
    child.birth_date = FromProtoDate(c.birth_date());
    child.uasc = c.uasc();
    child.uasc_ceased_date = FromProtoDate(c.uasc_ceased_date());
  }
  for (const v1::UascPeriod& u : records.uasc_periods) {
    if (!wanted(u.child_id())) continue;
    children[u.child_id()]
        .uasc_periods.push_back({FromProtoDate(u.from_date()), FromProtoDate(u.ceased_date())});
  }
  for (const v1::ChildTeamAssignment& t : records.team_assignments) {
    if (!wanted(t.child_id())) continue;
    std::optional<Date> from = FromProtoDate(t.from_date());
    if (!from.has_value() || t.team().empty()) continue;
    children[t.child_id()].team_assignments.push_back({*from, t.team()});
  }
  for (const v1::Oc2Outcomes& o : records.oc2_outcomes) {
    if (!wanted(o.child_id())) continue;
    auto flag = [](bool has, bool value) {
      return has ? std::optional<bool>(value) : std::nullopt;
    };
    children[o.child_id()]
        .oc2_outcomes.push_back(
            {o.collection_year(),
             flag(o.has_health_assessment_up_to_date(), o.health_assessment_up_to_date()),
             flag(o.has_teeth_checked(), o.teeth_checked()),
             flag(o.has_immunisations_up_to_date(), o.immunisations_up_to_date()),
             o.header().source().id()});
  }
  for (const v1::Episode& e : records.episodes) {
    if (!wanted(e.child_id())) continue;
    std::optional<Date> start = FromProtoDate(e.start_date());
    if (!start.has_value()) continue;
    children[e.child_id()]
        .episodes.push_back({*start, FromProtoDate(e.end_date()), e.reason_new_episode(),
                             e.legal_status(), e.placement(), e.reason_ceased()});
  }
  std::vector<DatedRecord> dated;
  if (Wanted::kEveryChild) dated.reserve(std::max(records.visits.size(), records.reviews.size()));
  for (const v1::LacReview& r : records.reviews) {
    if (!wanted(r.child_id())) continue;
    std::optional<Date> held = FromProtoDate(r.review_date());
    if (!held.has_value()) continue;
    dated.push_back({children.Number(r.child_id()), *held, &r.header().source().id()});
  }
  AppendDatedRecords(dated, children, &ChildFacts::review_dates, &ChildFacts::review_ids);
  dated.clear();
  for (const v1::LacVisit& v : records.visits) {
    if (!wanted(v.child_id())) continue;
    std::optional<Date> day = FromProtoDate(v.visit_date());
    if (!day.has_value() || !v.seen()) continue;
    dated.push_back({children.Number(v.child_id()), *day, &v.header().source().id()});
  }
  AppendDatedRecords(dated, children, &ChildFacts::visit_dates, &ChildFacts::visit_ids);
  dated.clear();
  std::vector<DatedRecord> dental;
  for (const v1::HealthCheck& h : records.health_checks) {
    if (!wanted(h.child_id())) continue;
    std::optional<Date> day = FromProtoDate(h.check_date());
    if (!day.has_value()) continue;
    switch (h.kind()) {
      case v1::HEALTH_CHECK_KIND_INITIAL_HEALTH_ASSESSMENT:
      case v1::HEALTH_CHECK_KIND_REVIEW_HEALTH_ASSESSMENT:
        dated.push_back({children.Number(h.child_id()), *day, &h.header().source().id()});
        break;
      case v1::HEALTH_CHECK_KIND_DENTAL_CHECK:
        dental.push_back({children.Number(h.child_id()), *day, &h.header().source().id()});
        break;
      default:
        break;  // validation rejects other kinds
    }
  }
  AppendDatedRecords(dated, children, &ChildFacts::health_assessment_dates,
                     &ChildFacts::health_assessment_ids);
  AppendDatedRecords(dental, children, &ChildFacts::dental_check_dates,
                     &ChildFacts::dental_check_ids);
  for (const v1::AdoptionMilestones& a : records.adoptions) {
    if (!wanted(a.child_id())) continue;
    children[a.child_id()]
        .adoptions.push_back({FromProtoDate(a.should_be_placed_date()),
                              FromProtoDate(a.placement_order_date()),
                              FromProtoDate(a.matched_date()), FromProtoDate(a.placed_date()),
                              FromProtoDate(a.placed_with_adopting_foster_carer_date()),
                              FromProtoDate(a.adoption_order_date()), a.header().source().id()});
  }
  for (const v1::CareProceedings& p : records.proceedings) {
    if (!wanted(p.child_id())) continue;
    std::optional<Date> issued = FromProtoDate(p.issued_date());
    if (!issued.has_value()) continue;
    children[p.child_id()]
        .proceedings.push_back(
            {*issued, FromProtoDate(p.concluded_date()), p.header().source().id()});
  }
  for (const v1::PreProceedings& p : records.pre_proceedings) {
    if (!wanted(p.child_id())) continue;
    std::optional<Date> start = FromProtoDate(p.start_date());
    if (!start.has_value()) continue;
    children[p.child_id()]
        .pre_proceedings.push_back({*start, FromProtoDate(p.end_date()),
                                    FromProtoDate(p.decision_to_issue_date()),
                                    FromProtoDate(p.issued_date()), p.header().source().id()});
  }

  return children.TakeIndexedOrderedById();
}

// The authority-level facts (carer approvals, populations, settings): few records, so
// always built afresh.
void AssembleAuthorityFacts(const PlacementRecords& records, PlacementData& data) {
  for (const v1::CarerApproval& a : records.carer_approvals) {
    std::optional<Date> approved = FromProtoDate(a.approval_date());
    if (!approved.has_value()) continue;
    CarerApprovalFacts facts{*approved, a.header().source().id(), a.carer_id()};
    switch (a.kind()) {
      case v1::CARER_KIND_FOSTER_CARER:
        data.foster_carer_approvals.push_back(std::move(facts));
        break;
      case v1::CARER_KIND_ADOPTER:
        data.adopter_approvals.push_back(std::move(facts));
        break;
      case v1::CARER_KIND_SHORT_BREAK_CARER:
        data.short_break_carer_approvals.push_back(std::move(facts));
        break;
      default:
        break;  // validation rejects other kinds
    }
  }
  SortApprovals(data.foster_carer_approvals);
  SortApprovals(data.adopter_approvals);
  SortApprovals(data.short_break_carer_approvals);
  for (const common::v1::PopulationEstimate& p : records.populations) {
    if (p.population_0_17() > 0) data.population.Add(p.year(), p.population_0_17());
  }
  for (const v1::PlacementSettings& s : records.settings) {
    std::optional<Date> from = FromProtoDate(s.effective_from());
    if (from.has_value()) data.settings.Add(*from, SettingsFromProto(s));
  }
}

// The children a write touched, by id (views into the records, which outlive the set).
// Every record of every child-level kind is checked against it, so a single id (the usual
// write) is compared directly: cheaper than hashing each record's id (measured).
class ChildIdSet {
 public:
  static constexpr bool kEveryChild = false;

  void Insert(absl::string_view id) {
    if (ids_.insert(id).second) last_ = id;
  }
  size_t size() const { return ids_.size(); }
  bool operator()(const std::string& child_id) const {
    return ids_.size() == 1 ? child_id == last_ : ids_.contains(child_id);
  }

 private:
  absl::flat_hash_set<absl::string_view> ids_;
  absl::string_view last_;  // the one id while there is one
};

// Adds to `ids` the child ids of the records of one kind added or withdrawn (a correction
// is both) between `before` and `after`. False once `ids` holds more than `max_ids`.
template <typename Record>
bool AddChangedChildIds(const RecordList<Record>& before, const RecordList<Record>& after,
                        size_t max_ids, ChildIdSet& ids) {
  const RecordListDiff<Record> diff = DiffRecordLists(before, after);
  for (const Record* r : diff.removed) ids.Insert(r->child_id());
  for (const Record* r : diff.added) ids.Insert(r->child_id());
  return ids.size() <= max_ids;
}

// The children named by a changed record of any kind AssembleChildren reads, into `ids`;
// false (and `ids` incomplete) when more than `max_ids`. The child records come first:
// without the decoded cache every load parses afresh (nothing shared), and that small kind
// already shows it.
bool ChangedChildIds(const PlacementRecords& before, const PlacementRecords& after,
                     size_t max_ids, ChildIdSet& ids) {
  return AddChangedChildIds(before.children, after.children, max_ids, ids) &&
         AddChangedChildIds(before.uasc_periods, after.uasc_periods, max_ids, ids) &&
         AddChangedChildIds(before.team_assignments, after.team_assignments, max_ids, ids) &&
         AddChangedChildIds(before.oc2_outcomes, after.oc2_outcomes, max_ids, ids) &&
         AddChangedChildIds(before.episodes, after.episodes, max_ids, ids) &&
         AddChangedChildIds(before.reviews, after.reviews, max_ids, ids) &&
         AddChangedChildIds(before.visits, after.visits, max_ids, ids) &&
         AddChangedChildIds(before.health_checks, after.health_checks, max_ids, ids) &&
         AddChangedChildIds(before.adoptions, after.adoptions, max_ids, ids) &&
         AddChangedChildIds(before.proceedings, after.proceedings, max_ids, ids) &&
         AddChangedChildIds(before.pre_proceedings, after.pre_proceedings, max_ids, ids);
}

// `previous` brought up to `records` by rebuilding only the children whose records
// changed; nullopt when more than 1/kIncrementalShareDivisor of them did (see there).
std::optional<PlacementData> UpdatePlacementData(const PlacementData& previous,
                                                 const PlacementRecords& records) {
  ChildIdSet changed;
  if (!ChangedChildIds(previous.records, records,
                       previous.children.size() / kIncrementalShareDivisor, changed)) {
    return std::nullopt;
  }
  std::vector<ChildList::Shared> rebuilt;  // none when only authority-level records changed
  if (changed.size() > 0) rebuilt = AssembleChildren(records, changed.size(), changed);
  PlacementData data;
  data.build.incremental = true;
  data.build.children_rebuilt = rebuilt.size();
  // Both ordered by id: merge, the rebuilt children replacing (or joining) the previous.
  data.children.reserve(previous.children.size() + rebuilt.size());
  auto next = rebuilt.begin();
  for (size_t i = 0; i < previous.children.size(); ++i) {
    const std::string& id = previous.children[i].child_id;
    for (; next != rebuilt.end() && (*next)->child_id < id; ++next) {
      data.children.push_back(std::move(*next));
    }
    if (!changed(id)) data.children.push_back(previous.children.SharedAt(i));
  }
  for (; next != rebuilt.end(); ++next) data.children.push_back(std::move(*next));
  AssembleAuthorityFacts(records, data);
  data.records = records;
  IndexPlacementData(data);
  return data;
}

}  // namespace

ChildList::ChildList(std::initializer_list<ChildFacts> children) {
  children_.reserve(children.size());
  for (const ChildFacts& child : children) push_back(child);
}

ChildList::ChildList(std::vector<ChildFacts> children) {
  children_.reserve(children.size());
  for (ChildFacts& child : children) push_back(std::move(child));
}

void ChildList::push_back(ChildFacts child) {
  children_.push_back(std::make_shared<const ChildFacts>(std::move(child)));
}

ChildFacts& ChildList::Mutable(size_t i) {
  auto copy = std::make_shared<ChildFacts>(*children_[i]);
  ChildFacts& facts = *copy;
  children_[i] = std::move(copy);
  return facts;
}

void IndexChildFacts(ChildFacts& child) {
  std::sort(child.episodes.begin(), child.episodes.end(), EpisodeBefore);
  SortKeepingLastOfEach(child.team_assignments, [](const TeamSpell& t) { return t.from; });
  SortKeepingLastOfEach(child.oc2_outcomes, [](const Oc2Facts& o) { return o.collection_year; });
  SortDatesWithIds(child.review_dates, child.review_ids);
  SortDatesWithIds(child.visit_dates, child.visit_ids);
  SortDatesWithIds(child.health_assessment_dates, child.health_assessment_ids);
  SortDatesWithIds(child.dental_check_dates, child.dental_check_ids);

  child.periods = PeriodsOfCare(child.episodes);
  child.placements = PlacementSpells(child.episodes);
  child.period_facts.clear();
  child.period_facts.reserve(child.periods.size());
  std::vector<Date> reviews;  // a period's distinct days: a day recorded twice is one review
  for (const PeriodOfCare& p : child.periods) {
    PeriodFacts facts;
    reviews.clear();
    for (auto it = std::lower_bound(child.review_dates.begin(), child.review_dates.end(), p.start);
         it != child.review_dates.end() && (!p.end.has_value() || *it <= *p.end); ++it) {
      if (reviews.empty() || reviews.back() != *it) reviews.push_back(*it);
    }
    if (!reviews.empty()) {
      facts.first_review = reviews.front();
      facts.review_lapse_after_first = ReviewLapseAfterFirst(reviews);
    }
    child.period_facts.push_back(facts);
  }
  child.health_assessment_next_due.clear();
  child.health_assessment_next_due.reserve(child.health_assessment_dates.size());
  for (Date held : child.health_assessment_dates) {
    child.health_assessment_next_due.push_back(
        NextHealthAssessmentDueBy(child.birth_date, held));
  }
  child.dental_check_next_due.clear();
  child.dental_check_next_due.reserve(child.dental_check_dates.size());
  for (Date held : child.dental_check_dates) {
    child.dental_check_next_due.push_back(NextDentalCheckDueBy(held));
  }
  child.care_start_dates.clear();
  child.care_exit_dates.clear();
  child.short_breaks.clear();
  for (const EpisodeFacts& e : child.episodes) {
    if (e.reason_new_episode == ssda903::kStartedToBeLookedAfter) {
      child.care_start_dates.push_back(e.start_date);
    }
    if (e.end_date.has_value() && e.reason_ceased != ssda903::kEpisodeCeasesCareContinues) {
      child.care_exit_dates.push_back(*e.end_date);
    }
    if (ssda903::IsShortBreak(e.legal_status)) {
      child.short_breaks.push_back({e.start_date, e.end_date});
    }
  }
  SortDates(child.care_start_dates);
  SortDates(child.care_exit_dates);
}


void IndexPlacementData(PlacementData& data) {
  data.care_spans.clear();
  data.oc2_collection_years.clear();
  for (const ChildFacts& child : data.children) {
    for (const Oc2Facts& o : child.oc2_outcomes)
      data.oc2_collection_years.push_back(o.collection_year);
  }
  std::sort(data.oc2_collection_years.begin(), data.oc2_collection_years.end());
  data.oc2_collection_years.erase(
      std::unique(data.oc2_collection_years.begin(), data.oc2_collection_years.end()),
      data.oc2_collection_years.end());
  for (uint32_t c = 0; c < data.children.size(); ++c) {
    const std::vector<PeriodOfCare>& periods = data.children[c].periods;
    for (uint32_t p = 0; p < periods.size(); ++p) {
      data.care_spans.push_back({periods[p].start, periods[p].end.value_or(Date::max()), c, p});
    }
  }
  std::sort(data.care_spans.begin(), data.care_spans.end(),
            [](const CareSpan& a, const CareSpan& b) { return a.end < b.end; });
  data.care_spans_for_children = data.children.size();
  data.looked_after = std::make_shared<LookedAfterMemo>();
}

const std::string& TeamAt(const ChildFacts& child, Date d) {
  if (child.team_assignments.empty()) return child.team;
  auto after = std::upper_bound(child.team_assignments.begin(), child.team_assignments.end(), d,
                                [](Date day, const TeamSpell& t) { return day < t.from; });
  if (after == child.team_assignments.begin()) return child.team;  // none in force yet
  return std::prev(after)->team;
}

bool IsUascAt(const ChildFacts& child, Date d) {
  auto not_ceased = [d](const std::optional<Date>& ceased) {
    return !ceased.has_value() || *ceased > d;
  };
  if (child.uasc_periods.empty()) return child.uasc && not_ceased(child.uasc_ceased_date);
  return std::any_of(child.uasc_periods.begin(), child.uasc_periods.end(), [&](const UascSpan& p) {
    return (!p.from.has_value() || *p.from <= d) && not_ceased(p.ceased);
  });
}

const Oc2Facts* Oc2OutcomesFor(const ChildFacts& child, int collection_year) {
  auto it = std::lower_bound(child.oc2_outcomes.begin(), child.oc2_outcomes.end(), collection_year,
                             [](const Oc2Facts& o, int year) { return o.collection_year < year; });
  return it != child.oc2_outcomes.end() && it->collection_year == collection_year ? &*it : nullptr;
}

Date WorkingDayMemo::AddWorkingDays(const WorkingDayCalendar& calendar, Date start, int n) const {
  const Key key(&calendar, start, n);
  {
    absl::MutexLock lock(&mu_);
    auto it = memo_.find(key);
    if (it != memo_.end()) return it->second;
  }
  const Date due = calendar.AddWorkingDays(start, n);
  absl::MutexLock lock(&mu_);
  memo_.emplace(key, due);
  return due;
}

PlacementData AssemblePlacementData(const PlacementRecords& records) {
  PlacementData data;
  data.children = ChildList(AssembleChildren(records, records.children.size(), EveryChild()));
  data.build.children_rebuilt = data.children.size();
  AssembleAuthorityFacts(records, data);
  data.records = records;
  IndexPlacementData(data);
  return data;
}

absl::StatusOr<PlacementData> LoadPlacementData(const VersionedRecordStore& store,
                                                const std::string& authority,
                                                std::optional<absl::Time> as_at,
                                                const PlacementData* previous) {
  PlacementRecords r;
  SCORECARD_ASSIGN_OR_RETURN(r.children,
                             LoadCurrent<v1::LookedAfterChild>(store, authority, as_at));
  SCORECARD_ASSIGN_OR_RETURN(r.episodes, LoadCurrent<v1::Episode>(store, authority, as_at));
  SCORECARD_ASSIGN_OR_RETURN(r.reviews, LoadCurrent<v1::LacReview>(store, authority, as_at));
  SCORECARD_ASSIGN_OR_RETURN(r.visits, LoadCurrent<v1::LacVisit>(store, authority, as_at));
  SCORECARD_ASSIGN_OR_RETURN(r.health_checks,
                             LoadCurrent<v1::HealthCheck>(store, authority, as_at));
  SCORECARD_ASSIGN_OR_RETURN(r.adoptions,
                             LoadCurrent<v1::AdoptionMilestones>(store, authority, as_at));
  SCORECARD_ASSIGN_OR_RETURN(r.proceedings,
                             LoadCurrent<v1::CareProceedings>(store, authority, as_at));
  SCORECARD_ASSIGN_OR_RETURN(r.pre_proceedings,
                             LoadCurrent<v1::PreProceedings>(store, authority, as_at));
  SCORECARD_ASSIGN_OR_RETURN(r.carer_approvals,
                             LoadCurrent<v1::CarerApproval>(store, authority, as_at));
  SCORECARD_ASSIGN_OR_RETURN(r.populations,
                             LoadCurrent<common::v1::PopulationEstimate>(store, authority, as_at));
  SCORECARD_ASSIGN_OR_RETURN(r.settings,
                             LoadCurrent<v1::PlacementSettings>(store, authority, as_at));
  SCORECARD_ASSIGN_OR_RETURN(r.uasc_periods, LoadCurrent<v1::UascPeriod>(store, authority, as_at));
  SCORECARD_ASSIGN_OR_RETURN(r.team_assignments,
                             LoadCurrent<v1::ChildTeamAssignment>(store, authority, as_at));
  SCORECARD_ASSIGN_OR_RETURN(r.oc2_outcomes, LoadCurrent<v1::Oc2Outcomes>(store, authority, as_at));
  // CareLeaverOutcome, PreviousPermanence and SocialWorkerEpisode are kept (so nothing the
  // 903 carries is lost) but no measure reads them yet, so they are not loaded.
  // (SocialWorkerEpisode: workforce.social_worker_changes counts workforce allocations.)
  if (previous != nullptr && !as_at.has_value()) {
    std::optional<PlacementData> updated = UpdatePlacementData(*previous, r);
    if (updated.has_value()) return *std::move(updated);
  }
  return AssemblePlacementData(r);
}

}  // namespace scorecard::placement
