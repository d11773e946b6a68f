#include "services/aggregator/export/html_export.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "common/files/markup_escape.h"
#include "common/records/proto_date.h"
#include "common/status/status_macros.h"
#include "services/aggregator/export/card_grid.h"

namespace scorecard::aggregator {
namespace {

std::string CssColour(uint32_t rgb) { return absl::StrFormat("#%06X", rgb); }

std::string StyleSheet() {
  std::string css = R"(
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;
margin:1.5rem;color:#1a1a1a;background:#fff}
h1{font-size:1.4rem;margin:0 0 .25rem}
p.meta{color:#444;margin:0 0 1rem}
table.card{border-collapse:collapse;font-size:.85rem}
.card th,.card td{border:1px solid #c8c8c8;padding:.2rem .4rem}
.card thead th{background:#d9e1f2;position:sticky;top:0;white-space:nowrap}
.card tr.section th{background:#d9d9d9;text-align:left;font-size:.95rem;padding-top:.4rem}
.card th.title{text-align:left;font-weight:normal;min-width:20rem;max-width:34rem}
.card td.word{color:#444;white-space:nowrap}
.card td.fig,.card td.target{text-align:right;white-space:nowrap}
.card td.none{color:#767676;text-align:center}
.card td.na{color:#595959;font-style:italic;text-align:center}
.cue{display:inline-block;font-size:.7em;font-weight:bold;border:1px solid currentColor;
border-radius:2px;padding:0 .2em;margin-left:.25em;line-height:1.2}
.dir{margin-left:.2em;font-size:.8em}
.dir-improved{color:#006100}
.dir-worsened{color:#9C0006}
.dir-neutral{color:#595959}
.spark{vertical-align:middle;color:#1f4e79}
footer{margin-top:1rem;color:#444;font-size:.8rem}
footer dl{display:grid;grid-template-columns:max-content auto;gap:.1rem .8rem;margin:.5rem 0}
footer dt{font-weight:bold}
footer dd{margin:0;word-break:break-all}
@media print{.card thead th{position:static}body{margin:0}}
)";
  for (v1::Rag rag : {v1::RAG_RED, v1::RAG_AMBER, v1::RAG_GREEN}) {
    const RagColours colours = RagColoursOf(rag);
    absl::StrAppend(&css, ".rag-", RagWord(rag), "{background:", CssColour(colours.fill),
                    ";color:", CssColour(colours.text), "}\n");
  }
  return css;
}

std::string CueLetter(v1::Rag rag) {
  switch (rag) {
    case v1::RAG_RED:
      return "R";
    case v1::RAG_AMBER:
      return "A";
    case v1::RAG_GREEN:
      return "G";
    default:
      return "";
  }
}

enum class Movement { kNone, kUp, kDown, kLevel };

// Which way the figure moved, from the aggregator's judgement and the row's polarity.
Movement MovementOf(v1::Direction direction, v1::Polarity polarity) {
  const bool lower_is_better = polarity == v1::POLARITY_LOWER_IS_BETTER;
  switch (direction) {
    case v1::DIRECTION_UP:
      return Movement::kUp;
    case v1::DIRECTION_DOWN:
      return Movement::kDown;
    case v1::DIRECTION_UNCHANGED:
      return Movement::kLevel;
    case v1::DIRECTION_IMPROVED:
      return lower_is_better ? Movement::kDown : Movement::kUp;
    case v1::DIRECTION_WORSENED:
      return lower_is_better ? Movement::kUp : Movement::kDown;
    default:
      return Movement::kNone;
  }
}

std::string DirectionClass(v1::Direction direction) {
  switch (direction) {
    case v1::DIRECTION_IMPROVED:
      return "dir-improved";
    case v1::DIRECTION_WORSENED:
      return "dir-worsened";
    default:
      return "dir-neutral";
  }
}

// "improved on the previous month (96)".
std::string DirectionSentence(v1::Direction direction, absl::string_view against, bool has_earlier,
                              double earlier, common::v1::Unit unit) {
  const std::string word = DirectionWord(direction);
  if (word.empty()) return "";
  std::string sentence = absl::StrCat(word, " on ", against);
  if (has_earlier) absl::StrAppend(&sentence, " (", CardValueText(unit, earlier), ")");
  return sentence;
}

std::string FigureCell(const v1::Row& row, const v1::Cell& cell) {
  const std::string value = CardValueText(row.unit(), cell.value());
  std::vector<std::string> tooltip;
  const std::string rag = RagWord(cell.rag());
  if (!rag.empty()) tooltip.push_back(rag);
  for (const std::string& sentence :
       {DirectionSentence(cell.vs_previous_month(), "the previous month",
                          cell.has_previous_month_value(), cell.previous_month_value(), row.unit()),
        DirectionSentence(cell.vs_same_month_last_year(), "the same month last year",
                          cell.has_same_month_last_year_value(), cell.same_month_last_year_value(),
                          row.unit())}) {
    if (!sentence.empty()) tooltip.push_back(sentence);
  }
  for (const v1::Comparator& comparator : cell.comparators()) {
    tooltip.push_back(absl::StrCat(comparator.source(), " ", comparator.period(), ": ",
                                   CardValueText(row.unit(), comparator.value())));
  }

  std::string classes = "fig";
  if (!rag.empty()) absl::StrAppend(&classes, " rag-", rag);
  std::string html = absl::StrCat("<td class=\"", classes, "\"");
  if (!tooltip.empty()) {
    absl::StrAppend(&html, " title=\"", EscapeMarkup(absl::StrJoin(tooltip, "; ")), "\"");
  }
  absl::StrAppend(&html, ">", EscapeMarkup(value));
  if (!rag.empty())
    absl::StrAppend(&html, "<span class=\"cue\">", CueLetter(cell.rag()), "</span>");
  const Movement movement = MovementOf(cell.vs_previous_month(), row.polarity());
  if (movement != Movement::kNone) {
    const char* arrow = movement == Movement::kUp     ? "&#9650;"  // ▲
                        : movement == Movement::kDown ? "&#9660;"  // ▼
                                                      : "=";
    absl::StrAppend(&html, "<span class=\"dir ", DirectionClass(cell.vs_previous_month()),
                    "\" aria-label=\"", DirectionWord(cell.vs_previous_month()), "\">", arrow,
                    "</span>");
  }
  absl::StrAppend(&html, "</td>");
  return html;
}

// "green at or above 90; amber at or above 80 (local default)".
std::string ThresholdText(const v1::Row& row) {
  const char* side = row.polarity() == v1::POLARITY_LOWER_IS_BETTER ? "at or below" : "at or above";
  std::vector<std::string> parts;
  if (row.has_green_threshold()) {
    parts.push_back(
        absl::StrCat("green ", side, " ", CardValueText(row.unit(), row.green_threshold())));
  }
  if (row.has_amber_threshold()) {
    parts.push_back(
        absl::StrCat("amber ", side, " ", CardValueText(row.unit(), row.amber_threshold())));
  }
  std::string text = absl::StrJoin(parts, "; ");
  if (!text.empty() && !row.threshold_source().empty()) {
    absl::StrAppend(&text, " (", row.threshold_source(), ")");
  }
  return text;
}

std::string RowHtml(const GridRow& grid_row, size_t month_count) {
  const v1::Row& row = *grid_row.row;
  std::string html =
      absl::StrCat("<tr><th scope=\"row\" class=\"title\">", EscapeMarkup(row.title()),
                   "</th><td class=\"word\">", EscapeMarkup(SeedBasisWord(row.basis())),
                   "</td><td class=\"word\">", EscapeMarkup(SeedUnitWord(row.unit())),
                   "</td><td class=\"target\"");
  const std::string thresholds = ThresholdText(row);
  if (!thresholds.empty()) absl::StrAppend(&html, " title=\"", EscapeMarkup(thresholds), "\"");
  absl::StrAppend(&html, ">",
                  row.has_target() ? EscapeMarkup(CardValueText(row.unit(), row.target())) : "",
                  "</td>");

  std::vector<std::optional<double>> values(month_count);
  if (!grid_row.HasFigures()) {
    absl::StrAppend(&html, "<td class=\"na\" colspan=\"", month_count, "\">",
                    EscapeMarkup(RowStatusWords(row.status())), "</td>");
  } else {
    for (size_t column = 0; column < month_count; ++column) {
      const v1::Cell* cell = grid_row.ShownCell(column);
      if (cell == nullptr) {
        absl::StrAppend(&html, "<td class=\"none\" title=\"no value\">-</td>");
        continue;
      }
      values[column] = cell->value();
      absl::StrAppend(&html, FigureCell(row, *cell));
    }
  }

  std::vector<double> shown;
  for (const std::optional<double>& v : values) {
    if (v.has_value()) shown.push_back(*v);
  }
  const std::string label = shown.empty()
                                ? "Trend: no figures"
                                : absl::StrCat("Trend: ", CardValueText(row.unit(), shown.front()),
                                               " to ", CardValueText(row.unit(), shown.back()));
  absl::StrAppend(&html, "<td class=\"trend\">", SparklineSvg(values, label), "</td></tr>\n");
  return html;
}

std::string FooterHtml(const v1::Scorecard& card) {
  std::vector<std::string> versions;
  for (const v1::ServiceDataVersion& v : card.data_versions()) {
    versions.push_back(v.available() ? absl::StrCat(v.service(), " ", v.version())
                                     : absl::StrCat(v.service(), " unavailable"));
  }
  std::string html =
      "<footer>\n<p>Key: <span class=\"rag-red\">&nbsp;R&nbsp;</span> red, "
      "<span class=\"rag-amber\">&nbsp;A&nbsp;</span> amber, "
      "<span class=\"rag-green\">&nbsp;G&nbsp;</span> green against the row's thresholds "
      "(hover the target); &#9650; &#9660; = the figure's movement since the previous month, "
      "<span class=\"dir-improved\">green</span> when better, "
      "<span class=\"dir-worsened\">red</span> when worse, grey for a volume; "
      "- no value.</p>\n<dl>\n";
  if (card.has_computed_at()) {
    absl::StrAppend(
        &html, "<dt>Computed</dt><dd>",
        EscapeMarkup(absl::FormatTime("%Y-%m-%d %H:%M:%S UTC",
                                      FromProtoTimestamp(card.computed_at()), absl::UTCTimeZone())),
        "</dd>\n");
  }
  absl::StrAppend(&html, "<dt>Definition</dt><dd>", EscapeMarkup(card.scorecard_id()), " ",
                  EscapeMarkup(card.definition_hash()), "</dd>\n<dt>Data versions</dt><dd>",
                  EscapeMarkup(versions.empty() ? "none" : absl::StrJoin(versions, ", ")),
                  "</dd>\n</dl>\n</footer>\n");
  return html;
}

std::string Coordinate(double x) { return absl::StrFormat("%.1f", x); }

}  // namespace

std::string SparklineSvg(absl::Span<const std::optional<double>> values, absl::string_view label) {
  std::string svg = absl::StrFormat(
      "<svg class=\"spark\" width=\"%.0f\" height=\"%.0f\" "
      "viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"%s\">",
      kSparklineWidth, kSparklineHeight, kSparklineWidth, kSparklineHeight, EscapeMarkup(label));
  double low = 0, high = 0;
  bool any = false;
  for (const std::optional<double>& v : values) {
    if (!v.has_value()) continue;
    low = any ? std::min(low, *v) : *v;
    high = any ? std::max(high, *v) : *v;
    any = true;
  }
  if (!any) return svg + "</svg>";

  const double inner_width = kSparklineWidth - 2 * kSparklineMargin;
  const double inner_height = kSparklineHeight - 2 * kSparklineMargin;
  std::vector<std::string> points;
  std::string last_x, last_y;
  for (size_t i = 0; i < values.size(); ++i) {
    if (!values[i].has_value()) continue;
    const double x = values.size() == 1
                         ? kSparklineWidth / 2
                         : kSparklineMargin + inner_width * static_cast<double>(i) /
                                                  static_cast<double>(values.size() - 1);
    const double y = high == low
                         ? kSparklineHeight / 2
                         : kSparklineMargin + inner_height * (high - *values[i]) / (high - low);
    last_x = Coordinate(x);
    last_y = Coordinate(y);
    points.push_back(absl::StrCat(last_x, ",", last_y));
  }
  absl::StrAppend(&svg, "<polyline points=\"", absl::StrJoin(points, " "),
                  "\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\" "
                  "stroke-linejoin=\"round\"/><circle cx=\"",
                  last_x, "\" cy=\"", last_y, "\" r=\"2\" fill=\"currentColor\"/></svg>");
  return svg;
}

absl::StatusOr<std::string> ExportHtml(const v1::Scorecard& card) {
  SCORECARD_ASSIGN_OR_RETURN(const CardGrid grid, BuildCardGrid(card));
  const std::string title = card.title().empty() ? card.scorecard_id() : card.title();
  const std::string range =
      absl::StrCat(FormatMonth(grid.months.front()), " to ", FormatMonth(grid.months.back()));
  const size_t month_count = grid.months.size();

  std::string html = absl::StrCat(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
      EscapeMarkup(title), " - authority ", EscapeMarkup(card.authority()), ", ", range,
      "</title>\n<style>", StyleSheet(), "</style>\n</head>\n<body>\n<h1>", EscapeMarkup(title),
      "</h1>\n<p class=\"meta\">Authority ", EscapeMarkup(card.authority()), ", ", range,
      "</p>\n<table class=\"card\">\n<thead><tr><th scope=\"col\">Measure</th>"
      "<th scope=\"col\">Basis</th><th scope=\"col\">Unit</th><th scope=\"col\">Target</th>");
  for (Month month : grid.months) {
    absl::StrAppend(&html, "<th scope=\"col\">", FormatMonth(month), "</th>");
  }
  absl::StrAppend(&html, "<th scope=\"col\">Trend</th></tr></thead>\n<tbody>\n");
  const size_t column_count = 4 + month_count + 1;
  for (const GridSection& section : grid.sections) {
    absl::StrAppend(&html, "<tr class=\"section\"><th scope=\"colgroup\" colspan=\"", column_count,
                    "\">", EscapeMarkup(section.section->title()), "</th></tr>\n");
    for (const GridRow& row : section.rows) absl::StrAppend(&html, RowHtml(row, month_count));
  }
  absl::StrAppend(&html, "</tbody>\n</table>\n", FooterHtml(card), "</body>\n</html>\n");
  return html;
}

}  // namespace scorecard::aggregator
