#include "tools/cin_census/progress_bar.h"

#include <unistd.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"

namespace scorecard::cin_census {
namespace {

constexpr int kBarWidth = 30;
// Redrawing more often only costs terminal time.
constexpr absl::Duration kRedrawEvery = absl::Milliseconds(100);

double MiB(uint64_t bytes) { return static_cast<double>(bytes) / (1024.0 * 1024.0); }

void WriteAll(int fd, absl::string_view text) {
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n <= 0) return;  // a progress bar is not worth failing over
    text.remove_prefix(static_cast<size_t>(n));
  }
}

}  // namespace

ProgressBar::ProgressBar(int fd, absl::string_view label)
    : fd_(fd), label_(label), enabled_(::isatty(fd) == 1) {}

std::string ProgressBar::Render(absl::string_view label, uint64_t done, uint64_t total, int width) {
  if (total == 0) return absl::StrFormat("%s %.1f MiB", label, MiB(done));
  const uint64_t shown = std::min(done, total);
  const int filled = static_cast<int>(shown * static_cast<uint64_t>(width) / total);
  const int percent = static_cast<int>(shown * 100 / total);
  return absl::StrFormat("%s [%s%s] %3d%% %6.1f / %.1f MiB", label, std::string(filled, '#'),
                         std::string(width - filled, '-'), percent, MiB(shown), MiB(total));
}

void ProgressBar::Update(uint64_t done, uint64_t total) {
  if (!enabled_) return;
  const absl::Time now = absl::Now();
  const bool complete = total > 0 && done >= total;
  if (!complete && now - last_draw_ < kRedrawEvery) return;
  last_draw_ = now;
  // "\33[K" clears what a longer earlier line left behind.
  WriteAll(fd_, absl::StrCat("\r", Render(label_, done, total, kBarWidth), "\33[K"));
  drawn_ = true;
}

void ProgressBar::Clear() {
  if (enabled_ && drawn_) WriteAll(fd_, "\r\33[K");
  drawn_ = false;
  last_draw_ = absl::InfinitePast();
}

void ProgressBar::Finish() {
  Clear();
  enabled_ = false;
}

}  // namespace scorecard::cin_census
