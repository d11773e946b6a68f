// Test support for scorecardctl's end-to-end tests: the three real domain services (their
// own SQLite stores in a temporary folder, the production policy) behind one in-process
// gRPC server on a free loopback port, and a StackClient that finds them the way the CLI
// finds the real stack. Plaintext callers on loopback act as a local admin, as in the
// local stack; with TLS (a dev CA's service certificate) callers must present a client
// certificate instead.
//
//   InProcessStack stack;
//   ASSERT_TRUE(stack.Start().ok());
//   StackClient client = stack.Client();
//   int exit_code = RunImport(client, options, out, err);
//   stack.audit().events();   // what the services recorded, e.g. the caller's name
#ifndef SCORECARD_TESTS_TOOLS_SCORECARDCTL_IN_PROCESS_STACK_H_
#define SCORECARD_TESTS_TOOLS_SCORECARDCTL_IN_PROCESS_STACK_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/audit/in_memory_audit_sink.h"
#include "common/concurrency/executor.h"
#include "common/security/identity.h"
#include "common/security/policy.h"
#include "common/server/server_runner.h"
#include "common/store/record_store.h"
#include "common/time/authority_calendars.h"
#include "services/placement/placement_service.h"
#include "services/safeguarding/safeguarding_service.h"
#include "services/workforce/workforce_service.h"
#include "tests/common/store/scoped_temp_dir.h"
#include "tests/tools/scorecardctl/in_process_server.h"
#include "tools/scorecardctl/rpc_support.h"

namespace scorecard::scorecardctl::testing {

class InProcessStack {
 public:
  // Opens the stores and starts the server. `tls`: serve mutual TLS with these files
  // (client certificates required) and give plaintext callers no identity.
  absl::Status Start(std::optional<TlsFiles> tls = std::nullopt) {
    if (!dir_.ok()) return absl::InternalError("no temporary folder");
    const std::pair<const char*, std::unique_ptr<VersionedRecordStore>*> stores[] = {
        {"safeguarding", &safeguarding_store_},
        {"placement", &placement_store_},
        {"workforce", &workforce_store_}};
    for (const auto& [name, store] : stores) {
      absl::StatusOr<std::unique_ptr<VersionedRecordStore>> opened =
          VersionedRecordStore::Open(dir_.File(absl::StrCat(name, ".sqlite")));
      if (!opened.ok()) return opened.status();
      *store = *std::move(opened);
    }
    absl::StatusOr<Policy> policy = Policy::BuiltIn();
    if (!policy.ok()) return policy.status();
    AuthorizerOptions options;
    if (!tls.has_value()) {
      // As the services' --local_principal/--local_roles defaults make it.
      absl::StatusOr<CallerIdentity> local =
          MakeIdentity("local-dev", {"admin"}, std::string(kLocalIdentitySource));
      if (!local.ok()) return local.status();
      options.local_identity = *std::move(local);
    }
    absl::StatusOr<std::unique_ptr<Authorizer>> authorizer =
        Authorizer::Create(*std::move(policy), std::move(options));
    if (!authorizer.ok()) return authorizer.status();
    authorizer_ = *std::move(authorizer);

    std::shared_ptr<grpc::ServerCredentials> credentials = grpc::InsecureServerCredentials();
    if (tls.has_value()) {
      ServerOptions server;
      server.name = "scorecardctl-test";
      server.listen_address = "127.0.0.1:0";
      server.tls.files = *tls;
      server.tls.client_certificates = ClientCertificates::kRequire;
      absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> listening =
          ListeningCredentials(server);
      if (!listening.ok()) return listening.status();
      credentials = *listening;
    }
    safeguarding_ = std::make_unique<safeguarding::SafeguardingServiceImpl>(
        safeguarding_store_.get(), &executor_, &calendars_, authorizer_.get(), &audit_);
    placement_ = std::make_unique<placement::PlacementServiceImpl>(
        placement_store_.get(), &executor_, &calendars_, authorizer_.get(), &audit_);
    workforce_ = std::make_unique<workforce::WorkforceServiceImpl>(
        workforce_store_.get(), &executor_, &calendars_, authorizer_.get(), &audit_);
    server_ = std::make_unique<InProcessServer>(
        std::vector<grpc::Service*>{safeguarding_.get(), placement_.get(), workforce_.get()},
        credentials);
    if (!server_->ok()) return absl::UnavailableError("the test server did not start");
    return absl::OkStatus();
  }

  // The stack's endpoints file as the CLI would read it: all three services at one address.
  StackEndpoints Endpoints() const {
    return StackEndpoints(dir_.path(), {{"safeguarding", server_->address()},
                                        {"placement", server_->address()},
                                        {"workforce", server_->address()}});
  }
  StackClient Client(ClientTlsOptions tls = ClientTlsOptions()) const {
    return StackClient(Endpoints(), std::move(tls));
  }

  const audit::InMemoryAuditSink& audit() const { return audit_; }
  const std::string& dir() const { return dir_.path(); }

 private:
  ScopedTempDir dir_;
  Executor executor_{2};
  AuthorityCalendars calendars_;  // bank holidays only
  audit::InMemoryAuditSink audit_{"test"};
  std::unique_ptr<VersionedRecordStore> safeguarding_store_;
  std::unique_ptr<VersionedRecordStore> placement_store_;
  std::unique_ptr<VersionedRecordStore> workforce_store_;
  std::unique_ptr<Authorizer> authorizer_;
  std::unique_ptr<safeguarding::SafeguardingServiceImpl> safeguarding_;
  std::unique_ptr<placement::PlacementServiceImpl> placement_;
  std::unique_ptr<workforce::WorkforceServiceImpl> workforce_;
  // Declared last: stopped first, before the services it calls go away.
  std::unique_ptr<InProcessServer> server_;
};

}  // namespace scorecard::scorecardctl::testing

#endif  // SCORECARD_TESTS_TOOLS_SCORECARDCTL_IN_PROCESS_STACK_H_
