#include "common/files/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
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
  // Declared first so that, on any failure, the writers not yet renamed delete their
  // temporary files on the way out.
  std::vector<std::unique_ptr<AtomicFileWriter>> writers;
  for (const auto& [path, contents] : files) {
    absl::StatusOr<std::unique_ptr<AtomicFileWriter>> writer = AtomicFileWriter::Create(path);
    if (!writer.ok()) return writer.status();
    writers.push_back(*std::move(writer));
    if (absl::Status appended = writers.back()->Append(contents); !appended.ok()) return appended;
    if (absl::Status closed = writers.back()->Close(); !closed.ok()) return closed;
  }
  for (const std::unique_ptr<AtomicFileWriter>& writer : writers) {
    if (absl::Status renamed = writer->Rename(); !renamed.ok()) return renamed;
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<AtomicFileWriter>> AtomicFileWriter::Create(
    const std::string& path) {
  std::string temp_path = absl::StrCat(path, ".tmp-", ::getpid());
  const int fd = ::open(temp_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoError("cannot create", temp_path, errno);
  return std::unique_ptr<AtomicFileWriter>(new AtomicFileWriter(path, std::move(temp_path), fd));
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

}  // namespace scorecard
