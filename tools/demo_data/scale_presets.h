// The benchmark's three scales (docs/BENCHMARKS.md): fixed parameter sets for the demo data
// generator, each a list of authorities to generate one after another.
//
//   absl::StatusOr<ScalePreset> preset = FindScalePreset("england", /*seed=*/2017);
//   for (const DemoDataOptions& authority : preset->authorities) {
//     DemoData data = Generate(authority);  // one authority at a time: memory stays flat
//     ...
//   }
//
//   small    one authority like West Berkshire: about 1,500 referrals and 160 children
//            looked after a year, 130 staff;
//   large    one of the largest authorities: about 20,000 referrals, 4,000 child
//            protection plans, 2,500 children looked after, 1,000 staff;
//   england  153 authorities of realistic spread for one year: about 650,000 referrals,
//            180,000 section 47 enquiries, 50,000 plans starting, 83,000 children
//            looked after.
//
// small and large hold ten years of looked-after children's episodes (a run of SSDA903
// returns, 2016-17 to 2025-26) and three years of staff records; england one year. All
// three describe the financial year 2025-26 and draw assessment and conference timeliness
// from the national distributions (AssessmentTimeliness::kNational). Every parameter is
// written out here, so recalibrating the generator's defaults leaves the presets alone.
// Authority codes other than 869 are made up.
#ifndef SCORECARD_TOOLS_DEMO_DATA_SCALE_PRESETS_H_
#define SCORECARD_TOOLS_DEMO_DATA_SCALE_PRESETS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "tools/demo_data/demo_generator.h"

namespace scorecard::demo_data {

struct ScalePreset {
  std::string name;
  // The seed the authorities' seeds derive from.
  uint64_t seed = 0;
  // One entry per authority, each valid for Generate; authorities differ in code, size
  // and seed.
  std::vector<DemoDataOptions> authorities;
};

// "small", "large" and "england".
std::vector<std::string> ScalePresetNames();

// The preset called `name`, with every authority's seed derived from `seed`. NOT_FOUND
// naming the known presets for any other name.
[[nodiscard]] absl::StatusOr<ScalePreset> FindScalePreset(absl::string_view name,
                                                          uint64_t seed);

}  // namespace scorecard::demo_data

#endif  // SCORECARD_TOOLS_DEMO_DATA_SCALE_PRESETS_H_
