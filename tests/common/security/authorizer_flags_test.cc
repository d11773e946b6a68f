// MakeAuthorizer: the one place a service decides whether plaintext callers get the local
// identity, and where policy and token files are loaded and cross-checked.
#include "common/security/authorizer_flags.h"

#include <cstdio>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/security/dev_ca_fixture.h"

namespace scorecard {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

ServerOptions Server(std::string address) {
  ServerOptions options;
  options.name = "authz-test";
  options.listen_address = std::move(address);
  return options;
}

std::optional<CallerIdentity> LocalIdentity(const AuthorizerSettings& settings,
                                            const ServerOptions& server) {
  absl::StatusOr<std::unique_ptr<Authorizer>> authorizer = MakeAuthorizer(settings, server);
  EXPECT_TRUE(authorizer.ok()) << authorizer.status();
  if (!authorizer.ok()) return std::nullopt;
  return (*authorizer)->resolver().local_identity();
}

TEST(MakeAuthorizerTest, LocalIdentityOnlyInPlaintextLoopbackMode) {
  AuthorizerSettings settings;
  std::optional<CallerIdentity> local = LocalIdentity(settings, Server("127.0.0.1:0"));
  ASSERT_TRUE(local.has_value());
  EXPECT_EQ(local->principal, "local-dev");
  EXPECT_THAT(local->roles, ElementsAre("admin"));
  EXPECT_EQ(local->authenticated_by, "local");

  ServerOptions exposed = Server("0.0.0.0:0");
  exposed.allow_insecure_non_loopback = true;
  EXPECT_FALSE(LocalIdentity(settings, exposed).has_value());

  ServerOptions tls = Server("127.0.0.1:0");
  tls.tls.files = testing::SharedDevCa().ServiceFiles("safeguarding");
  EXPECT_FALSE(LocalIdentity(settings, tls).has_value());

  settings.local_roles.clear();
  EXPECT_FALSE(LocalIdentity(settings, Server("127.0.0.1:0")).has_value());
}

TEST(MakeAuthorizerTest, LoadsThePolicyFileAndTokens) {
  AuthorizerSettings settings;
  settings.policy_file = std::string(SCORECARD_SOURCE_DIR) + "/deploy/security/policy.textproto";
  settings.token_hashes_file = testing::SharedDevCa().TokenHashesFile();
  absl::StatusOr<std::unique_ptr<Authorizer>> authorizer =
      MakeAuthorizer(settings, Server("127.0.0.1:0"));
  ASSERT_TRUE(authorizer.ok()) << authorizer.status();
  EXPECT_EQ((*authorizer)->policy().source(), settings.policy_file);
  EXPECT_EQ((*authorizer)->resolver().tokens().size(), 1u);
}

TEST(MakeAuthorizerTest, ErrorsNameTheProblem) {
  AuthorizerSettings settings;
  settings.policy_file = "/nonexistent/policy.textproto";
  EXPECT_THAT(MakeAuthorizer(settings, Server("127.0.0.1:0")).status().message(),
              HasSubstr("/nonexistent/policy.textproto"));

  settings = AuthorizerSettings();
  settings.token_hashes_file = "/nonexistent/tokens";
  EXPECT_THAT(MakeAuthorizer(settings, Server("127.0.0.1:0")).status().message(),
              HasSubstr("/nonexistent/tokens"));

  settings = AuthorizerSettings();
  settings.local_roles = {"superuser"};
  EXPECT_THAT(MakeAuthorizer(settings, Server("127.0.0.1:0")).status().message(),
              HasSubstr("unknown role \"superuser\""));

  // A token whose role the policy does not define is refused at start-up, not at call time.
  testing::TempDir dir;
  const std::string tokens = dir.path() + "/tokens";
  FILE* f = std::fopen(tokens.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fputs("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad partner auditor\n", f);
  std::fclose(f);
  settings = AuthorizerSettings();
  settings.token_hashes_file = tokens;
  EXPECT_THAT(MakeAuthorizer(settings, Server("127.0.0.1:0")).status().message(),
              HasSubstr("unknown role \"auditor\""));
}

}  // namespace
}  // namespace scorecard
