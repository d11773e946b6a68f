// The placement records a measure reads, decoded from the store into plain structs and
// grouped by child, so the counting rules are pure functions over one child's history.
//
//   SCORECARD_ASSIGN_OR_RETURN(PlacementData data,
//                              LoadPlacementData(store, "869", std::nullopt));
//   for (const ChildFacts& child : data.children) {
//     for (const EpisodeFacts& e : child.episodes) ...  // in start-date order
//   }
//
// Adding a measure over another record kind: child-level facts (visits, health checks)
// become another sorted vector in ChildFacts; authority-level ones (carer approvals) a
// vector in PlacementData.
#ifndef SCORECARD_SERVICES_PLACEMENT_PLACEMENT_DATA_H_
#define SCORECARD_SERVICES_PLACEMENT_PLACEMENT_DATA_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "common/store/record_store.h"
#include "common/time/civil_date.h"
#include "scorecard/placement/v1/placement_service.pb.h"

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

// Everything recorded about one looked-after child.
struct ChildFacts {
  std::string child_id;
  // From the LookedAfterChild record; empty (and not UASC) when the child has none.
  std::string team;
  std::optional<Date> birth_date;
  bool uasc = false;
  std::optional<Date> uasc_ceased_date;
  // Ordered by start date, then end date (open last).
  std::vector<EpisodeFacts> episodes;
  // Ascending; a day recorded twice is kept twice (the rules decide what that means).
  std::vector<Date> review_dates;
};

struct PlacementData {
  // One entry per child id that has any record, ordered by child id.
  std::vector<ChildFacts> children;
};

// Groups decoded records by child and orders each child's history. Records were validated
// on ingest, so required dates are present; one that is not is skipped rather than guessed.
// When a child has several LookedAfterChild records, the last one given wins.
PlacementData AssemblePlacementData(absl::Span<const v1::LookedAfterChild> children,
                                    absl::Span<const v1::Episode> episodes,
                                    absl::Span<const v1::LacReview> reviews);

// The authority's records as recorded at `as_at` (nullopt: now).
[[nodiscard]] absl::StatusOr<PlacementData> LoadPlacementData(const VersionedRecordStore& store,
                                                              const std::string& authority,
                                                              std::optional<absl::Time> as_at);

}  // namespace scorecard::placement

#endif  // SCORECARD_SERVICES_PLACEMENT_PLACEMENT_DATA_H_
