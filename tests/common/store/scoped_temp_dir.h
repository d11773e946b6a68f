// A fresh directory under ::testing::TempDir(), removed with its contents
// when the object goes out of scope, so tests never share database files.
//
//   ScopedTempDir dir;
//   ASSERT_TRUE(dir.ok());
//   std::string path = dir.File("store.db");
#ifndef SCORECARD_TESTS_COMMON_STORE_SCOPED_TEMP_DIR_H_
#define SCORECARD_TESTS_COMMON_STORE_SCOPED_TEMP_DIR_H_

#include <stdlib.h>

#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "gtest/gtest.h"

namespace scorecard {

class ScopedTempDir {
 public:
  ScopedTempDir() {
    std::string base = ::testing::TempDir();
    if (base.empty() || base.back() != '/') base.push_back('/');
    std::string pattern = base + "scorecard_store_XXXXXX";
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    if (mkdtemp(buffer.data()) != nullptr) path_ = buffer.data();
  }
  ScopedTempDir(const ScopedTempDir&) = delete;
  ScopedTempDir& operator=(const ScopedTempDir&) = delete;
  ~ScopedTempDir() {
    if (path_.empty()) return;
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }

  bool ok() const { return !path_.empty(); }
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace scorecard

#endif  // SCORECARD_TESTS_COMMON_STORE_SCOPED_TEMP_DIR_H_
