// An authority's local counting settings for placement measures, with their defaults in
// one place, and the history of which settings were in force when.
//
//   SettingsHistory history;                      // nothing recorded: the defaults
//   history.At(Date(2017, 5, 31)).lac_visit_interval_weeks;              // 6
//   history.Add(Date(2017, 6, 1), SettingsFromProto(record));  // weeks = 4 from June
//   history.At(Date(2017, 6, 30)).lac_visit_interval_weeks;              // 4
//
// Rule: the settings in force on a month's last day govern all of that month's figures,
// whatever the basis. A record's field left 0 takes the default.
#ifndef SCORECARD_SERVICES_PLACEMENT_PLACEMENT_SETTINGS_H_
#define SCORECARD_SERVICES_PLACEMENT_PLACEMENT_SETTINGS_H_

#include <map>

#include "common/time/civil_date.h"
#include "scorecard/placement/v1/placement_service.pb.h"

namespace scorecard::placement {

// The defaults are the only place these numbers live (COUNTING.md explains each).
struct PlacementSettings {
  // Seen within this many weeks (regulation 28(2)(b); the card's "6 weeks").
  int lac_visit_interval_weeks = 6;
  // Initial health assessment within this many working days of entering care (regulation 7:
  // before the first review, which is due within 20 working days).
  int initial_health_assessment_working_days = 20;
  // Regulation 28(3) interval for a long-term foster placement (U1/U4) that has lasted a
  // year, in weeks; 0: not applied (every child uses lac_visit_interval_weeks).
  int long_term_placement_visit_interval_weeks = 0;
};

// Accepted ranges for a set (non-zero) field.
inline constexpr int kMaxVisitIntervalWeeks = 52;
inline constexpr int kMaxInitialHealthAssessmentWorkingDays = 100;

// The settings a record describes: each field left 0 takes its default. The record is
// assumed valid (ingest validation checks the ranges).
PlacementSettings SettingsFromProto(const v1::PlacementSettings& record);

class SettingsHistory {
 public:
  // Settings in force from `effective_from` until the next recorded change. Adding a second
  // set for the same day replaces the first.
  void Add(Date effective_from, const PlacementSettings& settings) {
    by_start_[effective_from] = settings;
  }
  // The settings in force on `d`: the latest added on or before d, else the defaults.
  const PlacementSettings& At(Date d) const;

 private:
  std::map<Date, PlacementSettings> by_start_;
  PlacementSettings defaults_;
};

}  // namespace scorecard::placement

#endif  // SCORECARD_SERVICES_PLACEMENT_PLACEMENT_SETTINGS_H_
