// deploy/security/dev-ca: what it issues (names and roles as identity.h reads them), that
// keys are private, that only token hashes reach the servers' token file, that running it
// again changes nothing, and that it never writes keys into the repository.
#include <sys/stat.h>

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/security/identity.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/security/dev_ca_fixture.h"

namespace scorecard {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::ReadFileOrDie;
using testing::RunBounded;
using testing::TempDir;

int Mode(const std::string& path) {
  struct stat s;
  if (stat(path.c_str(), &s) != 0) return -1;
  return s.st_mode & 0777;
}

std::string DevCa(const std::string& args, int* code) {
  std::string output;
  *code = RunBounded(absl::StrCat(SCORECARD_DEV_CA, " ", args), &output);
  return output;
}

std::string CertText(const std::string& path) {
  std::string output;
  EXPECT_EQ(RunBounded(absl::StrCat("openssl x509 -noout -subject -ext subjectAltName,extendedKeyUsage -in ", path), &output), 0) << output;
  return output;
}

class DevCaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    int code = 0;
    first_run_ = DevCa(absl::StrCat("init ", dir_.path()), &code);
    ASSERT_EQ(code, 0) << first_run_;
  }
  std::string Path(const std::string& relative) const { return dir_.path() + "/" + relative; }

  TempDir dir_;
  std::string first_run_;
};

TEST_F(DevCaTest, IssuesEveryServiceAndRoleWithTheNamingScheme) {
  for (const char* service : {"workforce", "safeguarding", "placement", "audit", "aggregator"}) {
    const std::string text = CertText(Path(absl::StrCat("services/", service, ".pem")));
    EXPECT_THAT(text, HasSubstr(absl::StrCat("CN = ", service))) << text;
    EXPECT_THAT(text, HasSubstr(absl::StrCat("DNS:", service))) << text;
    EXPECT_THAT(text, HasSubstr("IP Address:127.0.0.1")) << text;
    EXPECT_THAT(text, HasSubstr("TLS Web Server Authentication, TLS Web Client Authentication"));
  }
  EXPECT_THAT(CertText(Path("services/aggregator.pem")), HasSubstr("URI:urn:scorecard:role:aggregator"));
  EXPECT_THAT(CertText(Path("services/safeguarding.pem")),
              HasSubstr("URI:urn:scorecard:role:domain-service"));
  EXPECT_THAT(CertText(Path("services/audit.pem")), Not(HasSubstr("urn:scorecard:role:")));
  for (const char* role : {"mash-frontend", "analyst", "admin"}) {
    const std::string text = CertText(Path(absl::StrCat("clients/", role, ".pem")));
    EXPECT_THAT(text, HasSubstr(absl::StrCat("CN = ", role)));
    EXPECT_THAT(text, HasSubstr(absl::StrCat("URI:urn:scorecard:role:", role)));
    EXPECT_THAT(text, Not(HasSubstr("TLS Web Server Authentication")));
  }
  const std::string agency = CertText(Path("clients/agency-869-police.pem"));
  EXPECT_THAT(agency, HasSubstr("CN = agency-869-police"));
  EXPECT_THAT(agency, HasSubstr("URI:urn:scorecard:role:agency:869"));
}

TEST_F(DevCaTest, KeysAndSecretsAreOwnerOnly) {
  EXPECT_EQ(Mode(Path("ca.key")), 0600);
  EXPECT_EQ(Mode(Path("services/safeguarding.key")), 0600);
  EXPECT_EQ(Mode(Path("clients/agency-869-police.key")), 0600);
  EXPECT_EQ(Mode(Path("clients/agency-869-health.token")), 0600);
}

TEST_F(DevCaTest, TheTokenFileHoldsOnlyTheHash) {
  const std::string token =
      std::string(absl::StripAsciiWhitespace(ReadFileOrDie(Path("clients/agency-869-health.token"))));
  ASSERT_THAT(token, ::testing::StartsWith("sct_"));
  const std::string tokens = ReadFileOrDie(Path("tokens"));
  EXPECT_THAT(tokens, Not(HasSubstr(token)));
  absl::StatusOr<TokenTable> table = TokenTable::Parse(tokens, "tokens");
  ASSERT_TRUE(table.ok()) << table.status();
  const CallerIdentity* identity = table->Find(token);
  ASSERT_NE(identity, nullptr);
  EXPECT_EQ(identity->principal, "agency-869-health");
  EXPECT_EQ(identity->agency_authority, "869");
  EXPECT_THAT(first_run_, HasSubstr(token)) << "init prints a new token once";
}

TEST_F(DevCaTest, RunningAgainChangesNothing) {
  const std::string cert = ReadFileOrDie(Path("services/aggregator.pem"));
  const std::string key = ReadFileOrDie(Path("services/aggregator.key"));
  const std::string tokens = ReadFileOrDie(Path("tokens"));
  int code = 0;
  const std::string second = DevCa(absl::StrCat("init ", dir_.path()), &code);
  ASSERT_EQ(code, 0) << second;
  EXPECT_THAT(second, Not(HasSubstr("issuing")));
  EXPECT_THAT(second, Not(HasSubstr("sct_")));
  EXPECT_EQ(ReadFileOrDie(Path("services/aggregator.pem")), cert);
  EXPECT_EQ(ReadFileOrDie(Path("services/aggregator.key")), key);
  EXPECT_EQ(ReadFileOrDie(Path("tokens")), tokens);
}

TEST_F(DevCaTest, ReissuesWhenRolesChangeAndRefusesBadRoles) {
  int code = 0;
  std::string output = DevCa(absl::StrCat("client ", dir_.path(), " ops analyst"), &code);
  ASSERT_EQ(code, 0) << output;
  output = DevCa(absl::StrCat("client ", dir_.path(), " ops analyst admin"), &code);
  ASSERT_EQ(code, 0) << output;
  EXPECT_THAT(output, HasSubstr("issuing clients/ops"));
  const std::string text = CertText(Path("clients/ops.pem"));
  EXPECT_THAT(text, HasSubstr("urn:scorecard:role:analyst"));
  EXPECT_THAT(text, HasSubstr("urn:scorecard:role:admin"));

  output = DevCa(absl::StrCat("client ", dir_.path(), " ops Admin"), &code);
  EXPECT_NE(code, 0);
  EXPECT_THAT(output, HasSubstr("bad role"));
  output = DevCa(absl::StrCat("token ", dir_.path(), " partner agency:86"), &code);
  EXPECT_NE(code, 0);
}

TEST(DevCaRepositoryTest, RefusesToWriteKeysInsideTheRepositoryOutsideVar) {
  const std::string target = absl::StrCat(SCORECARD_SOURCE_DIR, "/deploy/security/test-keys-must-not-exist");
  int code = 0;
  const std::string output = DevCa(absl::StrCat("init ", target), &code);
  EXPECT_NE(code, 0);
  EXPECT_THAT(output, HasSubstr("refusing to write keys inside the repository"));
  EXPECT_FALSE(std::filesystem::exists(target));
}

}  // namespace
}  // namespace scorecard
