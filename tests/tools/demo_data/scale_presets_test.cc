// The benchmark's scale presets and the generator parameters they turn.
#include "tools/demo_data/scale_presets.h"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "common/time/working_days.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/demo_data/demo_generator.h"

namespace scorecard::demo_data {
namespace {

namespace pv1 = ::scorecard::placement::v1;
namespace sv1 = ::scorecard::safeguarding::v1;
namespace wv1 = ::scorecard::workforce::v1;
using ::testing::AllOf;
using ::testing::Ge;
using ::testing::Le;

Date Day(const common::v1::Date& d) { return Date(d.year(), d.month(), d.day()); }

TEST(ScalePresetsTest, EveryPresetIsValidForTheGenerator) {
  for (const std::string& name : ScalePresetNames()) {
    absl::StatusOr<ScalePreset> preset = FindScalePreset(name, 2017);
    ASSERT_TRUE(preset.ok()) << name << ": " << preset.status();
    ASSERT_FALSE(preset->authorities.empty()) << name;
    for (const DemoDataOptions& a : preset->authorities) {
      EXPECT_TRUE(ValidateDemoDataOptions(a).ok()) << name << " " << a.authority;
      EXPECT_EQ(a.year, 2025) << name;
      EXPECT_EQ(a.parameters.assessment_timeliness, AssessmentTimeliness::kNational) << name;
    }
  }
  EXPECT_EQ(FindScalePreset("huge", 1).status().code(), absl::StatusCode::kNotFound);
}

TEST(ScalePresetsTest, SmallAndLargeHoldTenYearsOfCareAndThreeOfStaff) {
  for (const char* name : {"small", "large"}) {
    absl::StatusOr<ScalePreset> preset = FindScalePreset(name, 2017);
    ASSERT_TRUE(preset.ok());
    ASSERT_EQ(preset->authorities.size(), 1u);
    EXPECT_EQ(preset->authorities[0].parameters.placement_years, 10);
    EXPECT_EQ(preset->authorities[0].parameters.workforce_years, 3);
  }
}

TEST(ScalePresetsTest, EnglandIs153DistinctAuthoritiesAddingUpToTheNationalVolume) {
  absl::StatusOr<ScalePreset> england = FindScalePreset("england", 2017);
  ASSERT_TRUE(england.ok());
  ASSERT_EQ(england->authorities.size(), 153u);
  std::set<std::string> codes;
  std::set<uint64_t> seeds;
  double total = 0;
  double smallest = 100;
  double largest = 0;
  for (const DemoDataOptions& a : england->authorities) {
    codes.insert(a.authority);
    seeds.insert(a.seed);
    total += a.scale;
    smallest = std::min(smallest, a.scale);
    largest = std::max(largest, a.scale);
    EXPECT_EQ(a.parameters.placement_years, 1);
  }
  EXPECT_EQ(codes.size(), 153u);
  EXPECT_EQ(seeds.size(), 153u);
  // 480 West Berkshires' worth of referrals (about 650,000), within a rounding.
  EXPECT_NEAR(total, 480, 1);
  EXPECT_GE(smallest, 0.1);
  EXPECT_LE(largest, 10);
  // A spread, not 153 copies of one size.
  EXPECT_GT(largest / smallest, 5);
  // The same seed gives the same authorities.
  absl::StatusOr<ScalePreset> again = FindScalePreset("england", 2017);
  ASSERT_TRUE(again.ok());
  for (size_t i = 0; i < 153; ++i) {
    EXPECT_EQ(again->authorities[i].scale, england->authorities[i].scale);
  }
}

// The small preset's year, 2025-26, against the figures: about 1,500 referrals and
// 160 looked-after children, assessments taking a median 33 working days, 86% within 45.
TEST(ScalePresetsTest, SmallLooksLikeWestBerkshireWithNationalTimeliness) {
  absl::StatusOr<ScalePreset> small = FindScalePreset("small", 2017);
  ASSERT_TRUE(small.ok());
  const DemoData data = Generate(small->authorities[0]);
  const Date first(2025, 4, 1);
  const Date last(2026, 3, 31);
  const WorkingDayCalendar& calendar = WorkingDayCalendar::EnglandAndWales();
  int referrals = 0;
  std::vector<int> durations;
  for (const sv1::SafeguardingRecord& r : data.safeguarding) {
    if (r.has_referral() && first <= Day(r.referral().referral_date()) &&
        Day(r.referral().referral_date()) <= last) {
      ++referrals;
    }
    if (r.has_assessment() && r.assessment().has_authorisation_date() &&
        Day(r.assessment().authorisation_date()) >= first) {
      durations.push_back(calendar.WorkingDaysBetween(Day(r.assessment().referral_date()),
                                                      Day(r.assessment().authorisation_date())));
    }
  }
  EXPECT_THAT(referrals, AllOf(Ge(1300), Le(1700)));
  ASSERT_GT(durations.size(), 1000u);
  std::sort(durations.begin(), durations.end());
  EXPECT_THAT(durations[durations.size() / 2], AllOf(Ge(30), Le(36)));
  const double within = static_cast<double>(std::count_if(durations.begin(), durations.end(),
                                                          [](int d) { return d <= 45; })) /
                        durations.size();
  EXPECT_THAT(within, AllOf(Ge(0.83), Le(0.89)));

  absl::flat_hash_set<std::string> looked_after;
  Date earliest_episode = last;
  for (const pv1::PlacementRecord& r : data.placement) {
    if (!r.has_episode()) continue;
    const pv1::Episode& e = r.episode();
    earliest_episode = std::min(earliest_episode, Day(e.start_date()));
    if (e.legal_status() == "V3" || e.legal_status() == "V4") continue;
    if (Day(e.start_date()) <= last && (!e.has_end_date() || Day(e.end_date()) > last)) {
      looked_after.insert(e.child_id());
    }
  }
  EXPECT_THAT(looked_after.size(), AllOf(Ge(130u), Le(190u)));
  // Ten years of care: episodes from before the 2016-17 return.
  EXPECT_LT(earliest_episode, Date(2016, 4, 1));
}

TEST(GeneratorParametersTest, MoreYearsWriteEarlierRecords) {
  DemoDataOptions options;
  options.scale = 0.3;
  options.parameters.placement_years = 3;
  options.parameters.workforce_years = 2;
  ASSERT_TRUE(ValidateDemoDataOptions(options).ok());
  const DemoData data = Generate(options);
  // 2014-15 is the first of three placement years ending 2016-17; 2015-16 the first of two
  // workforce years.
  bool visit_before_2015_16 = false;
  for (const pv1::PlacementRecord& r : data.placement) {
    if (r.has_visit() && Day(r.visit().visit_date()) < Date(2015, 4, 1)) visit_before_2015_16 = true;
  }
  EXPECT_TRUE(visit_before_2015_16);
  bool supervision_in_2015 = false;
  for (const wv1::WorkforceRecord& r : data.workforce) {
    if (r.has_supervision() && Day(r.supervision().session_date()) < Date(2016, 1, 1)) {
      supervision_in_2015 = true;
    }
  }
  EXPECT_TRUE(supervision_in_2015);
  // With one year (the default) neither reaches that far back.
  const DemoData one_year = Generate(DemoDataOptions{"869", 2016, 2017, 0.3, {}});
  for (const pv1::PlacementRecord& r : one_year.placement) {
    if (r.has_visit()) {
      EXPECT_GE(Day(r.visit().visit_date()), Date(2016, 1, 1));
    }
  }
  for (const wv1::WorkforceRecord& r : one_year.workforce) {
    if (r.has_supervision()) {
      EXPECT_GE(Day(r.supervision().session_date()), Date(2016, 1, 1));
    }
  }
}

TEST(GeneratorParametersTest, OutOfRangeValuesAreRejectedByName) {
  const auto rejected = [](auto change) {
    DemoDataOptions options;
    change(options.parameters);
    return std::string(ValidateDemoDataOptions(options).message());
  };
  EXPECT_THAT(rejected([](GeneratorParameters& p) { p.safeguarding_scale = 0; }),
              ::testing::HasSubstr("safeguarding_scale"));
  EXPECT_THAT(rejected([](GeneratorParameters& p) { p.workforce_scale = 51; }),
              ::testing::HasSubstr("workforce_scale"));
  EXPECT_THAT(rejected([](GeneratorParameters& p) { p.plan_share = 1.5; }),
              ::testing::HasSubstr("plan_share"));
  EXPECT_THAT(rejected([](GeneratorParameters& p) { p.placement_years = 0; }),
              ::testing::HasSubstr("placement_years"));
  EXPECT_THAT(rejected([](GeneratorParameters& p) { p.workforce_years = 11; }),
              ::testing::HasSubstr("workforce_years"));
}

}  // namespace
}  // namespace scorecard::demo_data
