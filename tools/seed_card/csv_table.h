// Reading the seed card's own files (the published card, the list of cells it cannot
// reproduce). Their CSV is parsed with the project's one reader, common/files/csv_reader.h.
#ifndef SCORECARD_TOOLS_SEED_CARD_CSV_TABLE_H_
#define SCORECARD_TOOLS_SEED_CARD_CSV_TABLE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace scorecard::seed_card {

// The whole file at `path`; NOT_FOUND when it cannot be read.
[[nodiscard]] absl::StatusOr<std::string> ReadTextFile(const std::string& path);

}  // namespace scorecard::seed_card

#endif  // SCORECARD_TOOLS_SEED_CARD_CSV_TABLE_H_
