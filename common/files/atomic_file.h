// Writes whole files or nothing: a reader (or a crash) never sees half a file, and on
// failure the old file is untouched.
//
//   SCORECARD_RETURN_IF_ERROR(WriteFileAtomically("out/placement.jsonl", jsonl));
//   SCORECARD_RETURN_IF_ERROR(WriteFilesAtomically({{"out/records.jsonl", records},
//                                                   {"out/report.csv", report}}));
//
// Or streamed, for output too large to hold at once (AtomicFileSet: several files that
// appear together):
//
//   SCORECARD_ASSIGN_OR_RETURN(std::unique_ptr<AtomicFileWriter> out,
//                              AtomicFileWriter::Create("/tmp/cin.jsonl"));
//   SCORECARD_RETURN_IF_ERROR(out->Append(line));  // as often as needed
//   SCORECARD_RETURN_IF_ERROR(out->Commit());      // the file appears whole, or not at all
//
// Every file is written to a temporary file "<path>.tmp-<pid>-<n>" beside its target (so
// that the rename stays on one filesystem and is atomic; n counts this process's writers, so
// writers of one target never share one), flushed to disk, and renamed over the target. A
// temporary file that is not renamed is deleted. Of two writers of one target, the last to
// commit wins, whole.
#ifndef SCORECARD_COMMON_FILES_ATOMIC_FILE_H_
#define SCORECARD_COMMON_FILES_ATOMIC_FILE_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

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
  friend class AtomicFileSet;

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

// Several files written in pieces and committed together: every one is flushed to disk
// before any is renamed, so a failure while writing touches no target. Destroying a set that
// has not committed deletes its temporary files.
class AtomicFileSet {
 public:
  // Creates a temporary file beside each path. The folders must exist.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<AtomicFileSet>> Create(
      absl::Span<const std::string> paths);

  // Adds `text` to file `index` (an index into the paths given to Create).
  // FAILED_PRECONDITION for an index out of range or once Commit has been called.
  [[nodiscard]] absl::Status Append(size_t index, absl::string_view text);
  // Flushes and syncs every file, then renames each over its target.
  [[nodiscard]] absl::Status Commit();

 private:
  explicit AtomicFileSet(std::vector<std::unique_ptr<AtomicFileWriter>> writers)
      : writers_(std::move(writers)) {}

  std::vector<std::unique_ptr<AtomicFileWriter>> writers_;
};

}  // namespace scorecard

#endif  // SCORECARD_COMMON_FILES_ATOMIC_FILE_H_
