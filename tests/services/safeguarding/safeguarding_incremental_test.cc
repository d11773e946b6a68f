// LoadSafeguardingData given the previous dataset: after a write it decodes and indexes again
// only the record kinds the write changed, shares every other kind's facts and indexes with
// the previous dataset, and gives exactly what a full build gives.
#include <google/protobuf/util/message_differencer.h>

#include <algorithm>
#include <cstddef>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/measures/drill_down.h"
#include "common/records/proto_date.h"
#include "common/records/record_io.h"
#include "common/time/working_days.h"
#include "gtest/gtest.h"
#include "services/safeguarding/safeguarding_data.h"
#include "services/safeguarding/safeguarding_measures.h"
#include "tests/common/store/reopen_store.h"
#include "tests/common/store/scoped_temp_dir.h"
#include "tests/services/random_choices.h"
#include "tests/services/safeguarding/safeguarding_test_util.h"

namespace scorecard::safeguarding {
namespace {

namespace cv1 = ::scorecard::common::v1;

using Batch = std::vector<std::unique_ptr<google::protobuf::Message>>;

// ---- Comparing datasets ----

// Each struct's fields as a tuple, so vectors of them compare with ==.
auto Fields(const ContactFacts& f) {
  return std::tie(f.child_id, f.contact_date, f.source_agency, f.decision_date, f.record_id);
}
auto Fields(const ReferralFacts& f) {
  return std::tie(f.child_id, f.referral_date, f.no_further_action, f.decision_date, f.team,
                  f.record_id);
}
auto Fields(const AssessmentFacts& f) {
  return std::tie(f.child_id, f.referral_date, f.start_date, f.authorisation_date, f.factors,
                  f.team, f.record_id);
}
auto Fields(const Section47Facts& f) {
  return std::tie(f.child_id, f.strategy_discussion_date, f.icpc_date, f.icpc_not_required,
                  f.icpc_report_shared_date, f.team, f.record_id);
}
auto Fields(const PlanFacts& f) {
  return std::tie(f.child_id, f.source_id, f.start_date, f.end_date, f.team, f.previous_plans);
}
auto Fields(const ReviewConferenceFacts& f) {
  return std::tie(f.child_id, f.plan_source_id, f.conference_date, f.report_shared_date,
                  f.record_id);
}
auto Fields(const VisitFacts& f) { return std::tie(f.child_id, f.visit_date, f.seen); }
auto Fields(const CoreGroupFacts& f) { return std::tie(f.child_id, f.meeting_date); }
auto Fields(const ChildPeriodFacts& f) {
  return std::tie(f.child_id, f.start_date, f.end_date, f.record_id);
}
auto Fields(const LadoReferralFacts& f) { return std::tie(f.record_id, f.referral_date); }
auto Fields(const RecordRange& r) { return std::tie(r.from, r.to); }
auto Fields(const DaySpan& s) { return std::tie(s.start, s.end); }
auto Fields(const CaseSpan& s) { return std::make_tuple(s.days.start, s.days.end, s.child); }
auto Fields(const KindChild& c) {
  return std::make_tuple(c.key.id, c.key.prefix, c.records.from, c.records.to);
}

template <typename T>
bool Same(const T& a, const T& b) {
  return Fields(a) == Fields(b);
}
bool Same(const CinEpisodeFacts& a, const CinEpisodeFacts& b);

template <typename T>
bool SameItems(const std::vector<T>& a, const std::vector<T>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](const T& x, const T& y) { return Same(x, y); });
}

bool Same(const CinEpisodeFacts& a, const CinEpisodeFacts& b) {
  return std::tie(a.child_id, a.start_date, a.end_date, a.early_intervention, a.team,
                  a.record_id) == std::tie(b.child_id, b.start_date, b.end_date,
                                           b.early_intervention, b.team, b.record_id) &&
         SameItems(a.looked_after, b.looked_after);
}

void ExpectSameChild(const ChildHistory& a, const ChildHistory& b) {
  SCOPED_TRACE(a.child_id);
  EXPECT_EQ(a.child_id, b.child_id);
  for (RecordRange ChildHistory::*range :
       {&ChildHistory::referrals, &ChildHistory::authorised_assessments, &ChildHistory::plans,
        &ChildHistory::visits, &ChildHistory::core_groups, &ChildHistory::cin_episodes,
        &ChildHistory::private_fostering, &ChildHistory::missing_episodes,
        &ChildHistory::cse_risks}) {
    EXPECT_TRUE(Same(a.*range, b.*range));
  }
}

// Every fact (in order), every index and the population and settings. A field added to
// SafeguardingData must be compared here too.
void ExpectSameData(const SafeguardingData& a, const SafeguardingData& b) {
  const SafeguardingFacts& r = a.records;
  const SafeguardingFacts& s = b.records;
  EXPECT_TRUE(SameItems(r.contacts.vector(), s.contacts.vector())) << "contacts";
  EXPECT_TRUE(SameItems(r.referrals.vector(), s.referrals.vector())) << "referrals";
  EXPECT_TRUE(SameItems(r.assessments.vector(), s.assessments.vector())) << "assessments";
  EXPECT_TRUE(SameItems(r.section47s.vector(), s.section47s.vector())) << "section47s";
  EXPECT_TRUE(SameItems(r.plans.vector(), s.plans.vector())) << "plans";
  EXPECT_TRUE(SameItems(r.review_conferences.vector(), s.review_conferences.vector()))
      << "review_conferences";
  EXPECT_TRUE(SameItems(r.visits.vector(), s.visits.vector())) << "visits";
  EXPECT_TRUE(SameItems(r.core_groups.vector(), s.core_groups.vector())) << "core_groups";
  EXPECT_TRUE(SameItems(r.cin_episodes.vector(), s.cin_episodes.vector())) << "cin_episodes";
  EXPECT_TRUE(SameItems(r.lado_referrals.vector(), s.lado_referrals.vector())) << "lado";
  EXPECT_TRUE(SameItems(r.private_fostering.vector(), s.private_fostering.vector()))
      << "private_fostering";
  EXPECT_TRUE(SameItems(r.missing_episodes.vector(), s.missing_episodes.vector()))
      << "missing_episodes";
  EXPECT_TRUE(SameItems(r.cse_risks.vector(), s.cse_risks.vector())) << "cse_risks";
  for (int year = 2012; year <= 2018; ++year) {
    EXPECT_EQ(r.population.ForMonth(Month(year, 1)), s.population.ForMonth(Month(year, 1)));
  }
  EXPECT_EQ(r.settings.assessment_clock, s.settings.assessment_clock);
  EXPECT_EQ(r.settings.cp_visit_interval_working_days, s.settings.cp_visit_interval_working_days);
  EXPECT_EQ(r.settings.icpc_report_lead_working_days, s.settings.icpc_report_lead_working_days);
  EXPECT_EQ(r.settings.rcpc_report_lead_working_days, s.settings.rcpc_report_lead_working_days);
  EXPECT_EQ(r.settings.core_group_interval_weeks, s.settings.core_group_interval_weeks);
  EXPECT_EQ(r.settings.first_core_group_working_days, s.settings.first_core_group_working_days);

  ASSERT_EQ(a.children.size(), b.children.size());
  for (size_t i = 0; i < a.children.size(); ++i) ExpectSameChild(a.children[i], b.children[i]);
  EXPECT_EQ(a.children_with_plans, b.children_with_plans);
  EXPECT_EQ(a.children_with_private_fostering, b.children_with_private_fostering);
  EXPECT_EQ(a.children_with_missing, b.children_with_missing);
  EXPECT_EQ(a.children_with_cse, b.children_with_cse);
  EXPECT_EQ(a.review_plan, b.review_plan);
  EXPECT_EQ(a.review_dates, b.review_dates);
  EXPECT_TRUE(SameItems(a.plan_reviews, b.plan_reviews)) << "plan_reviews";
  const DateOrders& x = a.by_date;
  const DateOrders& y = b.by_date;
  EXPECT_EQ(x.contacts_by_contact_date, y.contacts_by_contact_date.vector());
  EXPECT_EQ(x.contacts_by_decision_date, y.contacts_by_decision_date.vector());
  EXPECT_EQ(x.referrals_by_referral_date, y.referrals_by_referral_date.vector());
  EXPECT_EQ(x.assessments_by_authorisation_date, y.assessments_by_authorisation_date.vector());
  EXPECT_EQ(x.section47s_by_strategy_discussion_date,
            y.section47s_by_strategy_discussion_date.vector());
  EXPECT_EQ(x.section47s_by_icpc_date, y.section47s_by_icpc_date.vector());
  EXPECT_EQ(x.plans_by_end_date, y.plans_by_end_date.vector());
  EXPECT_EQ(x.review_conferences_by_date, y.review_conferences_by_date.vector());
  EXPECT_TRUE(SameItems(a.plan_days.vector(), b.plan_days.vector())) << "plan_days";
  EXPECT_TRUE(SameItems(a.cin_episode_days.vector(), b.cin_episode_days.vector()));
  EXPECT_TRUE(SameItems(a.assessment_days.vector(), b.assessment_days.vector()));
  EXPECT_EQ(a.assessment_factors, b.assessment_factors.vector());
  EXPECT_TRUE(SameItems(a.case_spans_by_end, b.case_spans_by_end)) << "case_spans_by_end";
  const KindChildren& k = a.kind_children;
  const KindChildren& l = b.kind_children;
  for (SharedVector<KindChild> KindChildren::*kind :
       {&KindChildren::referrals, &KindChildren::assessments, &KindChildren::plans,
        &KindChildren::visits, &KindChildren::core_groups, &KindChildren::cin_episodes,
        &KindChildren::private_fostering, &KindChildren::missing_episodes,
        &KindChildren::cse_risks}) {
    EXPECT_TRUE(SameItems((k.*kind).vector(), (l.*kind).vector())) << "kind_children";
  }
}

// Every safeguarding measure over the 24 months to March 2017.
cv1::GetMeasuresResponse AllMeasures(const SafeguardingData& data) {
  cv1::GetMeasuresRequest request;
  request.set_authority("869");
  request.mutable_from_month()->set_year(2015);
  request.mutable_from_month()->set_month(4);
  request.mutable_to_month()->set_year(2017);
  request.mutable_to_month()->set_month(3);
  absl::StatusOr<MeasureQuery> query = SafeguardingMeasures().Prepare(request);
  EXPECT_TRUE(query.ok()) << query.status();
  if (!query.ok()) return {};
  return SafeguardingMeasures().Compute(data, *query, WorkingDayCalendar::EnglandAndWales());
}

// A figure and the cases behind it, as the service would send them.
cv1::DrillDownResponse DrillDown(const SafeguardingData& data, const std::string& measure,
                                 Month month) {
  cv1::DrillDownRequest request;
  request.set_authority("869");
  request.set_measure_id(measure);
  request.mutable_month()->set_year(month.year());
  request.mutable_month()->set_month(month.month());
  absl::StatusOr<MeasureQuery> query = SafeguardingMeasures().PrepareDrillDown(request);
  EXPECT_TRUE(query.ok()) << measure << ": " << query.status();
  if (!query.ok()) return {};
  const DrillDownResult result =
      SafeguardingMeasures().DrillDown(data, *query, WorkingDayCalendar::EnglandAndWales());
  cv1::DrillDownResponse response;
  *response.mutable_value() = result.value;
  for (const CaseRow& row : result.cases) *response.add_cases() = ToProto(row);
  return response;
}

// Measures whose drill-downs read the per-child ranges, review links, case spans, factor
// bits and date orders between them.
const char* const kDrilledMeasures[] = {"safeguarding.cp_visits_within_10wd",
                                        "safeguarding.cp_reviews_on_time",
                                        "safeguarding.cin_count",
                                        "safeguarding.rereferrals_within_12m",
                                        "safeguarding.missing_children",
                                        "safeguarding.private_fostering",
                                        "safeguarding.cse_risk",
                                        "safeguarding.contacts",
                                        "safeguarding.lado_referrals",
                                        "safeguarding.core_groups_within_6w"};

void ExpectSameMeasures(const SafeguardingData& a, const SafeguardingData& b) {
  google::protobuf::util::MessageDifferencer differ;
  std::string differences;
  differ.ReportDifferencesToString(&differences);
  const cv1::GetMeasuresResponse first = AllMeasures(a);
  EXPECT_GT(first.values_size(), 24 * 30);
  EXPECT_TRUE(differ.Compare(first, AllMeasures(b))) << differences;
  for (const char* measure : kDrilledMeasures) {
    for (Month month : {Month(2016, 6), Month(2017, 3)}) {
      differences.clear();
      EXPECT_TRUE(differ.Compare(DrillDown(a, measure, month), DrillDown(b, measure, month)))
          << measure << " " << FormatMonth(month) << ": " << differences;
    }
  }
}

// ---- Writing records ----

cv1::RecordHeader Header(const std::string& id) {
  cv1::RecordHeader h;
  h.set_authority("869");
  h.mutable_source()->set_system("lcs");
  h.mutable_source()->set_id(id);
  return h;
}

// Random record contents, overwriting what a record held (a correction) or filling a new
// one. Dates fall in 2014-2017, so most land in or near the 24 months measured.
class RandomContent : public RandomChoices {
 public:
  using RandomChoices::RandomChoices;

  Date Day() { return Date(2014, 4, 1) + Uniform(0, 3 * 365); }
  // `*day` set to `from` plus up to `days` later with chance `p`, else cleared.
  void MaybeAfter(cv1::Date* day, Date from, int days, double p = 0.6) {
    if (Chance(p)) {
      *day = ToProtoDate(from + Uniform(0, days));
    } else {
      day->Clear();
    }
  }
  std::string Team() { return Pick<std::string>({"", "", "DCT", "MASH"}); }
  // A plan id the review conference names, or none (the plan is then found by its dates).
  std::string PlanId() { return plan_ids_.empty() || Chance(0.4) ? "" : Pick(plan_ids_); }
  void AddPlanId(const std::string& id) { plan_ids_.push_back(id); }

  void Fill(v1::Contact& c) {
    const Date d = Day();
    *c.mutable_contact_date() = ToProtoDate(d);
    c.set_source_agency(Pick<std::string>({"police", "school", "health"}));
    MaybeAfter(c.mutable_decision_date(), d, 3, 0.8);
  }
  void Fill(v1::Referral& r) {
    const Date d = Day();
    *r.mutable_referral_date() = ToProtoDate(d);
    r.set_no_further_action(Chance(0.2));
    MaybeAfter(r.mutable_decision_date(), d, 3, 0.7);
    r.set_team(Team());
  }
  void Fill(v1::Assessment& a) {
    const Date start = Day();
    MaybeAfter(a.mutable_referral_date(), start - 5, 5, 0.7);
    *a.mutable_start_date() = ToProtoDate(start);
    MaybeAfter(a.mutable_authorisation_date(), start, 70, 0.8);
    a.clear_factors();
    for (const char* code : {"11A", "10A", "8B", "8F", "1C", "2A"}) {
      if (Chance(0.2)) a.add_factors(code);
    }
    a.set_team(Team());
  }
  void Fill(v1::Section47Enquiry& s) {
    const Date d = Day();
    *s.mutable_strategy_discussion_date() = ToProtoDate(d);
    MaybeAfter(s.mutable_icpc_date(), d, 25, 0.5);
    s.set_icpc_not_required(!s.has_icpc_date() && Chance(0.3));
    if (s.has_icpc_date()) {
      MaybeAfter(s.mutable_icpc_report_shared_date(), *FromProtoDate(s.icpc_date()) - 5, 6);
    } else {
      s.clear_icpc_report_shared_date();
    }
    s.set_team(Team());
  }
  void Fill(v1::ChildProtectionPlan& p) {
    const Date start = Day();
    *p.mutable_start_date() = ToProtoDate(start);
    MaybeAfter(p.mutable_end_date(), start, 500, 0.5);
    p.set_team(Team());
    p.set_previous_plans(Uniform(0, 2));
  }
  void Fill(v1::ReviewConference& r) {
    r.set_plan_source_id(PlanId());
    const Date d = Day();
    *r.mutable_conference_date() = ToProtoDate(d);
    MaybeAfter(r.mutable_report_shared_date(), d - 7, 7);
  }
  void Fill(v1::ChildProtectionVisit& v) {
    *v.mutable_visit_date() = ToProtoDate(Day());
    v.set_seen(Chance(0.85));
  }
  void Fill(v1::CoreGroupMeeting& c) { *c.mutable_meeting_date() = ToProtoDate(Day()); }
  void Fill(v1::CinEpisode& e) {
    const Date start = Day();
    *e.mutable_start_date() = ToProtoDate(start);
    MaybeAfter(e.mutable_end_date(), start, 400, 0.5);
    e.set_early_intervention(Chance(0.1));
    e.set_team(Team());
    e.clear_looked_after_periods();
    if (Chance(0.2)) {
      v1::LookedAfterPeriod* p = e.add_looked_after_periods();
      *p->mutable_start_date() = ToProtoDate(start + Uniform(0, 60));
      MaybeAfter(p->mutable_end_date(), start + 60, 200);
    }
  }
  void Fill(v1::LadoReferral& l) { *l.mutable_referral_date() = ToProtoDate(Day()); }
  template <typename Period>
  void FillPeriod(Period& p) {
    const Date start = Day();
    *p.mutable_start_date() = ToProtoDate(start);
    MaybeAfter(p.mutable_end_date(), start, 100);
  }
  void Fill(v1::PrivateFosteringArrangement& f) { FillPeriod(f); }
  void Fill(v1::MissingEpisode& m) { FillPeriod(m); }
  void Fill(v1::CseRiskFlag& c) { FillPeriod(c); }
  void Fill(cv1::PopulationEstimate& p) { p.set_population_0_17(Uniform(30000, 40000)); }
  void Fill(v1::SafeguardingSettings& s) {
    s.set_assessment_clock_start(Chance(0.5) ? v1::ASSESSMENT_CLOCK_START_ASSESSMENT_START
                                             : v1::ASSESSMENT_CLOCK_START_REFERRAL);
    s.set_cp_visit_interval_working_days(Uniform(5, 15));
    s.set_icpc_report_lead_working_days(Uniform(1, 5));
    s.set_rcpc_report_lead_working_days(Uniform(1, 5));
    s.set_core_group_interval_weeks(Uniform(4, 8));
    s.set_first_core_group_working_days(Uniform(5, 15));
  }

 private:
  std::vector<std::string> plan_ids_;
};

template <typename R>
constexpr bool kHasChild = !std::is_same_v<R, v1::LadoReferral>;

// A record kind, named by its record type.
template <typename R>
struct Kind {
  using type = R;
};

// Calls `f(Kind<R>())` with the record kind numbered `kind` (0 to kKinds - 1).
constexpr int kKinds = 13;
template <typename F>
void WithKind(int kind, F&& f) {
  switch (kind) {
    case 0:
      return f(Kind<v1::Contact>());
    case 1:
      return f(Kind<v1::Referral>());
    case 2:
      return f(Kind<v1::Assessment>());
    case 3:
      return f(Kind<v1::Section47Enquiry>());
    case 4:
      return f(Kind<v1::ChildProtectionPlan>());
    case 5:
      return f(Kind<v1::ReviewConference>());
    case 6:
      return f(Kind<v1::ChildProtectionVisit>());
    case 7:
      return f(Kind<v1::CoreGroupMeeting>());
    case 8:
      return f(Kind<v1::CinEpisode>());
    case 9:
      return f(Kind<v1::LadoReferral>());
    case 10:
      return f(Kind<v1::PrivateFosteringArrangement>());
    case 11:
      return f(Kind<v1::MissingEpisode>());
    default:
      return f(Kind<v1::CseRiskFlag>());
  }
}

// Whether `a` shares kind `kind`'s facts (the same vector) with `b`.
bool SharesKind(const SafeguardingData& a, const SafeguardingData& b, int kind) {
  const SafeguardingFacts& r = a.records;
  const SafeguardingFacts& s = b.records;
  switch (kind) {
    case 0:
      return r.contacts.SharesWith(s.contacts);
    case 1:
      return r.referrals.SharesWith(s.referrals);
    case 2:
      return r.assessments.SharesWith(s.assessments);
    case 3:
      return r.section47s.SharesWith(s.section47s);
    case 4:
      return r.plans.SharesWith(s.plans);
    case 5:
      return r.review_conferences.SharesWith(s.review_conferences);
    case 6:
      return r.visits.SharesWith(s.visits);
    case 7:
      return r.core_groups.SharesWith(s.core_groups);
    case 8:
      return r.cin_episodes.SharesWith(s.cin_episodes);
    case 9:
      return r.lado_referrals.SharesWith(s.lado_referrals);
    case 10:
      return r.private_fostering.SharesWith(s.private_fostering);
    case 11:
      return r.missing_episodes.SharesWith(s.missing_episodes);
    default:
      return r.cse_risks.SharesWith(s.cse_risks);
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

class SafeguardingIncrementalTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(RecordStoreOptions().decoded_cache_max_bytes); }

  void Open(size_t decoded_cache_max_bytes) {
    ASSERT_TRUE(dir_.ok());
    const absl::Status opened =
        ReopenStore(dir_.File("safeguarding.db"), decoded_cache_max_bytes, store_);
    ASSERT_TRUE(opened.ok()) << opened;
  }

  // An authority of `children` children "C0".."C<n-1>", each with a few records of every
  // kind, plus LADO referrals, population estimates and settings. When it was recorded.
  absl::Time WriteAuthority(int children) {
    Batch batch;
    for (int c = 0; c < children; ++c) {
      const std::string child = absl::StrCat("C", c);
      for (int kind = 0; kind < kKinds; ++kind) {
        const int records = content_.Uniform(kind == 0 || kind == 6 ? 1 : 0, 3);
        for (int i = 0; i < records; ++i) {
          WithKind(kind, [&](auto k) { AddNew(k, child, batch); });
        }
      }
    }
    for (int year = 2014; year <= 2016; ++year) AddPopulation(year, batch);
    AddSettings(batch);
    return Write(batch);
  }

  // 1-6 writes of random shapes; returns the kinds of child-level or LADO record written.
  std::set<int> WriteRandomBatch() {
    Batch batch;
    std::set<int> kinds_written;
    const int writes = content_.Uniform(1, 6);
    for (int w = 0; w < writes; ++w) {
      const Shape shape = static_cast<Shape>(content_.Uniform(0, kShapes - 1));
      ++made_[shape];
      const std::string child = absl::StrCat("C", content_.Uniform(0, next_child_ - 1));
      const int kind = content_.Uniform(0, kKinds - 1);
      switch (shape) {
        case kNewRecord:
          WithKind(kind, [&](auto k) { AddNew(k, child, batch); });
          kinds_written.insert(kind);
          break;
        case kCorrection:
        case kMovedToOtherChild:
        case kWithdrawal:
          WithKind(kind, [&](auto k) {
            using R = typename decltype(k)::type;
            const RecordList<R> list = Current<R>();
            if (list.empty()) return;
            auto record =
                std::make_unique<R>(list[content_.Uniform(0, static_cast<int>(list.size()) - 1)]);
            if (shape == kWithdrawal) {
              record->mutable_header()->set_deleted(true);
            } else {
              content_.Fill(*record);
              if constexpr (kHasChild<R>) {
                if (shape == kMovedToOtherChild) record->set_child_id(child);
              }
            }
            batch.push_back(std::move(record));
            kinds_written.insert(kind);
          });
          break;
        case kNewChild: {
          const std::string id = absl::StrCat("C", next_child_++);
          for (int k : {1, 2, 4, 6, 8}) {  // referral, assessment, plan, visit, CIN episode
            WithKind(k, [&](auto kind_of) { AddNew(kind_of, id, batch); });
            kinds_written.insert(k);
          }
          break;
        }
        case kChildLosesAll:
          for (int k = 0; k < kKinds; ++k) {
            WithKind(k, [&](auto kind_of) {
              using R = typename decltype(kind_of)::type;
              if constexpr (kHasChild<R>) {
                for (const R& r : Current<R>()) {
                  if (r.child_id() != child) continue;
                  auto record = std::make_unique<R>(r);
                  record->mutable_header()->set_deleted(true);
                  batch.push_back(std::move(record));
                  kinds_written.insert(k);
                }
              }
            });
          }
          break;
        case kAuthorityLevel:
          AddPopulation(content_.Uniform(2014, 2016), batch);
          AddSettings(batch);
          break;
        case kShapes:
          break;
      }
    }
    // A record written twice in one batch: the last one counts, as in any other batch.
    Write(batch);
    return kinds_written;
  }

  template <typename R>
  RecordList<R> Current() {
    absl::StatusOr<RecordList<R>> list = LoadCurrent<R>(*store_, "869", std::nullopt);
    EXPECT_TRUE(list.ok()) << list.status();
    return list.ok() ? *std::move(list) : RecordList<R>();
  }

  template <typename R>
  void AddNew(Kind<R> /*kind*/, const std::string& child, Batch& batch) {
    auto record = std::make_unique<R>();
    const std::string id = absl::StrCat("w-", ++serial_);
    *record->mutable_header() = Header(id);
    if constexpr (kHasChild<R>) record->set_child_id(child);
    if constexpr (std::is_same_v<R, v1::ChildProtectionPlan>) content_.AddPlanId(id);
    content_.Fill(*record);
    batch.push_back(std::move(record));
  }

  void AddPopulation(int year, Batch& batch) {
    auto record = std::make_unique<cv1::PopulationEstimate>();
    *record->mutable_header() = Header(absl::StrCat("population-", year));
    record->set_year(year);
    content_.Fill(*record);
    batch.push_back(std::move(record));
  }

  void AddSettings(Batch& batch) {
    auto record = std::make_unique<v1::SafeguardingSettings>();
    *record->mutable_header() = Header("settings");
    content_.Fill(*record);
    batch.push_back(std::move(record));
  }

  // When the batch was recorded.
  absl::Time Write(const Batch& batch) {
    std::vector<const google::protobuf::Message*> records;
    for (const auto& r : batch) records.push_back(r.get());
    return Write(records);
  }
  absl::Time Write(const std::vector<const google::protobuf::Message*>& records) {
    absl::StatusOr<cv1::IngestResponse> done = AppendRecords(*store_, records);
    EXPECT_TRUE(done.ok()) << done.status();
    if (!done.ok()) return absl::InfinitePast();
    return absl::FromUnixSeconds(done->recorded_at().seconds()) +
           absl::Nanoseconds(done->recorded_at().nanos());
  }

  SafeguardingData Load(const SafeguardingData* previous,
                        std::optional<absl::Time> as_at = std::nullopt) {
    absl::StatusOr<SafeguardingData> data = LoadSafeguardingData(*store_, "869", as_at, previous);
    EXPECT_TRUE(data.ok()) << data.status();
    return data.ok() ? *std::move(data) : SafeguardingData();
  }

  // A new seen visit to `child` on `day`.
  void WriteVisit(const std::string& id, const std::string& child, Date day) {
    v1::ChildProtectionVisit visit;
    *visit.mutable_header() = Header(id);
    visit.set_child_id(child);
    *visit.mutable_visit_date() = ToProtoDate(day);
    visit.set_seen(true);
    Write({&visit});
  }

  ScopedTempDir dir_;
  std::unique_ptr<VersionedRecordStore> store_;
  RandomContent content_{/*seed=*/47};
  int next_child_ = 0;
  int serial_ = 0;
  int made_[kShapes] = {};
};

TEST_F(SafeguardingIncrementalTest, RandomWritesGiveWhatAFullBuildGives) {
  next_child_ = 250;
  WriteAuthority(next_child_);
  SafeguardingData current = Load(nullptr);
  ASSERT_GT(current.children.size(), 200u);
  std::set<size_t> sizes_seen;
  int kinds_reused = 0;
  for (int round = 0; round < 30; ++round) {
    SCOPED_TRACE(absl::StrCat("batch ", round));
    const std::set<int> written = WriteRandomBatch();
    SafeguardingData incremental = Load(&current);
    const SafeguardingData full = Load(nullptr);
    // A kind the batch did not write is the previous dataset's, not rebuilt.
    for (int kind = 0; kind < kKinds; ++kind) {
      if (written.count(kind) != 0) continue;
      EXPECT_TRUE(SharesKind(incremental, current, kind)) << "kind " << kind;
      ++kinds_reused;
    }
    EXPECT_NE(incremental.shared.get(), current.shared.get());
    ExpectSameData(incremental, full);
    ExpectSameMeasures(incremental, full);
    sizes_seen.insert(full.children.size());
    current = std::move(incremental);  // the next round builds on an incremental build
    if (HasFatalFailure()) return;
  }
  // Batches left kinds alone often enough for the reuse above to be exercised.
  EXPECT_GT(kinds_reused, 30 * 3);
  for (int shape = 0; shape < kShapes; ++shape) {
    EXPECT_GT(made_[shape], 0) << "shape " << shape;
  }
  EXPECT_GT(sizes_seen.size(), 2u);  // children came and went
}

TEST_F(SafeguardingIncrementalTest, AOneRecordWriteRebuildsOnlyItsKind) {
  next_child_ = 60;
  WriteAuthority(next_child_);
  const SafeguardingData previous = Load(nullptr);
  for (int kind = 0; kind < kKinds; ++kind) {
    ASSERT_FALSE(SharesKind(previous, Load(nullptr), kind)) << "kind " << kind << " is empty";
  }

  // After every generated visit (none is after 31/03/2017), so last in the child's range.
  WriteVisit("visit-new", "C7", Date(2017, 6, 30));
  const SafeguardingData next = Load(&previous);

  for (int kind = 0; kind < kKinds; ++kind) {
    EXPECT_EQ(SharesKind(next, previous, kind), kind != 6) << "kind " << kind;
  }
  // Every index built from an unchanged kind alone is the previous one.
  const DateOrders& a = next.by_date;
  const DateOrders& b = previous.by_date;
  EXPECT_TRUE(a.contacts_by_contact_date.SharesWith(b.contacts_by_contact_date));
  EXPECT_TRUE(a.contacts_by_decision_date.SharesWith(b.contacts_by_decision_date));
  EXPECT_TRUE(a.referrals_by_referral_date.SharesWith(b.referrals_by_referral_date));
  EXPECT_TRUE(a.assessments_by_authorisation_date.SharesWith(b.assessments_by_authorisation_date));
  EXPECT_TRUE(a.section47s_by_strategy_discussion_date.SharesWith(
      b.section47s_by_strategy_discussion_date));
  EXPECT_TRUE(a.section47s_by_icpc_date.SharesWith(b.section47s_by_icpc_date));
  EXPECT_TRUE(a.plans_by_end_date.SharesWith(b.plans_by_end_date));
  EXPECT_TRUE(a.review_conferences_by_date.SharesWith(b.review_conferences_by_date));
  EXPECT_TRUE(next.plan_days.SharesWith(previous.plan_days));
  EXPECT_TRUE(next.cin_episode_days.SharesWith(previous.cin_episode_days));
  EXPECT_TRUE(next.assessment_days.SharesWith(previous.assessment_days));
  EXPECT_TRUE(next.assessment_factors.SharesWith(previous.assessment_factors));
  const KindChildren& k = next.kind_children;
  const KindChildren& l = previous.kind_children;
  EXPECT_TRUE(k.referrals.SharesWith(l.referrals));
  EXPECT_TRUE(k.assessments.SharesWith(l.assessments));
  EXPECT_TRUE(k.plans.SharesWith(l.plans));
  EXPECT_FALSE(k.visits.SharesWith(l.visits));
  EXPECT_TRUE(k.core_groups.SharesWith(l.core_groups));
  EXPECT_TRUE(k.cin_episodes.SharesWith(l.cin_episodes));
  EXPECT_TRUE(k.private_fostering.SharesWith(l.private_fostering));
  EXPECT_TRUE(k.missing_episodes.SharesWith(l.missing_episodes));
  EXPECT_TRUE(k.cse_risks.SharesWith(l.cse_risks));
  // Figures memoised for the previous dataset are not carried over.
  EXPECT_NE(next.shared.get(), previous.shared.get());

  // The new visit is the last of C7's.
  const auto child = std::find_if(next.children.begin(), next.children.end(),
                                  [](const ChildHistory& c) { return c.child_id == "C7"; });
  ASSERT_NE(child, next.children.end());
  ASSERT_FALSE(child->visits.empty());
  EXPECT_EQ(next.records.visits[child->visits.to - 1].visit_date, Date(2017, 6, 30));
  EXPECT_EQ(next.records.visits.size(), previous.records.visits.size() + 1);
  ExpectSameData(next, Load(nullptr));
}

TEST_F(SafeguardingIncrementalTest, NothingWrittenSharesEveryKind) {
  next_child_ = 20;
  WriteAuthority(next_child_);
  const SafeguardingData previous = Load(nullptr);
  const SafeguardingData again = Load(&previous);
  for (int kind = 0; kind < kKinds; ++kind) {
    EXPECT_TRUE(SharesKind(again, previous, kind)) << "kind " << kind;
  }
  ExpectSameData(again, previous);
}

TEST_F(SafeguardingIncrementalTest, AsAtReadBuildsAfreshFromTheRecordsThen) {
  // Each batch is recorded strictly after the one before, so `then` shows only this one.
  next_child_ = 20;
  const absl::Time then = WriteAuthority(next_child_);
  const SafeguardingData before = Load(nullptr);
  WriteVisit("visit-later", "C3", Date(2017, 3, 30));
  const SafeguardingData now = Load(&before);
  ASSERT_EQ(now.records.visits.size(), before.records.visits.size() + 1);

  // Given the newer dataset, a read as at `then` must still not see the later visit, and
  // is not kept for reuse.
  const SafeguardingData as_then = Load(&now, then);
  EXPECT_EQ(as_then.sources, nullptr);
  for (int kind = 0; kind < kKinds; ++kind) {
    EXPECT_FALSE(SharesKind(as_then, now, kind)) << "kind " << kind;
  }
  ExpectSameData(as_then, before);
}

TEST_F(SafeguardingIncrementalTest, RecordsParsedAfreshShareNothingSoBuildAfresh) {
  // Without the decoded cache every load parses new lists: no kind can be reused, so none
  // is kept for it.
  Open(/*decoded_cache_max_bytes=*/0);
  next_child_ = 20;
  WriteAuthority(next_child_);
  const SafeguardingData previous = Load(nullptr);
  EXPECT_EQ(previous.sources, nullptr);
  const SafeguardingData next = Load(&previous);
  for (int kind = 0; kind < kKinds; ++kind) {
    EXPECT_FALSE(SharesKind(next, previous, kind)) << "kind " << kind;
  }
  ExpectSameData(next, previous);
}

TEST(MergeChildrenTest, ChildrenOfEveryKindAreMergedInIdOrder) {
  // Ids that tie on their first 8 bytes ("ABCDEFGH", "ABCDEFGH2", "ABCDEFGH10") or differ
  // only in length ("B", "B1"); "S47Only" has only an S47 enquiry, which makes no history.
  using namespace ::scorecard::safeguarding::testing;  // NOLINT: test builders
  SafeguardingRecords r;
  r.referrals = {Referral("ABCDEFGH2", Date(2017, 1, 3)), Referral("B1", Date(2017, 1, 4))};
  r.visits = {Visit("ABCDEFGH10", Date(2017, 1, 5)), Visit("B1", Date(2017, 1, 6)),
              Visit("ABCDEFGH", Date(2017, 1, 7))};
  r.cse_risks = {Period("B", Date(2017, 1, 8))};
  r.plans = {Plan("ABCDEFGH2", "P1", Date(2017, 1, 9))};
  r.section47s = {Enquiry(Date(2017, 1, 10), std::nullopt)};
  r.section47s[0].child_id = "S47Only";
  const SafeguardingData data = IndexSafeguardingRecords(std::move(r));

  std::vector<std::string> ids;
  for (const ChildHistory& c : data.children) ids.push_back(c.child_id);
  EXPECT_EQ(ids, (std::vector<std::string>{"ABCDEFGH", "ABCDEFGH10", "ABCDEFGH2", "B", "B1"}));
  // "ABCDEFGH2": its referral (0) and plan (0); "B1": its referral (1) and visit.
  EXPECT_EQ(data.children[2].referrals.from, 0);
  EXPECT_EQ(data.children[2].plans.size(), 1);
  EXPECT_EQ(data.children[4].referrals.from, 1);
  EXPECT_EQ(data.records.visits[data.children[4].visits.from].visit_date, Date(2017, 1, 6));
  EXPECT_EQ(data.children[3].cse_risks.size(), 1);
  EXPECT_TRUE(data.children[3].referrals.empty());
  EXPECT_EQ(data.children_with_plans, (std::vector<int>{2}));
  EXPECT_EQ(data.children_with_cse, (std::vector<int>{3}));
}

}  // namespace
}  // namespace scorecard::safeguarding
