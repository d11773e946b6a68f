#include "tools/demo_data/generator_context.h"

namespace scorecard::demo_data::internal {

GeneratorContext::GeneratorContext(const DemoDataOptions& options)
    : options_(options),
      year_(FinancialYear(options.year)),
      calendar_(&WorkingDayCalendar::EnglandAndWales()) {}

Date GeneratorContext::WorkingDayOnOrAfter(Date d) const {
  return calendar_->IsWorkingDay(d) ? d : calendar_->AddWorkingDays(d, 1);
}

Date GeneratorContext::WorkingDayOnOrBefore(Date d) const {
  return calendar_->IsWorkingDay(d) ? d : calendar_->AddWorkingDays(d, -1);
}

std::string GeneratorContext::ChildId(ChildOrigin origin, int number) {
  const uint64_t key = (static_cast<uint64_t>(origin) << 32) | static_cast<uint32_t>(number);
  auto [it, inserted] = child_ids_.try_emplace(key);
  if (inserted) it->second = absl::StrFormat("C%06d", child_ids_.size());
  return it->second;
}

}  // namespace scorecard::demo_data::internal
