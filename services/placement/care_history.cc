#include "services/placement/care_history.h"

#include <algorithm>

#include "services/placement/ssda903_codes.h"

namespace scorecard::placement {
namespace {

// The later of two ends, where absent (open) is the latest of all.
std::optional<Date> LaterEnd(const std::optional<Date>& a, const std::optional<Date>& b) {
  if (!a.has_value() || !b.has_value()) return std::nullopt;
  return std::max(*a, *b);
}

// Walks the episodes once, calling on_episode(episode, starts_new_period) for every episode
// that is not a short break. The one place where "a new period of care" is decided.
template <typename OnEpisode>
void WalkCareEpisodes(absl::Span<const EpisodeFacts> episodes, OnEpisode on_episode) {
  bool in_period = false;
  std::optional<Date> period_end;  // meaningful only while in_period
  for (const EpisodeFacts& e : episodes) {
    if (ssda903::IsShortBreak(e.legal_status)) continue;
    const bool continues_period = in_period &&
                                  e.reason_new_episode != ssda903::kStartedToBeLookedAfter &&
                                  (!period_end.has_value() || e.start_date <= *period_end);
    period_end = continues_period ? LaterEnd(period_end, e.end_date) : e.end_date;
    in_period = true;
    on_episode(e, !continues_period);
  }
}

}  // namespace

std::vector<PeriodOfCare> PeriodsOfCare(absl::Span<const EpisodeFacts> episodes) {
  std::vector<PeriodOfCare> periods;
  WalkCareEpisodes(episodes, [&periods](const EpisodeFacts& e, bool new_period) {
    if (new_period) {
      periods.push_back({e.start_date, e.end_date});
    } else {
      periods.back().end = LaterEnd(periods.back().end, e.end_date);
    }
  });
  return periods;
}

std::vector<PlacementSpell> PlacementSpells(absl::Span<const EpisodeFacts> episodes) {
  std::vector<PlacementSpell> spells;
  WalkCareEpisodes(episodes, [&spells](const EpisodeFacts& e, bool new_period) {
    if (new_period || e.reason_new_episode != ssda903::kLegalStatusChangeOnly) {
      spells.push_back({e.start_date, e.end_date, e.placement});
    } else {
      spells.back().end = LaterEnd(spells.back().end, e.end_date);
    }
  });
  return spells;
}

}  // namespace scorecard::placement
