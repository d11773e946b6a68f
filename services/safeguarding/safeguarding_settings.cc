#include "services/safeguarding/safeguarding_settings.h"

namespace scorecard::safeguarding {

SafeguardingSettings SettingsFromProto(const v1::SafeguardingSettings& record) {
  SafeguardingSettings s;
  if (record.assessment_clock_start() == v1::ASSESSMENT_CLOCK_START_ASSESSMENT_START) {
    s.assessment_clock = AssessmentClock::kAssessmentStart;
  }
  if (record.has_cp_visit_interval_working_days()) {
    s.cp_visit_interval_working_days = record.cp_visit_interval_working_days();
  }
  if (record.has_icpc_report_lead_working_days()) {
    s.icpc_report_lead_working_days = record.icpc_report_lead_working_days();
  }
  if (record.has_rcpc_report_lead_working_days()) {
    s.rcpc_report_lead_working_days = record.rcpc_report_lead_working_days();
  }
  if (record.has_core_group_interval_weeks()) {
    s.core_group_interval_weeks = record.core_group_interval_weeks();
  }
  if (record.has_first_core_group_working_days()) {
    s.first_core_group_working_days = record.first_core_group_working_days();
  }
  return s;
}

}  // namespace scorecard::safeguarding
