// An authority's local safeguarding standards, with the defaults used when it has sent
// none. This is the one place the defaults live in C++; the proto documents the same values.
//
//   SafeguardingSettings settings;                        // all defaults
//   settings = SettingsFromProto(stored_record);          // unset fields keep the default
//   Date due = calendar.AddWorkingDays(last_visit, settings.cp_visit_interval_working_days);
//
// Working Together sets none of these (except the assessment clock, which it starts at the
// referral); councils publish their own in their procedures, and they differ (see
// DOMAIN-RESEARCH.md §1.1). So they are data, versioned like any record.
#ifndef SCORECARD_SERVICES_SAFEGUARDING_SAFEGUARDING_SETTINGS_H_
#define SCORECARD_SERVICES_SAFEGUARDING_SAFEGUARDING_SETTINGS_H_

#include "absl/strings/string_view.h"
#include "scorecard/safeguarding/v1/safeguarding_service.pb.h"

namespace scorecard::safeguarding {

// Where the 45-working-day assessment clock starts.
enum class AssessmentClock {
  // CINreferralDate (Working Together). An assessment with no referral date uses its start.
  kReferral,
  // AssessmentActualStartDate (the DfE's CIN statistics).
  kAssessmentStart,
};

struct SafeguardingSettings {
  AssessmentClock assessment_clock = AssessmentClock::kReferral;
  // Camden, Liverpool and Central Bedfordshire visit children on a plan every 10 working
  // days; Walsall every 2 weeks, Bolton every 4.
  int cp_visit_interval_working_days = 10;
  // Sussex: reports 3 working days before an ICPC and 5 before an RCPC. Liverpool uses
  // 2 and 5, East Riding 48 hours and 3. We take Sussex's: within the range, and the RCPC
  // figure two of the three agree on.
  int icpc_report_lead_working_days = 3;
  int rcpc_report_lead_working_days = 5;
  // Core groups at least every 6 weeks; the first within 10 working days of the ICPC
  // (Liverpool; local practice).
  int core_group_interval_weeks = 6;
  int first_core_group_working_days = 10;
};

// The source key every settings record must carry: one record per authority.
inline constexpr absl::string_view kSettingsSourceSystem = "settings";
inline constexpr absl::string_view kSettingsSourceId = "safeguarding";

// The largest value each number may take: bounds that catch a unit slip (days typed for
// weeks), not policy.
inline constexpr int kMaxVisitIntervalWorkingDays = 65;
inline constexpr int kMaxReportLeadWorkingDays = 20;
inline constexpr int kMaxCoreGroupIntervalWeeks = 26;
inline constexpr int kMaxFirstCoreGroupWorkingDays = 30;

// The record's values over the defaults: an unset field (or an UNSPECIFIED clock) keeps
// its default. The record is assumed valid (checked on ingest).
[[nodiscard]] SafeguardingSettings SettingsFromProto(const v1::SafeguardingSettings& record);

}  // namespace scorecard::safeguarding

#endif  // SCORECARD_SERVICES_SAFEGUARDING_SAFEGUARDING_SETTINGS_H_
