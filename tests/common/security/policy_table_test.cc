// The production policy, deploy/security/policy.textproto, role by role against every RPC
// the contracts define. Adding an RPC to protos/ fails this test until the policy gives it
// a permission and the table below says who may call it.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/security/contracts.h"
#include "common/security/default_policy.h"
#include "common/security/policy.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/security/dev_ca_fixture.h"

namespace scorecard {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

const std::string kPolicyPath = std::string(SCORECARD_SOURCE_DIR) + "/deploy/security/policy.textproto";

// One caller per role, named as the development CA names them. "none" is an authenticated
// caller without roles (the audit service's own certificate).
const std::vector<std::string>& Callers() {
  static const auto* const kCallers = new std::vector<std::string>{
      "aggregator", "domain-service", "mash-frontend", "analyst", "admin", "agency:869", "none"};
  return *kCallers;
}

// Who may call each RPC. Every RPC of the catalogue must have a row.
const std::map<std::string, std::set<std::string>>& Expected() {
  static const auto* const kExpected = [] {
    const std::set<std::string> everyone(Callers().begin(), Callers().end());
    auto* table = new std::map<std::string, std::set<std::string>>{
        {"/grpc.health.v1.Health/Check", everyone},
        {"/grpc.health.v1.Health/Watch", everyone},
        {"/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", everyone},
        {"/scorecard.aggregator.v1.AggregatorService/GetScorecard",
         {"mash-frontend", "analyst", "admin"}},
        {"/scorecard.aggregator.v1.AggregatorService/ExportScorecard",
         {"mash-frontend", "analyst", "admin"}},
        {"/scorecard.aggregator.v1.AggregatorService/PublishScorecard", {"admin"}},
        {"/scorecard.aggregator.v1.AggregatorService/GetPublication",
         {"mash-frontend", "analyst", "admin"}},
        {"/scorecard.aggregator.v1.AggregatorService/ListPublications",
         {"mash-frontend", "analyst", "admin"}},
        {"/scorecard.aggregator.v1.AggregatorService/GetRestatement",
         {"mash-frontend", "analyst", "admin"}},
        {"/scorecard.aggregator.v1.AggregatorService/EnterLocalValue", {"admin"}},
        {"/scorecard.aggregator.v1.AggregatorService/LoadReferenceValues", {"admin"}},
        {"/scorecard.aggregator.v1.AggregatorService/GetCacheStats", {"admin"}},
        {"/scorecard.audit.v1.AuditService/AppendEvents", {"aggregator", "domain-service"}},
        {"/scorecard.audit.v1.AuditService/QueryEvents", {"admin"}},
        {"/scorecard.audit.v1.AuditService/VerifyChain", {"admin"}},
    };
    for (const char* service : {"scorecard.workforce.v1.WorkforceService",
                                "scorecard.safeguarding.v1.SafeguardingService",
                                "scorecard.placement.v1.PlacementService"}) {
      const std::string prefix = absl::StrCat("/", service, "/");
      (*table)[prefix + "GetMeasures"] = {"aggregator", "analyst", "admin"};
      (*table)[prefix + "ListMeasures"] = {"aggregator", "analyst", "admin"};
      (*table)[prefix + "GetDataVersion"] = {"aggregator", "admin"};
      (*table)[prefix + "WatchDataVersions"] = {"aggregator", "admin"};
      (*table)[prefix + "Ingest"] = {"admin"};
      // Child- and worker-level lists: never the analyst (aggregate figures only).
      (*table)[prefix + "DrillDown"] = {"mash-frontend", "admin"};
    }
    // Partner agencies submit contacts and referrals (narrowed below) and read nothing.
    (*table)["/scorecard.safeguarding.v1.SafeguardingService/Ingest"].insert("agency:869");
    return table;
  }();
  return *kExpected;
}

CallerIdentity CallerFor(const std::string& role) {
  std::vector<std::string> roles;
  if (role != "none") roles.push_back(role);
  absl::StatusOr<CallerIdentity> identity =
      MakeIdentity(role == "agency:869" ? "agency-869-police" : role, roles, "certificate");
  EXPECT_TRUE(identity.ok()) << identity.status();
  return *std::move(identity);
}

Policy ProductionPolicy() {
  absl::StatusOr<Policy> policy = Policy::Load(kPolicyPath);
  EXPECT_TRUE(policy.ok()) << policy.status();
  return policy.ok() ? *std::move(policy) : Policy();
}

TEST(PolicyTableTest, TheCatalogueCoversEveryProtoFile) {
  std::set<std::string> linked;
  for (const google::protobuf::FileDescriptor* file : ContractFiles()) linked.insert(file->name());
  for (absl::string_view proto : absl::StrSplit(SCORECARD_ALL_PROTOS, ',', absl::SkipEmpty())) {
    EXPECT_TRUE(linked.count(std::string(proto)))
        << "protos/" << proto
        << " is not in ContractFiles() (common/security/contracts.cc): its RPCs would escape "
           "the policy check. Add one of its messages there.";
  }
}

TEST(PolicyTableTest, TheCatalogueHasTheGeneratedServices) {
  // Guards the catalogue itself: if descriptors stopped being linked in, every other test
  // here would pass vacuously.
  const std::vector<std::string> methods = MethodCatalog::Contracts().Methods();
  EXPECT_GE(methods.size(), 18u) << absl::StrJoin(methods, "\n");
  EXPECT_NE(MethodCatalog::Contracts().Descriptor(
                "/scorecard.safeguarding.v1.SafeguardingService/Ingest"),
            nullptr);
}

TEST(PolicyTableTest, EveryRpcHasAPermission) {
  Policy policy = ProductionPolicy();
  EXPECT_THAT(policy.MethodsWithoutPermission(MethodCatalog::Contracts()), IsEmpty())
      << "give each RPC above a permission in deploy/security/policy.textproto";
}

TEST(PolicyTableTest, EveryRpcHasARowInThisTable) {
  for (const std::string& method : MethodCatalog::Contracts().Methods()) {
    EXPECT_TRUE(Expected().count(method))
        << "new RPC " << method << ": add a row to Expected() saying which roles may call it";
  }
  for (const auto& [method, roles] : Expected()) {
    EXPECT_TRUE(MethodCatalog::Contracts().Contains(method)) << "stale row: " << method;
  }
}

TEST(PolicyTableTest, EveryRoleAgainstEveryRpc) {
  Policy policy = ProductionPolicy();
  int checked = 0;
  for (const std::string& method : MethodCatalog::Contracts().Methods()) {
    auto row = Expected().find(method);
    if (row == Expected().end()) continue;  // reported by EveryRpcHasARowInThisTable
    for (const std::string& role : Callers()) {
      const bool expected = row->second.count(role) > 0;
      EXPECT_EQ(policy.Evaluate(CallerFor(role), method).allowed, expected)
          << role << (expected ? " should" : " should not") << " be allowed " << method;
      ++checked;
    }
  }
  EXPECT_EQ(checked, static_cast<int>(Callers().size() * Expected().size()));
}

TEST(PolicyTableTest, AgencyIngestIsNarrowedToItsOwnContactsAndReferrals) {
  Policy::Decision decision = ProductionPolicy().Evaluate(
      CallerFor("agency:869"), "/scorecard.safeguarding.v1.SafeguardingService/Ingest");
  ASSERT_TRUE(decision.allowed);
  EXPECT_FALSE(decision.unrestricted_writes);
  ASSERT_EQ(decision.write_scopes.size(), 1u);
  EXPECT_EQ(decision.write_scopes[0].authority, "869");
  EXPECT_THAT(decision.write_scopes[0].record_kinds, ElementsAre("contact", "referral"));
  // Everyone else who may ingest may write anything.
  EXPECT_TRUE(ProductionPolicy()
                  .Evaluate(CallerFor("admin"), "/scorecard.safeguarding.v1.SafeguardingService/Ingest")
                  .unrestricted_writes);
}

TEST(PolicyTableTest, TheBuiltInCopyIsTheFile) {
  EXPECT_EQ(BuiltInPolicyText(), testing::ReadFileOrDie(kPolicyPath))
      << "rebuild: the embedded policy is generated from the file";
  EXPECT_TRUE(Policy::BuiltIn().ok());
}

TEST(PolicyTableTest, TheDevCaRolesAreAllDefined) {
  // The roles deploy/security/dev-ca issues (see its init) must mean something here.
  Policy policy = ProductionPolicy();
  for (const char* role : {"aggregator", "domain-service", "mash-frontend", "analyst", "admin",
                           "agency:869"}) {
    EXPECT_TRUE(policy.DefinesRole(role)) << role;
  }
}

}  // namespace
}  // namespace scorecard
