#include "tools/demo_data/scale_presets.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "tools/demo_data/demo_random.h"

namespace scorecard::demo_data {
namespace {

// Every preset describes 2025-26: the last year the SSDA903 importer knows, so a ten-year
// history is the returns 2016-17 to 2025-26.
constexpr int kPresetYear = 2025;
// The generator at scale 1 with the demo parameters gives about 1,346 referrals, 161
// children looked after at 31 March and 127 staff in post; the presets scale from there.

// West Berkshire: about 1,500 referrals and 160 looked-after children a year.
constexpr GeneratorParameters kSmall = {
    /*safeguarding_scale=*/1.11,
    /*placement_scale=*/1.07,
    /*workforce_scale=*/1.0,
    /*section47_share=*/0.31,
    /*icpc_share=*/0.60,
    /*plan_share=*/0.55,
    /*assessment_timeliness=*/AssessmentTimeliness::kNational,
    /*icpc_within_15wd_share=*/0.78,
    /*placement_years=*/10,
    /*workforce_years=*/3,
};

// The largest authorities: 20,000 referrals, 4,000 plans in the year's records (open on
// 1 April or starting since), 2,500 looked-after children, 1,000 staff.
constexpr GeneratorParameters kLarge = {
    /*safeguarding_scale=*/15.0,
    /*placement_scale=*/15.5,
    /*workforce_scale=*/7.9,
    /*section47_share=*/0.31,
    /*icpc_share=*/0.60,
    /*plan_share=*/0.55,
    /*assessment_timeliness=*/AssessmentTimeliness::kNational,
    /*icpc_within_15wd_share=*/0.78,
    /*placement_years=*/10,
    /*workforce_years=*/3,
};

// England, one year: the authorities' scales add up to kEnglandScale, so 1,346 x 480 is
// about 650,000 referrals; the funnel gives about 180,000 section 47 enquiries (28%) and
// 50,000 plans (7.7% of referrals); 161 x 480 x 1.074 is about 83,000 looked-after
// children; 127 x 480 x 0.525 about 32,000 staff.
constexpr double kEnglandScale = 480;
constexpr int kEnglandAuthorities = 153;
constexpr GeneratorParameters kEngland = {
    /*safeguarding_scale=*/1.0,
    /*placement_scale=*/1.074,
    /*workforce_scale=*/0.525,
    /*section47_share=*/0.277,
    /*icpc_share=*/0.42,
    /*plan_share=*/0.66,
    /*assessment_timeliness=*/AssessmentTimeliness::kNational,
    /*icpc_within_15wd_share=*/0.78,
    /*placement_years=*/1,
    /*workforce_years=*/1,
};
// The spread of authority sizes: log-normal, from about a tenth of West Berkshire (the
// Isles of Scilly, Rutland) to ten times it (Kent, Birmingham).
constexpr double kSizeSpread = 0.65;
constexpr double kSmallestScale = 0.1;
constexpr double kLargestScale = 10;
// Random stream for the sizes, apart from the generator's own streams.
constexpr uint64_t kSizeStream = 100;

DemoDataOptions Authority(std::string code, uint64_t seed, double scale,
                          const GeneratorParameters& parameters) {
  DemoDataOptions options;
  options.authority = std::move(code);
  options.year = kPresetYear;
  options.seed = seed;
  options.scale = scale;
  options.parameters = parameters;
  return options;
}

// kEnglandAuthorities sizes, each in [kSmallestScale, kLargestScale], adding up to
// kEnglandScale.
std::vector<double> EnglandSizes(uint64_t seed) {
  DemoRandom random = DemoRandom::ForStream(seed, kSizeStream);
  std::vector<double> sizes;
  for (int i = 0; i < kEnglandAuthorities; ++i) {
    sizes.push_back(std::exp(random.Normal(0, kSizeSpread)));
  }
  // Scale to the total, clamp, and repeat: each round moves what clamping removed onto the
  // unclamped authorities. A handful of rounds settles it.
  for (int round = 0; round < 20; ++round) {
    double total = 0;
    for (double s : sizes) total += s;
    const double factor = kEnglandScale / total;
    for (double& s : sizes) s = std::clamp(s * factor, kSmallestScale, kLargestScale);
  }
  return sizes;
}

}  // namespace

std::vector<std::string> ScalePresetNames() { return {"small", "large", "england"}; }

absl::StatusOr<ScalePreset> FindScalePreset(absl::string_view name, uint64_t seed) {
  ScalePreset preset;
  preset.name = std::string(name);
  preset.seed = seed;
  if (name == "small") {
    preset.authorities.push_back(Authority("869", seed, 1.0, kSmall));
  } else if (name == "large") {
    preset.authorities.push_back(Authority("999", seed, 1.0, kLarge));
  } else if (name == "england") {
    const std::vector<double> sizes = EnglandSizes(seed);
    for (int i = 0; i < kEnglandAuthorities; ++i) {
      // Codes 101 to 253; each authority its own seed, so no two draw the same data.
      preset.authorities.push_back(
          Authority(absl::StrFormat("%03d", 101 + i), seed + 1000 + i, sizes[i], kEngland));
    }
  } else {
    return absl::NotFoundError(absl::StrCat("no scale preset \"", name.substr(0, 40),
                                            "\"; known: ", absl::StrJoin(ScalePresetNames(), ", ")));
  }
  return preset;
}

}  // namespace scorecard::demo_data
