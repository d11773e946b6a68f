// An Authorizer with the production policy and no local identity, for service tests that
// construct a service directly and call its work functions (DoIngest, ComputeMeasures);
// those paths sit behind authorization, which tests/common/security covers.
//
//   std::unique_ptr<Authorizer> authorizer = ProductionPolicyAuthorizer();
//   SafeguardingServiceImpl service(store, &executor, &calendars, authorizer.get());
#ifndef SCORECARD_TESTS_SERVICES_TEST_AUTHORIZER_H_
#define SCORECARD_TESTS_SERVICES_TEST_AUTHORIZER_H_

#include <memory>

#include "common/security/policy.h"
#include "gtest/gtest.h"

namespace scorecard {

inline std::unique_ptr<Authorizer> ProductionPolicyAuthorizer() {
  absl::StatusOr<Policy> policy = Policy::BuiltIn();
  EXPECT_TRUE(policy.ok()) << policy.status();
  absl::StatusOr<std::unique_ptr<Authorizer>> authorizer =
      Authorizer::Create(*std::move(policy), AuthorizerOptions{});
  EXPECT_TRUE(authorizer.ok()) << authorizer.status();
  return authorizer.ok() ? std::move(*authorizer) : nullptr;
}

}  // namespace scorecard

#endif  // SCORECARD_TESTS_SERVICES_TEST_AUTHORIZER_H_
