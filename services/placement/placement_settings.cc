#include "services/placement/placement_settings.h"

#include <iterator>

namespace scorecard::placement {

PlacementSettings SettingsFromProto(const v1::PlacementSettings& record) {
  PlacementSettings settings;
  if (record.lac_visit_interval_weeks() > 0) {
    settings.lac_visit_interval_weeks = record.lac_visit_interval_weeks();
  }
  if (record.initial_health_assessment_working_days() > 0) {
    settings.initial_health_assessment_working_days =
        record.initial_health_assessment_working_days();
  }
  if (record.long_term_placement_visit_interval_weeks() > 0) {
    settings.long_term_placement_visit_interval_weeks =
        record.long_term_placement_visit_interval_weeks();
  }
  return settings;
}

const PlacementSettings& SettingsHistory::At(Date d) const {
  auto it = by_start_.upper_bound(d);  // first change after d
  if (it == by_start_.begin()) return defaults_;
  return std::prev(it)->second;
}

}  // namespace scorecard::placement
