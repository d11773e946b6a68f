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
// (service unreachable, bad flags). --json prints the response as JSON.
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/records/proto_date.h"
#include "common/security/channel_credentials.h"
#include "google/protobuf/util/json_util.h"
#include "scorecard/audit/v1/audit_service.grpc.pb.h"

ABSL_FLAG(std::string, address, "", "The audit service, host:port.");
ABSL_FLAG(absl::Duration, timeout, absl::Minutes(10),
          "Deadline for the verification (it reads the whole log).");
ABSL_FLAG(bool, json, false, "Print the response as JSON instead of text.");

namespace {

namespace v1 = ::scorecard::audit::v1;

constexpr int kVerified = 0;
constexpr int kTampered = 1;
constexpr int kCouldNotVerify = 2;

std::string FaultName(v1::ChainFault fault) {
  std::string name = v1::ChainFault_Name(fault);
  constexpr absl::string_view kPrefix = "CHAIN_FAULT_";
  if (absl::string_view(name).substr(0, kPrefix.size()) == kPrefix) name.erase(0, kPrefix.size());
  return absl::AsciiStrToLower(name);
}

std::string CheckpointLine(const v1::VerifyChainResponse& response) {
  std::string line;
  switch (response.checkpoint_status()) {
    case v1::CHECKPOINT_STATUS_DISABLED:
      return "OFF: the service has no checkpoint key, so truncation and full rewrites "
             "cannot be detected";
    case v1::CHECKPOINT_STATUS_NONE:
      line = "none written yet";
      break;
    case v1::CHECKPOINT_STATUS_MATCHED:
      line = "matched";
      break;
    case v1::CHECKPOINT_STATUS_MISMATCHED:
      line = "MISMATCHED";
      break;
    case v1::CHECKPOINT_STATUS_NOT_REACHED:
      line = "not reached (the rows fail before the newest checkpoint)";
      break;
    default:
      line = "unknown";
      break;
  }
  absl::StrAppend(&line, "; ", response.valid_checkpoints(), " valid");
  if (response.has_newest_checkpoint()) {
    const v1::ChainCheckpoint& newest = response.newest_checkpoint();
    absl::StrAppend(
        &line, ", newest at ", newest.sequence(), " (", newest.file(), ", signed ",
        absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", scorecard::FromProtoTimestamp(newest.signed_at()),
                         absl::UTCTimeZone()),
        ", key ", newest.key_id(), ")");
  }
  return line;
}

void PrintText(const v1::VerifyChainResponse& response) {
  std::cout << "audit chain: " << (response.ok() ? "OK" : "TAMPERED") << "\n";
  if (!response.ok()) {
    std::cout << "  fault:            " << FaultName(response.fault());
    if (response.first_bad_sequence() > 0) {
      std::cout << " at position " << response.first_bad_sequence();
    }
    std::cout << "\n  reason:           " << response.reason() << "\n";
  }
  std::cout << "  verified events:  " << response.verified_events() << "\n"
            << "  head hash:        " << absl::BytesToHexString(response.head_hash()) << "\n"
            << "  checkpoints:      " << CheckpointLine(response) << "\n";
  for (const v1::RejectedCheckpoint& rejected : response.rejected_checkpoints()) {
    std::cout << "  REJECTED checkpoint " << rejected.file() << ": " << rejected.reason() << "\n";
  }
}

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
    std::string json;
    google::protobuf::util::JsonPrintOptions options;
    options.add_whitespace = true;
    options.always_print_primitive_fields = true;
    if (!google::protobuf::util::MessageToJsonString(response, &json, options).ok()) {
      std::cerr << "audit_verify: cannot print the response as JSON\n";
      return kCouldNotVerify;
    }
    std::cout << json;
  } else {
    PrintText(response);
  }
  return response.ok() ? kVerified : kTampered;
}

}  // namespace

int main(int argc, char** argv) { return RunVerify(argc, argv); }
