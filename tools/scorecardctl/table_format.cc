#include "tools/scorecardctl/table_format.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "common/records/proto_date.h"
#include "services/aggregator/export/card_grid.h"
#include "tools/scorecardctl/measure_words.h"
#include "tools/scorecardctl/utc_text.h"

namespace scorecard::scorecardctl {
namespace {

constexpr char kEllipsis[] = "\u2026";
constexpr absl::string_view kColumnGap = "  ";
// "2016-04" is the narrowest a month column gets.
constexpr size_t kMinMonthWidth = 7;
constexpr char kUndefined[] = "-";
constexpr char kNotYetAvailable[] = "n/a";
constexpr char kSourceUnavailable[] = "unavailable";

int MonthKey(int year, int month) { return year * 12 + (month - 1); }
int MonthKey(Month month) {
  return MonthKey(static_cast<int>(month.year()), month.month());
}

std::string PadRight(absl::string_view text, size_t width) {
  std::string out(text);
  const size_t used = DisplayWidth(text);
  if (used < width) out.append(width - used, ' ');
  return out;
}

std::string PadLeft(absl::string_view text, size_t width) {
  const size_t used = DisplayWidth(text);
  std::string out = used < width ? std::string(width - used, ' ') : std::string();
  absl::StrAppend(&out, text);
  return out;
}

std::vector<Month> MonthsBetween(Month from, Month to) {
  std::vector<Month> months;
  for (Month m = from; m <= to; ++m) months.push_back(m);
  return months;
}

// Label columns, then right-aligned value (month) columns. Labels fit their widest cell;
// every month column gets one shared width, so the grid reads like the printed card.
struct TextGrid {
  std::vector<std::vector<std::string>> rows;

  std::vector<size_t> Widths(size_t label_columns, size_t min_value_width) const {
    std::vector<size_t> widths;
    size_t value_width = min_value_width;
    for (const std::vector<std::string>& row : rows) {
      if (widths.size() < row.size()) widths.resize(row.size(), 0);
      for (size_t i = 0; i < row.size(); ++i) {
        const size_t width = DisplayWidth(row[i]);
        if (i < label_columns) {
          widths[i] = std::max(widths[i], width);
        } else {
          value_width = std::max(value_width, width);
        }
      }
    }
    for (size_t i = label_columns; i < widths.size(); ++i) widths[i] = value_width;
    return widths;
  }
};

// `left_columns` columns are left-aligned (labels), the rest right-aligned (values).
std::string RenderRow(const std::vector<std::string>& row, const std::vector<size_t>& widths,
                      size_t left_columns, absl::string_view indent) {
  std::string line(indent);
  for (size_t i = 0; i < row.size(); ++i) {
    if (i > 0) absl::StrAppend(&line, kColumnGap);
    absl::StrAppend(&line, i < left_columns ? PadRight(row[i], widths[i])
                                            : PadLeft(row[i], widths[i]));
  }
  absl::StripTrailingAsciiWhitespace(&line);
  line.push_back('\n');
  return line;
}

// The card's month columns: its declared range, or (defensively, should the range be
// missing) every month any cell mentions.
std::vector<Month> ScorecardMonths(const aggregator::v1::Scorecard& card) {
  absl::StatusOr<Month> from = FromProtoMonth(card.from_month());
  absl::StatusOr<Month> to = FromProtoMonth(card.to_month());
  if (from.ok() && to.ok()) return MonthsBetween(*from, *to);
  std::set<Month> seen;
  for (const auto& section : card.sections()) {
    for (const auto& row : section.rows()) {
      for (const auto& cell : row.cells()) {
        absl::StatusOr<Month> month = FromProtoMonth(cell.month());
        if (month.ok()) seen.insert(*month);
      }
    }
  }
  return std::vector<Month>(seen.begin(), seen.end());
}

std::vector<std::string> ScorecardRowCells(const aggregator::v1::Row& row,
                                           const std::vector<Month>& months) {
  std::vector<std::string> cells;
  cells.reserve(months.size() + 1);
  cells.push_back(TruncateToWidth(row.title(), kMaxTitleWidth));
  const char* whole_row = nullptr;
  if (row.status() == aggregator::v1::ROW_STATUS_NOT_YET_AVAILABLE) whole_row = kNotYetAvailable;
  if (row.status() == aggregator::v1::ROW_STATUS_SOURCE_UNAVAILABLE) whole_row = kSourceUnavailable;
  absl::flat_hash_map<int, const aggregator::v1::Cell*> by_month;
  for (const aggregator::v1::Cell& cell : row.cells()) {
    by_month[MonthKey(cell.month().year(), cell.month().month())] = &cell;
  }
  for (Month month : months) {
    if (whole_row != nullptr) {
      cells.push_back(whole_row);
      continue;
    }
    auto it = by_month.find(MonthKey(month));
    if (it == by_month.end() || !it->second->has_value()) {
      cells.push_back(kUndefined);
    } else {
      cells.push_back(aggregator::CardValueText(row.unit(), it->second->value()));
    }
  }
  return cells;
}

std::string DataVersionsLine(const std::vector<std::string>& versions) {
  return absl::StrCat("data versions: ", versions.empty() ? "none" : absl::StrJoin(versions, ", "),
                      "\n");
}

}  // namespace

// Numerators and denominators are whole numbers except for FTE-weighted figures.
std::string FormatPart(double part) {
  if (std::isfinite(part) && part == std::floor(part) && std::fabs(part) < 1e15) {
    return absl::StrFormat("%.0f", part);
  }
  return absl::StrFormat("%g", part);
}

std::string FormatColumns(const std::vector<std::vector<std::string>>& rows) {
  TextGrid grid{rows};
  size_t columns = 0;
  for (const std::vector<std::string>& row : rows) columns = std::max(columns, row.size());
  const std::vector<size_t> widths = grid.Widths(columns, 0);
  std::string out;
  for (const std::vector<std::string>& row : rows) {
    absl::StrAppend(&out, RenderRow(row, widths, columns, ""));
  }
  return out;
}

size_t DisplayWidth(absl::string_view text) {
  size_t width = 0;
  for (char c : text) {
    // Count every byte but UTF-8 continuation bytes (10xxxxxx).
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++width;
  }
  return width;
}

std::string TruncateToWidth(absl::string_view text, size_t max_width) {
  if (DisplayWidth(text) <= max_width) return std::string(text);
  if (max_width == 0) return "";
  // Keep max_width - 1 code points, leaving a column for the ellipsis.
  size_t kept = 0;
  size_t end = 0;
  while (end < text.size()) {
    const bool starts_code_point = (static_cast<unsigned char>(text[end]) & 0xC0) != 0x80;
    if (starts_code_point && kept == max_width - 1) break;
    if (starts_code_point) ++kept;
    ++end;
  }
  std::string out(absl::StripTrailingAsciiWhitespace(text.substr(0, end)));
  absl::StrAppend(&out, kEllipsis);
  return out;
}

std::string FormatScorecardTable(const aggregator::v1::Scorecard& card) {
  const std::vector<Month> months = ScorecardMonths(card);
  std::vector<std::string> header = {""};
  for (Month month : months) header.push_back(FormatMonth(month));

  // Widths are shared by every section so the month columns line up down the whole card.
  TextGrid grid;
  grid.rows.push_back(header);
  std::vector<std::vector<std::vector<std::string>>> sections;
  for (const aggregator::v1::Section& section : card.sections()) {
    std::vector<std::vector<std::string>>& rows = sections.emplace_back();
    for (const aggregator::v1::Row& row : section.rows()) {
      rows.push_back(ScorecardRowCells(row, months));
      grid.rows.push_back(rows.back());
    }
  }
  const std::vector<size_t> widths = grid.Widths(1, kMinMonthWidth);

  std::string out = absl::StrCat(card.title(), " (", card.scorecard_id(), "), authority ",
                                 card.authority());
  if (!months.empty()) {
    absl::StrAppend(&out, ", ", FormatMonth(months.front()), " to ", FormatMonth(months.back()));
  }
  absl::StrAppend(&out, "\n");
  for (int s = 0; s < card.sections_size(); ++s) {
    absl::StrAppend(&out, "\n", card.sections(s).title(), "\n");
    absl::StrAppend(&out, RenderRow(header, widths, 1, "  "));
    for (const std::vector<std::string>& row : sections[s]) {
      absl::StrAppend(&out, RenderRow(row, widths, 1, "  "));
    }
  }

  absl::StrAppend(&out, "\n");
  absl::StrAppend(&out, "cache: ", CacheOutcomeWord(card.cache()), "\n");
  absl::StrAppend(&out, "definition: ", card.definition_hash().substr(0, 12), "\n");
  absl::StrAppend(&out, "data versions: ", aggregator::DataVersionsText(card.data_versions()),
                  "\n");
  absl::StrAppend(&out, "computed at: ",
                  card.has_computed_at() ? UtcText(card.computed_at()) : "unknown", "\n");
  return out;
}

std::string FormatMeasuresTable(const MeasuresReport& report,
                                const MeasuresTableOptions& options) {
  const std::vector<Month> months = MonthsBetween(report.from, report.to);
  using RowKey = std::tuple<std::string, int, std::string>;  // measure, basis, team
  std::vector<RowKey> order;
  std::map<RowKey, std::map<int, const common::v1::MeasureValue*>> rows;
  for (const common::v1::MeasureValue& value : report.values) {
    RowKey key{value.measure_id(), value.basis(), value.team()};
    auto [it, inserted] = rows.try_emplace(key);
    if (inserted) order.push_back(key);
    it->second[MonthKey(value.month().year(), value.month().month())] = &value;
  }

  TextGrid grid;
  std::vector<std::string> header = {"measure", "basis"};
  for (Month month : months) header.push_back(FormatMonth(month));
  grid.rows.push_back(header);
  for (const RowKey& key : order) {
    const auto& [measure_id, basis, team] = key;
    std::string label = team.empty() ? measure_id : absl::StrCat(measure_id, " [", team, "]");
    std::vector<std::string> cells = {TruncateToWidth(label, kMaxTitleWidth),
                                      BasisWord(static_cast<common::v1::Basis>(basis))};
    const auto& by_month = rows[key];
    for (Month month : months) {
      auto it = by_month.find(MonthKey(month));
      if (it == by_month.end()) {
        cells.push_back(kUndefined);
        continue;
      }
      const common::v1::MeasureValue& value = *it->second;
      std::string text = value.has_value() ? aggregator::CardValueText(value.unit(), value.value()) : kUndefined;
      if (options.show_parts && value.unit() == common::v1::UNIT_PERCENT) {
        absl::StrAppend(&text, " (", FormatPart(value.numerator()), "/",
                        FormatPart(value.denominator()), ")");
      }
      cells.push_back(std::move(text));
    }
    grid.rows.push_back(std::move(cells));
  }
  const std::vector<size_t> widths = grid.Widths(2, kMinMonthWidth);
  std::string out;
  for (const std::vector<std::string>& row : grid.rows) {
    absl::StrAppend(&out, RenderRow(row, widths, 2, ""));
  }
  if (order.empty()) absl::StrAppend(&out, "(no values)\n");
  std::vector<std::string> versions;
  for (const ServiceVersion& version : report.data_versions) {
    versions.push_back(absl::StrCat(version.service, " ", version.version));
  }
  absl::StrAppend(&out, "\n", DataVersionsLine(versions));
  return out;
}

}  // namespace scorecard::scorecardctl
