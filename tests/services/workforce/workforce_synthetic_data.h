// A synthetic authority for the scale and drill-down tests: posts in teams, each filled by a
// chain of people (15% agency) from before April 2014 to March 2017, with about two sickness
// absences a person a year, monthly supervision (93% of months), about 15 open cases per
// case holder each held for two to eight months, and a vacancy return per team each
// September. Deterministic: the same shape always gives the same records.
//
//   WorkforceData data = SyntheticWorkforce(/*posts=*/1000, /*teams=*/12);
//   IndexWorkforceData(data);
#ifndef SCORECARD_TESTS_SERVICES_WORKFORCE_WORKFORCE_SYNTHETIC_DATA_H_
#define SCORECARD_TESTS_SERVICES_WORKFORCE_WORKFORCE_SYNTHETIC_DATA_H_

#include <algorithm>
#include <optional>
#include <random>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/time/civil_date.h"
#include "services/workforce/workforce_data.h"
#include "tests/services/workforce/workforce_test_data.h"

namespace scorecard::workforce::testing {

inline constexpr Date kSyntheticFirstDay(2014, 4, 1);
inline constexpr Date kSyntheticLastDay(2017, 3, 31);

// Teams are "T0".."T<teams - 1>"; one post in ten is a manager's (no cases). Every record
// has a record_id. Not indexed.
inline WorkforceData SyntheticWorkforce(int posts, int teams) {
  std::mt19937 random(20170331);
  const auto uniform = [&random](int lo, int hi) {
    return std::uniform_int_distribution<int>(lo, hi)(random);
  };
  WorkforceData data;
  int people = 0;
  int children = 0;
  for (int post = 0; post < posts; ++post) {
    const std::string team = absl::StrCat("T", post % teams);
    const bool case_holding = post % 10 != 0;
    Date start = kSyntheticFirstDay - uniform(30, 3000);
    while (start <= kSyntheticLastDay) {
      const std::string id = absl::StrCat("W", ++people);
      const bool agency = uniform(1, 100) <= 15;
      const Date end = start + uniform(200, 2500);
      WorkerFacts w = Worker(id, agency ? Employment::kAgency : Employment::kPermanent, start,
                             end <= kSyntheticLastDay ? std::optional<Date>(end) : std::nullopt,
                             uniform(1, 10) <= 8 ? 1.0 : 0.6, team);
      w.case_holding = case_holding;
      w.record_id = absl::StrCat("WR", data.workers.size() + 1);
      data.workers.push_back(w);
      const Date in_post_from = std::max(start, kSyntheticFirstDay);
      const Date in_post_to = std::min(end, kSyntheticLastDay);
      // Sickness: spells of 1 to 14 days about every six months, never overlapping.
      for (Date d = in_post_from + uniform(0, 180); d + 14 <= in_post_to;
           d += uniform(120, 240)) {
        data.sickness_absences.push_back(
            Absence(id, d, d + uniform(0, 13), uniform(1, 10) == 1 ? 0.5 : 0));
        data.sickness_absences.back().record_id =
            absl::StrCat("AB", data.sickness_absences.size());
      }
      if (case_holding) {
        for (Month m(in_post_from); m <= Month(in_post_to); ++m) {
          if (uniform(1, 100) <= 93) {
            data.supervisions.push_back(Session(id, FirstDayOf(m) + uniform(0, 27)));
          }
        }
        // Fifteen case slots, each a run of children held 60 to 240 days.
        for (int slot = 0; slot < 15; ++slot) {
          for (Date d = in_post_from + uniform(0, 60); d <= in_post_to; d += uniform(61, 241)) {
            const Date until = d + uniform(60, 240);
            data.case_allocations.push_back(
                Allocation(absl::StrCat("C", ++children), id, d,
                           until <= in_post_to ? std::optional<Date>(until) : std::nullopt));
            data.case_allocations.back().record_id =
                absl::StrCat("CA", data.case_allocations.size());
          }
        }
      }
      start = end + uniform(1, 60);
    }
  }
  for (int year = 2014; year <= 2016; ++year) {
    for (int t = 0; t < teams; ++t) {
      data.vacancies.push_back({absl::StrCat("T", t), Date(year, 9, 30), uniform(0, 8) * 0.5,
                                absl::StrCat("VC", data.vacancies.size() + 1)});
    }
  }
  return data;
}

}  // namespace scorecard::workforce::testing

#endif  // SCORECARD_TESTS_SERVICES_WORKFORCE_WORKFORCE_SYNTHETIC_DATA_H_
