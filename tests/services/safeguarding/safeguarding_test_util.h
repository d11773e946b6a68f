// Builders for hand-written safeguarding records, so each test reads as its dates.
//
//   SafeguardingRecords r;
//   r.plans = {Plan("C1", "P1", Date(2017, 1, 16))};
//   SafeguardingData data = IndexSafeguardingRecords(std::move(r));
//   Fraction f = ChildrenOnPlans(data, Context(Month(2017, 3), cv1::BASIS_SNAPSHOT));
#ifndef SCORECARD_TESTS_SERVICES_SAFEGUARDING_SAFEGUARDING_TEST_UTIL_H_
#define SCORECARD_TESTS_SERVICES_SAFEGUARDING_SAFEGUARDING_TEST_UTIL_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/measures/measure_period.h"
#include "common/measures/measure_registry.h"
#include "common/time/working_days.h"
#include "services/safeguarding/safeguarding_data.h"

namespace scorecard::safeguarding::testing {

namespace cv1 = ::scorecard::common::v1;

// England and Wales bank holidays; no closure days.
inline MeasureContext Context(Month month, cv1::Basis basis, std::string team = "") {
  MeasureContext ctx;
  ctx.month = month;
  ctx.basis = basis;
  ctx.period = *PeriodFor(basis, month);
  ctx.month_end = LastDayOf(month);
  ctx.team = std::move(team);
  ctx.calendar = &WorkingDayCalendar::EnglandAndWales();
  return ctx;
}

inline ReferralFacts Referral(std::string child, Date date, std::string team = "") {
  ReferralFacts r;
  r.child_id = std::move(child);
  r.referral_date = date;
  r.team = std::move(team);
  return r;
}

inline ContactFacts Contact(std::string child, Date date, std::optional<Date> decided) {
  ContactFacts c;
  c.child_id = std::move(child);
  c.contact_date = date;
  c.decision_date = decided;
  return c;
}

inline AssessmentFacts Assessment(std::string child, std::optional<Date> referral, Date start,
                                  std::optional<Date> authorised,
                                  std::vector<std::string> factors = {}, std::string team = "") {
  AssessmentFacts a;
  a.child_id = std::move(child);
  a.referral_date = referral;
  a.start_date = start;
  a.authorisation_date = authorised;
  a.factors = std::move(factors);
  a.team = std::move(team);
  return a;
}

inline Section47Facts Enquiry(Date strategy, std::optional<Date> icpc, std::string team = "",
                              std::optional<Date> report_shared = std::nullopt) {
  Section47Facts s;
  s.child_id = "C";
  s.strategy_discussion_date = strategy;
  s.icpc_date = icpc;
  s.icpc_report_shared_date = report_shared;
  s.team = std::move(team);
  return s;
}

inline PlanFacts Plan(std::string child, std::string source_id, Date start,
                      std::optional<Date> end = std::nullopt, std::string team = "",
                      int previous_plans = 0) {
  PlanFacts p;
  p.child_id = std::move(child);
  p.source_id = std::move(source_id);
  p.start_date = start;
  p.end_date = end;
  p.team = std::move(team);
  p.previous_plans = previous_plans;
  return p;
}

inline ReviewConferenceFacts Review(std::string child, std::string plan_source_id, Date held,
                                    std::optional<Date> report_shared = std::nullopt) {
  ReviewConferenceFacts r;
  r.child_id = std::move(child);
  r.plan_source_id = std::move(plan_source_id);
  r.conference_date = held;
  r.report_shared_date = report_shared;
  return r;
}

inline VisitFacts Visit(std::string child, Date date, bool seen = true) {
  VisitFacts v;
  v.child_id = std::move(child);
  v.visit_date = date;
  v.seen = seen;
  return v;
}

inline CoreGroupFacts CoreGroup(std::string child, Date date) {
  CoreGroupFacts c;
  c.child_id = std::move(child);
  c.meeting_date = date;
  return c;
}

inline ChildPeriodFacts Period(std::string child, Date start,
                               std::optional<Date> end = std::nullopt) {
  ChildPeriodFacts p;
  p.child_id = std::move(child);
  p.start_date = start;
  p.end_date = end;
  return p;
}

inline CinEpisodeFacts Episode(std::string child, Date start,
                               std::optional<Date> end = std::nullopt, std::string team = "",
                               bool early_intervention = false) {
  CinEpisodeFacts e;
  e.child_id = std::move(child);
  e.start_date = start;
  e.end_date = end;
  e.team = std::move(team);
  e.early_intervention = early_intervention;
  return e;
}

inline SafeguardingData Index(SafeguardingRecords records) {
  return IndexSafeguardingRecords(std::move(records));
}

}  // namespace scorecard::safeguarding::testing

#endif  // SCORECARD_TESTS_SERVICES_SAFEGUARDING_SAFEGUARDING_TEST_UTIL_H_
