// Text tables for people: a scorecard laid out like the published card, and measures one
// line each, months as columns.
//
//   std::cout << FormatScorecardTable(card);
//   // Getting to Good - Evidence (getting-to-good), authority 869, 2016-04 to 2016-05
//   //
//   // Objective 1 - Workforce
//   //                                2016-04  2016-05
//   //   Starters - during the month        0        2
//   //   Agency Worker Rate (snapshot)     29       26
//   // ...
//   // cache:         hit
//
// Values are shown as the card shows them (aggregator::CardValueText, the exports' rule:
// "96", "312.5", "275"); an undefined value is "-", a row
// no service computes yet is "n/a" and a row whose service was down is "unavailable" in
// every month, so a gap is never mistaken for a zero.
#ifndef SCORECARD_TOOLS_SCORECARDCTL_TABLE_FORMAT_H_
#define SCORECARD_TOOLS_SCORECARDCTL_TABLE_FORMAT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "common/time/civil_date.h"
#include "scorecard/aggregator/v1/aggregator_service.pb.h"
#include "scorecard/common/v1/common.pb.h"

namespace scorecard::scorecardctl {

// Titles longer than this are cut and end in "…", keeping month columns on screen.
inline constexpr size_t kMaxTitleWidth = 60;

// Terminal columns of UTF-8 text, one per code point (titles hold no wide characters).
size_t DisplayWidth(absl::string_view text);
// `text` itself when it fits in max_width columns, else its start and "…" in max_width.
std::string TruncateToWidth(absl::string_view text, size_t max_width);

// A numerator or denominator: a whole number, or as %g when fractional (FTE-weighted).
std::string FormatPart(double part);

// Rows as left-aligned columns, each as wide as its widest cell, two spaces apart,
// trailing spaces trimmed. The first row is usually the header.
std::string FormatColumns(const std::vector<std::vector<std::string>>& rows);

std::string FormatScorecardTable(const aggregator::v1::Scorecard& card);

struct ServiceVersion {
  std::string service;  // "workforce", "safeguarding" or "placement"
  int64_t version = 0;
};

// What `scorecardctl measures` got back, gathered from one or more services.
struct MeasuresReport {
  Month from;
  Month to;
  std::vector<common::v1::MeasureValue> values;
  std::vector<ServiceVersion> data_versions;
};

struct MeasuresTableOptions {
  // Also show percentages' numerator/denominator: "96 (27/28)".
  bool show_parts = false;
};

// One line per (measure, basis, team) in order of first appearance, one column per month
// from report.from to report.to.
std::string FormatMeasuresTable(const MeasuresReport& report,
                                const MeasuresTableOptions& options = {});

}  // namespace scorecard::scorecardctl

#endif  // SCORECARD_TOOLS_SCORECARDCTL_TABLE_FORMAT_H_
