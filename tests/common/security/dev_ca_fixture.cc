#include "tests/common/security/dev_ca_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "gtest/gtest.h"

namespace scorecard::testing {

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = absl::StrCat(base != nullptr ? base : "/tmp", "/scorecard-security-XXXXXX");
  if (mkdtemp(pattern.data()) == nullptr) {
    ADD_FAILURE() << "mkdtemp failed for " << pattern;
  }
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

int RunBounded(const std::string& command, std::string* output, int timeout_seconds) {
  const std::string full =
      absl::StrCat("timeout ", timeout_seconds, " /bin/sh -c '", command, "' 2>&1");
  FILE* pipe = popen(full.c_str(), "r");
  if (pipe == nullptr) return -1;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) output->append(buffer, n);
  const int status = pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

absl::StatusOr<DevCa*> DevCa::Create() {
  auto* ca = new DevCa();
  std::string output;
  const int code = RunBounded(absl::StrCat(SCORECARD_DEV_CA, " init ", ca->dir()), &output);
  if (code != 0) {
    delete ca;
    return absl::InternalError(absl::StrCat("dev-ca init exited ", code, ": ", output));
  }
  return ca;
}

TlsFiles DevCa::ServiceFiles(const std::string& name) const {
  return TlsFiles{dir() + "/services/" + name + ".pem", dir() + "/services/" + name + ".key",
                  CaFile()};
}

TlsFiles DevCa::ClientFiles(const std::string& name) const {
  return TlsFiles{dir() + "/clients/" + name + ".pem", dir() + "/clients/" + name + ".key",
                  CaFile()};
}

std::string DevCa::Token(const std::string& name) const {
  return std::string(
      absl::StripAsciiWhitespace(ReadFileOrDie(dir() + "/clients/" + name + ".token")));
}

namespace {

std::unique_ptr<DevCa> MakeOrFail() {
  absl::StatusOr<DevCa*> ca = DevCa::Create();
  if (!ca.ok()) {
    ADD_FAILURE() << ca.status();
    std::abort();
  }
  return std::unique_ptr<DevCa>(*ca);
}

}  // namespace

// Static, so the folders (and their keys) are removed when the test binary exits.
const DevCa& SharedDevCa() {
  static const std::unique_ptr<DevCa> ca = MakeOrFail();
  return *ca;
}

const DevCa& OtherDevCa() {
  static const std::unique_ptr<DevCa> ca = MakeOrFail();
  return *ca;
}

std::string ReadFileOrDie(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    ADD_FAILURE() << "cannot read " << path;
    return "";
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace scorecard::testing
