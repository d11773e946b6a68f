// A one-line progress bar on a terminal; silent anywhere else (files, pipes, CI logs).
//
//   ProgressBar progress(STDERR_FILENO, "reading census.xml");
//   progress.Update(bytes_read, total_bytes);  // redraws at most every 100 ms
//   progress.Clear();                          // before printing a message
//   progress.Finish();                         // clears the line for good
//
//   reading census.xml [##########----------]  50%   12.3 / 24.6 MiB
#ifndef SCORECARD_TOOLS_CIN_CENSUS_PROGRESS_BAR_H_
#define SCORECARD_TOOLS_CIN_CENSUS_PROGRESS_BAR_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace scorecard::cin_census {

class ProgressBar {
 public:
  // Draws on `fd` only if it is a terminal (isatty).
  ProgressBar(int fd, absl::string_view label);
  ~ProgressBar() { Finish(); }
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  bool enabled() const { return enabled_; }
  // `total` 0 means unknown (a pipe): only the bytes read are shown.
  void Update(uint64_t done, uint64_t total);
  // Clears the bar's line so that a message can be printed; the next Update redraws it.
  void Clear();
  // Clears the bar's line. Later Updates draw nothing.
  void Finish();

  // The line drawn for `done` of `total` bytes, without "\r"; `width` is the bar's width.
  static std::string Render(absl::string_view label, uint64_t done, uint64_t total, int width);

 private:
  int fd_;
  std::string label_;
  bool enabled_;
  bool drawn_ = false;
  absl::Time last_draw_ = absl::InfinitePast();
};

}  // namespace scorecard::cin_census

#endif  // SCORECARD_TOOLS_CIN_CENSUS_PROGRESS_BAR_H_
