// Writes whole files or nothing: a reader (or a crash) never sees half a file, and on
// failure the old file is untouched.
//
//   SCORECARD_RETURN_IF_ERROR(WriteFileAtomically("out/placement.jsonl", jsonl));
//   SCORECARD_RETURN_IF_ERROR(WriteFilesAtomically({{"out/records.jsonl", records},
//                                                   {"out/report.csv", report}}));
//
// Or streamed, for output too large to hold at once:
//
//   SCORECARD_ASSIGN_OR_RETURN(std::unique_ptr<AtomicFileWriter> out,
//                              AtomicFileWriter::Create("/tmp/cin.jsonl"));
//   SCORECARD_RETURN_IF_ERROR(out->Append(line));  // as often as needed
//   SCORECARD_RETURN_IF_ERROR(out->Commit());      // the file appears whole, or not at all
//
// Every file is written to a temporary file "<path>.tmp-<pid>" beside its target (so that
// the rename stays on one filesystem and is atomic), flushed to disk, and renamed over the
// target. A temporary file that is not renamed is deleted.
#ifndef SCORECARD_COMMON_FILES_ATOMIC_FILE_H_
#define SCORECARD_COMMON_FILES_ATOMIC_FILE_H_

#include <memory>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
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

// One file written in pieces. Destroying a writer that has not committed deletes its
// temporary file, so a failed or refused run never leaves half a file and never touches an
// existing one.
class AtomicFileWriter {
 public:
  // Creates the temporary file. The folder must exist.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<AtomicFileWriter>> Create(
      const std::string& path);
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  // Adds `text` to the file (buffered). FAILED_PRECONDITION once Commit has been called.
  [[nodiscard]] absl::Status Append(absl::string_view text);
  // Flushes, syncs and renames over the target. The writer is done afterwards, whether
  // or not this succeeded.
  [[nodiscard]] absl::Status Commit();

  const std::string& temp_path() const { return temp_path_; }

 private:
  friend absl::Status WriteFilesAtomically(
      absl::Span<const std::pair<std::string, std::string>> files);

  AtomicFileWriter(std::string path, std::string temp_path, int fd)
      : path_(std::move(path)), temp_path_(std::move(temp_path)), fd_(fd) {}
  absl::Status WriteOut(absl::string_view text);
  // The two halves of Commit, apart so that several files can all be on disk before any
  // is renamed. Close: flush, sync and close the temporary file. Rename: put it in place.
  absl::Status Close();
  absl::Status Rename();

  std::string path_;
  std::string temp_path_;
  int fd_;  // -1 once closed
  std::string buffer_;
  bool renamed_ = false;
};

}  // namespace scorecard

#endif  // SCORECARD_COMMON_FILES_ATOMIC_FILE_H_
