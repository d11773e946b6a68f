#include "common/files/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#include "absl/strings/str_cat.h"

namespace scorecard {
namespace {

// Appended text is gathered up to about this size before it is written.
constexpr size_t kBufferBytes = size_t{1} << 20;

absl::Status ErrnoError(absl::string_view what, const std::string& path, int error) {
  return absl::UnavailableError(absl::StrCat(what, " ", path, ": ", std::strerror(error)));
}

absl::Status AlreadyCommitted() {
  return absl::FailedPreconditionError("file already committed");
}

}  // namespace

absl::Status WriteFileAtomically(const std::string& path, absl::string_view contents) {
  absl::StatusOr<std::unique_ptr<AtomicFileWriter>> writer = AtomicFileWriter::Create(path);
  if (!writer.ok()) return writer.status();
  if (absl::Status appended = (*writer)->Append(contents); !appended.ok()) return appended;
  return (*writer)->Commit();
}

absl::Status WriteFilesAtomically(absl::Span<const std::pair<std::string, std::string>> files) {
  std::vector<std::string> paths;
  paths.reserve(files.size());
  for (const auto& [path, contents] : files) paths.push_back(path);
  absl::StatusOr<std::unique_ptr<AtomicFileSet>> set = AtomicFileSet::Create(paths);
  if (!set.ok()) return set.status();
  for (size_t i = 0; i < files.size(); ++i) {
    if (absl::Status appended = (*set)->Append(i, files[i].second); !appended.ok()) {
      return appended;
    }
  }
  return (*set)->Commit();
}

absl::StatusOr<std::unique_ptr<AtomicFileWriter>> AtomicFileWriter::Create(
    const std::string& path) {
  // Each writer's temporary name is its own (pid and a per-process count), and O_EXCL
  // refuses any file already there (one left by a killed process whose pid came round
  // again): two writers of one target never share, truncate or delete each other's file.
  static std::atomic<uint64_t> writers_created{0};
  constexpr int kMaxAttempts = 16;
  for (int attempt = 0;; ++attempt) {
    std::string temp_path = absl::StrCat(path, ".tmp-", ::getpid(), "-",
                                         writers_created.fetch_add(1, std::memory_order_relaxed));
    const int fd = ::open(temp_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd >= 0) {
      return std::unique_ptr<AtomicFileWriter>(
          new AtomicFileWriter(path, std::move(temp_path), fd));
    }
    if (errno != EEXIST || attempt + 1 == kMaxAttempts) {
      return ErrnoError("cannot create", temp_path, errno);
    }
  }
}

AtomicFileWriter::~AtomicFileWriter() {
  if (renamed_) return;
  if (fd_ >= 0) ::close(fd_);
  ::unlink(temp_path_.c_str());
}

absl::Status AtomicFileWriter::Append(absl::string_view text) {
  if (fd_ < 0) return AlreadyCommitted();
  if (buffer_.size() + text.size() < kBufferBytes) {
    buffer_.append(text.data(), text.size());
    return absl::OkStatus();
  }
  // Large pieces (a whole file from WriteFileAtomically) go straight out, uncopied.
  if (absl::Status written = WriteOut(buffer_); !written.ok()) return written;
  buffer_.clear();
  return WriteOut(text);
}

absl::Status AtomicFileWriter::WriteOut(absl::string_view text) {
  while (!text.empty()) {
    const ssize_t n = ::write(fd_, text.data(), text.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoError("cannot write", temp_path_, errno);
    }
    text.remove_prefix(static_cast<size_t>(n));
  }
  return absl::OkStatus();
}

absl::Status AtomicFileWriter::Close() {
  if (fd_ < 0) return AlreadyCommitted();
  absl::Status status = WriteOut(buffer_);
  buffer_.clear();
  if (status.ok() && ::fsync(fd_) != 0) status = ErrnoError("cannot sync", temp_path_, errno);
  if (::close(fd_) != 0 && status.ok()) status = ErrnoError("cannot close", temp_path_, errno);
  fd_ = -1;
  return status;
}

absl::Status AtomicFileWriter::Rename() {
  if (std::rename(temp_path_.c_str(), path_.c_str()) != 0) {
    return ErrnoError("cannot rename to", path_, errno);
  }
  renamed_ = true;
  return absl::OkStatus();
}

absl::Status AtomicFileWriter::Commit() {
  // On failure the destructor removes the temporary file.
  if (absl::Status closed = Close(); !closed.ok()) return closed;
  return Rename();
}

absl::StatusOr<std::unique_ptr<AtomicFileSet>> AtomicFileSet::Create(
    absl::Span<const std::string> paths) {
  // On failure, the writers already made delete their temporary files on the way out.
  std::vector<std::unique_ptr<AtomicFileWriter>> writers;
  writers.reserve(paths.size());
  for (const std::string& path : paths) {
    absl::StatusOr<std::unique_ptr<AtomicFileWriter>> writer = AtomicFileWriter::Create(path);
    if (!writer.ok()) return writer.status();
    writers.push_back(*std::move(writer));
  }
  return std::unique_ptr<AtomicFileSet>(new AtomicFileSet(std::move(writers)));
}

absl::Status AtomicFileSet::Append(size_t index, absl::string_view text) {
  if (index >= writers_.size()) {
    return absl::FailedPreconditionError(absl::StrCat("no file ", index, " in this set"));
  }
  return writers_[index]->Append(text);
}

absl::Status AtomicFileSet::Commit() {
  // On failure the writers' destructors remove the temporary files not yet renamed.
  for (const std::unique_ptr<AtomicFileWriter>& writer : writers_) {
    if (absl::Status closed = writer->Close(); !closed.ok()) return closed;
  }
  for (const std::unique_ptr<AtomicFileWriter>& writer : writers_) {
    if (absl::Status renamed = writer->Rename(); !renamed.ok()) return renamed;
  }
  return absl::OkStatus();
}

}  // namespace scorecard
