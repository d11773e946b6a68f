// LoadPlacementData given the previous dataset: after a write it rebuilds only the children
// the write touched, shares every other child's facts with the previous dataset, and gives
// exactly what a full build gives; it builds afresh when it cannot or should not.
#include <google/protobuf/util/message_differencer.h>

#include <algorithm>
#include <cstddef>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/records/proto_date.h"
#include "common/records/record_io.h"
#include "gtest/gtest.h"
#include "services/placement/placement_data.h"
#include "services/placement/placement_measures.h"
#include "tests/common/store/reopen_store.h"
#include "tests/common/store/scoped_temp_dir.h"
#include "tests/services/placement/synthetic_authority.h"
#include "tests/services/random_choices.h"

namespace scorecard::placement {
namespace {

namespace cv1 = ::scorecard::common::v1;

using Batch = std::vector<std::unique_ptr<google::protobuf::Message>>;

// ---- Comparing datasets ----

// Each struct's fields as a tuple, so vectors of them compare with ==.
auto Fields(const EpisodeFacts& e) {
  return std::tie(e.start_date, e.end_date, e.reason_new_episode, e.legal_status, e.placement,
                  e.reason_ceased);
}
auto Fields(const PeriodOfCare& p) { return std::tie(p.start, p.end); }
auto Fields(const PeriodFacts& p) { return std::tie(p.first_review, p.review_lapse_after_first); }
auto Fields(const PlacementSpell& p) { return std::tie(p.start, p.end, p.placement); }
auto Fields(const UascSpan& u) { return std::tie(u.from, u.ceased); }
auto Fields(const TeamSpell& t) { return std::tie(t.from, t.team); }
auto Fields(const DateSpan& s) { return std::tie(s.start, s.end); }
auto Fields(const Oc2Facts& o) {
  return std::tie(o.collection_year, o.health_assessment_up_to_date, o.teeth_checked,
                  o.immunisations_up_to_date, o.record_id);
}
auto Fields(const AdoptionFacts& a) {
  return std::tie(a.should_be_placed_date, a.placement_order_date, a.matched_date, a.placed_date,
                  a.placed_with_adopting_foster_carer_date, a.adoption_order_date, a.record_id);
}
auto Fields(const ProceedingsFacts& p) {
  return std::tie(p.issued_date, p.concluded_date, p.record_id);
}
auto Fields(const PreProceedingsFacts& p) {
  return std::tie(p.start_date, p.end_date, p.decision_to_issue_date, p.issued_date, p.record_id);
}
auto Fields(const CarerApprovalFacts& a) { return std::tie(a.approved, a.record_id, a.carer_id); }
auto Fields(const CareSpan& s) { return std::tie(s.start, s.end, s.child, s.period); }

template <typename T>
bool SameItems(const std::vector<T>& a, const std::vector<T>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](const T& x, const T& y) { return Fields(x) == Fields(y); });
}

// Every field of ChildFacts. A field added to ChildFacts must be compared here too.
void ExpectSameChild(const ChildFacts& a, const ChildFacts& b) {
  SCOPED_TRACE(a.child_id);
  EXPECT_EQ(a.child_id, b.child_id);
  EXPECT_EQ(a.team, b.team);
  EXPECT_EQ(a.birth_date, b.birth_date);
  EXPECT_EQ(a.uasc, b.uasc);
  EXPECT_EQ(a.uasc_ceased_date, b.uasc_ceased_date);
  EXPECT_TRUE(SameItems(a.uasc_periods, b.uasc_periods)) << "uasc_periods";
  EXPECT_TRUE(SameItems(a.team_assignments, b.team_assignments)) << "team_assignments";
  EXPECT_TRUE(SameItems(a.oc2_outcomes, b.oc2_outcomes)) << "oc2_outcomes";
  EXPECT_TRUE(SameItems(a.episodes, b.episodes)) << "episodes";
  EXPECT_EQ(a.review_dates, b.review_dates);
  EXPECT_EQ(a.visit_dates, b.visit_dates);
  EXPECT_EQ(a.health_assessment_dates, b.health_assessment_dates);
  EXPECT_EQ(a.dental_check_dates, b.dental_check_dates);
  EXPECT_TRUE(SameItems(a.adoptions, b.adoptions)) << "adoptions";
  EXPECT_TRUE(SameItems(a.proceedings, b.proceedings)) << "proceedings";
  EXPECT_TRUE(SameItems(a.pre_proceedings, b.pre_proceedings)) << "pre_proceedings";
  EXPECT_TRUE(SameItems(a.periods, b.periods)) << "periods";
  EXPECT_TRUE(SameItems(a.period_facts, b.period_facts)) << "period_facts";
  EXPECT_TRUE(SameItems(a.placements, b.placements)) << "placements";
  EXPECT_EQ(a.health_assessment_next_due, b.health_assessment_next_due);
  EXPECT_EQ(a.dental_check_next_due, b.dental_check_next_due);
  EXPECT_EQ(a.care_start_dates, b.care_start_dates);
  EXPECT_EQ(a.care_exit_dates, b.care_exit_dates);
  EXPECT_TRUE(SameItems(a.short_breaks, b.short_breaks)) << "short_breaks";
  EXPECT_EQ(a.review_ids, b.review_ids);
  EXPECT_EQ(a.visit_ids, b.visit_ids);
  EXPECT_EQ(a.health_assessment_ids, b.health_assessment_ids);
  EXPECT_EQ(a.dental_check_ids, b.dental_check_ids);
}

// Every child (in order) and every authority-level fact and index.
void ExpectSameData(const PlacementData& a, const PlacementData& b) {
  ASSERT_EQ(a.children.size(), b.children.size());
  for (size_t i = 0; i < a.children.size(); ++i) ExpectSameChild(a.children[i], b.children[i]);
  EXPECT_TRUE(SameItems(a.care_spans, b.care_spans)) << "care_spans";
  EXPECT_EQ(a.care_spans_for_children, b.care_spans_for_children);
  EXPECT_TRUE(SameItems(a.foster_carer_approvals, b.foster_carer_approvals));
  EXPECT_TRUE(SameItems(a.adopter_approvals, b.adopter_approvals));
  EXPECT_TRUE(SameItems(a.short_break_carer_approvals, b.short_break_carer_approvals));
  EXPECT_EQ(a.oc2_collection_years, b.oc2_collection_years);
}

// Every placement measure over the 24 months to March 2017.
cv1::GetMeasuresResponse AllMeasures(const PlacementData& data) {
  cv1::GetMeasuresRequest request;
  request.set_authority("869");
  request.mutable_from_month()->set_year(2015);
  request.mutable_from_month()->set_month(4);
  request.mutable_to_month()->set_year(2017);
  request.mutable_to_month()->set_month(3);
  absl::StatusOr<MeasureQuery> query = PlacementMeasures().Prepare(request);
  EXPECT_TRUE(query.ok()) << query.status();
  if (!query.ok()) return {};
  return PlacementMeasures().Compute(data, *query, WorkingDayCalendar::EnglandAndWales());
}

void ExpectSameMeasures(const PlacementData& a, const PlacementData& b) {
  google::protobuf::util::MessageDifferencer differ;
  std::string differences;
  differ.ReportDifferencesToString(&differences);
  const cv1::GetMeasuresResponse first = AllMeasures(a);
  EXPECT_GT(first.values_size(), 24 * 20);
  EXPECT_TRUE(differ.Compare(first, AllMeasures(b))) << differences;
}

// ---- Writing records ----

cv1::RecordHeader Header(const std::string& system, const std::string& id) {
  cv1::RecordHeader h;
  h.set_authority("869");
  h.mutable_source()->set_system(system);
  h.mutable_source()->set_id(id);
  return h;
}

// Random record contents, overwriting what a record held (a correction) or filling a new
// one. Dates fall in 2012-2017, so most land in or near the 24 months measured.
class RandomContent : public RandomChoices {
 public:
  using RandomChoices::RandomChoices;

  cv1::Date Day() { return ToProtoDate(Date(2012, 1, 1) + Uniform(0, 5 * 365)); }
  void MaybeDay(cv1::Date* day, double p = 0.6) {
    if (Chance(p)) {
      *day = Day();
    } else {
      day->Clear();
    }
  }

  void Fill(v1::LookedAfterChild& c) {
    c.clear_birth_date();
    MaybeDay(c.mutable_birth_date(), 0.9);
    c.set_uasc(Chance(0.2));
    c.clear_uasc_ceased_date();
    if (c.uasc()) MaybeDay(c.mutable_uasc_ceased_date(), 0.3);
    c.set_team(Pick<std::string>({"", "CLA", "DCT"}));
  }
  void Fill(v1::Episode& e) {
    MaybeDay(e.mutable_start_date(), 0.95);  // else skipped by the build
    e.set_reason_new_episode(Pick<std::string>({"S", "P", "L", "B"}));
    e.set_legal_status(Pick<std::string>({"C2", "V2", "V3", "E1"}));
    e.set_placement(Pick<std::string>({"U1", "U4", "U6", "A5"}));
    e.clear_end_date();
    e.clear_reason_ceased();
    if (e.has_start_date() && Chance(0.6)) {
      *e.mutable_end_date() = ToProtoDate(*FromProtoDate(e.start_date()) + Uniform(0, 400));
      e.set_reason_ceased(Pick<std::string>({"X1", "E13", "E8"}));
    }
  }
  void Fill(v1::LacReview& r) { *r.mutable_review_date() = Day(); }
  void Fill(v1::LacVisit& v) {
    *v.mutable_visit_date() = Day();
    v.set_seen(Chance(0.8));
  }
  void Fill(v1::HealthCheck& h) {
    h.set_kind(static_cast<v1::HealthCheckKind>(Uniform(1, 3)));
    *h.mutable_check_date() = Day();
  }
  void Fill(v1::AdoptionMilestones& a) {
    MaybeDay(a.mutable_should_be_placed_date());
    MaybeDay(a.mutable_placement_order_date());
    MaybeDay(a.mutable_matched_date());
    MaybeDay(a.mutable_placed_date());
    MaybeDay(a.mutable_placed_with_adopting_foster_carer_date(), 0.2);
    MaybeDay(a.mutable_adoption_order_date());
  }
  void Fill(v1::CareProceedings& p) {
    *p.mutable_issued_date() = Day();
    MaybeDay(p.mutable_concluded_date());
  }
  void Fill(v1::PreProceedings& p) {
    *p.mutable_start_date() = Day();
    MaybeDay(p.mutable_end_date(), 0.3);
    MaybeDay(p.mutable_decision_to_issue_date(), 0.5);
    MaybeDay(p.mutable_issued_date(), 0.3);
  }
  void Fill(v1::UascPeriod& u) {
    MaybeDay(u.mutable_from_date(), 0.7);
    MaybeDay(u.mutable_ceased_date(), 0.5);
  }
  void Fill(v1::ChildTeamAssignment& t) {
    *t.mutable_from_date() = Day();
    t.set_team(Pick<std::string>({"", "CLA", "DCT"}));  // an empty team is skipped
  }
  void Fill(v1::Oc2Outcomes& o) {
    o.set_collection_year(Uniform(2014, 2016));
    const auto flag = [this](void (v1::Oc2Outcomes::*set)(bool), void (v1::Oc2Outcomes::*clear)(),
                             v1::Oc2Outcomes& record) {
      if (Chance(0.2)) {
        (record.*clear)();
      } else {
        (record.*set)(Chance(0.7));
      }
    };
    flag(&v1::Oc2Outcomes::set_health_assessment_up_to_date,
         &v1::Oc2Outcomes::clear_health_assessment_up_to_date, o);
    flag(&v1::Oc2Outcomes::set_teeth_checked, &v1::Oc2Outcomes::clear_teeth_checked, o);
    flag(&v1::Oc2Outcomes::set_immunisations_up_to_date,
         &v1::Oc2Outcomes::clear_immunisations_up_to_date, o);
  }
  void Fill(v1::CarerApproval& a) {
    a.set_kind(static_cast<v1::CarerKind>(Uniform(1, 3)));
    *a.mutable_approval_date() = Day();
    a.set_carer_id(Chance(0.7) ? absl::StrCat("HH-", Uniform(1, 50)) : "");
  }
  void Fill(cv1::PopulationEstimate& p) { p.set_population_0_17(Uniform(200000, 300000)); }
  void Fill(v1::PlacementSettings& s) {
    *s.mutable_effective_from() = Day();
    s.set_lac_visit_interval_weeks(Uniform(4, 6));
  }

 private:
};

// Calls `f` with the child-level kind numbered `kind` (0 to kChildKinds - 1).
constexpr int kChildKinds = 11;
template <typename F>
void WithChildKind(const PlacementRecords& r, int kind, F&& f) {
  switch (kind) {
    case 0:
      return f(r.children);
    case 1:
      return f(r.episodes);
    case 2:
      return f(r.reviews);
    case 3:
      return f(r.visits);
    case 4:
      return f(r.health_checks);
    case 5:
      return f(r.adoptions);
    case 6:
      return f(r.proceedings);
    case 7:
      return f(r.pre_proceedings);
    case 8:
      return f(r.uasc_periods);
    case 9:
      return f(r.team_assignments);
    default:
      return f(r.oc2_outcomes);
  }
}

// The shapes of write the property test makes, counted so it can check each happened.
enum Shape {
  kNewRecord,
  kCorrection,
  kMovedToOtherChild,
  kWithdrawal,
  kNewChild,
  kChildLosesAll,
  kAuthorityLevel,
  kShapes
};

// Random write batches against an authority's current records.
class RandomWrites {
 public:
  explicit RandomWrites(unsigned seed) : content_(seed) {}

  // 1-6 writes of random shapes; `now` is what the store holds, `children` its children.
  Batch Next(const PlacementRecords& now, const ChildList& children) {
    Batch batch;
    const int writes = content_.Uniform(1, 6);
    for (int w = 0; w < writes; ++w) {
      const Shape shape = static_cast<Shape>(content_.Uniform(0, kShapes - 1));
      ++made_[shape];
      const std::string& child =
          children[content_.Uniform(0, static_cast<int>(children.size()) - 1)].child_id;
      switch (shape) {
        case kNewRecord:
          WithChildKind(now, content_.Uniform(0, kChildKinds - 1),
                        [&](const auto& list) { AddNew(list, child, batch); });
          break;
        case kCorrection:
        case kMovedToOtherChild:
        case kWithdrawal:
          WithChildKind(now, content_.Uniform(0, kChildKinds - 1), [&](const auto& list) {
            if (list.empty()) return;
            auto record = Copy(list[content_.Uniform(0, static_cast<int>(list.size()) - 1)]);
            if (shape == kWithdrawal) {
              record->mutable_header()->set_deleted(true);
            } else {
              content_.Fill(*record);
              if (shape == kMovedToOtherChild) record->set_child_id(child);
            }
            batch.push_back(std::move(record));
          });
          break;
        case kNewChild: {
          const std::string id = absl::StrCat("N", ++serial_);
          AddNew(now.children, id, batch);
          AddNew(now.episodes, id, batch);
          AddNew(now.visits, id, batch);
          AddNew(now.reviews, id, batch);
          break;
        }
        case kChildLosesAll:
          for (int kind = 0; kind < kChildKinds; ++kind) {
            WithChildKind(now, kind, [&](const auto& list) {
              for (const auto& r : list) {
                if (r.child_id() != child) continue;
                auto record = Copy(r);
                record->mutable_header()->set_deleted(true);
                batch.push_back(std::move(record));
              }
            });
          }
          break;
        case kAuthorityLevel:
          CorrectOrAdd(now.carer_approvals, batch);
          CorrectOrAdd(now.populations, batch);
          CorrectOrAdd(now.settings, batch);
          break;
        case kShapes:
          break;
      }
    }
    return batch;
  }

  int made(Shape shape) const { return made_[shape]; }

 private:
  template <typename R>
  static std::unique_ptr<R> Copy(const R& record) {
    return std::make_unique<R>(record);
  }

  template <typename R>
  void AddNew(const RecordList<R>& /*kind*/, const std::string& child, Batch& batch) {
    auto record = std::make_unique<R>();
    *record->mutable_header() =
        Header(content_.Chance(0.5) ? "mosaic" : "ssda903", absl::StrCat("w-", ++serial_));
    record->set_child_id(child);
    content_.Fill(*record);
    batch.push_back(std::move(record));
  }

  template <typename R>
  void CorrectOrAdd(const RecordList<R>& list, Batch& batch) {
    std::unique_ptr<R> record;
    if (!list.empty() && content_.Chance(0.7)) {
      record = Copy(list[content_.Uniform(0, static_cast<int>(list.size()) - 1)]);
    } else {
      record = std::make_unique<R>();
      *record->mutable_header() = Header("mosaic", absl::StrCat("w-", ++serial_));
    }
    content_.Fill(*record);
    batch.push_back(std::move(record));
  }

  RandomContent content_;
  int serial_ = 0;
  int made_[kShapes] = {};
};

// ---- The store ----

class PlacementIncrementalTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(RecordStoreOptions().decoded_cache_max_bytes); }

  void Open(size_t decoded_cache_max_bytes) {
    ASSERT_TRUE(dir_.ok());
    const absl::Status opened =
        ReopenStore(dir_.File("placement.db"), decoded_cache_max_bytes, store_);
    ASSERT_TRUE(opened.ok()) << opened;
  }

  // A synthetic authority of about `entries_per_year` * 10 children.
  absl::Time WriteAuthority(int entries_per_year) {
    const PlacementRecords r = testutil::SyntheticAuthority(903).Generate(
        Date(2007, 4, 1), Date(2017, 3, 31), entries_per_year);
    std::vector<const google::protobuf::Message*> all;
    const auto add = [&all](const auto& list) {
      for (const auto& record : list) all.push_back(&record);
    };
    add(r.children);
    add(r.episodes);
    add(r.reviews);
    add(r.visits);
    add(r.health_checks);
    add(r.adoptions);
    add(r.proceedings);
    add(r.pre_proceedings);
    add(r.carer_approvals);
    add(r.populations);
    add(r.settings);
    add(r.uasc_periods);
    add(r.team_assignments);
    add(r.oc2_outcomes);
    return Write(all);
  }

  // When the batch was recorded.
  absl::Time Write(const std::vector<const google::protobuf::Message*>& records) {
    absl::StatusOr<cv1::IngestResponse> done = AppendRecords(*store_, records);
    EXPECT_TRUE(done.ok()) << done.status();
    if (!done.ok()) return absl::InfinitePast();
    return absl::FromUnixSeconds(done->recorded_at().seconds()) +
           absl::Nanoseconds(done->recorded_at().nanos());
  }

  void Write(const Batch& batch) {
    std::vector<const google::protobuf::Message*> records;
    for (const auto& r : batch) records.push_back(r.get());
    Write(records);
  }

  PlacementData Load(const PlacementData* previous,
                     std::optional<absl::Time> as_at = std::nullopt) {
    absl::StatusOr<PlacementData> data = LoadPlacementData(*store_, "869", as_at, previous);
    EXPECT_TRUE(data.ok()) << data.status();
    return data.ok() ? *std::move(data) : PlacementData();
  }

  // A new seen visit to `child` on `day`.
  void WriteVisit(const std::string& id, const std::string& child, Date day) {
    v1::LacVisit visit;
    *visit.mutable_header() = Header("mosaic", id);
    visit.set_child_id(child);
    *visit.mutable_visit_date() = ToProtoDate(day);
    visit.set_seen(true);
    Write({&visit});
  }

  // Whether `a` and `b` share the facts of the child at `i` (the same object).
  static bool SharesChild(const PlacementData& a, const PlacementData& b, size_t i) {
    return a.children.SharedAt(i).get() == b.children.SharedAt(i).get();
  }

  ScopedTempDir dir_;
  std::unique_ptr<VersionedRecordStore> store_;
};

TEST(ChildListTest, CopiesShareFactsAndMutableChangesOnlyItsOwnList) {
  ChildFacts a;
  a.child_id = "A";
  ChildFacts b;
  b.child_id = "B";
  ChildList list = {a, b};
  const ChildList copy = list;
  EXPECT_EQ(&copy[0], &list[0]);

  list.Mutable(0).team = "DCT";
  EXPECT_EQ(list[0].team, "DCT");
  EXPECT_EQ(copy[0].team, "");
  EXPECT_NE(&copy[0], &list[0]);
  EXPECT_EQ(&copy[1], &list[1]);
  std::vector<std::string> ids;
  for (const ChildFacts& c : list) ids.push_back(c.child_id);
  EXPECT_EQ(ids, (std::vector<std::string>{"A", "B"}));
}

TEST_F(PlacementIncrementalTest, RandomWritesGiveWhatAFullBuildGives) {
  WriteAuthority(/*entries_per_year=*/40);
  PlacementData current = Load(nullptr);
  ASSERT_GT(current.children.size(), 300u);
  RandomWrites writes(/*seed=*/17);
  std::set<size_t> sizes_seen;
  int incremental_builds = 0;
  for (int round = 0; round < 30; ++round) {
    SCOPED_TRACE(absl::StrCat("batch ", round));
    Write(writes.Next(current.records, current.children));
    PlacementData incremental = Load(&current);
    const PlacementData full = Load(nullptr);
    incremental_builds += incremental.build.incremental;
    EXPECT_FALSE(full.build.incremental);
    ExpectSameData(incremental, full);
    ExpectSameMeasures(incremental, full);
    sizes_seen.insert(full.children.size());
    current = std::move(incremental);  // the next round builds on an incremental build
    if (HasFatalFailure()) return;
  }
  // Most builds were incremental. Not all: once a kind's list has shared records through
  // kMaxSharedArenas reloads, LoadCurrent parses it afresh (new objects), and every child
  // then looks changed.
  EXPECT_GE(incremental_builds, 24);
  for (int shape = 0; shape < kShapes; ++shape) {
    EXPECT_GT(writes.made(static_cast<Shape>(shape)), 0) << "shape " << shape;
  }
  EXPECT_GT(sizes_seen.size(), 2u);  // children came and went
}

TEST_F(PlacementIncrementalTest, RebuildsOnlyTheTouchedChild) {
  WriteAuthority(/*entries_per_year=*/20);
  const PlacementData previous = Load(nullptr);
  ASSERT_GT(previous.children.size(), 100u);
  const size_t touched = previous.children.size() / 2;
  const std::string child = previous.children[touched].child_id;

  // After every generated visit (none is after 31/03/2017), so last in the child's list.
  WriteVisit("visit-new", child, Date(2017, 6, 30));
  const PlacementData next = Load(&previous);

  EXPECT_TRUE(next.build.incremental);
  EXPECT_EQ(next.build.children_rebuilt, 1u);
  ASSERT_EQ(next.children.size(), previous.children.size());
  for (size_t i = 0; i < next.children.size(); ++i) {
    EXPECT_EQ(SharesChild(next, previous, i), i != touched) << previous.children[i].child_id;
  }
  const ChildFacts& facts = next.children[touched];
  EXPECT_EQ(facts.child_id, child);
  EXPECT_EQ(facts.visit_dates.back(), Date(2017, 6, 30));
  EXPECT_EQ(facts.visit_ids.back(), "visit-new");
  EXPECT_EQ(facts.visit_dates.size(), previous.children[touched].visit_dates.size() + 1);
  ExpectSameData(next, Load(nullptr));
}

TEST_F(PlacementIncrementalTest, NewChildIsInsertedInIdOrderAndAWithdrawnOneLeaves) {
  WriteAuthority(/*entries_per_year=*/20);
  const PlacementData previous = Load(nullptr);
  // "C1" sorts between "C0" and "C10": a child "C0a" goes right after "C0".
  ASSERT_EQ(previous.children[0].child_id, "C0");
  WriteVisit("visit-new-child", "C0a", Date(2017, 1, 10));
  const PlacementData added = Load(&previous);
  ASSERT_TRUE(added.build.incremental);
  ASSERT_EQ(added.children.size(), previous.children.size() + 1);
  EXPECT_EQ(added.children[1].child_id, "C0a");
  EXPECT_TRUE(SharesChild(added, previous, 0));
  EXPECT_EQ(added.children[2].child_id, previous.children[1].child_id);

  v1::LacVisit withdrawn;
  *withdrawn.mutable_header() = Header("mosaic", "visit-new-child");
  withdrawn.mutable_header()->set_deleted(true);
  withdrawn.set_child_id("C0a");
  Write({&withdrawn});
  const PlacementData removed = Load(&added);
  ASSERT_TRUE(removed.build.incremental);
  EXPECT_EQ(removed.build.children_rebuilt, 0u);
  ASSERT_EQ(removed.children.size(), previous.children.size());
  EXPECT_EQ(removed.children[1].child_id, previous.children[1].child_id);
  ExpectSameData(removed, previous);
}

TEST_F(PlacementIncrementalTest, WithoutAPreviousDatasetBuildsAfresh) {
  WriteAuthority(/*entries_per_year=*/10);
  const PlacementData data = Load(nullptr);
  EXPECT_FALSE(data.build.incremental);
  EXPECT_EQ(data.build.children_rebuilt, data.children.size());
}

TEST_F(PlacementIncrementalTest, AsAtReadBuildsAfreshFromTheRecordsThen) {
  // Each batch is recorded strictly after the one before, so `then` shows only this one.
  const absl::Time then = WriteAuthority(/*entries_per_year=*/10);
  const PlacementData before = Load(nullptr);
  const std::string child = before.children[0].child_id;
  WriteVisit("visit-later", child, Date(2017, 3, 30));
  const PlacementData now = Load(&before);
  ASSERT_TRUE(now.build.incremental);

  // Given the newer dataset, a read as at `then` must still not see the later visit.
  const PlacementData as_then = Load(&now, then);
  EXPECT_FALSE(as_then.build.incremental);
  EXPECT_EQ(as_then.children[0].visit_dates, before.children[0].visit_dates);
  ExpectSameData(as_then, before);
}

TEST_F(PlacementIncrementalTest, ManyChangedChildrenBuildAfresh) {
  WriteAuthority(/*entries_per_year=*/10);
  const PlacementData previous = Load(nullptr);
  const size_t limit = previous.children.size() / kIncrementalShareDivisor;
  ASSERT_GT(limit, 2u);
  // One visit each for the first `limit` children: still incremental.
  std::vector<v1::LacVisit> visits(limit + 1);
  std::vector<const google::protobuf::Message*> batch;
  for (size_t i = 0; i < limit; ++i) {
    *visits[i].mutable_header() = Header("mosaic", absl::StrCat("bulk-", i));
    visits[i].set_child_id(previous.children[i].child_id);
    *visits[i].mutable_visit_date() = ToProtoDate(Date(2017, 2, 1));
    visits[i].set_seen(true);
    batch.push_back(&visits[i]);
  }
  Write(batch);
  const PlacementData at_limit = Load(&previous);
  EXPECT_TRUE(at_limit.build.incremental);
  EXPECT_EQ(at_limit.build.children_rebuilt, limit);

  // Against the same previous dataset, one more child is too many.
  visits[limit] = visits[0];
  visits[limit].mutable_header()->mutable_source()->set_id("bulk-extra");
  visits[limit].set_child_id(previous.children[limit].child_id);
  Write({&visits[limit]});
  const PlacementData over = Load(&previous);
  EXPECT_FALSE(over.build.incremental);
  EXPECT_EQ(over.build.children_rebuilt, over.children.size());
  ExpectSameData(over, Load(&at_limit));
}

TEST_F(PlacementIncrementalTest, RecordsParsedAfreshShareNothingSoBuildAfresh) {
  // Without the decoded cache every load parses new objects: every record looks changed.
  Open(/*decoded_cache_max_bytes=*/0);
  WriteAuthority(/*entries_per_year=*/10);
  const PlacementData previous = Load(nullptr);
  const PlacementData next = Load(&previous);
  EXPECT_FALSE(next.build.incremental);
  ExpectSameData(next, previous);
}

}  // namespace
}  // namespace scorecard::placement
