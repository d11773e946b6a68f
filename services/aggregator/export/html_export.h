// The card as one self-contained HTML page that looks like the published card: inline CSS,
// an inline SVG sparkline per row, no scripts and nothing fetched (a Content-Security-Policy
// of default-src 'none' says so to the browser), so it can be mailed or archived as it is.
//
//   absl::StatusOr<std::string> page = ExportHtml(card);
//
// A table: Measure | Basis | Unit | Target | one column per month | Trend, a grey header row
// per section, then its rows. Each figure is shown as the card shows it (CardValueText) on
// its RAG colour (class rag-red, rag-amber, rag-green) with a letter as well (R, A, G) so
// the rating never rests on colour alone, and an arrow for its movement since the previous
// month (up, down or "=" when unchanged), green when that is better, red when worse, grey
// for a volume; the cell's tooltip says it all in words. An undefined value is "-"; a row that
// is not available says why across its months. Every string from the card is HTML-escaped.
#ifndef SCORECARD_SERVICES_AGGREGATOR_EXPORT_HTML_EXPORT_H_
#define SCORECARD_SERVICES_AGGREGATOR_EXPORT_HTML_EXPORT_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "scorecard/aggregator/v1/aggregator_service.pb.h"

namespace scorecard::aggregator {

// INVALID_ARGUMENT when the card is malformed (BuildCardGrid).
[[nodiscard]] absl::StatusOr<std::string> ExportHtml(const v1::Scorecard& card);

// The sparkline's box, in pixels, and the margin kept clear inside it.
inline constexpr double kSparklineWidth = 80;
inline constexpr double kSparklineHeight = 20;
inline constexpr double kSparklineMargin = 2;

// An <svg> of one row's values, one entry per month (nullopt where there is none): a
// polyline through the values there are, each at its month's place across the box (the
// first month at the left margin, the last at the right) and scaled so the row's lowest
// value touches the bottom margin and its highest the top (a flat row sits in the middle),
// with a dot on the latest value. `label` (escaped here) is its accessible name.
std::string SparklineSvg(absl::Span<const std::optional<double>> values, absl::string_view label);

}  // namespace scorecard::aggregator

#endif  // SCORECARD_SERVICES_AGGREGATOR_EXPORT_HTML_EXPORT_H_
