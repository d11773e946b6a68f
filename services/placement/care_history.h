// What a child's SSDA903 episodes add up to: periods of care and placements. Each is one
// rule, computed once per child when the data is loaded (IndexChildFacts in
// placement_data.h) and read by every measure.
//
//   std::vector<PeriodOfCare> periods = PeriodsOfCare(child.episodes);
//   // [03/04/2017 .. 01/06/2017], [01/07/2017 .. open)
//   std::vector<PlacementSpell> placements = PlacementSpells(child.episodes);
//   // one per episode that starts a placement; legal-status-only changes continue one
//
// Day convention (the DfE's "looked after at 31 March"): something that starts on day s and
// ends on day e is open at the end of every day d with s <= d < e. Ending on d means over
// by the end of d; open means no end yet.
#ifndef SCORECARD_SERVICES_PLACEMENT_CARE_HISTORY_H_
#define SCORECARD_SERVICES_PLACEMENT_CARE_HISTORY_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/types/span.h"
#include "common/time/civil_date.h"

namespace scorecard::placement {

// One SSDA903 episode: a stretch of care with one legal status and placement.
struct EpisodeFacts {
  Date start_date;
  // Absent while the episode is open.
  std::optional<Date> end_date;
  // 903 codes; see ssda903_codes.h.
  std::string reason_new_episode;
  std::string legal_status;
  std::string placement;
  std::string reason_ceased;
};

// An unbroken stretch of being looked after, from an "S" episode (or the child's first)
// through the episodes that follow on from it.
struct PeriodOfCare {
  Date start;
  // The day the last episode ended; absent while an episode is open.
  std::optional<Date> end;
};

// One placement: from an episode that starts a placement through the legal-status-only
// ("L") episodes that follow it in the same period of care.
struct PlacementSpell {
  Date start;
  // Absent while open.
  std::optional<Date> end;
  // PLACE of the episode that started the placement, e.g. "U4".
  std::string placement;
};

// True when [start, end) covers the end of day `d` (see the day convention above).
inline bool OpenAtEndOf(Date start, const std::optional<Date>& end, Date d) {
  return start <= d && (!end.has_value() || *end > d);
}

// The child's periods of care in start order, from episodes in start order. Short breaks
// (legal status V3/V4) are ignored: the DfE does not count them as looked after. An episode
// continues the current period unless it is an "S" episode or starts after every earlier
// episode of the period has ended (a gap). Overlapping episodes (a recording error) stay in
// one period.
std::vector<PeriodOfCare> PeriodsOfCare(absl::Span<const EpisodeFacts> episodes);

// The child's placements in start order, from episodes in start order. The first episode of
// a period of care starts a placement, and so does every episode whose reason for new
// episode is a change of placement: "P" (placement and carer), "T" (placement, same carer),
// "U" (legal status and placement and carer) or "B" (legal status and placement, same
// carer). "L" (legal status only) continues the placement. Short breaks are ignored.
std::vector<PlacementSpell> PlacementSpells(absl::Span<const EpisodeFacts> episodes);

}  // namespace scorecard::placement

#endif  // SCORECARD_SERVICES_PLACEMENT_CARE_HISTORY_H_
