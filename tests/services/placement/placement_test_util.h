// Builders for placement tests: hand-made care histories and measure contexts.
//
//   ChildFacts c = Child("a", {Episode(Date(2017, 5, 22), kOpen)});
//   c.visit_dates = {Date(2017, 6, 1)};
//   PlacementData data = Data({c});   // indexes built, as the loader builds them
//   Fraction f = LacVisitsWithinTimescale(data, Snapshot(Month(2017, 6)));
#ifndef SCORECARD_TESTS_SERVICES_PLACEMENT_PLACEMENT_TEST_UTIL_H_
#define SCORECARD_TESTS_SERVICES_PLACEMENT_PLACEMENT_TEST_UTIL_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/measures/measure_period.h"
#include "common/measures/measure_registry.h"
#include "common/time/working_days.h"
#include "services/placement/placement_data.h"

namespace scorecard::placement::testutil {

inline constexpr std::nullopt_t kOpen = std::nullopt;

// What MeasureRegistry::Compute builds for a month and basis.
inline MeasureContext Context(Month month, common::v1::Basis basis, std::string team = "") {
  MeasureContext ctx;
  ctx.month = month;
  ctx.basis = basis;
  ctx.period = *PeriodFor(basis, month);
  ctx.month_end = LastDayOf(month);
  ctx.team = std::move(team);
  ctx.calendar = &WorkingDayCalendar::EnglandAndWales();
  return ctx;
}

inline MeasureContext Snapshot(Month month, std::string team = "") {
  return Context(month, common::v1::BASIS_SNAPSHOT, std::move(team));
}

// An episode; an ended one ceases with `reason_ceased` (default E13, left care).
inline EpisodeFacts Episode(Date start, std::optional<Date> end,
                            std::string reason_new_episode = "S", std::string legal_status = "C2",
                            std::string placement = "U4", std::string reason_ceased = "") {
  EpisodeFacts e;
  e.start_date = start;
  e.end_date = end;
  e.reason_new_episode = std::move(reason_new_episode);
  e.legal_status = std::move(legal_status);
  e.placement = std::move(placement);
  if (end.has_value()) e.reason_ceased = reason_ceased.empty() ? "E13" : std::move(reason_ceased);
  return e;
}

// An episode that ends with X1 (care continues into the next episode).
inline EpisodeFacts FollowedOn(Date start, Date end, std::string reason_new_episode = "S",
                               std::string placement = "U4") {
  return Episode(start, end, std::move(reason_new_episode), "C2", std::move(placement), "X1");
}

// A child with its indexes built.
inline ChildFacts Child(std::string id, std::vector<EpisodeFacts> episodes,
                        std::vector<Date> review_dates = {}, std::string team = "") {
  ChildFacts c;
  c.child_id = std::move(id);
  c.team = std::move(team);
  c.episodes = std::move(episodes);
  c.review_dates = std::move(review_dates);
  IndexChildFacts(c);
  return c;
}

// Data from children whose facts may have changed after Child(): every index rebuilt, as
// the loader builds them. (Data assembled as `data.children = {...}` has no care-span
// index, so the measures scan every child: both ways are exercised.)
inline PlacementData Data(std::vector<ChildFacts> children) {
  PlacementData data;
  for (ChildFacts& c : children) IndexChildFacts(c);
  data.children = std::move(children);
  IndexPlacementData(data);
  return data;
}

}  // namespace scorecard::placement::testutil

#endif  // SCORECARD_TESTS_SERVICES_PLACEMENT_PLACEMENT_TEST_UTIL_H_
