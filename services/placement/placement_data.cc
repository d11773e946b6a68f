#include "services/placement/placement_data.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "common/records/proto_date.h"
#include "common/records/record_io.h"
#include "common/status/status_macros.h"

namespace scorecard::placement {
namespace {

// Open episodes sort after closed ones that start the same day: they reach furthest.
bool EpisodeBefore(const EpisodeFacts& a, const EpisodeFacts& b) {
  const Date a_end = a.end_date.value_or(Date::max());
  const Date b_end = b.end_date.value_or(Date::max());
  return std::tie(a.start_date, a_end) < std::tie(b.start_date, b_end);
}

}  // namespace

PlacementData AssemblePlacementData(absl::Span<const v1::LookedAfterChild> children,
                                    absl::Span<const v1::Episode> episodes,
                                    absl::Span<const v1::LacReview> reviews) {
  std::map<std::string, ChildFacts> by_id;
  auto child_for = [&by_id](const std::string& id) -> ChildFacts& {
    ChildFacts& child = by_id[id];
    child.child_id = id;
    return child;
  };
  for (const v1::LookedAfterChild& c : children) {
    ChildFacts& child = child_for(c.child_id());
    child.team = c.team();
    child.birth_date = FromProtoDate(c.birth_date());
    child.uasc = c.uasc();
    child.uasc_ceased_date = FromProtoDate(c.uasc_ceased_date());
  }
  for (const v1::Episode& e : episodes) {
    std::optional<Date> start = FromProtoDate(e.start_date());
    if (!start.has_value()) continue;
    child_for(e.child_id())
        .episodes.push_back({*start, FromProtoDate(e.end_date()), e.reason_new_episode(),
                             e.legal_status(), e.placement(), e.reason_ceased()});
  }
  for (const v1::LacReview& r : reviews) {
    std::optional<Date> held = FromProtoDate(r.review_date());
    if (!held.has_value()) continue;
    child_for(r.child_id()).review_dates.push_back(*held);
  }

  PlacementData data;
  data.children.reserve(by_id.size());
  for (auto& [id, child] : by_id) {
    std::sort(child.episodes.begin(), child.episodes.end(), EpisodeBefore);
    std::sort(child.review_dates.begin(), child.review_dates.end());
    data.children.push_back(std::move(child));
  }
  return data;
}

absl::StatusOr<PlacementData> LoadPlacementData(const VersionedRecordStore& store,
                                                const std::string& authority,
                                                std::optional<absl::Time> as_at) {
  SCORECARD_ASSIGN_OR_RETURN(std::vector<v1::LookedAfterChild> children,
                             LoadCurrent<v1::LookedAfterChild>(store, authority, as_at));
  SCORECARD_ASSIGN_OR_RETURN(std::vector<v1::Episode> episodes,
                             LoadCurrent<v1::Episode>(store, authority, as_at));
  SCORECARD_ASSIGN_OR_RETURN(std::vector<v1::LacReview> reviews,
                             LoadCurrent<v1::LacReview>(store, authority, as_at));
  return AssemblePlacementData(children, episodes, reviews);
}

}  // namespace scorecard::placement
