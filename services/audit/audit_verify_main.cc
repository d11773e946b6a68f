// audit_verify: asks a running audit service to verify its hash chain against
// its signed checkpoints, and prints what it found.
//
//   audit_verify --address=127.0.0.1:7105
//   # Mutual TLS, as an admin (only admins may verify):
//   audit_verify --address=127.0.0.1:7105 --tls_cert=var/stack/ca/clients/admin.pem
//       --tls_key=var/stack/ca/clients/admin.key --tls_ca=var/stack/ca/ca.pem
//   audit chain: OK
//     verified events:  1042
//     head hash:        5f1c...e09a
//     checkpoints:      matched; 12 valid, newest at 1000 (checkpoint-...1000.txt, ...)
//
// Exit status: 0 the log verified; 1 it did not (tampered: the first bad
// position and the reason are printed); 2 verification could not be run
// (service unreachable, bad flags). --json prints the response as JSON. The report is
// `scorecardctl audit verify`'s (tools/scorecardctl/verify_report.h), which finds the
// stack by itself; this binary takes an address.
#include <grpcpp/grpcpp.h>

#include <iostream>
#include <memory>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/time/time.h"
#include "common/security/channel_credentials.h"
#include "scorecard/audit/v1/audit_service.grpc.pb.h"
#include "tools/scorecardctl/verify_report.h"

ABSL_FLAG(std::string, address, "", "The audit service, host:port.");
ABSL_FLAG(absl::Duration, timeout, absl::Minutes(10),
          "Deadline for the verification (it reads the whole log).");
ABSL_FLAG(bool, json, false, "Print the response as JSON instead of text.");

namespace {

namespace v1 = ::scorecard::audit::v1;

constexpr int kVerified = 0;
constexpr int kTampered = 1;
constexpr int kCouldNotVerify = 2;

int RunVerify(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const std::string address = absl::GetFlag(FLAGS_address);
  if (address.empty()) {
    std::cerr << "audit_verify: --address=host:port is required\n";
    return kCouldNotVerify;
  }
  // The shared client flags: mutual TLS with --tls_*, plaintext to loopback without.
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
      scorecard::CreateChannelFromFlags(address);
  if (!channel.ok()) {
    std::cerr << "audit_verify: " << channel.status().message() << "\n";
    return kCouldNotVerify;
  }
  std::unique_ptr<v1::AuditService::Stub> stub = v1::AuditService::NewStub(*channel);
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::GetFlag(FLAGS_timeout)));
  v1::VerifyChainResponse response;
  const grpc::Status status = stub->VerifyChain(&context, v1::VerifyChainRequest(), &response);
  if (!status.ok()) {
    std::cerr << "audit_verify: VerifyChain on " << address << " failed: " << status.error_code()
              << " " << status.error_message() << "\n";
    return kCouldNotVerify;
  }
  if (absl::GetFlag(FLAGS_json)) {
    absl::StatusOr<std::string> json = scorecard::scorecardctl::VerifyReportToJson(response);
    if (!json.ok()) {
      std::cerr << "audit_verify: " << json.status().message() << "\n";
      return kCouldNotVerify;
    }
    std::cout << *json;
  } else {
    std::cout << scorecard::scorecardctl::FormatVerifyReport(response);
  }
  return response.ok() ? kVerified : kTampered;
}

}  // namespace

int main(int argc, char** argv) { return RunVerify(argc, argv); }
