// Shared by the audit tests: events built in one line, a settable clock, and an
// authorizer for in-process servers.
//
//   v1::AppendEventsRequest request;
//   *request.add_events() = TestEvent("e-1").Actor("alice").Children({"C-1"}).Build();
//   std::unique_ptr<Authorizer> authorizer = LocalAuthorizer({"admin", "domain-service"});
#ifndef SCORECARD_TESTS_SERVICES_AUDIT_AUDIT_TEST_UTIL_H_
#define SCORECARD_TESTS_SERVICES_AUDIT_AUDIT_TEST_UTIL_H_

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/security/identity.h"
#include "common/security/policy.h"
#include "gtest/gtest.h"
#include "scorecard/audit/v1/audit_service.pb.h"

namespace scorecard::audit {

// An event from emitter "safeguarding" with the given id and action "read-measures";
// the setters override the rest.
class TestEvent {
 public:
  explicit TestEvent(const std::string& emitter_event_id) {
    event_.set_emitter("safeguarding");
    event_.set_emitter_event_id(emitter_event_id);
    event_.set_action("read-measures");
  }
  TestEvent& Emitter(const std::string& emitter) {
    event_.set_emitter(emitter);
    return *this;
  }
  TestEvent& Actor(const std::string& actor) {
    event_.set_actor(actor);
    return *this;
  }
  TestEvent& Action(const std::string& action) {
    event_.set_action(action);
    return *this;
  }
  TestEvent& Authority(const std::string& authority) {
    event_.set_authority(authority);
    return *this;
  }
  TestEvent& Children(std::initializer_list<std::string> ids) {
    for (const std::string& id : ids) event_.add_child_ids(id);
    return *this;
  }
  TestEvent& Workers(std::initializer_list<std::string> ids) {
    for (const std::string& id : ids) event_.add_worker_ids(id);
    return *this;
  }
  TestEvent& Measures(std::initializer_list<std::string> ids) {
    for (const std::string& id : ids) event_.add_measure_ids(id);
    return *this;
  }
  TestEvent& Detail(const std::string& detail) {
    event_.set_detail(detail);
    return *this;
  }
  v1::AuditEvent Build() const { return event_; }

 private:
  v1::AuditEvent event_;
};

inline std::vector<int64_t> Sequences(const v1::QueryEventsResponse& response) {
  std::vector<int64_t> sequences;
  for (const v1::AuditEvent& event : response.events()) sequences.push_back(event.sequence());
  return sequences;
}

// A clock a test moves by hand; safe to read from the store's threads.
class FakeClock {
 public:
  explicit FakeClock(absl::Time now) : now_(now) {}
  absl::Time Now() {
    absl::MutexLock lock(&mu_);
    return now_;
  }
  void Set(absl::Time now) {
    absl::MutexLock lock(&mu_);
    now_ = now;
  }

 private:
  absl::Mutex mu_;
  absl::Time now_ ABSL_GUARDED_BY(mu_);
};

// The production policy (built in), with plaintext loopback callers acting as a local
// identity with `roles`, as in the local stack; denials are told to `on_denied`.
inline std::unique_ptr<Authorizer> LocalAuthorizer(
    std::vector<std::string> roles = {"admin", "domain-service"},
    std::function<void(const Denial&)> on_denied = nullptr) {
  absl::StatusOr<Policy> policy = Policy::BuiltIn();
  EXPECT_TRUE(policy.ok()) << policy.status();
  absl::StatusOr<CallerIdentity> local =
      MakeIdentity("local-dev", std::move(roles), std::string(kLocalIdentitySource));
  EXPECT_TRUE(local.ok()) << local.status();
  AuthorizerOptions options;
  options.local_identity = *std::move(local);
  options.on_denied = std::move(on_denied);
  absl::StatusOr<std::unique_ptr<Authorizer>> authorizer =
      Authorizer::Create(*std::move(policy), std::move(options));
  EXPECT_TRUE(authorizer.ok()) << authorizer.status();
  return authorizer.ok() ? *std::move(authorizer) : nullptr;
}

}  // namespace scorecard::audit

#endif  // SCORECARD_TESTS_SERVICES_AUDIT_AUDIT_TEST_UTIL_H_
