#include "tools/demo_data/demo_generator.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "common/time/civil_date.h"
#include "common/time/working_days.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/placement/placement_records.h"
#include "services/safeguarding/safeguarding_records.h"
#include "services/workforce/workforce_records.h"
#include "tools/demo_data/jsonl_writer.h"

namespace scorecard::demo_data {
namespace {

namespace cv1 = ::scorecard::common::v1;
namespace pv1 = ::scorecard::placement::v1;
namespace sv1 = ::scorecard::safeguarding::v1;
namespace wv1 = ::scorecard::workforce::v1;
using ::google::protobuf::FieldDescriptor;
using ::google::protobuf::Message;
using ::testing::AllOf;
using ::testing::Ge;
using ::testing::Le;

const Date kYearStart(2016, 4, 1);
const Date kYearEnd(2017, 3, 31);
const Date kMidYear(2016, 9, 30);

// A due date, known in advance: the only date that may lie after the year.
constexpr char kTargetField[] = "icpc_target_date";

// The record kinds the generator makes (the wrappers may hold others it does not).
constexpr const char* kGeneratedKinds[] = {"workforce.worker",
                                           "workforce.sickness_absence",
                                           "workforce.supervision",
                                           "workforce.case_allocation",
                                           "safeguarding.contact",
                                           "safeguarding.referral",
                                           "safeguarding.assessment",
                                           "safeguarding.section47",
                                           "safeguarding.cp_plan",
                                           "safeguarding.review_conference",
                                           "safeguarding.cp_visit",
                                           "safeguarding.core_group",
                                           "safeguarding.cin_episode",
                                           "safeguarding.lado_referral",
                                           "safeguarding.private_fostering",
                                           "safeguarding.missing_episode",
                                           "safeguarding.cse_risk",
                                           "placement.child",
                                           "placement.episode",
                                           "placement.review",
                                           "placement.visit",
                                           "placement.health_check",
                                           "placement.adoption",
                                           "placement.proceedings",
                                           "placement.pre_proceedings",
                                           "placement.carer_approval"};

// The default data set, generated once for the whole suite.
const DemoData& DefaultData() {
  static const DemoData* const data = new DemoData(Generate(DemoDataOptions()));
  return *data;
}

Date Day(const cv1::Date& d) { return Date(d.year(), d.month(), d.day()); }
bool InYear(const cv1::Date& d) { return kYearStart <= Day(d) && Day(d) <= kYearEnd; }

// Open at the end of `day`: started by then and not ended by then (an end on `day` closes).
template <typename Record>
bool OpenAtEndOf(const Record& r, Date day) {
  return Day(r.start_date()) <= day && (!r.has_end_date() || Day(r.end_date()) > day);
}

// Every wrapper of all three files, as messages.
std::vector<const Message*> AllWrappers(const DemoData& data) {
  std::vector<const Message*> out;
  for (const auto& r : data.workforce) out.push_back(&r);
  for (const auto& r : data.safeguarding) out.push_back(&r);
  for (const auto& r : data.placement) out.push_back(&r);
  return out;
}

// The record inside a wrapper's `kind` oneof; nullptr when none is set.
const Message* Inner(const Message& wrapper) {
  const auto* kind = wrapper.GetDescriptor()->FindOneofByName("kind");
  const FieldDescriptor* set = wrapper.GetReflection()->GetOneofFieldDescriptor(wrapper, kind);
  if (set == nullptr) return nullptr;
  return &wrapper.GetReflection()->GetMessage(wrapper, set);
}

// The header of a wrapper's record.
const cv1::RecordHeader& HeaderOf(const Message& wrapper) {
  const Message* record = Inner(wrapper);
  const FieldDescriptor* field = record->GetDescriptor()->FindFieldByName("header");
  return static_cast<const cv1::RecordHeader&>(record->GetReflection()->GetMessage(*record, field));
}

// Calls f(field name, date) for every Date field set anywhere in `m`.
void ForEachDate(const Message& m,
                 const std::function<void(const std::string&, const cv1::Date&)>& f) {
  const google::protobuf::Reflection* reflection = m.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(m, &fields);
  for (const FieldDescriptor* field : fields) {
    if (field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE || field->is_repeated()) continue;
    const Message& sub = reflection->GetMessage(m, field);
    if (field->message_type() == cv1::Date::descriptor()) {
      f(field->name(), static_cast<const cv1::Date&>(sub));
    } else {
      ForEachDate(sub, f);
    }
  }
}

// A Date field of `m` by name, when set.
std::optional<Date> DateField(const Message& m, const std::string& name) {
  const FieldDescriptor* field = m.GetDescriptor()->FindFieldByName(name);
  if (field == nullptr || !m.GetReflection()->HasField(m, field)) return std::nullopt;
  return Day(static_cast<const cv1::Date&>(m.GetReflection()->GetMessage(m, field)));
}

std::string Serialize(const DemoData& data) {
  auto workforce = ToJsonLines(data.workforce);
  auto safeguarding = ToJsonLines(data.safeguarding);
  auto placement = ToJsonLines(data.placement);
  EXPECT_TRUE(workforce.ok() && safeguarding.ok() && placement.ok());
  return absl::StrCat(workforce.value_or(""), safeguarding.value_or(""), placement.value_or(""));
}

TEST(ValidateDemoDataOptionsTest, AcceptsTheDefaults) {
  EXPECT_TRUE(ValidateDemoDataOptions(DemoDataOptions()).ok());
}

TEST(ValidateDemoDataOptionsTest, RejectsBadAuthorityYearAndScale) {
  for (const char* authority : {"", "86", "8690", "ABC"}) {
    DemoDataOptions options;
    options.authority = authority;
    EXPECT_FALSE(ValidateDemoDataOptions(options).ok()) << authority;
  }
  for (int year : {2009, 2010, 2027, 2030}) {
    DemoDataOptions options;
    options.year = year;
    EXPECT_FALSE(ValidateDemoDataOptions(options).ok()) << year;
  }
  for (double scale : {0.0, -1.0, 10.5, std::numeric_limits<double>::quiet_NaN()}) {
    DemoDataOptions options;
    options.scale = scale;
    EXPECT_FALSE(ValidateDemoDataOptions(options).ok()) << scale;
  }
}

TEST(GenerateTest, SameSeedGivesByteIdenticalOutput) {
  const std::string first = Serialize(DefaultData());
  const std::string second = Serialize(Generate(DemoDataOptions()));
  ASSERT_FALSE(first.empty());
  EXPECT_TRUE(first == second) << "two runs with seed 2017 differ";
}

TEST(GenerateTest, DifferentSeedGivesDifferentOutput) {
  DemoDataOptions other;
  other.seed = 2018;
  EXPECT_FALSE(Serialize(DefaultData()) == Serialize(Generate(other)));
}

TEST(GenerateTest, AuthorityAndYearAreThoseAskedFor) {
  DemoDataOptions options;
  options.authority = "312";
  options.year = 2019;
  options.scale = 0.2;
  const DemoData data = Generate(options);
  int referrals_in_year = 0;
  for (const Message* wrapper : AllWrappers(data)) {
    ASSERT_NE(Inner(*wrapper), nullptr);
    EXPECT_EQ(HeaderOf(*wrapper).authority(), "312");
  }
  for (const sv1::SafeguardingRecord& r : data.safeguarding) {
    if (!r.has_referral()) continue;
    const Date d = Day(r.referral().referral_date());
    if (Date(2019, 4, 1) <= d && d <= Date(2020, 3, 31)) ++referrals_in_year;
  }
  EXPECT_GT(referrals_in_year, 100);
  for (const Message* wrapper : AllWrappers(data)) {
    ForEachDate(*wrapper, [](const std::string& field, const cv1::Date& d) {
      if (field != kTargetField) {
        EXPECT_LE(Day(d), Date(2020, 3, 31)) << field;
      }
    });
  }
}

TEST(GenerateTest, ScaleShrinksVolumes) {
  DemoDataOptions small;
  small.scale = 0.25;
  const DemoData data = Generate(small);
  const auto referrals = [](const DemoData& d) {
    return std::count_if(d.safeguarding.begin(), d.safeguarding.end(),
                         [](const sv1::SafeguardingRecord& r) {
                           return r.has_referral() && InYear(r.referral().referral_date());
                         });
  };
  const double ratio = static_cast<double>(referrals(data)) / referrals(DefaultData());
  EXPECT_THAT(ratio, AllOf(Ge(0.18), Le(0.32)));
}

TEST(GenerateTest, CountByKindMatchesTheRecords) {
  int referrals = 0;
  int episodes = 0;
  int workers = 0;
  for (const auto& r : DefaultData().safeguarding) referrals += r.has_referral();
  for (const auto& r : DefaultData().placement) episodes += r.has_episode();
  for (const auto& r : DefaultData().workforce) workers += r.has_worker();
  std::map<std::string, int> counts;
  int total = 0;
  for (const auto& [kind, n] : CountByKind(DefaultData())) {
    counts[kind] = n;
    total += n;
  }
  EXPECT_EQ(counts["safeguarding.referral"], referrals);
  EXPECT_EQ(counts["placement.episode"], episodes);
  EXPECT_EQ(counts["workforce.worker"], workers);
  // Every kind of every wrapper is listed, made or not.
  const int kinds = wv1::WorkforceRecord::descriptor()->FindOneofByName("kind")->field_count() +
                    sv1::SafeguardingRecord::descriptor()->FindOneofByName("kind")->field_count() +
                    pv1::PlacementRecord::descriptor()->FindOneofByName("kind")->field_count();
  EXPECT_EQ(counts.size(), static_cast<size_t>(kinds));
  EXPECT_EQ(total, static_cast<int>(AllWrappers(DefaultData()).size()));
}

TEST(DemoDataTest, EveryKindIsPresent) {
  absl::flat_hash_map<std::string, int> counts;
  for (const auto& r : DefaultData().workforce) ++counts[Inner(r)->GetDescriptor()->full_name()];
  for (const auto& r : DefaultData().safeguarding) ++counts[Inner(r)->GetDescriptor()->full_name()];
  for (const auto& r : DefaultData().placement) ++counts[Inner(r)->GetDescriptor()->full_name()];
  std::map<std::string, int> by_kind;
  for (const auto& [kind, n] : CountByKind(DefaultData())) by_kind[kind] = n;
  for (const char* kind : kGeneratedKinds) EXPECT_GT(by_kind[kind], 0) << kind;
  // 26 kinds, counted by message type independently of CountByKind.
  EXPECT_EQ(counts.size(), 26u);
}

TEST(DemoDataTest, EveryRecordHasAHeaderWithAUniqueSourceIdPerKind) {
  std::set<std::pair<std::string, std::string>> seen;
  for (const Message* wrapper : AllWrappers(DefaultData())) {
    const Message* record = Inner(*wrapper);
    ASSERT_NE(record, nullptr) << "a wrapper with no record kind";
    const cv1::RecordHeader& header = HeaderOf(*wrapper);
    EXPECT_EQ(header.authority(), "869");
    EXPECT_EQ(header.source().system(), "demo");
    EXPECT_FALSE(header.source().id().empty());
    EXPECT_FALSE(header.deleted());
    const std::string kind = record->GetDescriptor()->full_name();
    EXPECT_TRUE(seen.insert({kind, header.source().id()}).second)
        << kind << " " << header.source().id() << " used twice";
  }
}

TEST(DemoDataTest, IdsLookLikeTheAuthoritysOwn) {
  for (const auto& r : DefaultData().placement) {
    if (r.has_episode()) {
      EXPECT_THAT(r.episode().child_id(), ::testing::MatchesRegex("C[0-9]{6}"));
    }
  }
  for (const auto& r : DefaultData().workforce) {
    if (r.has_worker()) {
      EXPECT_THAT(r.worker().worker_id(), ::testing::MatchesRegex("W[0-9]{4}"));
    }
  }
}

TEST(DemoDataTest, PassesTheServicesIngestValidation) {
  sv1::IngestRequest safeguarding;
  for (const auto& r : DefaultData().safeguarding) *safeguarding.add_records() = r;
  EXPECT_TRUE(safeguarding::ValidateSafeguardingBatch(safeguarding).ok())
      << safeguarding::ValidateSafeguardingBatch(safeguarding).message();
  pv1::IngestRequest placement;
  for (const auto& r : DefaultData().placement) *placement.add_records() = r;
  EXPECT_TRUE(placement::ValidatePlacementBatch(placement).ok())
      << placement::ValidatePlacementBatch(placement).message();
  wv1::IngestRequest workforce;
  for (const auto& r : DefaultData().workforce) *workforce.add_records() = r;
  EXPECT_TRUE(workforce::ValidateWorkforceBatch(workforce).ok())
      << workforce::ValidateWorkforceBatch(workforce).message();
}

TEST(DemoDataTest, EveryDateIsARealDayNoLaterThanTheYearEnd) {
  int dates = 0;
  for (const Message* wrapper : AllWrappers(DefaultData())) {
    ForEachDate(*wrapper, [&](const std::string& field, const cv1::Date& d) {
      ++dates;
      // A set but empty date would read as "unknown" to the services: never send one.
      ASSERT_TRUE(IsValidDate(d.year(), d.month(), d.day()))
          << field << " " << d.ShortDebugString() << " in " << wrapper->ShortDebugString();
      if (field != kTargetField) {
        EXPECT_LE(Day(d), kYearEnd) << field << " in " << wrapper->ShortDebugString();
      }
      EXPECT_GE(d.year(), 1995) << field;
    });
  }
  EXPECT_GT(dates, 10000);
}

TEST(DemoDataTest, NothingEndsBeforeItStarts) {
  // (earlier, later) field pairs; checked wherever a record has both.
  const std::pair<std::string, std::string> kOrder[] = {
      {"start_date", "end_date"},
      {"contact_date", "decision_date"},
      {"referral_date", "decision_date"},
      {"referral_date", "closure_date"},
      {"referral_date", "start_date"},
      {"start_date", "authorisation_date"},
      {"strategy_discussion_date", "icpc_date"},
      {"strategy_discussion_date", "icpc_target_date"},
      {"strategy_discussion_date", "icpc_report_shared_date"},
      {"icpc_report_shared_date", "icpc_date"},
      {"report_shared_date", "conference_date"},
      {"issued_date", "concluded_date"},
      {"should_be_placed_date", "placement_order_date"},
      {"should_be_placed_date", "matched_date"},
      {"matched_date", "placed_date"},
      {"placed_date", "adoption_order_date"},
      {"start_date", "decision_to_issue_date"},
      {"decision_to_issue_date", "issued_date"},
  };
  int checked = 0;
  for (const Message* wrapper : AllWrappers(DefaultData())) {
    const Message& record = *Inner(*wrapper);
    for (const auto& [earlier, later] : kOrder) {
      const std::optional<Date> a = DateField(record, earlier);
      const std::optional<Date> b = DateField(record, later);
      if (!a.has_value() || !b.has_value()) continue;
      ++checked;
      EXPECT_LE(*a, *b) << earlier << " after " << later << " in " << record.ShortDebugString();
    }
  }
  EXPECT_GT(checked, 10000);
}

TEST(DemoDataTest, EpisodesOfAChildNeverOverlapAndFollowOnsJoinUp) {
  absl::flat_hash_map<std::string, std::vector<const pv1::Episode*>> by_child;
  for (const auto& r : DefaultData().placement) {
    if (r.has_episode()) by_child[r.episode().child_id()].push_back(&r.episode());
  }
  ASSERT_GT(by_child.size(), 150u);
  int follow_ons = 0;
  for (auto& [child, episodes] : by_child) {
    std::sort(episodes.begin(), episodes.end(), [](const auto* a, const auto* b) {
      return Day(a->start_date()) < Day(b->start_date());
    });
    EXPECT_EQ(episodes.front()->reason_new_episode(), "S") << child;
    for (size_t i = 1; i < episodes.size(); ++i) {
      const pv1::Episode& before = *episodes[i - 1];
      const pv1::Episode& after = *episodes[i];
      ASSERT_TRUE(before.has_end_date()) << child << ": an open episode is followed by another";
      EXPECT_GE(Day(after.start_date()), Day(before.end_date())) << child << " overlaps";
      if (before.reason_ceased() == "X1") {
        ++follow_ons;
        EXPECT_EQ(Day(after.start_date()), Day(before.end_date())) << child;
        EXPECT_NE(after.reason_new_episode(), "S") << child;
      } else {
        EXPECT_EQ(after.reason_new_episode(), "S") << child << ": care ended, then continued";
        EXPECT_GT(Day(after.start_date()), Day(before.end_date())) << child;
      }
    }
    // An X1 ending promises a next episode.
    EXPECT_NE(episodes.back()->reason_ceased(), "X1") << child;
  }
  EXPECT_GT(follow_ons, 50);
}

TEST(DemoDataTest, AdoptedChildrenLeaveCareFromAnAdoptivePlacement) {
  int adopted = 0;
  for (const auto& r : DefaultData().placement) {
    if (!r.has_episode()) continue;
    const pv1::Episode& e = r.episode();
    if (e.reason_ceased() == "E11" || e.reason_ceased() == "E12") {
      ++adopted;
      EXPECT_THAT(e.placement(), ::testing::MatchesRegex("A[3-6]"));
    }
  }
  EXPECT_GT(adopted, 0);
}

TEST(DemoDataTest, SicknessAbsencesOfAWorkerNeverOverlap) {
  absl::flat_hash_set<std::string> workers;
  absl::flat_hash_map<std::string, std::vector<std::pair<Date, Date>>> absences;
  int half_days = 0;
  for (const auto& r : DefaultData().workforce) {
    if (r.has_worker()) workers.insert(r.worker().worker_id());
    if (!r.has_sickness_absence()) continue;
    const wv1::SicknessAbsence& a = r.sickness_absence();
    const Date end = a.has_end_date() ? Day(a.end_date()) : Date(9999, 12, 31);
    absences[a.worker_id()].push_back({Day(a.start_date()), end});
    half_days += a.first_day_fraction() == 0.5 || a.last_day_fraction() == 0.5;
  }
  ASSERT_GT(absences.size(), 30u);
  EXPECT_GT(half_days, 0);
  for (auto& [worker, spells] : absences) {
    EXPECT_TRUE(workers.contains(worker)) << worker << " has absences but no worker record";
    std::sort(spells.begin(), spells.end());
    for (size_t i = 1; i < spells.size(); ++i) {
      EXPECT_GT(spells[i].first, spells[i - 1].second) << worker << " has overlapping absences";
    }
  }
}

TEST(DemoDataTest, KindsAndFteAreAlwaysSet) {
  for (const auto& r : DefaultData().placement) {
    if (r.has_health_check()) {
      EXPECT_NE(r.health_check().kind(), pv1::HEALTH_CHECK_KIND_UNSPECIFIED);
    }
    if (r.has_carer_approval()) {
      EXPECT_NE(r.carer_approval().kind(), pv1::CARER_KIND_UNSPECIFIED);
    }
  }
  int part_time = 0;
  for (const auto& r : DefaultData().workforce) {
    if (!r.has_worker()) continue;
    EXPECT_GT(r.worker().fte(), 0);
    EXPECT_LE(r.worker().fte(), 1.5);
    EXPECT_NE(r.worker().employment(), wv1::EMPLOYMENT_TYPE_UNSPECIFIED);
    part_time += r.worker().fte() >= 0.5 && r.worker().fte() <= 0.8;
  }
  EXPECT_GT(part_time, 5);
}

// Volumes, counted here directly from the records, against the ranges the generator is
// meant to produce at scale 1 (West Berkshire-like, 2016-17).
TEST(DemoDataVolumeTest, FrontDoorAndAssessments) {
  const WorkingDayCalendar& calendar = WorkingDayCalendar::EnglandAndWales();
  int contacts = 0, referrals = 0, section47s = 0, icpcs = 0, icpcs_in_15 = 0;
  int authorised = 0, authorised_in_45 = 0, open_at_year_end = 0;
  for (const auto& r : DefaultData().safeguarding) {
    if (r.has_contact() && InYear(r.contact().contact_date())) ++contacts;
    if (r.has_referral() && InYear(r.referral().referral_date())) ++referrals;
    if (r.has_section47() && InYear(r.section47().strategy_discussion_date())) {
      const sv1::Section47Enquiry& s = r.section47();
      ++section47s;
      if (s.has_icpc_date()) {
        ++icpcs;
        const int days =
            calendar.WorkingDaysBetween(Day(s.strategy_discussion_date()), Day(s.icpc_date()));
        icpcs_in_15 += days <= 15;
      }
    }
    if (r.has_assessment()) {
      const sv1::Assessment& a = r.assessment();
      if (!a.has_authorisation_date()) {
        ++open_at_year_end;
      } else if (InYear(a.authorisation_date())) {
        ++authorised;
        authorised_in_45 +=
            calendar.WorkingDaysBetween(Day(a.referral_date()), Day(a.authorisation_date())) <= 45;
      }
    }
  }
  EXPECT_THAT(contacts, AllOf(Ge(3400), Le(4700)));
  EXPECT_THAT(referrals, AllOf(Ge(1200), Le(1700)));
  EXPECT_THAT(section47s, AllOf(Ge(350), Le(550)));
  EXPECT_THAT(static_cast<double>(icpcs) / section47s, AllOf(Ge(0.5), Le(0.7)));
  EXPECT_THAT(static_cast<double>(icpcs_in_15) / icpcs, AllOf(Ge(0.88), Le(0.98)));
  EXPECT_THAT(static_cast<double>(authorised_in_45) / authorised, AllOf(Ge(0.85), Le(0.95)));
  EXPECT_GT(open_at_year_end, 20);
}

TEST(DemoDataVolumeTest, CasesOpenMidYear) {
  int plans = 0, early_help = 0, private_fostering = 0, cse = 0, missing = 0, lado = 0;
  absl::flat_hash_set<std::string> in_need, on_plans, looked_after;
  for (const auto& r : DefaultData().placement) {
    if (r.has_episode() && OpenAtEndOf(r.episode(), kMidYear) &&
        r.episode().legal_status() != "V3" && r.episode().legal_status() != "V4") {
      looked_after.insert(r.episode().child_id());
    }
  }
  for (const auto& r : DefaultData().safeguarding) {
    if (r.has_cp_plan() && OpenAtEndOf(r.cp_plan(), kMidYear)) {
      ++plans;
      on_plans.insert(r.cp_plan().child_id());
    }
    if (r.has_cin_episode() && OpenAtEndOf(r.cin_episode(), kMidYear)) {
      if (r.cin_episode().early_intervention()) {
        ++early_help;
      } else {
        in_need.insert(r.cin_episode().child_id());
      }
    }
    if (r.has_private_fostering())
      private_fostering += OpenAtEndOf(r.private_fostering(), kMidYear);
    if (r.has_cse_risk()) cse += OpenAtEndOf(r.cse_risk(), kMidYear);
    if (r.has_missing_episode()) missing += InYear(r.missing_episode().start_date());
    if (r.has_lado_referral()) lado += InYear(r.lado_referral().referral_date());
  }
  int in_need_only = 0;
  for (const std::string& child : in_need) {
    in_need_only += !on_plans.contains(child) && !looked_after.contains(child);
  }
  // Children on plans and looked after are children in need too.
  for (const std::string& child : on_plans) EXPECT_TRUE(in_need.contains(child)) << child;
  for (const std::string& child : looked_after) EXPECT_TRUE(in_need.contains(child)) << child;
  EXPECT_THAT(plans, AllOf(Ge(100), Le(170)));
  EXPECT_THAT(in_need.size(), AllOf(Ge(800u), Le(1200u)));
  EXPECT_THAT(in_need_only, AllOf(Ge(550), Le(900)));
  EXPECT_THAT(early_help, AllOf(Ge(10), Le(120)));
  EXPECT_THAT(private_fostering, AllOf(Ge(1), Le(6)));
  EXPECT_THAT(cse, AllOf(Ge(8), Le(25)));
  EXPECT_THAT(missing, AllOf(Ge(450), Le(750)));
  EXPECT_THAT(lado, AllOf(Ge(100), Le(190)));
}

TEST(DemoDataVolumeTest, LookedAfterChildren) {
  absl::flat_hash_map<std::string, const pv1::LookedAfterChild*> children;
  absl::flat_hash_set<std::string> looked_after;
  int adoptions = 0, issued = 0, pre_proceedings = 0;
  std::map<pv1::CarerKind, int> carers;
  for (const auto& r : DefaultData().placement) {
    if (r.has_child()) children[r.child().child_id()] = &r.child();
    if (r.has_episode()) {
      const pv1::Episode& e = r.episode();
      const bool short_break = e.legal_status() == "V3" || e.legal_status() == "V4";
      if (!short_break && OpenAtEndOf(e, kMidYear)) looked_after.insert(e.child_id());
    }
    if (r.has_adoption() && r.adoption().has_adoption_order_date()) {
      adoptions += InYear(r.adoption().adoption_order_date());
    }
    if (r.has_proceedings()) issued += InYear(r.proceedings().issued_date());
    if (r.has_pre_proceedings()) pre_proceedings += OpenAtEndOf(r.pre_proceedings(), kMidYear);
    if (r.has_carer_approval()) ++carers[r.carer_approval().kind()];
  }
  int uasc = 0, dct = 0;
  for (const std::string& child : looked_after) {
    ASSERT_TRUE(children.contains(child)) << child << " has episodes but no child record";
    uasc += children[child]->uasc();
    dct += children[child]->team() == "DCT";
  }
  EXPECT_THAT(looked_after.size(), AllOf(Ge(130u), Le(190u)));
  EXPECT_THAT(uasc, AllOf(Ge(3), Le(20)));
  EXPECT_THAT(dct, AllOf(Ge(8), Le(30)));
  EXPECT_THAT(adoptions, AllOf(Ge(4), Le(18)));
  EXPECT_THAT(issued, AllOf(Ge(18), Le(45)));
  EXPECT_THAT(pre_proceedings, AllOf(Ge(4), Le(25)));
  EXPECT_THAT(carers[pv1::CARER_KIND_FOSTER_CARER], AllOf(Ge(3), Le(20)));
  EXPECT_THAT(carers[pv1::CARER_KIND_ADOPTER], AllOf(Ge(4), Le(22)));
  EXPECT_THAT(carers[pv1::CARER_KIND_SHORT_BREAK_CARER], Le(6));
}

TEST(DemoDataVolumeTest, LookedAfterChildrenAreReviewedVisitedAndChecked) {
  absl::flat_hash_map<std::string, int> reviews, visits, checks;
  for (const auto& r : DefaultData().placement) {
    if (r.has_review() && InYear(r.review().review_date())) ++reviews[r.review().child_id()];
    if (r.has_visit() && InYear(r.visit().visit_date())) ++visits[r.visit().child_id()];
    if (r.has_health_check() && InYear(r.health_check().check_date())) {
      ++checks[r.health_check().child_id()];
    }
  }
  // Children looked after all year: at least two reviews and eight visits each, mostly.
  int all_year = 0, reviewed = 0, visited = 0, checked = 0;
  absl::flat_hash_map<std::string, std::vector<const pv1::Episode*>> episodes;
  for (const auto& r : DefaultData().placement) {
    if (r.has_episode()) episodes[r.episode().child_id()].push_back(&r.episode());
  }
  for (const auto& [child, list] : episodes) {
    const bool before = std::any_of(list.begin(), list.end(), [](const pv1::Episode* e) {
      return e->reason_new_episode() == "S" && Day(e->start_date()) < kYearStart - 60 &&
             e->legal_status() != "V3" && e->legal_status() != "V4";
    });
    const bool through = std::any_of(list.begin(), list.end(), [](const pv1::Episode* e) {
      return !e->has_end_date() && e->legal_status() != "V3" && e->legal_status() != "V4";
    });
    if (!before || !through) continue;
    ++all_year;
    reviewed += reviews[child] >= 2;
    visited += visits[child] >= 8;
    checked += checks[child] >= 1;
  }
  ASSERT_GT(all_year, 60);
  EXPECT_GE(static_cast<double>(reviewed) / all_year, 0.95);
  EXPECT_GE(static_cast<double>(visited) / all_year, 0.95);
  EXPECT_GE(static_cast<double>(checked) / all_year, 0.9);
}

TEST(DemoDataVolumeTest, Workforce) {
  std::vector<const wv1::Worker*> workers;
  for (const auto& r : DefaultData().workforce) {
    if (r.has_worker()) workers.push_back(&r.worker());
  }
  const auto in_post = [](const wv1::Worker& w, Date d) {
    return Day(w.start_date()) <= d && (!w.has_end_date() || d <= Day(w.end_date()));
  };
  int in_post_mid_year = 0;
  for (const auto* w : workers) in_post_mid_year += in_post(*w, kMidYear);
  EXPECT_THAT(in_post_mid_year, AllOf(Ge(110), Le(150)));

  // Agency share of FTE at every month end.
  for (Month m(2016, 4); m <= Month(2017, 3); m += 1) {
    double agency = 0, all = 0;
    for (const auto* w : workers) {
      if (!in_post(*w, LastDayOf(m))) continue;
      all += w->fte();
      if (w->employment() == wv1::EMPLOYMENT_TYPE_AGENCY) agency += w->fte();
    }
    EXPECT_THAT(agency / all, AllOf(Ge(0.10), Le(0.35))) << FormatMonth(m);
  }

  // Starters and leavers: the first and last days of a person's permanent employment.
  int starters = 0, leavers = 0;
  for (const auto* w : workers) {
    if (w->employment() != wv1::EMPLOYMENT_TYPE_PERMANENT) continue;
    const auto permanent_on = [&](Date d) {
      return std::any_of(workers.begin(), workers.end(), [&](const wv1::Worker* o) {
        return o->worker_id() == w->worker_id() &&
               o->employment() == wv1::EMPLOYMENT_TYPE_PERMANENT && in_post(*o, d);
      });
    };
    if (InYear(w->start_date()) && !permanent_on(Day(w->start_date()) - 1)) ++starters;
    if (w->has_end_date() && InYear(w->end_date()) && !permanent_on(Day(w->end_date()) + 1)) {
      ++leavers;
    }
  }
  EXPECT_THAT(starters, AllOf(Ge(8), Le(24)));
  EXPECT_THAT(leavers, AllOf(Ge(3), Le(15)));
}

TEST(DemoDataVolumeTest, SupervisionAndAllocations) {
  std::vector<const wv1::Worker*> case_holders;
  std::map<Month, absl::flat_hash_set<std::string>> supervised;
  absl::flat_hash_map<std::string, absl::flat_hash_set<std::string>> workers_of_child;
  for (const auto& r : DefaultData().workforce) {
    if (r.has_worker() && r.worker().case_holding()) case_holders.push_back(&r.worker());
    if (r.has_supervision()) {
      supervised[Month(Day(r.supervision().session_date()))].insert(r.supervision().worker_id());
    }
    if (r.has_case_allocation()) {
      const wv1::CaseAllocation& a = r.case_allocation();
      const bool in_year =
          Day(a.start_date()) <= kYearEnd && (!a.has_end_date() || Day(a.end_date()) >= kYearStart);
      if (in_year) workers_of_child[a.child_id()].insert(a.worker_id());
    }
  }
  double total_share = 0;
  for (Month m(2016, 4); m <= Month(2017, 3); m += 1) {
    absl::flat_hash_set<std::string> in_post;
    for (const auto* w : case_holders) {
      if (Day(w->start_date()) <= LastDayOf(m) &&
          (!w->has_end_date() || Day(w->end_date()) >= LastDayOf(m))) {
        in_post.insert(w->worker_id());
      }
    }
    int seen = 0;
    for (const std::string& id : in_post) seen += supervised[m].contains(id);
    const double share = static_cast<double>(seen) / in_post.size();
    EXPECT_THAT(share, AllOf(Ge(0.75), Le(1.0))) << FormatMonth(m);
    total_share += share;
  }
  EXPECT_THAT(total_share / 12, AllOf(Ge(0.88), Le(0.98)));

  ASSERT_GT(workers_of_child.size(), 1500u);
  int one = 0, more = 0;
  for (const auto& [child, workers] : workers_of_child) (workers.size() == 1 ? one : more) += 1;
  EXPECT_GE(static_cast<double>(one) / workers_of_child.size(), 0.7);
  EXPECT_GT(more, 50);
}

}  // namespace
}  // namespace scorecard::demo_data
