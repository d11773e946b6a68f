#include "tools/scorecardctl/aggregator_format.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "services/aggregator/export/card_grid.h"
#include "tools/scorecardctl/measure_words.h"
#include "tools/scorecardctl/table_format.h"
#include "tools/scorecardctl/utc_text.h"

namespace scorecard::scorecardctl {
namespace {

namespace v1 = ::scorecard::aggregator::v1;

constexpr char kNone[] = "-";
// Enough of a SHA-256 to tell definitions apart by eye.
constexpr size_t kHashShown = 12;

std::string OrNone(const std::string& text) { return text.empty() ? kNone : text; }

std::string Instant(bool present, const google::protobuf::Timestamp& timestamp) {
  return present ? UtcText(timestamp) : kNone;
}

// The two sides of a restated cell as the card shows them, or exactly when that would
// hide the change.
std::pair<std::string, std::string> RestatedValues(const v1::RestatedCell& cell) {
  const auto shown = [&](bool present, double value) {
    return present ? aggregator::CardValueText(cell.unit(), value) : std::string(kNone);
  };
  std::string published = shown(cell.has_published_value(), cell.published_value());
  std::string current = shown(cell.has_current_value(), cell.current_value());
  if (published == current && cell.has_published_value() && cell.has_current_value()) {
    published = aggregator::ExactNumberText(cell.published_value());
    current = aggregator::ExactNumberText(cell.current_value());
  }
  return {published, current};
}

}  // namespace

std::string FormatPublication(const v1::Publication& publication) {
  std::string out =
      absl::StrCat("published ", aggregator::YearMonthText(publication.month()), " of ",
                   publication.scorecard_id(), " for ", publication.authority(), ": revision ",
                   publication.revision(), "\n");
  absl::StrAppend(&out, "  published at:  ",
                  Instant(publication.has_published_at(), publication.published_at()), " by ",
                  OrNone(publication.published_by()), "\n");
  if (publication.reason() != v1::REPUBLISH_REASON_UNSPECIFIED) {
    absl::StrAppend(&out, "  reason:        ", RepublishReasonWord(publication.reason()), "\n");
  }
  absl::StrAppend(&out, "  as at:         ",
                  Instant(publication.has_as_at(), publication.as_at()), "\n");
  absl::StrAppend(&out, "  definition:    ",
                  OrNone(publication.definition_hash().substr(0, kHashShown)), "\n");
  absl::StrAppend(&out, "  data versions: ",
                  aggregator::DataVersionsText(publication.data_versions()), "\n");
  return out;
}

std::string FormatPublicationsTable(
    const google::protobuf::RepeatedPtrField<v1::Publication>& publications) {
  if (publications.empty()) return "(no publications)\n";
  std::vector<std::vector<std::string>> rows = {
      {"scorecard", "month", "revision", "published", "by", "reason", "as at", "definition"}};
  for (const v1::Publication& p : publications) {
    rows.push_back({p.scorecard_id(), aggregator::YearMonthText(p.month()),
                    absl::StrCat(p.revision()), Instant(p.has_published_at(), p.published_at()),
                    OrNone(p.published_by()), OrNone(RepublishReasonWord(p.reason())),
                    Instant(p.has_as_at(), p.as_at()),
                    OrNone(p.definition_hash().substr(0, kHashShown))});
  }
  return FormatColumns(rows);
}

std::string FormatRestatement(const v1::Restatement& restatement) {
  std::string out = absl::StrCat(
      "restatement of ", restatement.scorecard_id(), " for ", restatement.authority(), ", ",
      aggregator::YearMonthText(restatement.from_month()), " to ",
      aggregator::YearMonthText(restatement.to_month()), " (computed ",
      Instant(restatement.has_computed_at(), restatement.computed_at()), ")\n");
  if (restatement.publications().empty()) {
    absl::StrAppend(&out, "no month in the range is published: nothing to compare\n");
    return out;
  }
  for (const v1::Publication& p : restatement.publications()) {
    absl::StrAppend(&out, "compared with ", aggregator::YearMonthText(p.month()), " revision ",
                    p.revision(), " (published ",
                    Instant(p.has_published_at(), p.published_at()), " by ",
                    OrNone(p.published_by()), ")",
                    p.definition_hash() == restatement.definition_hash()
                        ? ""
                        : "; the definition has changed since: rows in both compared",
                    "\n");
  }
  absl::StrAppend(&out, "\n");
  if (restatement.cells().empty()) {
    absl::StrAppend(&out, "no published figure has changed\n");
    return out;
  }
  std::vector<std::vector<std::string>> rows = {
      {"section", "row", "month", "published", "now"}};
  for (const v1::RestatedCell& cell : restatement.cells()) {
    auto [published, current] = RestatedValues(cell);
    rows.push_back({cell.section_id(), TruncateToWidth(cell.row_title(), kMaxTitleWidth),
                    aggregator::YearMonthText(cell.month()), std::move(published),
                    std::move(current)});
  }
  absl::StrAppend(&out, FormatColumns(rows));
  absl::StrAppend(&out, restatement.cells_size(), " restated figure(s)\n");
  return out;
}

std::string FormatLocalValue(const v1::LocalValue& value) {
  return absl::StrCat(value.measure_id(), " for ", value.authority(), ", ",
                      aggregator::YearMonthText(value.month()), ": ",
                      value.has_value() ? aggregator::ExactNumberText(value.value())
                                        : std::string("withdrawn"),
                      " (revision ", value.revision(), ", entered by ",
                      OrNone(value.entered_by()), " at ",
                      Instant(value.has_entered_at(), value.entered_at()), ")\n");
}

std::string FormatCacheStats(const v1::CacheStats& stats) {
  std::string out = absl::StrCat(
      "aggregator cache: ", stats.hits(), " hits, ", stats.misses(), " misses, ",
      stats.bypasses(), " bypasses, ", stats.uncacheable(), " uncacheable, ",
      stats.single_flight_joins(), " single-flight joins; entries kept ",
      absl::FormatDuration(absl::Seconds(stats.ttl_seconds())), "\n");
  if (!stats.redis_configured()) {
    absl::StrAppend(&out, "  redis: not configured (every card is computed)\n");
    return out;
  }
  absl::StrAppend(&out, "  redis: breaker ", OrNone(stats.breaker_state()),
                  stats.redis_degraded() ? " (degraded: cards computed without it)" : "", ", ",
                  stats.redis_sets(), " sets, ", stats.redis_errors(), " errors, ",
                  stats.redis_rejected(), " rejected\n");
  // The in-process tier answers only while Redis is configured (it holds what Redis holds).
  absl::StrAppend(&out, "  memory: ", stats.memory_hits(), " of the hits, ",
                  stats.memory_entries(), " cards in ", stats.memory_bytes(), " bytes, ",
                  stats.memory_evictions(), " evicted; ", stats.version_calls(),
                  " data-version calls\n");
  return out;
}

}  // namespace scorecard::scorecardctl
