// Small builders for the workforce counting-rule tests: plain WorkforceData records and the
// MeasureContext the registry would pass.
//
//   WorkforceData data;
//   data.workers = {Permanent("W1", Date(2016, 1, 4), std::nullopt, 0.5)};
//   data.sickness_absences = {Absence("W1", Date(2017, 3, 8), Date(2017, 3, 8))};
//   Fraction f = SicknessDaysLost(data, Context(Month(2017, 3), cv1::BASIS_MONTH));
#ifndef SCORECARD_TESTS_SERVICES_WORKFORCE_WORKFORCE_TEST_DATA_H_
#define SCORECARD_TESTS_SERVICES_WORKFORCE_WORKFORCE_TEST_DATA_H_

#include <optional>
#include <string>
#include <utility>

#include "common/measures/measure_period.h"
#include "common/measures/measure_registry.h"
#include "common/time/working_days.h"
#include "services/workforce/workforce_data.h"

namespace scorecard::workforce::testing {

// Built the way MeasureRegistry::Compute builds it, so the functions see what they would
// see in the server. England and Wales bank holidays unless `calendar` is given.
inline MeasureContext Context(Month month, common::v1::Basis basis, std::string team = "",
                              const WorkingDayCalendar* calendar = nullptr) {
  MeasureContext ctx;
  ctx.month = month;
  ctx.basis = basis;
  ctx.period = PeriodFor(basis, month).value();
  ctx.month_end = LastDayOf(month);
  ctx.team = std::move(team);
  ctx.calendar = calendar != nullptr ? calendar : &WorkingDayCalendar::EnglandAndWales();
  return ctx;
}

inline WorkerFacts Worker(std::string id, Employment employment, Date start,
                          std::optional<Date> end = std::nullopt, double fte = 1.0,
                          std::string team = "CIN") {
  WorkerFacts w;
  w.worker_id = std::move(id);
  w.employment = employment;
  w.fte = fte;
  w.team = std::move(team);
  w.role = "social-worker";
  w.start_date = start;
  w.end_date = end;
  w.case_holding = true;
  return w;
}

inline WorkerFacts Permanent(std::string id, Date start, std::optional<Date> end = std::nullopt,
                             double fte = 1.0, std::string team = "CIN") {
  return Worker(std::move(id), Employment::kPermanent, start, end, fte, std::move(team));
}

inline WorkerFacts Agency(std::string id, Date start, std::optional<Date> end = std::nullopt,
                          double fte = 1.0, std::string team = "CIN") {
  return Worker(std::move(id), Employment::kAgency, start, end, fte, std::move(team));
}

// A manager: in post, not holding cases.
inline WorkerFacts Manager(std::string id, Date start, std::string team = "CIN") {
  WorkerFacts w = Permanent(std::move(id), start, std::nullopt, 1.0, std::move(team));
  w.role = "team-manager";
  w.case_holding = false;
  return w;
}

inline SicknessAbsenceFacts Absence(std::string worker_id, Date start,
                                    std::optional<Date> end, double first_day_fraction = 0,
                                    double last_day_fraction = 0) {
  SicknessAbsenceFacts a;
  a.worker_id = std::move(worker_id);
  a.start_date = start;
  a.end_date = end;
  a.first_day_fraction = first_day_fraction;
  a.last_day_fraction = last_day_fraction;
  return a;
}

inline SupervisionFacts Session(std::string worker_id, Date day) {
  SupervisionFacts s;
  s.worker_id = std::move(worker_id);
  s.session_date = day;
  return s;
}

inline CaseAllocationFacts Allocation(std::string child_id, std::string worker_id, Date start,
                                      std::optional<Date> end = std::nullopt) {
  CaseAllocationFacts c;
  c.child_id = std::move(child_id);
  c.worker_id = std::move(worker_id);
  c.start_date = start;
  c.end_date = end;
  return c;
}

}  // namespace scorecard::workforce::testing

#endif  // SCORECARD_TESTS_SERVICES_WORKFORCE_WORKFORCE_TEST_DATA_H_
