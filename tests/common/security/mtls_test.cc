// Identity over real connections: an in-process gRPC server with the credentials the
// server runner builds (mutual TLS, client certificates required or optional), a probe
// service that authorizes every call, and clients with and without certificates, with
// certificates from another CA, and with bearer tokens. Certificates come from
// deploy/security/dev-ca in a temporary folder. Every call has a deadline.
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>

#include "absl/strings/str_cat.h"
#include "common/security/channel_credentials.h"
#include "common/security/policy.h"
#include "common/server/server_runner.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scorecard/safeguarding/v1/safeguarding_service.grpc.pb.h"
#include "tests/common/security/dev_ca_fixture.h"

namespace scorecard {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::OtherDevCa;
using testing::SharedDevCa;

constexpr char kGetMeasures[] = "/scorecard.safeguarding.v1.SafeguardingService/GetMeasures";
constexpr char kIngest[] = "/scorecard.safeguarding.v1.SafeguardingService/Ingest";
constexpr auto kCallDeadline = std::chrono::seconds(10);

grpc::Status ToGrpc(const absl::Status& status) {
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()));
}

// Authorizes like a real service would, and counts what got through.
class ProbeService final : public safeguarding::v1::SafeguardingService::CallbackService {
 public:
  explicit ProbeService(const Authorizer* authorizer) : authorizer_(authorizer) {}

  grpc::ServerUnaryReactor* GetMeasures(grpc::CallbackServerContext* context,
                                        const common::v1::GetMeasuresRequest* /*request*/,
                                        common::v1::GetMeasuresResponse* /*response*/) override {
    ++reached_;
    absl::StatusOr<CallerIdentity> caller = authorizer_->Authorize(*context, kGetMeasures);
    Remember(caller);
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(ToGrpc(caller.status()));
    return reactor;
  }

  grpc::ServerUnaryReactor* Ingest(grpc::CallbackServerContext* context,
                                   const safeguarding::v1::IngestRequest* request,
                                   common::v1::IngestResponse* response) override {
    ++reached_;
    absl::StatusOr<CallerIdentity> caller = authorizer_->AuthorizeIngest(*context, kIngest, *request);
    Remember(caller);
    if (caller.ok()) {
      written_ += request->records_size();
      response->set_new_versions(request->records_size());
    }
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(ToGrpc(caller.status()));
    return reactor;
  }

  int reached() const { return reached_.load(); }
  int written() const { return written_.load(); }
  std::optional<CallerIdentity> last_caller() {
    std::lock_guard<std::mutex> lock(mu_);
    return last_caller_;
  }

 private:
  void Remember(const absl::StatusOr<CallerIdentity>& caller) {
    std::lock_guard<std::mutex> lock(mu_);
    last_caller_ = caller.ok() ? std::optional<CallerIdentity>(*caller) : std::nullopt;
  }

  const Authorizer* authorizer_;
  std::atomic<int> reached_{0};
  std::atomic<int> written_{0};
  std::mutex mu_;
  std::optional<CallerIdentity> last_caller_;
};

class MtlsTest : public ::testing::Test {
 protected:
  // Starts the probe on a free loopback port with the server runner's credentials.
  void Start(std::optional<ClientCertificates> tls,
             std::optional<CallerIdentity> local_identity = std::nullopt) {
    ServerOptions options;
    options.name = "mtls-test";
    options.listen_address = "127.0.0.1:0";
    if (tls.has_value()) {
      options.tls.files = SharedDevCa().ServiceFiles("safeguarding");
      options.tls.client_certificates = *tls;
    }
    absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
        ListeningCredentials(options);
    ASSERT_TRUE(credentials.ok()) << credentials.status();

    AuthorizerOptions authorizer_options;
    absl::StatusOr<TokenTable> tokens = TokenTable::Load(SharedDevCa().TokenHashesFile());
    ASSERT_TRUE(tokens.ok()) << tokens.status();
    authorizer_options.tokens = *std::move(tokens);
    authorizer_options.local_identity = std::move(local_identity);
    authorizer_options.on_denied = [this](const Denial& denial) {
      std::lock_guard<std::mutex> lock(mu_);
      denials_.push_back(denial);
    };
    absl::StatusOr<Policy> policy = Policy::BuiltIn();
    ASSERT_TRUE(policy.ok()) << policy.status();
    absl::StatusOr<std::unique_ptr<Authorizer>> authorizer =
        Authorizer::Create(*std::move(policy), std::move(authorizer_options));
    ASSERT_TRUE(authorizer.ok()) << authorizer.status();
    authorizer_ = *std::move(authorizer);
    service_ = std::make_unique<ProbeService>(authorizer_.get());

    grpc::ServerBuilder builder;
    builder.AddListeningPort(options.listen_address, *credentials, &port_);
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    ASSERT_NE(port_, 0);
  }

  void TearDown() override {
    if (server_ != nullptr) {
      server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
    }
  }

  std::unique_ptr<safeguarding::v1::SafeguardingService::Stub> Client(ClientTlsOptions options) {
    absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
        CreateSecureChannel(absl::StrCat("127.0.0.1:", port_), options);
    EXPECT_TRUE(channel.ok()) << channel.status();
    return safeguarding::v1::SafeguardingService::NewStub(*channel);
  }

  static ClientTlsOptions WithFiles(TlsFiles files) {
    ClientTlsOptions options;
    options.files = std::move(files);
    return options;
  }

  grpc::Status GetMeasures(safeguarding::v1::SafeguardingService::Stub& stub) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + kCallDeadline);
    common::v1::GetMeasuresRequest request;
    common::v1::GetMeasuresResponse response;
    return stub.GetMeasures(&context, request, &response);
  }

  grpc::Status Ingest(safeguarding::v1::SafeguardingService::Stub& stub, const std::string& authority,
                      bool referral = false) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + kCallDeadline);
    safeguarding::v1::IngestRequest request;
    common::v1::RecordHeader* header =
        referral ? request.add_records()->mutable_referral()->mutable_header()
                 : request.add_records()->mutable_contact()->mutable_header();
    header->set_authority(authority);
    common::v1::IngestResponse response;
    return stub.Ingest(&context, request, &response);
  }

  std::vector<Denial> Denials() {
    std::lock_guard<std::mutex> lock(mu_);
    return denials_;
  }

  int port_ = 0;
  std::unique_ptr<Authorizer> authorizer_;
  std::unique_ptr<ProbeService> service_;
  std::unique_ptr<grpc::Server> server_;
  std::mutex mu_;
  std::vector<Denial> denials_;
};

TEST_F(MtlsTest, ClientCertificateIdentifiesItsRole) {
  Start(ClientCertificates::kRequire);
  auto stub = Client(WithFiles(SharedDevCa().ClientFiles("analyst")));
  grpc::Status status = GetMeasures(*stub);
  ASSERT_TRUE(status.ok()) << status.error_message();
  std::optional<CallerIdentity> caller = service_->last_caller();
  ASSERT_TRUE(caller.has_value());
  EXPECT_EQ(caller->principal, "analyst");
  EXPECT_THAT(caller->roles, ElementsAre("analyst"));
  EXPECT_EQ(caller->authenticated_by, "certificate");
}

TEST_F(MtlsTest, ServiceCertificateWorksAsAClientIdentity) {
  Start(ClientCertificates::kRequire);
  auto stub = Client(WithFiles(SharedDevCa().ServiceFiles("aggregator")));
  ASSERT_TRUE(GetMeasures(*stub).ok());
  ASSERT_TRUE(service_->last_caller().has_value());
  EXPECT_EQ(service_->last_caller()->principal, "aggregator");
  EXPECT_THAT(service_->last_caller()->roles, ElementsAre("aggregator"));
}

TEST_F(MtlsTest, RoleWithoutThePermissionIsDeniedAndReported) {
  Start(ClientCertificates::kRequire);
  auto stub = Client(WithFiles(SharedDevCa().ClientFiles("mash-frontend")));
  grpc::Status status = GetMeasures(*stub);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(status.error_message(), HasSubstr("mash-frontend (roles: mash-frontend) may not call " +
                                                std::string(kGetMeasures)));
  ASSERT_EQ(Denials().size(), 1u);
  EXPECT_EQ(Denials()[0].principal, "mash-frontend");
  EXPECT_EQ(Denials()[0].method, kGetMeasures);
}

TEST_F(MtlsTest, ClientWithoutCertificateIsRefusedBeforeAnyServiceCode) {
  Start(ClientCertificates::kRequire);
  ClientTlsOptions options;
  options.files.ca_file = SharedDevCa().CaFile();  // trusts the server, presents nothing
  auto stub = Client(options);
  grpc::Status status = GetMeasures(*stub);
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
  EXPECT_EQ(service_->reached(), 0);
}

TEST_F(MtlsTest, ClientCertificateFromAnotherCaIsRefused) {
  Start(ClientCertificates::kRequire);
  // Same name and role, issued by a CA the server does not trust. The client itself trusts
  // the server's CA, so only the server's check can fail the handshake.
  TlsFiles foreign = OtherDevCa().ClientFiles("admin");
  foreign.ca_file = SharedDevCa().CaFile();
  auto stub = Client(WithFiles(foreign));
  grpc::Status status = GetMeasures(*stub);
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
  EXPECT_EQ(service_->reached(), 0);
}

TEST_F(MtlsTest, ClientRefusesAServerFromAnotherCa) {
  Start(ClientCertificates::kRequire);
  auto stub = Client(WithFiles(OtherDevCa().ClientFiles("admin")));  // trusts only the other CA
  EXPECT_EQ(GetMeasures(*stub).error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(service_->reached(), 0);
}

TEST_F(MtlsTest, AgencyCertificateMayWriteOnlyForItsOwnAuthority) {
  Start(ClientCertificates::kRequire);
  auto stub = Client(WithFiles(SharedDevCa().ClientFiles("agency-869-police")));
  grpc::Status own = Ingest(*stub, "869", /*referral=*/true);
  ASSERT_TRUE(own.ok()) << own.error_message();
  EXPECT_EQ(service_->written(), 1);
  ASSERT_TRUE(service_->last_caller().has_value());
  EXPECT_EQ(service_->last_caller()->agency_authority, "869");

  grpc::Status other = Ingest(*stub, "870");
  EXPECT_EQ(other.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(other.error_message(), HasSubstr("agency-869-police may not write records[0]"));
  EXPECT_EQ(service_->written(), 1);
  // Reading is refused too: partners read nothing.
  EXPECT_EQ(GetMeasures(*stub).error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(MtlsTest, TokenCallerIsIdentifiedWhenCertificatesAreOptional) {
  Start(ClientCertificates::kOptional);
  ClientTlsOptions options;
  options.files.ca_file = SharedDevCa().CaFile();
  options.bearer_token = SharedDevCa().Token("agency-869-health");
  auto stub = Client(options);
  grpc::Status status = Ingest(*stub, "869");
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_TRUE(service_->last_caller().has_value());
  EXPECT_EQ(service_->last_caller()->principal, "agency-869-health");
  EXPECT_EQ(service_->last_caller()->authenticated_by, "token");
  EXPECT_EQ(Ingest(*stub, "870").error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(service_->written(), 1);
}

TEST_F(MtlsTest, UnknownTokenOrNoCredentialIsUnauthenticated) {
  Start(ClientCertificates::kOptional);
  ClientTlsOptions options;
  options.files.ca_file = SharedDevCa().CaFile();
  auto anonymous = Client(options);
  grpc::Status status = GetMeasures(*anonymous);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(status.error_message(), HasSubstr(kGetMeasures));

  options.bearer_token = "sct_not_a_real_token";
  auto forged = Client(options);
  status = GetMeasures(*forged);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(status.error_message(), HasSubstr("unknown bearer token"));
  EXPECT_EQ(Denials().size(), 2u);
}

TEST_F(MtlsTest, OptionalCertificatesStillRefuseAnotherCa) {
  Start(ClientCertificates::kOptional);
  TlsFiles foreign = OtherDevCa().ClientFiles("admin");
  foreign.ca_file = SharedDevCa().CaFile();
  auto stub = Client(WithFiles(foreign));
  EXPECT_EQ(GetMeasures(*stub).error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(service_->reached(), 0);
}

TEST_F(MtlsTest, PlaintextLoopbackCallersGetTheLocalIdentity) {
  absl::StatusOr<CallerIdentity> local = MakeIdentity("local-dev", {"admin"}, "local");
  ASSERT_TRUE(local.ok());
  Start(std::nullopt, *local);
  auto stub = Client(ClientTlsOptions());
  ASSERT_TRUE(GetMeasures(*stub).ok());
  ASSERT_TRUE(service_->last_caller().has_value());
  EXPECT_EQ(service_->last_caller()->principal, "local-dev");
  EXPECT_EQ(service_->last_caller()->authenticated_by, "local");
}

TEST_F(MtlsTest, PlaintextWithoutLocalIdentityIsUnauthenticated) {
  Start(std::nullopt);
  auto stub = Client(ClientTlsOptions());
  EXPECT_EQ(GetMeasures(*stub).error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

}  // namespace
}  // namespace scorecard
