#include "common/security/identity.h"

#include "absl/strings/str_cat.h"
#include "common/security/loopback.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace scorecard {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(RoleNameTest, AcceptsWordsAndAgencyCodes) {
  EXPECT_TRUE(IsValidRoleName("analyst"));
  EXPECT_TRUE(IsValidRoleName("mash-frontend"));
  EXPECT_TRUE(IsValidRoleName("agency:869"));
  EXPECT_FALSE(IsValidRoleName(""));
  EXPECT_FALSE(IsValidRoleName("Admin"));
  EXPECT_FALSE(IsValidRoleName("-admin"));
  EXPECT_FALSE(IsValidRoleName("agency:86"));
  EXPECT_FALSE(IsValidRoleName("agency:*"));
  EXPECT_FALSE(IsValidRoleName("agency:869-police"));
  EXPECT_FALSE(IsValidRoleName("admin role"));
  EXPECT_EQ(AgencyAuthorityOfRole("agency:869"), "869");
  EXPECT_EQ(AgencyAuthorityOfRole("analyst"), "");
}

TEST(MakeIdentityTest, DerivesAgencyAuthorityAndDeduplicatesRoles) {
  absl::StatusOr<CallerIdentity> identity =
      MakeIdentity("agency-869-police", {"agency:869", "agency:869"}, "certificate");
  ASSERT_TRUE(identity.ok()) << identity.status();
  EXPECT_EQ(identity->principal, "agency-869-police");
  EXPECT_THAT(identity->roles, ElementsAre("agency:869"));
  EXPECT_EQ(identity->agency_authority, "869");
  EXPECT_TRUE(identity->authenticated);
  EXPECT_FALSE(identity->unrestricted_writes);
  EXPECT_TRUE(identity->write_scopes.empty());
}

TEST(MakeIdentityTest, RefusesTwoAgencyAuthorities) {
  absl::StatusOr<CallerIdentity> identity =
      MakeIdentity("thames-valley-police", {"agency:869", "agency:870"}, "token");
  EXPECT_EQ(identity.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(identity.status().message(), HasSubstr("one certificate or token per authority"));
}

TEST(MakeIdentityTest, RefusesPrincipalsThatCouldForgeLogLines) {
  EXPECT_FALSE(MakeIdentity("evil\nINFO forged", {"admin"}, "certificate").ok());
  EXPECT_FALSE(MakeIdentity("", {"admin"}, "certificate").ok());
  EXPECT_FALSE(MakeIdentity(std::string(129, 'a'), {"admin"}, "certificate").ok());
  EXPECT_TRUE(MakeIdentity("Thames Valley Police", {"agency:869"}, "certificate").ok());
}

TEST(Sha256HexTest, MatchesKnownVector) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

constexpr char kTokenLine[] = "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

TEST(TokenTableTest, FindsByTokenNotByHash) {
  absl::StatusOr<TokenTable> table = TokenTable::Parse(
      absl::StrCat("# partner tokens\n\n", kTokenLine, " agency-869-health agency:869\n"), "tokens");
  ASSERT_TRUE(table.ok()) << table.status();
  const CallerIdentity* found = table->Find("abc");
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->principal, "agency-869-health");
  EXPECT_EQ(found->agency_authority, "869");
  EXPECT_EQ(found->authenticated_by, "token");
  // The hash itself is not a credential.
  EXPECT_EQ(table->Find(std::string(kTokenLine).substr(7)), nullptr);
  EXPECT_EQ(table->Find("abd"), nullptr);
}

TEST(TokenTableTest, ParseErrorsNameTheLine) {
  EXPECT_THAT(TokenTable::Parse("\nsecret agency-869-health agency:869\n", "tokens").status().message(),
              HasSubstr("tokens:2: the first field must be sha256:"));
  EXPECT_THAT(TokenTable::Parse(absl::StrCat(kTokenLine, " name\n"), "tokens").status().message(),
              HasSubstr("tokens:1: expected"));
  EXPECT_THAT(TokenTable::Parse(absl::StrCat(kTokenLine, " name Admin\n"), "tokens").status().message(),
              HasSubstr("tokens:1: role \"Admin\""));
  EXPECT_THAT(TokenTable::Parse(absl::StrCat(kTokenLine, " a admin\n", kTokenLine, " b admin\n"),
                                "tokens")
                  .status()
                  .message(),
              HasSubstr("tokens:2: this token hash is listed twice"));
}

CallFacts CertificateCall(std::string cn, std::vector<std::string> uris) {
  CallFacts facts;
  facts.tls = true;
  facts.certificate_verified = true;
  facts.certificate_common_name = std::move(cn);
  facts.certificate_uris = std::move(uris);
  facts.peer = "ipv4:10.0.0.5:40000";
  return facts;
}

IdentityResolver ResolverWithToken(std::optional<CallerIdentity> local = std::nullopt) {
  absl::StatusOr<TokenTable> table =
      TokenTable::Parse(absl::StrCat(kTokenLine, " agency-869-health agency:869\n"), "tokens");
  EXPECT_TRUE(table.ok());
  return IdentityResolver(*std::move(table), std::move(local));
}

TEST(IdentityResolverTest, CertificateRolesComeFromRoleUris) {
  absl::StatusOr<CallerIdentity> identity = ResolverWithToken().Resolve(CertificateCall(
      "mash-frontend",
      {"urn:scorecard:role:mash-frontend", "spiffe://elsewhere/role/admin", "urn:other:admin"}));
  ASSERT_TRUE(identity.ok()) << identity.status();
  EXPECT_EQ(identity->principal, "mash-frontend");
  // Only URIs with the scorecard role prefix grant roles.
  EXPECT_THAT(identity->roles, ElementsAre("mash-frontend"));
  EXPECT_EQ(identity->authenticated_by, "certificate");
}

TEST(IdentityResolverTest, CertificateWithMalformedRoleIsUnauthenticated) {
  absl::StatusOr<CallerIdentity> identity = ResolverWithToken().Resolve(
      CertificateCall("x", {"urn:scorecard:role:agency:86"}));
  EXPECT_EQ(identity.status().code(), absl::StatusCode::kUnauthenticated);
}

TEST(IdentityResolverTest, CertificateWithoutCommonNameIsUnauthenticated) {
  EXPECT_EQ(ResolverWithToken().Resolve(CertificateCall("", {})).status().code(),
            absl::StatusCode::kUnauthenticated);
}

TEST(IdentityResolverTest, CertificateAndTokenTogetherAreRefused) {
  CallFacts facts = CertificateCall("analyst", {"urn:scorecard:role:analyst"});
  facts.authorization = {"Bearer abc"};
  absl::StatusOr<CallerIdentity> identity = ResolverWithToken().Resolve(facts);
  EXPECT_EQ(identity.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(identity.status().message(), HasSubstr("not both"));
}

TEST(IdentityResolverTest, TokenOverTlsIdentifiesThePartner) {
  CallFacts facts;
  facts.tls = true;
  facts.peer = "ipv4:10.0.0.5:40000";
  facts.authorization = {"Bearer abc"};
  absl::StatusOr<CallerIdentity> identity = ResolverWithToken().Resolve(facts);
  ASSERT_TRUE(identity.ok()) << identity.status();
  EXPECT_EQ(identity->principal, "agency-869-health");
  facts.authorization = {"bearer abc"};  // the scheme is case-insensitive (RFC 7235)
  EXPECT_TRUE(ResolverWithToken().Resolve(facts).ok());
}

TEST(IdentityResolverTest, BadTokensAreUnauthenticatedWithoutEchoingThem) {
  CallFacts facts;
  facts.tls = true;
  facts.authorization = {"Bearer not-a-known-token"};
  absl::StatusOr<CallerIdentity> identity = ResolverWithToken().Resolve(facts);
  EXPECT_EQ(identity.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(identity.status().message(), Not(HasSubstr("not-a-known-token")));
  facts.authorization = {"Basic YWJj"};
  EXPECT_EQ(ResolverWithToken().Resolve(facts).status().code(), absl::StatusCode::kUnauthenticated);
  facts.authorization = {"Bearer abc", "Bearer abc"};
  EXPECT_EQ(ResolverWithToken().Resolve(facts).status().code(), absl::StatusCode::kUnauthenticated);
}

TEST(IdentityResolverTest, TokenOverPlaintextOnlyFromLoopback) {
  CallFacts facts;
  facts.authorization = {"Bearer abc"};
  facts.peer = "ipv4:192.168.1.20:5000";
  EXPECT_EQ(ResolverWithToken().Resolve(facts).status().code(), absl::StatusCode::kUnauthenticated);
  facts.peer = "ipv4:127.0.0.1:5000";
  EXPECT_TRUE(ResolverWithToken().Resolve(facts).ok());
}

TEST(IdentityResolverTest, LocalIdentityOnlyForPlaintextLoopbackCallers) {
  absl::StatusOr<CallerIdentity> local = MakeIdentity("local-dev", {"admin"}, "local");
  ASSERT_TRUE(local.ok());
  IdentityResolver resolver = ResolverWithToken(*local);
  CallFacts facts;
  facts.peer = "ipv6:%5B::1%5D:5000";
  absl::StatusOr<CallerIdentity> identity = resolver.Resolve(facts);
  ASSERT_TRUE(identity.ok()) << identity.status();
  EXPECT_EQ(identity->principal, "local-dev");

  facts.peer = "ipv4:10.1.2.3:5000";
  EXPECT_EQ(resolver.Resolve(facts).status().code(), absl::StatusCode::kUnauthenticated);
  // A TLS caller with no certificate never falls back to the local identity.
  facts.peer = "ipv4:127.0.0.1:5000";
  facts.tls = true;
  EXPECT_EQ(resolver.Resolve(facts).status().code(), absl::StatusCode::kUnauthenticated);
}

TEST(IdentityResolverTest, NoLocalIdentityMeansPlaintextCallersAreUnauthenticated) {
  CallFacts facts;
  facts.peer = "ipv4:127.0.0.1:5000";
  EXPECT_EQ(ResolverWithToken().Resolve(facts).status().code(), absl::StatusCode::kUnauthenticated);
}

TEST(LoopbackTest, ListenAddresses) {
  EXPECT_TRUE(IsLoopbackListenAddress("127.0.0.1:0"));
  EXPECT_TRUE(IsLoopbackListenAddress("127.5.6.7:7101"));
  EXPECT_TRUE(IsLoopbackListenAddress("localhost:7101"));
  EXPECT_TRUE(IsLoopbackListenAddress("[::1]:7101"));
  EXPECT_TRUE(IsLoopbackListenAddress("[::ffff:127.0.0.1]:7101"));
  EXPECT_TRUE(IsLoopbackListenAddress("unix:/run/scorecard.sock"));
  EXPECT_FALSE(IsLoopbackListenAddress("0.0.0.0:7101"));
  EXPECT_FALSE(IsLoopbackListenAddress("[::]:7101"));
  EXPECT_FALSE(IsLoopbackListenAddress(":7101"));
  EXPECT_FALSE(IsLoopbackListenAddress("10.0.0.1:7101"));
  EXPECT_FALSE(IsLoopbackListenAddress("scorecard.internal:7101"));
  EXPECT_FALSE(IsLoopbackListenAddress("::1:7101"));  // ambiguous: fail closed
  EXPECT_FALSE(IsLoopbackListenAddress("128.0.0.1:7101"));
}

TEST(LoopbackTest, Targets) {
  EXPECT_TRUE(IsLoopbackTarget("127.0.0.1:7101"));
  EXPECT_TRUE(IsLoopbackTarget("dns:///localhost:7101"));
  EXPECT_TRUE(IsLoopbackTarget("dns:localhost:7101"));
  EXPECT_TRUE(IsLoopbackTarget("ipv4:127.0.0.1:1,127.0.0.2:2"));
  EXPECT_FALSE(IsLoopbackTarget("ipv4:127.0.0.1:1,10.0.0.1:2"));
  EXPECT_FALSE(IsLoopbackTarget("dns://8.8.8.8/safeguarding:7102"));
  EXPECT_FALSE(IsLoopbackTarget("safeguarding:7102"));
}

TEST(LoopbackTest, Peers) {
  EXPECT_TRUE(IsLoopbackPeer("ipv4:127.0.0.1:5000"));
  EXPECT_TRUE(IsLoopbackPeer("ipv6:[::1]:5000"));
  EXPECT_TRUE(IsLoopbackPeer("ipv6:%5B::1%5D:5000"));
  EXPECT_FALSE(IsLoopbackPeer("ipv4:10.0.0.1:5000"));
  EXPECT_FALSE(IsLoopbackPeer("ipv6:%5B2001:db8::1%5D:5000"));
  EXPECT_FALSE(IsLoopbackPeer(""));
}

}  // namespace
}  // namespace scorecard
