// Synthetic, case-level records for one authority over one financial year, shaped like a
// mid-sized English authority's (West Berkshire's 2016-17 "Getting to Good" scorecard), for
// demonstrations and end-to-end tests. Nothing in it describes a real child or worker.
//
//   DemoDataOptions options;          // authority 869, 2016-17, seed 2017, scale 1
//   options.seed = 42;
//   if (absl::Status s = ValidateDemoDataOptions(options); !s.ok()) return s;
//   DemoData data = Generate(options);
//   for (const safeguarding::v1::SafeguardingRecord& r : data.safeguarding) { ... }
//
// Generation is pure and deterministic: the same options give the same records, in the
// same order, on every run. Records cover the financial year (1 April to 31 March) plus
// the history the year's measures need: children already looked after on 1 April with
// their current period of care, plans and cases open then, workers in post. Nothing is
// dated after 31 March: what is still open then has no end date, as a live system's
// extract would show it.
#ifndef SCORECARD_TOOLS_DEMO_DATA_DEMO_GENERATOR_H_
#define SCORECARD_TOOLS_DEMO_DATA_DEMO_GENERATOR_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "scorecard/placement/v1/placement_service.pb.h"
#include "scorecard/safeguarding/v1/safeguarding_service.pb.h"
#include "scorecard/workforce/v1/workforce_service.pb.h"

namespace scorecard::demo_data {

// The source system named in every record's header.
inline constexpr char kSourceSystem[] = "demo";

// How long assessments take, from referral to authorisation, in working days.
enum class AssessmentTimeliness {
  // The demo set's own: about nine in ten within 45 days, spread evenly over 10 to 45.
  kDemo,
  // Roughly the national picture (DfE "Characteristics of children in need"): median 33
  // working days, about 86% within 45.
  kNational,
};

// The knobs a scale preset turns (scale_presets.h). The defaults are the demo set's own
// values: they give the default output, byte for byte. A preset spells out every field, so
// recalibrating these defaults does not move the presets.
struct GeneratorParameters {
  // Volumes of each domain, multiplied into DemoDataOptions::scale.
  double safeguarding_scale = 1.0;
  double placement_scale = 1.0;
  double workforce_scale = 1.0;
  // The front door's funnel: referrals leading to a section 47 enquiry, enquiries leading to
  // an initial conference, conferences leading to a plan.
  double section47_share = 0.31;
  double icpc_share = 0.60;
  double plan_share = 0.66;
  AssessmentTimeliness assessment_timeliness = AssessmentTimeliness::kDemo;
  // Initial conferences held within 15 working days of the strategy discussion.
  double icpc_within_15wd_share = 0.93;
  // Financial years of records written, ending with DemoDataOptions::year: looked-after
  // children's episodes, reviews, visits and health checks (placement), and staff with
  // their absences, supervision and allocations (workforce). 1 is the year alone plus the
  // history its measures need.
  int placement_years = 1;
  int workforce_years = 1;
};

struct DemoDataOptions {
  // DfE local authority code (three digits).
  std::string authority = "869";
  // The financial year, named by the calendar year it starts in: 2016 is 2016-04-01 to
  // 2017-03-31.
  int year = 2016;
  uint64_t seed = 2017;
  // Multiplies every volume (contacts, children, staff...): 0.1 for a quick small set.
  double scale = 1.0;
  GeneratorParameters parameters;
};

// INVALID_ARGUMENT unless the authority is three digits, the year's working-day calendar
// is known (2011 to 2026), 0 < scale <= 10, each domain's scale is in (0, 50], each share
// in [0, 1] and each number of years in 1 to 10.
[[nodiscard]] absl::Status ValidateDemoDataOptions(const DemoDataOptions& options);

struct DemoData {
  std::vector<workforce::v1::WorkforceRecord> workforce;
  std::vector<safeguarding::v1::SafeguardingRecord> safeguarding;
  std::vector<placement::v1::PlacementRecord> placement;
};

// The records for `options`, which must be valid (see ValidateDemoDataOptions).
DemoData Generate(const DemoDataOptions& options);

// Records per kind, e.g. {"safeguarding.referral", 1450}, in the wrappers' field order.
// Kinds with no records are listed with 0.
std::vector<std::pair<std::string, int>> CountByKind(const DemoData& data);

}  // namespace scorecard::demo_data

#endif  // SCORECARD_TOOLS_DEMO_DATA_DEMO_GENERATOR_H_
