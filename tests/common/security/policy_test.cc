// The policy's parser and checks, its evaluation, and the authorizer, without a network.
// The production policy file is tested role by role in policy_table_test.cc.
#include "common/security/policy.h"

#include <mutex>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scorecard/safeguarding/v1/safeguarding_service.pb.h"

namespace scorecard {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr char kGetMeasures[] = "/scorecard.safeguarding.v1.SafeguardingService/GetMeasures";
constexpr char kIngest[] = "/scorecard.safeguarding.v1.SafeguardingService/Ingest";
constexpr char kScorecard[] = "/scorecard.aggregator.v1.AggregatorService/GetScorecard";
constexpr char kHealth[] = "/grpc.health.v1.Health/Check";
constexpr char kQueryEvents[] = "/scorecard.audit.v1.AuditService/QueryEvents";

constexpr char kSmallPolicy[] = R"pb(
  permission {
    name: "measures.read"
    method: "/scorecard.safeguarding.v1.SafeguardingService/GetMeasures"
  }
  permission {
    name: "safeguarding.ingest"
    method: "/scorecard.safeguarding.v1.SafeguardingService/Ingest"
  }
  permission { name: "health.check" method: "/grpc.health.v1.Health/Check" }
  role { name: "authenticated" grant { permission: "health.check" } }
  role { name: "analyst" grant { permission: "measures.read" } }
  role { name: "admin" grant { permission: "measures.read" } grant { permission: "safeguarding.ingest" } }
  role {
    name: "agency:*"
    grant {
      permission: "safeguarding.ingest"
      own_authority_only: true
      record_kind: "contact"
      record_kind: "referral"
    }
  }
)pb";

Policy SmallPolicy() {
  absl::StatusOr<Policy> policy = Policy::Parse(kSmallPolicy, "small.textproto");
  EXPECT_TRUE(policy.ok()) << policy.status();
  return *std::move(policy);
}

CallerIdentity Identity(std::string principal, std::vector<std::string> roles) {
  absl::StatusOr<CallerIdentity> identity =
      MakeIdentity(std::move(principal), std::move(roles), "certificate");
  EXPECT_TRUE(identity.ok()) << identity.status();
  return *std::move(identity);
}

// Parses `text` and returns the error message ("" if it parsed).
std::string ParseError(absl::string_view text) {
  absl::StatusOr<Policy> policy = Policy::Parse(text, "test.textproto");
  if (policy.ok()) return "";
  EXPECT_EQ(policy.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(policy.status().message());
}

TEST(PolicyParseTest, SmallPolicyParses) {
  Policy policy = SmallPolicy();
  ASSERT_NE(policy.PermissionOf(kGetMeasures), nullptr);
  EXPECT_EQ(*policy.PermissionOf(kGetMeasures), "measures.read");
  EXPECT_EQ(policy.PermissionOf(kScorecard), nullptr);
  EXPECT_EQ(policy.source(), "small.textproto");
}

TEST(PolicyParseTest, SyntaxErrorsGiveLineAndColumn) {
  EXPECT_THAT(ParseError("permission {\n  name: \"a.b\"\n  methods: \"x\"\n}\n"),
              AllOf(HasSubstr("test.textproto: 3:"), HasSubstr("methods")));
}

TEST(PolicyParseTest, UnknownMethodNamesTheServicesRealMethods) {
  EXPECT_THAT(ParseError(R"pb(permission {
                                name: "measures.read"
                                method: "/scorecard.workforce.v1.WorkforceService/GetMeasure"
                              })pb"),
              AllOf(HasSubstr("permission \"measures.read\": unknown method "
                              "\"/scorecard.workforce.v1.WorkforceService/GetMeasure\""),
                    HasSubstr("/scorecard.workforce.v1.WorkforceService/GetMeasures")));
}

TEST(PolicyParseTest, UnknownServiceAndMalformedMethod) {
  EXPECT_THAT(ParseError(R"pb(permission { name: "x.read" method: "/scorecard.nope.v1.Nope/Get" })pb"),
              HasSubstr("no service scorecard.nope.v1.Nope"));
  EXPECT_THAT(ParseError(R"pb(permission { name: "x.read" method: "GetScorecard" })pb"),
              HasSubstr("expected \"/package.Service/Method\""));
}

TEST(PolicyParseTest, EachMethodHasExactlyOnePermission) {
  EXPECT_THAT(ParseError(absl::StrCat("permission { name: \"a.read\" method: \"", kScorecard,
                                      "\" }\npermission { name: \"b.read\" method: \"", kScorecard,
                                      "\" }")),
              HasSubstr("is already covered by permission \"a.read\""));
}

TEST(PolicyParseTest, UnknownPermissionInGrant) {
  EXPECT_THAT(ParseError(absl::StrCat(kSmallPolicy,
                                      "role { name: \"viewer\" grant { permission: \"measure.read\" } }")),
              HasSubstr("role \"viewer\": grant of unknown permission \"measure.read\""));
}

TEST(PolicyParseTest, BadAndDuplicateNames) {
  EXPECT_THAT(ParseError(R"pb(role { name: "Analyst" })pb"), HasSubstr("not a valid role name"));
  // Agency rules are the same for every authority: one "agency:*" role, not one per code.
  EXPECT_THAT(ParseError(R"pb(role { name: "agency:869" })pb"), HasSubstr("not a valid role name"));
  EXPECT_THAT(ParseError(R"pb(role { name: "admin" } role { name: "admin" })pb"),
              HasSubstr("role \"admin\": defined twice"));
  EXPECT_THAT(ParseError(R"pb(permission { name: "Measures" })pb"), HasSubstr("not a valid name"));
  EXPECT_THAT(ParseError(R"pb(permission { name: "a.read" } permission { name: "a.read" })pb"),
              HasSubstr("permission \"a.read\": defined twice"));
  EXPECT_THAT(ParseError(absl::StrCat(kSmallPolicy, R"pb(role {
                                        name: "viewer"
                                        grant { permission: "measures.read" }
                                        grant { permission: "measures.read" }
                                      })pb")),
              HasSubstr("granted twice"));
}

TEST(PolicyParseTest, NarrowedGrantsAreCheckedAgainstTheContracts) {
  EXPECT_THAT(ParseError(absl::StrCat(kSmallPolicy, R"pb(role {
                                        name: "viewer"
                                        grant { permission: "measures.read" own_authority_only: true }
                                      })pb")),
              HasSubstr("own_authority_only on \"measures.read\" needs an agency role"));
  EXPECT_THAT(ParseError(absl::StrCat(kSmallPolicy, R"pb(role {
                                        name: "viewer"
                                        grant { permission: "measures.read" record_kind: "contact" }
                                      })pb")),
              HasSubstr("is not an ingest RPC"));
  EXPECT_THAT(ParseError(absl::StrCat(kSmallPolicy, R"pb(role {
                                        name: "writer"
                                        grant { permission: "safeguarding.ingest" record_kind: "contacts" }
                                      })pb")),
              AllOf(HasSubstr("unknown record kind \"contacts\""), HasSubstr("contact, referral")));
}

TEST(PolicyParseTest, ListsEveryProblem) {
  const std::string message = ParseError(R"pb(
    permission { name: "a.read" method: "/scorecard.nope.v1.Nope/Get" }
    role { name: "x" grant { permission: "b.read" } }
  )pb");
  EXPECT_THAT(message, AllOf(HasSubstr("unknown method"), HasSubstr("unknown permission \"b.read\"")));
}

TEST(PolicyParseTest, LoadNamesAMissingFile) {
  EXPECT_THAT(Policy::Load("/nonexistent/policy.textproto").status().message(),
              HasSubstr("/nonexistent/policy.textproto"));
}

TEST(PolicyEvaluateTest, GrantsByRole) {
  Policy policy = SmallPolicy();
  EXPECT_TRUE(policy.Evaluate(Identity("analyst", {"analyst"}), kGetMeasures).allowed);
  EXPECT_FALSE(policy.Evaluate(Identity("analyst", {"analyst"}), kIngest).allowed);
  // "authenticated" applies to a caller with no roles at all.
  EXPECT_TRUE(policy.Evaluate(Identity("audit", {}), kHealth).allowed);
  EXPECT_FALSE(policy.Evaluate(Identity("audit", {}), kGetMeasures).allowed);
  // A role the policy does not define grants nothing.
  EXPECT_FALSE(policy.Evaluate(Identity("x", {"auditor"}), kGetMeasures).allowed);
}

TEST(PolicyEvaluateTest, UnauthenticatedNeverAllowed) {
  CallerIdentity identity = Identity("analyst", {"analyst"});
  identity.authenticated = false;
  EXPECT_FALSE(SmallPolicy().Evaluate(identity, kGetMeasures).allowed);
}

TEST(PolicyEvaluateTest, MethodWithoutPermissionIsRefused) {
  Policy::Decision decision = SmallPolicy().Evaluate(Identity("admin", {"admin"}), kQueryEvents);
  EXPECT_FALSE(decision.allowed);
  EXPECT_THAT(decision.permission, IsEmpty());
}

TEST(PolicyEvaluateTest, AgencyGrantIsScopedToItsOwnAuthority) {
  Policy::Decision decision =
      SmallPolicy().Evaluate(Identity("agency-869-police", {"agency:869"}), kIngest);
  ASSERT_TRUE(decision.allowed);
  EXPECT_FALSE(decision.unrestricted_writes);
  ASSERT_EQ(decision.write_scopes.size(), 1u);
  EXPECT_EQ(decision.write_scopes[0].authority, "869");
  EXPECT_THAT(decision.write_scopes[0].record_kinds, ::testing::ElementsAre("contact", "referral"));
}

TEST(PolicyEvaluateTest, AnUnrestrictedGrantWins) {
  Policy::Decision decision =
      SmallPolicy().Evaluate(Identity("ops", {"agency:869", "admin"}), kIngest);
  EXPECT_TRUE(decision.allowed);
  EXPECT_TRUE(decision.unrestricted_writes);
  EXPECT_THAT(decision.write_scopes, IsEmpty());
}

TEST(PolicyEvaluateTest, MethodsWithoutPermission) {
  std::vector<std::string> missing = SmallPolicy().MethodsWithoutPermission(MethodCatalog::Contracts());
  EXPECT_THAT(missing, ::testing::Contains(kScorecard));
  EXPECT_THAT(missing, Not(::testing::Contains(kIngest)));
}

// --- Authorizer ---------------------------------------------------------------------------

class AuthorizerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    AuthorizerOptions options;
    options.on_denied = [this](const Denial& denial) {
      std::lock_guard<std::mutex> lock(mu_);
      denials_.push_back(denial);
    };
    absl::StatusOr<std::unique_ptr<Authorizer>> authorizer =
        Authorizer::Create(SmallPolicy(), std::move(options));
    ASSERT_TRUE(authorizer.ok()) << authorizer.status();
    authorizer_ = *std::move(authorizer);
  }

  static CallFacts Certificate(std::string cn, std::string role) {
    CallFacts facts;
    facts.tls = true;
    facts.certificate_verified = true;
    facts.certificate_common_name = std::move(cn);
    facts.certificate_uris = {absl::StrCat(kRoleUriPrefix, role)};
    return facts;
  }

  std::vector<Denial> Denials() {
    std::lock_guard<std::mutex> lock(mu_);
    return denials_;
  }

  std::unique_ptr<Authorizer> authorizer_;
  std::mutex mu_;
  std::vector<Denial> denials_;
};

TEST_F(AuthorizerTest, AllowedCallReturnsTheIdentityAndReportsNoDenial) {
  absl::StatusOr<CallerIdentity> identity =
      authorizer_->AuthorizeFacts(Certificate("analyst", "analyst"), kGetMeasures);
  ASSERT_TRUE(identity.ok()) << identity.status();
  EXPECT_EQ(identity->principal, "analyst");
  EXPECT_THAT(Denials(), IsEmpty());
}

TEST_F(AuthorizerTest, PermissionDeniedNamesMethodAndPrincipalAndIsReported) {
  absl::StatusOr<CallerIdentity> identity =
      authorizer_->AuthorizeFacts(Certificate("analyst", "analyst"), kIngest);
  EXPECT_EQ(identity.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(identity.status().message(),
              AllOf(HasSubstr("analyst (roles: analyst)"), HasSubstr(kIngest),
                    HasSubstr("safeguarding.ingest")));
  std::vector<Denial> denials = Denials();
  ASSERT_EQ(denials.size(), 1u);
  EXPECT_EQ(denials[0].method, kIngest);
  EXPECT_EQ(denials[0].principal, "analyst");
  EXPECT_EQ(denials[0].roles, "analyst");
  EXPECT_EQ(denials[0].status.code(), absl::StatusCode::kPermissionDenied);
}

TEST_F(AuthorizerTest, UnauthenticatedIsReportedWithoutAPrincipal) {
  CallFacts facts;
  facts.tls = true;
  absl::StatusOr<CallerIdentity> identity = authorizer_->AuthorizeFacts(facts, kGetMeasures);
  EXPECT_EQ(identity.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(identity.status().message(), HasSubstr(kGetMeasures));
  std::vector<Denial> denials = Denials();
  ASSERT_EQ(denials.size(), 1u);
  EXPECT_THAT(denials[0].principal, IsEmpty());
  EXPECT_EQ(denials[0].status.code(), absl::StatusCode::kUnauthenticated);
}

safeguarding::v1::IngestRequest Batch(
    std::vector<std::pair<std::string /*kind*/, std::string /*authority*/>> records) {
  safeguarding::v1::IngestRequest request;
  for (const auto& [kind, authority] : records) {
    safeguarding::v1::SafeguardingRecord* record = request.add_records();
    if (kind == "contact") {
      record->mutable_contact()->mutable_header()->set_authority(authority);
    } else if (kind == "referral") {
      record->mutable_referral()->mutable_header()->set_authority(authority);
    } else if (kind == "assessment") {
      record->mutable_assessment()->mutable_header()->set_authority(authority);
    }  // anything else: a record with no kind set
  }
  return request;
}

TEST_F(AuthorizerTest, AgencyMayIngestContactsAndReferralsForItsOwnAuthority) {
  absl::StatusOr<CallerIdentity> identity = authorizer_->AuthorizeIngestFacts(
      Certificate("agency-869-police", "agency:869"), kIngest,
      Batch({{"contact", "869"}, {"referral", "869"}}));
  ASSERT_TRUE(identity.ok()) << identity.status();
  EXPECT_THAT(Denials(), IsEmpty());
}

TEST_F(AuthorizerTest, AgencyWritingForAnotherAuthorityIsDeniedWholeAndReported) {
  absl::StatusOr<CallerIdentity> identity = authorizer_->AuthorizeIngestFacts(
      Certificate("agency-869-police", "agency:869"), kIngest,
      Batch({{"contact", "869"}, {"referral", "870"}}));
  EXPECT_EQ(identity.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(identity.status().message(),
              AllOf(HasSubstr("agency-869-police"), HasSubstr("records[1] (referral, authority \"870\")"),
                    Not(HasSubstr("records[0]")), HasSubstr("nothing was written")));
  ASSERT_EQ(Denials().size(), 1u);
  EXPECT_EQ(Denials()[0].principal, "agency-869-police");
}

// The refusal is logged: free text where the authority code belongs is not quoted.
TEST_F(AuthorizerTest, AFreeTextAuthorityIsNotEchoedInTheDenial) {
  absl::StatusOr<CallerIdentity> identity =
      authorizer_->AuthorizeIngestFacts(Certificate("agency-869-police", "agency:869"), kIngest,
                                        Batch({{"referral", "Jessica Smith, 4 Mill Lane"}}));
  EXPECT_EQ(identity.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(identity.status().message(),
              AllOf(HasSubstr("records[0] (referral, authority (not shown"),
                    Not(HasSubstr("Jessica")), Not(HasSubstr("Mill"))));
  ASSERT_EQ(Denials().size(), 1u);
  EXPECT_THAT(std::string(Denials()[0].status.message()), Not(HasSubstr("Jessica")));
}

TEST_F(AuthorizerTest, AgencyMayNotWriteOtherKinds) {
  absl::StatusOr<CallerIdentity> identity = authorizer_->AuthorizeIngestFacts(
      Certificate("agency-869-police", "agency:869"), kIngest,
      Batch({{"assessment", "869"}, {"none", "869"}}));
  EXPECT_EQ(identity.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(identity.status().message(),
              AllOf(HasSubstr("records[0] (assessment"), HasSubstr("records[1] (no kind")));
}

TEST_F(AuthorizerTest, AdminIngestIsUnrestricted) {
  absl::StatusOr<CallerIdentity> identity = authorizer_->AuthorizeIngestFacts(
      Certificate("admin", "admin"), kIngest, Batch({{"assessment", "870"}, {"contact", "869"}}));
  ASSERT_TRUE(identity.ok()) << identity.status();
  EXPECT_TRUE(identity->unrestricted_writes);
}

TEST_F(AuthorizerTest, AuthorizeRecordWriteChecksTheScopeOfTheAuthorizedCall) {
  absl::StatusOr<CallerIdentity> agency =
      authorizer_->AuthorizeFacts(Certificate("agency-869-police", "agency:869"), kIngest);
  ASSERT_TRUE(agency.ok()) << agency.status();
  EXPECT_TRUE(AuthorizeRecordWrite(*agency, "869", "contact").ok());
  EXPECT_TRUE(AuthorizeRecordWrite(*agency, "869", "referral").ok());
  absl::Status other = AuthorizeRecordWrite(*agency, "870", "contact");
  EXPECT_EQ(other.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(other.message(), AllOf(HasSubstr("agency-869-police may not write contact records "
                                               "for authority \"870\""),
                                     HasSubstr("contact, referral records for authority 869")));
  EXPECT_EQ(AuthorizeRecordWrite(*agency, "869", "cp_plan").code(),
            absl::StatusCode::kPermissionDenied);
}

TEST(AuthorizeRecordWriteTest, AnIdentityNotFromAuthorizeMayWriteNothing) {
  CallerIdentity identity = Identity("admin", {"admin"});
  EXPECT_EQ(AuthorizeRecordWrite(identity, "869", "contact").code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(AuthorizeRecordWrites(identity, Batch({{"contact", "869"}})).code(),
            absl::StatusCode::kPermissionDenied);
  // Unrestricted, but not authenticated: still nothing.
  identity.unrestricted_writes = true;
  identity.authenticated = false;
  EXPECT_EQ(AuthorizeRecordWrite(identity, "869", "contact").code(),
            absl::StatusCode::kPermissionDenied);
}

TEST(AuthorizeRecordWriteTest, ListsAtMostFiveRefusedRecords) {
  CallerIdentity identity = Identity("agency-869-police", {"agency:869"});
  identity.write_scopes.push_back({"869", {"contact"}});
  std::vector<std::pair<std::string, std::string>> records(8, {"contact", "870"});
  absl::Status status = AuthorizeRecordWrites(identity, Batch(records));
  EXPECT_THAT(status.message(), AllOf(HasSubstr("records[4]"), Not(HasSubstr("records[5]")),
                                      HasSubstr("and 3 more")));
}

TEST(AuthorizerCreateTest, RefusesTokensAndLocalIdentitiesWithUnknownRoles) {
  AuthorizerOptions options;
  absl::StatusOr<TokenTable> tokens = TokenTable::Parse(
      "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad partner auditor\n",
      "tokens");
  ASSERT_TRUE(tokens.ok());
  options.tokens = *std::move(tokens);
  absl::StatusOr<std::unique_ptr<Authorizer>> authorizer =
      Authorizer::Create(SmallPolicy(), std::move(options));
  EXPECT_EQ(authorizer.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(authorizer.status().message(),
              AllOf(HasSubstr("token file: partner has unknown role \"auditor\""),
                    HasSubstr("admin, agency:*, analyst, authenticated")));

  AuthorizerOptions local;
  local.local_identity = Identity("local-dev", {"superuser"});
  EXPECT_THAT(Authorizer::Create(SmallPolicy(), std::move(local)).status().message(),
              HasSubstr("local identity: local-dev has unknown role \"superuser\""));

  AuthorizerOptions agency;
  agency.local_identity = Identity("local-agency", {"agency:869"});
  EXPECT_TRUE(Authorizer::Create(SmallPolicy(), std::move(agency)).ok());
}

}  // namespace
}  // namespace scorecard
