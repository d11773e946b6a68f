// Writes whole files or nothing: a reader (or a crash) never sees half a file, and on
// failure the old file is untouched.
//
//   SCORECARD_RETURN_IF_ERROR(WriteFileAtomically("out/placement.jsonl", jsonl));
//   SCORECARD_RETURN_IF_ERROR(WriteFilesAtomically({{"out/records.jsonl", records},
//                                                   {"out/report.csv", report}}));
#ifndef SCORECARD_COMMON_FILES_ATOMIC_FILE_H_
#define SCORECARD_COMMON_FILES_ATOMIC_FILE_H_

#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace scorecard {

// Writes `contents` to a temporary file beside `path`, flushes it to disk and renames it
// over `path`. The folder must exist.
[[nodiscard]] absl::Status WriteFileAtomically(const std::string& path, absl::string_view contents);

// Writes several files together: each to a temporary file beside it (flushed to disk),
// and only when all of them are written are they renamed into place, so a failure while
// writing (a full disk, a missing folder) touches no target. Pairs are (path, contents).
[[nodiscard]] absl::Status WriteFilesAtomically(
    absl::Span<const std::pair<std::string, std::string>> files);

}  // namespace scorecard

#endif  // SCORECARD_COMMON_FILES_ATOMIC_FILE_H_
