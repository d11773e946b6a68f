// The placement records a measure reads, decoded from the store into plain structs and
// grouped by child, with each child's indexes (periods of care, placements, sorted visit and
// health dates) built once here so that every measure is a cheap lookup per child and month.
//
//   SCORECARD_ASSIGN_OR_RETURN(PlacementData data,
//                              LoadPlacementData(store, "869", std::nullopt));
//   for (const ChildFacts& child : data.children) {
//     for (const PeriodOfCare& p : child.periods) ...  // in start order
//   }
//   data.settings.At(Date(2017, 5, 31)).lac_visit_interval_weeks;  // 6 unless set
//   // After a write, rebuild only the children it touched (the others are shared):
//   SCORECARD_ASSIGN_OR_RETURN(PlacementData next,
//                              LoadPlacementData(store, "869", std::nullopt, &data));
//
// Adding a measure over another record kind: child-level facts become another vector in
// ChildFacts (sorted in IndexChildFacts), read in AssembleChildren and diffed in
// ChangedChildIds (placement_data.cc); authority-level ones a member of PlacementData.
#ifndef SCORECARD_SERVICES_PLACEMENT_PLACEMENT_DATA_H_
#define SCORECARD_SERVICES_PLACEMENT_PLACEMENT_DATA_H_

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/measures/population.h"
#include "common/records/record_list.h"
#include "common/store/record_store.h"
#include "common/time/civil_date.h"
#include "common/time/working_days.h"
#include "scorecard/placement/v1/placement_service.pb.h"
#include "services/placement/care_history.h"
#include "services/placement/placement_settings.h"

namespace scorecard::placement {

// One child's adoption milestones (AdoptionMilestones); every date may still be to come.
struct AdoptionFacts {
  std::optional<Date> should_be_placed_date;
  std::optional<Date> placement_order_date;
  std::optional<Date> matched_date;
  std::optional<Date> placed_date;
  std::optional<Date> placed_with_adopting_foster_carer_date;
  std::optional<Date> adoption_order_date;
  // The record's source id (header.source.id), for drill-down rows.
  std::string record_id;
};

struct ProceedingsFacts {
  Date issued_date;
  std::optional<Date> concluded_date;
  std::string record_id;
};

struct PreProceedingsFacts {
  Date start_date;
  std::optional<Date> end_date;
  std::optional<Date> decision_to_issue_date;
  std::optional<Date> issued_date;
  std::string record_id;
};

// One carer household's approval.
struct CarerApprovalFacts {
  Date approved;
  std::string record_id;
  // The household's id; empty when the sender gave none (rows then use record_id).
  std::string carer_id;
};

// A time the child was UASC (UascPeriod): UASC at the end of day d when from <= d (or from
// unknown) and not ceased by then (ceased > d, or none).
struct UascSpan {
  std::optional<Date> from;
  std::optional<Date> ceased;
};

// The team holding the child's case from a day on (ChildTeamAssignment).
struct TeamSpell {
  Date from;
  std::string team;
};

// One child's OC2 flags for a collection year (Oc2Outcomes): those the measures read, unset
// where the return left them blank.
struct Oc2Facts {
  int collection_year = 0;
  std::optional<bool> health_assessment_up_to_date;
  std::optional<bool> teeth_checked;
  std::optional<bool> immunisations_up_to_date;
  std::string record_id;
};

// A short-break (V3/V4) episode's span, kept for the OC2 cohort's exclusion.
struct DateSpan {
  Date start;
  std::optional<Date> end;  // absent while open
};

// What a period of care's reviews fix, whichever day it is looked at from.
struct PeriodFacts {
  // The period's first review (the earliest in [start, end]), if any.
  std::optional<Date> first_review;
  // ReviewLapseAfterFirst over the period's distinct review days; set with first_review.
  Date review_lapse_after_first;
};

// Everything recorded about one child, and what it adds up to.
struct ChildFacts {
  std::string child_id;
  // From the LookedAfterChild record; empty (and not UASC) when the child has none. The
  // team is the last non-empty one any of the child's records gave; it and the UASC flag
  // are read only where the history below is silent (TeamAt, IsUascAt).
  std::string team;
  std::optional<Date> birth_date;
  bool uasc = false;
  std::optional<Date> uasc_ceased_date;
  // History: UASC periods (any order), team assignments by from date (one per day: the
  // last given wins), OC2 outcomes by collection year (one per year: the last given wins).
  std::vector<UascSpan> uasc_periods;
  std::vector<TeamSpell> team_assignments;
  std::vector<Oc2Facts> oc2_outcomes;

  // Recorded facts. IndexChildFacts sorts them: episodes by start date, then end date (open
  // last); dates ascending (a day recorded twice is kept twice: the rules decide).
  std::vector<EpisodeFacts> episodes;
  std::vector<Date> review_dates;
  // Visits at which the child was seen; a visit without seeing the child does not count.
  std::vector<Date> visit_dates;
  // Initial and review health assessments alike.
  std::vector<Date> health_assessment_dates;
  std::vector<Date> dental_check_dates;
  std::vector<AdoptionFacts> adoptions;
  std::vector<ProceedingsFacts> proceedings;
  std::vector<PreProceedingsFacts> pre_proceedings;

  // Derived by IndexChildFacts: periods and placements from the episodes (care_history.h),
  // each period's review facts and each check's next due date (timescales.h).
  std::vector<PeriodOfCare> periods;
  std::vector<PeriodFacts> period_facts;  // parallel to periods
  std::vector<PlacementSpell> placements;
  // Parallel to health_assessment_dates / dental_check_dates: when the next one is due.
  std::vector<Date> health_assessment_next_due;
  std::vector<Date> dental_check_next_due;
  // OC2 exclusion indexes (DOMAIN-RESEARCH 1.2), ascending: start days of "S" episodes,
  // end days of episodes that ceased with a reason other than X1, and short-break spans.
  std::vector<Date> care_start_dates;
  std::vector<Date> care_exit_dates;
  std::vector<DateSpan> short_breaks;

  // The source ids of the review, visit, health assessment and dental check records,
  // parallel to their dates (IndexChildFacts keeps them in step), for drill-down rows only:
  // last, so the fields the measures read stay together. Empty when the facts were built
  // without ids (by hand, in tests); IndexChildFacts also empties a list that is not one id
  // per date.
  std::vector<std::string> review_ids;
  std::vector<std::string> visit_ids;
  std::vector<std::string> health_assessment_ids;
  std::vector<std::string> dental_check_ids;
};

// One period of care of one child, for finding who is looked after on a day without
// visiting every child ever recorded.
struct CareSpan {
  Date start;
  Date end;  // Date::max() while open
  uint32_t child;
  uint32_t period;
};

// calendar.AddWorkingDays(start, n), remembered: a deadline such as "20 working days after
// entering care" is asked for again in every month a child stays looked after, and depends
// only on the calendar and the start day. Thread-safe; shared by copies of the dataset.
class WorkingDayMemo {
 public:
  Date AddWorkingDays(const WorkingDayCalendar& calendar, Date start, int n) const;

 private:
  using Key = std::tuple<const WorkingDayCalendar*, Date, int>;
  mutable absl::Mutex mu_;
  mutable absl::flat_hash_map<Key, Date> memo_ ABSL_GUARDED_BY(mu_);
};

// A child looked after at the end of some day, and the period of care they were in.
struct LookedAfterEntry {
  uint32_t child;
  uint32_t period;
};

// Who was looked after at the end of each day asked about, remembered: every snapshot
// measure of a month asks the same question. Thread-safe. Filled only from indexed data
// (IndexPlacementData starts a fresh one), so a change to the children made through
// IndexPlacementData can never be hidden by an old answer.
class LookedAfterMemo {
 public:
  // The entries for `d`, computed by `compute` on first request.
  template <typename Compute>
  const std::vector<LookedAfterEntry>& At(Date d, Compute compute) const {
    absl::MutexLock lock(&mu_);
    std::unique_ptr<std::vector<LookedAfterEntry>>& slot = by_day_[d];
    if (slot == nullptr) slot = std::make_unique<std::vector<LookedAfterEntry>>(compute());
    return *slot;
  }

 private:
  mutable absl::Mutex mu_;
  mutable absl::flat_hash_map<Date, std::unique_ptr<std::vector<LookedAfterEntry>>> by_day_
      ABSL_GUARDED_BY(mu_);
};

// The children of a dataset, ordered by child id. Each child's facts are shared and not
// changed once listed, so copies of a list, and a dataset LoadPlacementData updates from an
// older one, share the facts of every child whose records did not change. Reads like a
// std::vector<ChildFacts>: `children[i]` and `for (const ChildFacts& c : children)`.
class ChildList {
 public:
  using Shared = std::shared_ptr<const ChildFacts>;

  class const_iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = ChildFacts;
    using difference_type = std::ptrdiff_t;
    using pointer = const ChildFacts*;
    using reference = const ChildFacts&;

    const_iterator() = default;
    reference operator*() const { return **at_; }
    pointer operator->() const { return at_->get(); }
    const_iterator& operator++() {
      ++at_;
      return *this;
    }
    const_iterator operator++(int) { return const_iterator(at_++); }
    friend bool operator==(const_iterator a, const_iterator b) { return a.at_ == b.at_; }
    friend bool operator!=(const_iterator a, const_iterator b) { return a.at_ != b.at_; }

   private:
    friend class ChildList;
    explicit const_iterator(std::vector<Shared>::const_iterator at) : at_(at) {}
    std::vector<Shared>::const_iterator at_;
  };
  using iterator = const_iterator;

  ChildList() = default;
  // Implicit, so tests can write `data.children = {Child(...), ...}`.
  ChildList(std::initializer_list<ChildFacts> children);  // NOLINT
  ChildList(std::vector<ChildFacts> children);            // NOLINT
  // Children already shared, in id order.
  explicit ChildList(std::vector<Shared> children) : children_(std::move(children)) {}

  size_t size() const { return children_.size(); }
  bool empty() const { return children_.empty(); }
  const ChildFacts& operator[](size_t i) const { return *children_[i]; }
  const ChildFacts& front() const { return *children_.front(); }
  const ChildFacts& back() const { return *children_.back(); }
  const_iterator begin() const { return const_iterator(children_.begin()); }
  const_iterator end() const { return const_iterator(children_.end()); }

  void reserve(size_t n) { children_.reserve(n); }
  void push_back(ChildFacts child);
  // Lists a child's facts shared with another list.
  void push_back(Shared child) { children_.push_back(std::move(child)); }
  // The i-th child's shared facts (the same object in every list that shares them).
  const Shared& SharedAt(size_t i) const { return children_[i]; }
  // A copy of the i-th child's facts, now listed in its place, to change (tests); valid
  // until the list changes. Other lists keep the facts they had.
  ChildFacts& Mutable(size_t i);

 private:
  std::vector<Shared> children_;
};

// The current records of each kind, as read from the store (shared with the store's
// decoded-record cache: read only).
struct PlacementRecords {
  RecordList<v1::LookedAfterChild> children;
  RecordList<v1::Episode> episodes;
  RecordList<v1::LacReview> reviews;
  RecordList<v1::LacVisit> visits;
  RecordList<v1::HealthCheck> health_checks;
  RecordList<v1::AdoptionMilestones> adoptions;
  RecordList<v1::CareProceedings> proceedings;
  RecordList<v1::PreProceedings> pre_proceedings;
  RecordList<v1::CarerApproval> carer_approvals;
  RecordList<common::v1::PopulationEstimate> populations;
  RecordList<v1::PlacementSettings> settings;
  RecordList<v1::UascPeriod> uasc_periods;
  RecordList<v1::ChildTeamAssignment> team_assignments;
  RecordList<v1::Oc2Outcomes> oc2_outcomes;
};

// How LoadPlacementData built a dataset (for tests and benchmarks).
struct PlacementBuild {
  // From an older dataset, rebuilding only the children whose records changed.
  bool incremental = false;
  // Children rebuilt: every child of a full build; those named by a changed record (and
  // still holding records) of an incremental one.
  size_t children_rebuilt = 0;
};

struct PlacementData {
  // One entry per child id that has any record, ordered by child id.
  ChildList children;
  // Every child's periods of care ordered by end (IndexPlacementData). Used only while
  // care_spans_for_children == children.size(); otherwise the measures scan every child.
  // Once measures have been computed, change children only through IndexPlacementData.
  std::vector<CareSpan> care_spans;
  size_t care_spans_for_children = 0;
  std::shared_ptr<const LookedAfterMemo> looked_after = std::make_shared<LookedAfterMemo>();
  std::shared_ptr<const WorkingDayMemo> working_days = std::make_shared<WorkingDayMemo>();
  // Carer approvals by kind, by date ascending.
  std::vector<CarerApprovalFacts> foster_carer_approvals;
  std::vector<CarerApprovalFacts> adopter_approvals;
  std::vector<CarerApprovalFacts> short_break_carer_approvals;
  // Collection years for which the authority holds any OC2 outcomes, ascending: a year
  // without any has not been returned yet, so its OC2 figures have no value.
  std::vector<int> oc2_collection_years;
  // 0-17 population by mid-year (ONS), for rates.
  PopulationTable population;
  // The authority's settings over time.
  SettingsHistory settings;
  // The records the dataset was built from (empty when built by hand), so the next load
  // can tell which children changed since.
  PlacementRecords records;
  PlacementBuild build;
};

// The team holding the child's case at the end of day `d`: the latest team assignment
// from on or before d; with none in force then, LookedAfterChild.team.
const std::string& TeamAt(const ChildFacts& child, Date d);

// Whether the child was UASC at the end of day `d`: from its UASC periods when it has any,
// otherwise from LookedAfterChild (uasc, and not ceased on or before d).
bool IsUascAt(const ChildFacts& child, Date d);

// The child's OC2 outcomes for a collection year, if recorded.
const Oc2Facts* Oc2OutcomesFor(const ChildFacts& child, int collection_year);

// Sorts the child's recorded facts and derives its indexes. AssemblePlacementData calls it
// for every child; code that builds or changes ChildFacts by hand (tests) calls it after.
void IndexChildFacts(ChildFacts& child);

// Builds the authority-level indexes (care_spans, oc2_collection_years) from already
// indexed children.
// AssemblePlacementData calls it; so does code that sets `children` by hand.
void IndexPlacementData(PlacementData& data);

// Groups decoded records by child, orders each history and builds the indexes. Records
// were validated on ingest, so required dates are present; one that is not is skipped
// rather than guessed. When a child has several LookedAfterChild records, the last one
// given wins, except that an empty team never replaces a team (a source that does not know
// the team, such as the SSDA903 return, must not erase the case system's); so does the
// last population estimate for a year and the last settings record for a day (the store
// returns records ordered by source key; ingest rejects such clashes), and the last team
// assignment for a child and day and OC2 outcomes for a child and year.
PlacementData AssemblePlacementData(const PlacementRecords& records);

// LoadPlacementData rebuilds only the children a write touched while they are at most
// 1/kIncrementalShareDivisor of the children. An incremental build costs a fixed scan of
// every record's child id (about 1/6 of a full build) plus a share of a full build's work
// for the children rebuilt: on a large authority (9,000 children) it took 23 ms for 1,000
// changed children and 34 ms for 2,250 against 70-80 ms for a full build. Past a quarter
// the gain shrinks, and batches that large (a year's return) touch nearly every child.
inline constexpr size_t kIncrementalShareDivisor = 4;

// The authority's records as recorded at `as_at` (nullopt: now).
//
// Given `previous`, a dataset LoadPlacementData built for the same authority from the same
// store (any older or newer data version; its children as built), a current load rebuilds
// only the children named by a record added, corrected or withdrawn since `previous`
// (records the store's decoded cache hands back unchanged are the same objects), each from
// all its records exactly as AssemblePlacementData would, and shares the other children's
// facts with `previous`; the result equals a full build. It builds afresh when `as_at` is
// set, `previous` is null, or more than 1/kIncrementalShareDivisor of `previous`'s children
// changed.
[[nodiscard]] absl::StatusOr<PlacementData> LoadPlacementData(
    const VersionedRecordStore& store, const std::string& authority,
    std::optional<absl::Time> as_at, const PlacementData* previous = nullptr);

}  // namespace scorecard::placement

#endif  // SCORECARD_SERVICES_PLACEMENT_PLACEMENT_DATA_H_
