#include "tools/demo_data/demo_generator.h"

#include <google/protobuf/descriptor.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/records/record_validator.h"
#include "tools/demo_data/generator_context.h"

namespace scorecard::demo_data {
namespace {

// Counts wrappers by the name of the `kind` field set, in field order.
template <typename Wrapper>
void CountKinds(absl::string_view domain, const std::vector<Wrapper>& records,
                std::vector<std::pair<std::string, int>>& out) {
  const google::protobuf::OneofDescriptor* kind = Wrapper::descriptor()->FindOneofByName("kind");
  const size_t first = out.size();
  for (int i = 0; i < kind->field_count(); ++i) {
    out.emplace_back(absl::StrCat(domain, ".", kind->field(i)->name()), 0);
  }
  for (const Wrapper& record : records) {
    const google::protobuf::FieldDescriptor* set =
        record.GetReflection()->GetOneofFieldDescriptor(record, kind);
    if (set != nullptr) ++out[first + set->index_in_oneof()].second;
  }
}

}  // namespace

absl::Status ValidateDemoDataOptions(const DemoDataOptions& options) {
  if (!IsValidAuthorityCode(options.authority)) {
    return absl::InvalidArgumentError(
        absl::StrCat("authority \"", options.authority, "\" is not a three-digit LA code"));
  }
  // Working days need the bank holidays, known for 2010 to 2027.
  if (options.year < 2011 || options.year > 2026) {
    return absl::InvalidArgumentError(
        absl::StrCat("year ", options.year, " is outside 2011 to 2026"));
  }
  if (!(options.scale > 0 && options.scale <= 10)) {
    return absl::InvalidArgumentError(absl::StrCat("scale ", options.scale, " is not in (0, 10]"));
  }
  const GeneratorParameters& p = options.parameters;
  for (const auto& [name, value] : {std::pair<const char*, double>{"safeguarding_scale",
                                                                   p.safeguarding_scale},
                                    {"placement_scale", p.placement_scale},
                                    {"workforce_scale", p.workforce_scale}}) {
    if (!(value > 0 && value <= 50)) {
      return absl::InvalidArgumentError(absl::StrCat(name, " ", value, " is not in (0, 50]"));
    }
  }
  for (const auto& [name, value] :
       {std::pair<const char*, double>{"section47_share", p.section47_share},
        {"icpc_share", p.icpc_share},
        {"plan_share", p.plan_share},
        {"icpc_within_15wd_share", p.icpc_within_15wd_share}}) {
    if (!(value >= 0 && value <= 1)) {
      return absl::InvalidArgumentError(absl::StrCat(name, " ", value, " is not in [0, 1]"));
    }
  }
  for (const auto& [name, value] : {std::pair<const char*, int>{"placement_years",
                                                                p.placement_years},
                                    {"workforce_years", p.workforce_years}}) {
    if (value < 1 || value > 10) {
      return absl::InvalidArgumentError(absl::StrCat(name, " ", value, " is not in 1 to 10"));
    }
  }
  return absl::OkStatus();
}

DemoData Generate(const DemoDataOptions& options) {
  internal::GeneratorContext ctx(options);
  // Placement first: safeguarding's missing children include looked-after ones, and
  // workforce allocates both domains' cases.
  internal::PlacementOutput placement = internal::GeneratePlacement(ctx);
  internal::SafeguardingOutput safeguarding =
      internal::GenerateSafeguarding(ctx, placement.looked_after);
  std::vector<internal::CaseSpan> cases = std::move(placement.cases);
  cases.insert(cases.end(), safeguarding.cases.begin(), safeguarding.cases.end());

  DemoData data;
  data.workforce = internal::GenerateWorkforce(ctx, cases);
  data.safeguarding = std::move(safeguarding.records);
  data.placement = std::move(placement.records);
  return data;
}

std::vector<std::pair<std::string, int>> CountByKind(const DemoData& data) {
  std::vector<std::pair<std::string, int>> out;
  CountKinds("workforce", data.workforce, out);
  CountKinds("safeguarding", data.safeguarding, out);
  CountKinds("placement", data.placement, out);
  return out;
}

}  // namespace scorecard::demo_data
