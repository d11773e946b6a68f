#include "tools/seed_card/seed_generator.h"

#include <utility>

#include "tools/seed_card/seed_context.h"

namespace scorecard::seed_card {

absl::StatusOr<SeedData> GenerateSeed(const PublishedCard& card, const SeedOptions& options) {
  if (card.months.empty() || card.months.front().month() != 4) {
    return absl::InvalidArgumentError("the card's first month must be an April");
  }
  internal::SeedContext ctx(card, options);
  SeedData data;
  data.population = internal::ChooseSeedPopulation(ctx);
  // Each domain names the first problem it meets; the next does not start after one.
  data.workforce = internal::GenerateWorkforce(ctx);
  if (!ctx.status().ok()) return ctx.status();
  // Placement before safeguarding, which counts the looked-after children among its
  // children in need.
  internal::PlacementOutput placement = internal::GeneratePlacement(ctx, data.population);
  if (!ctx.status().ok()) return ctx.status();
  internal::SafeguardingOutput safeguarding =
      internal::GenerateSafeguarding(ctx, data.population, placement);
  if (!ctx.status().ok()) return ctx.status();
  data.safeguarding = std::move(safeguarding.records);
  for (auto& [run, records] : safeguarding.late) {
    data.late.push_back({ctx.MonthAt(run), std::move(records)});
  }
  data.placement = std::move(placement.records);
  return data;
}

}  // namespace scorecard::seed_card
