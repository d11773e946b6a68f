#include "tools/seed_card/local_values.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "google/protobuf/text_format.h"
#include "services/aggregator/scorecard_definition.h"

namespace scorecard::seed_card {

absl::StatusOr<aggregator::v1::ScorecardDefinition> ReadDefinition(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream text;
  text << in.rdbuf();
  aggregator::v1::ScorecardDefinition definition;
  if (!google::protobuf::TextFormat::ParseFromString(text.str(), &definition)) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": not a ScorecardDefinition in text format"));
  }
  return definition;
}

std::vector<LocalValueEntry> LocalValuesFromCard(
    const PublishedCard& card, const aggregator::v1::ScorecardDefinition& definition) {
  std::vector<LocalValueEntry> entries;
  for (const aggregator::v1::SectionDefinition& section : definition.sections()) {
    for (const aggregator::v1::RowDefinition& row : section.rows()) {
      if (!aggregator::IsLocalMeasure(row.measure_id())) continue;
      const PublishedRow* published = card.Find(section.id(), row.title());
      if (published == nullptr) continue;
      for (size_t column = 0; column < card.months.size(); ++column) {
        if (std::optional<double> value = published->Value(column)) {
          entries.push_back({row.measure_id(), card.months[column], *value});
        }
      }
    }
  }
  return entries;
}

std::string LocalValuesCsv(const std::vector<LocalValueEntry>& entries) {
  std::string csv = "measure_id,month,value\n";
  for (const LocalValueEntry& e : entries) {
    absl::StrAppend(&csv, e.measure_id, ",", FormatMonth(e.month), ",", e.value, "\n");
  }
  return csv;
}

}  // namespace scorecard::seed_card
