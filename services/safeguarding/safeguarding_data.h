// The safeguarding records a measure reads, decoded from the store into plain structs and
// indexed once per load: each child's records as date-ordered ranges, and each period
// measure's records in date order, so no measure searches the dataset for a child's
// records or scans every record for every month.
//
//   SCORECARD_ASSIGN_OR_RETURN(SafeguardingData data,
//                              LoadSafeguardingData(store, "869", std::nullopt));
//   for (const ChildHistory& child : data.children) {
//     for (int i : child.plans) {  // a RecordRange
//       const PlanFacts& plan = data.records.plans[i];  // in start-date order
//     }
//   }
//   // After a write, rebuild only the record kinds it changed (the others are shared):
//   SCORECARD_ASSIGN_OR_RETURN(SafeguardingData next,
//                              LoadSafeguardingData(store, "869", std::nullopt, &data));
//
// Tests build the records by hand and index them the same way the loader does:
//
//   SafeguardingRecords records;
//   records.referrals = {{"C1", Date(2017, 4, 10)}};
//   SafeguardingData data = IndexSafeguardingRecords(std::move(records));
//
// Adding a record kind: its facts in SafeguardingRecords and SafeguardingFacts, and in
// safeguarding_data.cc a KindIndex specialisation (how it decodes, sorts and indexes, and
// which dataset fields it alone fills) named in ForEachKind and SafeguardingSources;
// indexes that read several kinds are built in CombineKinds there.
#ifndef SCORECARD_SERVICES_SAFEGUARDING_SAFEGUARDING_DATA_H_
#define SCORECARD_SERVICES_SAFEGUARDING_SAFEGUARDING_DATA_H_

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/measures/population.h"
#include "common/measures/shared_figures.h"
#include "common/store/record_store.h"
#include "common/time/civil_date.h"
#include "services/safeguarding/safeguarding_settings.h"

namespace scorecard::safeguarding {

struct ContactFacts {
  std::string child_id;
  Date contact_date;
  std::string source_agency;
  // The MASH decision.
  std::optional<Date> decision_date;
  // The source record's id (header.source.id), so a drill-down can name the record.
  std::string record_id;
};

struct ReferralFacts {
  std::string child_id;
  Date referral_date;
  bool no_further_action = false;
  std::optional<Date> decision_date;
  std::string team;
  // The source record's id (header.source.id), so a drill-down can name the record.
  std::string record_id;
};

struct AssessmentFacts {
  std::string child_id;
  // CINreferralDate of the referral it follows, when known.
  std::optional<Date> referral_date;
  Date start_date;
  // Absent while the assessment is open.
  std::optional<Date> authorisation_date;
  // CIN census assessment factor codes, e.g. "11A".
  std::vector<std::string> factors;
  std::string team;
  // The source record's id (header.source.id), so a drill-down can name the record.
  std::string record_id;
};

struct Section47Facts {
  std::string child_id;
  // The strategy discussion at which the enquiry was initiated: the ICPC clock's start.
  Date strategy_discussion_date;
  std::optional<Date> icpc_date;
  bool icpc_not_required = false;
  std::optional<Date> icpc_report_shared_date;
  std::string team;
  // The source record's id (header.source.id), so a drill-down can name the record.
  std::string record_id;
};

struct PlanFacts {
  std::string child_id;
  // The plan's source id, which a review conference names in plan_source_id.
  std::string source_id;
  Date start_date;
  // Absent while the plan is open.
  std::optional<Date> end_date;
  std::string team;
  // NumberOfPreviousCPP as recorded (0 when unknown).
  int previous_plans = 0;
};

struct ReviewConferenceFacts {
  std::string child_id;
  std::string plan_source_id;
  Date conference_date;
  std::optional<Date> report_shared_date;
  // The source record's id (header.source.id), so a drill-down can name the record.
  std::string record_id;
};

struct VisitFacts {
  std::string child_id;
  Date visit_date;
  bool seen = false;
};

struct CoreGroupFacts {
  std::string child_id;
  Date meeting_date;
};

// A stretch of days for a child: looked after, privately fostered, missing, at risk of CSE.
struct ChildPeriodFacts {
  std::string child_id;
  Date start_date;
  // Absent while it lasts.
  std::optional<Date> end_date;
  // The source record's id; empty for a looked-after period (part of its CIN episode).
  std::string record_id;
};

struct CinEpisodeFacts {
  std::string child_id;
  Date start_date;
  std::optional<Date> end_date;
  bool early_intervention = false;
  std::string team;
  // When the child was looked after during the episode (child_id repeated in each).
  std::vector<ChildPeriodFacts> looked_after;
  // The source record's id (header.source.id), so a drill-down can name the record.
  std::string record_id;
};

// A referral to the LADO: about an adult working with children, so no child id.
struct LadoReferralFacts {
  std::string record_id;
  Date referral_date;
};

// Every record of the authority, as decoded, plus the population and settings in force.
struct SafeguardingRecords {
  std::vector<ContactFacts> contacts;
  std::vector<ReferralFacts> referrals;
  std::vector<AssessmentFacts> assessments;
  std::vector<Section47Facts> section47s;
  std::vector<PlanFacts> plans;
  std::vector<ReviewConferenceFacts> review_conferences;
  std::vector<VisitFacts> visits;
  std::vector<CoreGroupFacts> core_groups;
  std::vector<CinEpisodeFacts> cin_episodes;
  std::vector<LadoReferralFacts> lado_referrals;
  std::vector<ChildPeriodFacts> private_fostering;
  std::vector<ChildPeriodFacts> missing_episodes;
  std::vector<ChildPeriodFacts> cse_risks;
  PopulationTable population;
  SafeguardingSettings settings;
};

// A read-only vector that copies share: datasets built from the same records of a kind hold
// one copy of that kind's facts and indexes. Reads like a const std::vector (and converts to
// one); built from a std::vector or a braced list.
template <typename T>
class SharedVector {
 public:
  using value_type = T;
  using const_iterator = typename std::vector<T>::const_iterator;
  using iterator = const_iterator;

  SharedVector() = default;
  // Implicit, so a built vector assigns straight in.
  SharedVector(std::vector<T> items)  // NOLINT(google-explicit-constructor)
      : items_(std::make_shared<const std::vector<T>>(std::move(items))) {}
  SharedVector(std::initializer_list<T> items) : SharedVector(std::vector<T>(items)) {}

  const std::vector<T>& vector() const { return items_ != nullptr ? *items_ : Empty(); }
  operator const std::vector<T>&() const { return vector(); }  // NOLINT
  size_t size() const { return vector().size(); }
  bool empty() const { return vector().empty(); }
  const T& operator[](size_t i) const { return (*items_)[i]; }
  const T* data() const { return vector().data(); }
  const_iterator begin() const { return vector().begin(); }
  const_iterator end() const { return vector().end(); }

  // Whether both are copies of one built vector (not merely equal ones).
  bool SharesWith(const SharedVector& other) const {
    return items_ != nullptr && items_ == other.items_;
  }
  friend bool operator==(const SharedVector& a, const std::vector<T>& b) { return a.vector() == b; }

 private:
  static const std::vector<T>& Empty() {
    static const std::vector<T>* const empty = new std::vector<T>();
    return *empty;
  }

  std::shared_ptr<const std::vector<T>> items_;
};

// SafeguardingRecords as a dataset holds them: sorted (see SafeguardingData::records), each
// kind's facts shared with the other datasets built from the same records of that kind.
struct SafeguardingFacts {
  SharedVector<ContactFacts> contacts;
  SharedVector<ReferralFacts> referrals;
  SharedVector<AssessmentFacts> assessments;
  SharedVector<Section47Facts> section47s;
  SharedVector<PlanFacts> plans;
  SharedVector<ReviewConferenceFacts> review_conferences;
  SharedVector<VisitFacts> visits;
  SharedVector<CoreGroupFacts> core_groups;
  SharedVector<CinEpisodeFacts> cin_episodes;
  SharedVector<LadoReferralFacts> lado_referrals;
  SharedVector<ChildPeriodFacts> private_fostering;
  SharedVector<ChildPeriodFacts> missing_episodes;
  SharedVector<ChildPeriodFacts> cse_risks;
  PopulationTable population;
  SafeguardingSettings settings;
};

// A day as a number (days since 1970-01-01), for the month-end scans: comparing two is one
// integer comparison, where civil days compare field by field.
using DayNumber = int32_t;
[[nodiscard]] DayNumber ToDayNumber(Date d);

// Something that starts on `start` and ends on `end` (kOpen while it lasts), as day numbers.
struct DaySpan {
  static constexpr DayNumber kOpen = std::numeric_limits<DayNumber>::max();
  DayNumber start = 0;
  DayNumber end = kOpen;
};
[[nodiscard]] DaySpan ToDaySpan(Date start, std::optional<Date> end);

// Indexes [from, to) into one of SafeguardingFacts' vectors; `for (int i : range)`.
struct RecordRange {
  class Iterator {
   public:
    explicit Iterator(int i) : i_(i) {}
    int operator*() const { return i_; }
    Iterator& operator++() {
      ++i_;
      return *this;
    }
    bool operator!=(Iterator other) const { return i_ != other.i_; }

   private:
    int i_;
  };

  int from = 0;
  int to = 0;

  bool empty() const { return from == to; }
  int size() const { return to - from; }
  Iterator begin() const { return Iterator(from); }
  Iterator end() const { return Iterator(to); }
};

// One child's records. IndexSafeguardingRecords sorts each child-level record vector by
// child id, then date, so a child's records of a kind are one contiguous range, in date
// order (ties keep their order), and walking the children walks memory in order.
struct ChildHistory {
  std::string child_id;
  RecordRange referrals;               // by referral date
  RecordRange authorised_assessments;  // by authorisation date (open ones come before)
  RecordRange plans;                   // by start date
  RecordRange visits;                  // by visit date, seen or not
  RecordRange core_groups;             // by meeting date
  RecordRange cin_episodes;            // by start date
  RecordRange private_fostering;       // by start date
  RecordRange missing_episodes;        // by start date
  RecordRange cse_risks;               // by start date
};

// CIN census assessment factors that feed the volumes (DESIGN §4): child sexual
// exploitation, going missing, and private fostering (8B-8F).
inline constexpr absl::string_view kCseFactor = "11A";
inline constexpr absl::string_view kMissingFactor = "10A";
inline constexpr absl::string_view kPrivateFosteringFactors[] = {"8B", "8C", "8D", "8E", "8F"};

[[nodiscard]] bool RecordsCseFactor(const AssessmentFacts& assessment);
[[nodiscard]] bool RecordsMissingFactor(const AssessmentFacts& assessment);
[[nodiscard]] bool RecordsPrivateFosteringFactor(const AssessmentFacts& assessment);

// Those factors as bits (SafeguardingData::assessment_factors).
enum VolumeFactorBit : uint8_t {
  kPrivateFosteringFactorBit = 1 << 0,
  kMissingFactorBit = 1 << 1,
  kCseFactorBit = 1 << 2,
};

// Record indexes in order of the date a period measure selects on, records without that
// date left out, so a measure reads only its period's records: a binary search, not a scan
// of every record for every month.
struct DateOrders {
  SharedVector<int> contacts_by_contact_date;
  SharedVector<int> contacts_by_decision_date;
  SharedVector<int> referrals_by_referral_date;
  SharedVector<int> assessments_by_authorisation_date;
  SharedVector<int> section47s_by_strategy_discussion_date;
  SharedVector<int> section47s_by_icpc_date;
  SharedVector<int> plans_by_end_date;
  SharedVector<int> review_conferences_by_date;
};

// A child id with its first 8 bytes as a big-endian integer (zero-padded), which sorting
// and merging ids compare first, so that they mostly compare integers. Ordered as the ids
// are; views the id it was made from.
struct ChildKey {
  explicit ChildKey(absl::string_view child_id);
  bool operator<(const ChildKey& other) const;
  bool operator==(const ChildKey& other) const;

  uint64_t prefix = 0;
  absl::string_view id;
};

// One child's records of one kind: the child's key (viewing the kind's facts, which it is
// shared with) and their range.
struct KindChild {
  ChildKey key;
  RecordRange records;
};

// Each child-level kind's children in child id order (none without records): what a load
// merges into SafeguardingData::children, kept so that an unchanged kind is not grouped again.
struct KindChildren {
  SharedVector<KindChild> referrals;
  SharedVector<KindChild> assessments;  // open and authorised
  SharedVector<KindChild> plans;
  SharedVector<KindChild> visits;
  SharedVector<KindChild> core_groups;
  SharedVector<KindChild> cin_episodes;
  SharedVector<KindChild> private_fostering;
  SharedVector<KindChild> missing_episodes;
  SharedVector<KindChild> cse_risks;
};

// The decoded records each kind of a dataset was built from (safeguarding_data.cc).
struct SafeguardingSources;

// A child's CIN episode or plan as day numbers, for finding whose case may be open at the
// end of a day without walking every child ever recorded.
struct CaseSpan {
  DaySpan days;
  // Index into SafeguardingData::children.
  int child = 0;
};

struct SafeguardingData {
  // Child-level vectors sorted by child id, then date; LADO referrals by date;
  // contacts, S47 enquiries and review conferences keep their order.
  SafeguardingFacts records;
  // One entry per child id found in any child-level record except contacts, S47 enquiries
  // and review conferences (which no per-child rule reads), ordered by child id.
  std::vector<ChildHistory> children;
  // The children (indexes into `children`, ascending) each kind of per-child rule can
  // count, so that no measure walks every child of a large authority every month. A child
  // left out of a list has nothing the rule reads.
  std::vector<int> children_with_plans;
  // A private fostering arrangement, or an authorised assessment recording 8B-8F.
  std::vector<int> children_with_private_fostering;
  // A missing episode, or an authorised assessment recording 10A.
  std::vector<int> children_with_missing;
  // A CSE risk flag, or an authorised assessment recording 11A.
  std::vector<int> children_with_cse;
  // For each review conference, the index of the plan it reviews, or -1 when none is
  // found: the child's plan with that source id, else the child's latest-starting plan
  // with start <= conference date <= end (a review may end the plan that day).
  std::vector<int> review_plan;
  // The linked review conferences' dates, grouped by plan and ascending within a plan;
  // plan_reviews[p] is plan p's range of it.
  std::vector<Date> review_dates;
  std::vector<RecordRange> plan_reviews;
  DateOrders by_date;
  // Day spans parallel to records.plans, records.cin_episodes and records.assessments
  // (start to authorisation), so the month-end scans read a few compact integers rather
  // than whole records.
  SharedVector<DaySpan> plan_days;
  SharedVector<DaySpan> cin_episode_days;
  SharedVector<DaySpan> assessment_days;
  // For each assessment (parallel to records.assessments), the VolumeFactorBits of the
  // factors it records, so that finding the children_with_* lists compares no codes.
  SharedVector<uint8_t> assessment_factors;
  // Every CIN episode (early intervention too) and plan, ascending by end day, open ones
  // last: those open at the end of d are among the tail with end > d.
  std::vector<CaseSpan> case_spans_by_end;
  KindChildren kind_children;
  // The current records (as LoadCurrent kept them decoded) each kind was built from, so that
  // the next load reuses every kind whose records come back as the very same list; null when
  // built by hand, as at a past time, or without the store's decoded-record cache.
  std::shared_ptr<const SafeguardingSources> sources;
  // Filled by the measures as they run (safeguarding_measures.cc says what each key holds);
  // every dataset has its own, never carried over from a previous one.
  std::shared_ptr<const SharedFigures> shared = std::make_shared<SharedFigures>();
};

// Sorts the records and builds the per-child indexes and review links. O(n log n) in the
// number of records.
[[nodiscard]] SafeguardingData IndexSafeguardingRecords(SafeguardingRecords records);

// The authority's records, population and settings as recorded at `as_at` (nullopt: now),
// indexed. When two population records give the same mid-year, the one recorded later
// wins (ingest rejects two for one year in one batch).
//
// `previous`: an earlier dataset of the same authority from this function, or null. Each
// record kind whose current records are still the list `previous` was built from (the
// store's decoded-record cache hands back the same list while a kind is unchanged) is
// reused whole, its facts and indexes shared; only changed kinds are decoded and indexed
// again, then the cross-kind indexes are rebuilt. The result is what a build from scratch
// gives. Ignored for an `as_at` read.
[[nodiscard]] absl::StatusOr<SafeguardingData> LoadSafeguardingData(
    const VersionedRecordStore& store, const std::string& authority,
    std::optional<absl::Time> as_at, const SafeguardingData* previous = nullptr);

}  // namespace scorecard::safeguarding

#endif  // SCORECARD_SERVICES_SAFEGUARDING_SAFEGUARDING_DATA_H_
