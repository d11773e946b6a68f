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

absl::Status ErrnoError(absl::string_view what, const std::string& path, int error) {
  return absl::UnavailableError(absl::StrCat(what, " ", path, ": ", std::strerror(error)));
}

absl::Status WriteAll(int fd, absl::string_view text, const std::string& path) {
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoError("cannot write", path, errno);
    }
    text.remove_prefix(static_cast<size_t>(n));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status WriteFileAtomically(const std::string& path, absl::string_view contents) {
  return WriteFilesAtomically({{path, std::string(contents)}});
}

absl::Status WriteFilesAtomically(absl::Span<const std::pair<std::string, std::string>> files) {
  std::vector<std::string> temps;
  absl::Status status;
  for (const auto& [path, contents] : files) {
    // Beside the target, so that the rename stays within one filesystem and is atomic.
    std::string temp = absl::StrCat(path, ".tmp-", ::getpid());
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
      status = ErrnoError("cannot create", temp, errno);
      break;
    }
    temps.push_back(temp);
    status = WriteAll(fd, contents, temp);
    if (status.ok() && ::fsync(fd) != 0) status = ErrnoError("cannot sync", temp, errno);
    if (::close(fd) != 0 && status.ok()) status = ErrnoError("cannot close", temp, errno);
    if (!status.ok()) break;
  }
  for (size_t i = 0; status.ok() && i < files.size(); ++i) {
    if (std::rename(temps[i].c_str(), files[i].first.c_str()) != 0) {
      status = ErrnoError("cannot rename to", files[i].first, errno);
    }
  }
  if (!status.ok()) {
    for (const std::string& temp : temps) ::unlink(temp.c_str());
  }
  return status;
}

}  // namespace scorecard
