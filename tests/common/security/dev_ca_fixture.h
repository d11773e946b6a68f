// Test support: a development CA made by deploy/security/dev-ca in a temporary folder, so
// the TLS tests use the same certificates (and naming scheme) as a developer's stack.
//
//   const DevCa& ca = SharedDevCa();            // once per test binary
//   ca.ServiceFiles("aggregator");              // TlsFiles for mTLS as that service
#ifndef SCORECARD_TESTS_COMMON_SECURITY_DEV_CA_FIXTURE_H_
#define SCORECARD_TESTS_COMMON_SECURITY_DEV_CA_FIXTURE_H_

#include <string>

#include "absl/status/statusor.h"
#include "common/security/tls_files.h"

namespace scorecard::testing {

// A fresh temporary folder, removed by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Runs `command` through /bin/sh under coreutils `timeout` (so a hung openssl cannot hang
// the test); returns its exit status and collects stdout+stderr into *output.
int RunBounded(const std::string& command, std::string* output, int timeout_seconds = 60);

class DevCa {
 public:
  // Runs `dev-ca init` into a new temporary folder.
  static absl::StatusOr<DevCa*> Create();

  const std::string& dir() const { return dir_.path(); }
  std::string CaFile() const { return dir() + "/ca.pem"; }
  std::string TokenHashesFile() const { return dir() + "/tokens"; }
  TlsFiles ServiceFiles(const std::string& name) const;
  TlsFiles ClientFiles(const std::string& name) const;
  // The secret of a token made by init ("agency-869-health").
  std::string Token(const std::string& name) const;

 private:
  DevCa() = default;
  TempDir dir_;
};

// One CA per test binary (issuing takes about half a second). Fails the test if the CA
// cannot be made.
const DevCa& SharedDevCa();
// A second, unrelated CA with the same names: its certificates must be refused.
const DevCa& OtherDevCa();

std::string ReadFileOrDie(const std::string& path);

}  // namespace scorecard::testing

#endif  // SCORECARD_TESTS_COMMON_SECURITY_DEV_CA_FIXTURE_H_
