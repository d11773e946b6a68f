#include "services/safeguarding/safeguarding_records.h"

#include <map>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/records/record_validator.h"
#include "services/safeguarding/safeguarding_settings.h"

namespace scorecard::safeguarding {
namespace {

using Scope = RecordValidator::Scope;

// Population estimates a rate can be asked about: mid-years ONS could have published.
constexpr int kFirstPopulationYear = 1990;
constexpr int kLastPopulationYear = 2100;

// Records that must be unique per authority (and year) within one batch: two in one batch
// would be stored with the same recorded instant, so neither could be said to be later.
class UniqueInBatch {
 public:
  // Records a problem on `field` if `key` was already seen, naming the first record.
  void Check(const std::string& key, int index, absl::string_view field, Scope& s) {
    auto [it, inserted] = first_.emplace(key, index);
    if (!inserted) {
      s.Problem(field, absl::StrCat("also given by records[", it->second, "]"));
    }
  }

 private:
  std::map<std::string, int> first_;
};

void ValidateContact(const v1::Contact& r, Scope& s) {
  s.Header(r.header());
  s.RequiredId("child_id", r.child_id());
  auto contact = s.RequiredDate("contact_date", r.contact_date());
  s.NotBefore("decision_date", s.OptionalDate("decision_date", r.decision_date()), "contact_date",
              contact);
}

void ValidateReferral(const v1::Referral& r, Scope& s) {
  s.Header(r.header());
  s.RequiredId("child_id", r.child_id());
  auto referral = s.RequiredDate("referral_date", r.referral_date());
  s.NotBefore("decision_date", s.OptionalDate("decision_date", r.decision_date()), "referral_date",
              referral);
  s.NotBefore("closure_date", s.OptionalDate("closure_date", r.closure_date()), "referral_date",
              referral);
}

void ValidateAssessment(const v1::Assessment& r, Scope& s) {
  s.Header(r.header());
  s.RequiredId("child_id", r.child_id());
  auto referral = s.OptionalDate("referral_date", r.referral_date());
  auto start = s.RequiredDate("start_date", r.start_date());
  s.NotBefore("start_date", start, "referral_date", referral);
  s.NotBefore("authorisation_date", s.OptionalDate("authorisation_date", r.authorisation_date()),
              "start_date", start);
  for (int i = 0; i < r.factors_size(); ++i) {
    if (r.factors(i).empty()) s.Problem(absl::StrCat("factors[", i, "]"), "empty");
  }
}

void ValidateSection47(const v1::Section47Enquiry& r, Scope& s) {
  s.Header(r.header());
  s.RequiredId("child_id", r.child_id());
  auto strategy = s.RequiredDate("strategy_discussion_date", r.strategy_discussion_date());
  s.NotBefore("icpc_target_date", s.OptionalDate("icpc_target_date", r.icpc_target_date()),
              "strategy_discussion_date", strategy);
  auto icpc = s.OptionalDate("icpc_date", r.icpc_date());
  s.NotBefore("icpc_date", icpc, "strategy_discussion_date", strategy);
  s.OptionalDate("icpc_report_shared_date", r.icpc_report_shared_date());
  if (icpc.has_value() && r.icpc_not_required()) {
    s.Problem("icpc_not_required", "set, but an ICPC date is given");
  }
}

void ValidatePlan(const v1::ChildProtectionPlan& r, Scope& s) {
  s.Header(r.header());
  s.RequiredId("child_id", r.child_id());
  auto start = s.RequiredDate("start_date", r.start_date());
  s.NotBefore("end_date", s.OptionalDate("end_date", r.end_date()), "start_date", start);
  if (r.previous_plans() < 0) s.Problem("previous_plans", "negative");
}

void ValidateReviewConference(const v1::ReviewConference& r, Scope& s) {
  s.Header(r.header());
  s.RequiredId("child_id", r.child_id());
  s.RequiredDate("conference_date", r.conference_date());
  s.OptionalDate("report_shared_date", r.report_shared_date());
}

// A record that is one dated event for a child.
template <typename Record>
void ValidateChildEvent(const Record& r, const common::v1::Date& date, absl::string_view field,
                        Scope& s) {
  s.Header(r.header());
  s.RequiredId("child_id", r.child_id());
  s.RequiredDate(field, date);
}

// A record that is an open-ended period for a child.
template <typename Record>
void ValidateChildPeriod(const Record& r, Scope& s) {
  s.Header(r.header());
  s.RequiredId("child_id", r.child_id());
  auto start = s.RequiredDate("start_date", r.start_date());
  s.NotBefore("end_date", s.OptionalDate("end_date", r.end_date()), "start_date", start);
}

void ValidateCinEpisode(const v1::CinEpisode& r, Scope& s) {
  ValidateChildPeriod(r, s);
  for (int i = 0; i < r.looked_after_periods_size(); ++i) {
    const v1::LookedAfterPeriod& p = r.looked_after_periods(i);
    const std::string field = absl::StrCat("looked_after_periods[", i, "].");
    auto start = s.RequiredDate(field + "start_date", p.start_date());
    s.NotBefore(field + "end_date", s.OptionalDate(field + "end_date", p.end_date()),
                field + "start_date", start);
  }
}

void ValidatePopulation(const common::v1::PopulationEstimate& r, int index, Scope& s,
                        UniqueInBatch& years) {
  s.Header(r.header());
  if (r.year() < kFirstPopulationYear || r.year() > kLastPopulationYear) {
    s.Problem("year", absl::StrCat(r.year(), " is not in ", kFirstPopulationYear, "..",
                                   kLastPopulationYear));
  } else {
    years.Check(absl::StrCat(r.header().authority(), "/", r.year()), index, "year", s);
  }
  if (r.population_0_17() <= 0) {
    s.Problem("population_0_17", absl::StrCat(r.population_0_17(), " is not positive"));
  }
}

// A set number must be in 1..max.
void PositiveUpTo(absl::string_view field, bool has, int value, int max, Scope& s) {
  if (has && (value < 1 || value > max)) {
    s.Problem(field, absl::StrCat(value, " is not in 1..", max));
  }
}

void ValidateSettings(const v1::SafeguardingSettings& r, int index, Scope& s,
                      UniqueInBatch& authorities) {
  s.Header(r.header());
  if (r.header().source().system() != kSettingsSourceSystem ||
      r.header().source().id() != kSettingsSourceId) {
    s.Problem("header.source",
              absl::StrCat("must be (\"", kSettingsSourceSystem, "\", \"", kSettingsSourceId,
                           "\"): an authority has one settings record"));
  }
  authorities.Check(r.header().authority(), index, "header.authority", s);
  if (!v1::AssessmentClockStart_IsValid(r.assessment_clock_start())) {
    s.Problem("assessment_clock_start",
              absl::StrCat("unknown value ", static_cast<int>(r.assessment_clock_start())));
  }
  PositiveUpTo("cp_visit_interval_working_days", r.has_cp_visit_interval_working_days(),
               r.cp_visit_interval_working_days(), kMaxVisitIntervalWorkingDays, s);
  PositiveUpTo("icpc_report_lead_working_days", r.has_icpc_report_lead_working_days(),
               r.icpc_report_lead_working_days(), kMaxReportLeadWorkingDays, s);
  PositiveUpTo("rcpc_report_lead_working_days", r.has_rcpc_report_lead_working_days(),
               r.rcpc_report_lead_working_days(), kMaxReportLeadWorkingDays, s);
  PositiveUpTo("core_group_interval_weeks", r.has_core_group_interval_weeks(),
               r.core_group_interval_weeks(), kMaxCoreGroupIntervalWeeks, s);
  PositiveUpTo("first_core_group_working_days", r.has_first_core_group_working_days(),
               r.first_core_group_working_days(), kMaxFirstCoreGroupWorkingDays, s);
}

}  // namespace

absl::Status ValidateSafeguardingBatch(const v1::IngestRequest& request) {
  RecordValidator validator;
  UniqueInBatch population_years;
  UniqueInBatch settings_authorities;
  for (int i = 0; i < request.records_size(); ++i) {
    const v1::SafeguardingRecord& record = request.records(i);
    switch (record.kind_case()) {
      case v1::SafeguardingRecord::kContact: {
        Scope s = validator.Record(i, "contact");
        ValidateContact(record.contact(), s);
        break;
      }
      case v1::SafeguardingRecord::kReferral: {
        Scope s = validator.Record(i, "referral");
        ValidateReferral(record.referral(), s);
        break;
      }
      case v1::SafeguardingRecord::kAssessment: {
        Scope s = validator.Record(i, "assessment");
        ValidateAssessment(record.assessment(), s);
        break;
      }
      case v1::SafeguardingRecord::kSection47: {
        Scope s = validator.Record(i, "section47");
        ValidateSection47(record.section47(), s);
        break;
      }
      case v1::SafeguardingRecord::kCpPlan: {
        Scope s = validator.Record(i, "cp_plan");
        ValidatePlan(record.cp_plan(), s);
        break;
      }
      case v1::SafeguardingRecord::kReviewConference: {
        Scope s = validator.Record(i, "review_conference");
        ValidateReviewConference(record.review_conference(), s);
        break;
      }
      case v1::SafeguardingRecord::kCpVisit: {
        Scope s = validator.Record(i, "cp_visit");
        ValidateChildEvent(record.cp_visit(), record.cp_visit().visit_date(), "visit_date", s);
        break;
      }
      case v1::SafeguardingRecord::kCoreGroup: {
        Scope s = validator.Record(i, "core_group");
        ValidateChildEvent(record.core_group(), record.core_group().meeting_date(), "meeting_date",
                           s);
        break;
      }
      case v1::SafeguardingRecord::kCinEpisode: {
        Scope s = validator.Record(i, "cin_episode");
        ValidateCinEpisode(record.cin_episode(), s);
        break;
      }
      case v1::SafeguardingRecord::kLadoReferral: {
        Scope s = validator.Record(i, "lado_referral");
        s.Header(record.lado_referral().header());
        s.RequiredDate("referral_date", record.lado_referral().referral_date());
        break;
      }
      case v1::SafeguardingRecord::kPrivateFostering: {
        Scope s = validator.Record(i, "private_fostering");
        ValidateChildPeriod(record.private_fostering(), s);
        break;
      }
      case v1::SafeguardingRecord::kMissingEpisode: {
        Scope s = validator.Record(i, "missing_episode");
        ValidateChildPeriod(record.missing_episode(), s);
        // Optional (unspecified when the source does not say), but an enum number this
        // build does not know is refused: proto3 enums are open.
        if (!v1::MissingKind_IsValid(record.missing_episode().kind())) {
          s.Problem("kind", absl::StrCat("unknown value ", record.missing_episode().kind()));
        }
        break;
      }
      case v1::SafeguardingRecord::kCseRisk: {
        Scope s = validator.Record(i, "cse_risk");
        ValidateChildPeriod(record.cse_risk(), s);
        break;
      }
      case v1::SafeguardingRecord::kPopulation: {
        Scope s = validator.Record(i, "population");
        ValidatePopulation(record.population(), i, s, population_years);
        break;
      }
      case v1::SafeguardingRecord::kSettings: {
        Scope s = validator.Record(i, "settings");
        ValidateSettings(record.settings(), i, s, settings_authorities);
        break;
      }
      default: {
        Scope s = validator.Record(i, "record");
        s.Problem("kind", "no record kind set");
        break;
      }
    }
  }
  return validator.ToStatus();
}

}  // namespace scorecard::safeguarding
