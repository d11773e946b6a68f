// Channels, deadlines and error messages shared by the subcommands' RPCs.
//
//   StackClient client(*std::move(endpoints), tls_options);   // tls_options: --tls_* flags
//   absl::StatusOr<ServiceChannel> aggregator = client.Dial("aggregator");
//   if (!aggregator.ok()) { ... }
//   grpc::ClientContext context;
//   SetDeadline(context, kReadDeadline);
//   grpc::Status status = stub->GetScorecard(&context, request, &card);
//   if (!status.ok()) std::cerr << FormatRpcError(status, aggregator->where);
//   // error: UNAVAILABLE: aggregator at 127.0.0.1:40129: failed to connect to all addresses
#ifndef SCORECARD_TOOLS_SCORECARDCTL_RPC_SUPPORT_H_
#define SCORECARD_TOOLS_SCORECARDCTL_RPC_SUPPORT_H_

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>
#include <grpcpp/support/status.h>

#include <memory>
#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/security/channel_credentials.h"
#include "scorecard/aggregator/v1/aggregator_service.grpc.pb.h"
#include "tools/scorecardctl/stack_endpoints.h"

namespace scorecard::scorecardctl {

// Every RPC has a deadline, so a hung service never hangs a script.
inline constexpr absl::Duration kReadDeadline = absl::Seconds(10);
// The aggregator gives each domain service 10 s before marking its rows unavailable;
// waiting longer than that lets a slow service show up as "unavailable" rows rather than
// as a deadline error for the whole card.
inline constexpr absl::Duration kScorecardDeadline = absl::Seconds(20);
// One ingest batch: validated and made durable in one transaction.
inline constexpr absl::Duration kIngestDeadline = absl::Seconds(30);
inline constexpr absl::Duration kHealthDeadline = absl::Seconds(2);
// VerifyChain reads the whole audit log (audit_verify's default too).
inline constexpr absl::Duration kVerifyDeadline = absl::Minutes(10);

// A channel to one service of the stack, and how messages name it.
struct ServiceChannel {
  // "safeguarding at 127.0.0.1:40123"
  std::string where;
  std::shared_ptr<grpc::Channel> channel;
};

// The running stack as a client reaches it: where each service listens (the endpoints
// file) and how to dial it. The transport rules are common/security's: mutual TLS with
// --tls_cert, --tls_key and --tls_ca; TLS without a client certificate (for a bearer token)
// with --tls_ca alone; plaintext only when no TLS flag is given, and then to loopback only.
class StackClient {
 public:
  explicit StackClient(StackEndpoints endpoints, ClientTlsOptions tls = ClientTlsOptions())
      : endpoints_(std::move(endpoints)), tls_(std::move(tls)) {}

  const StackEndpoints& endpoints() const { return endpoints_; }

  // NOT_FOUND when the stack lists no such service; FAILED_PRECONDITION when the TLS
  // settings cannot be used (a PEM file unreadable, a token without TLS, plaintext to a
  // non-loopback address).
  [[nodiscard]] absl::StatusOr<ServiceChannel> Dial(absl::string_view service) const;
  [[nodiscard]] absl::StatusOr<std::shared_ptr<grpc::Channel>> DialAddress(
      const std::string& address) const;

 private:
  StackEndpoints endpoints_;
  ClientTlsOptions tls_;
};

// Checks the TLS files and token before anything is dialled, so that a wrong path is
// reported once, up front, naming its flag.
[[nodiscard]] absl::Status CheckClientTls(const ClientTlsOptions& tls);

void SetDeadline(grpc::ClientContext& context, absl::Duration timeout);

// "error: <CODE>: <what>: <message>\n", plus a hint line when the service looks down.
std::string FormatRpcError(const grpc::Status& status, absl::string_view what);

// One unary call to the aggregator within `timeout`:
//   aggregator::v1::CacheStats stats;
//   if (!CallAggregator(stack, &Stub::GetCacheStats, request, &stats, kReadDeadline, err))
//     return kExitFailure;
// True when it answered OK; otherwise false after writing to `err` why (it cannot be
// dialled, or FormatRpcError).
template <typename Request, typename Response>
bool CallAggregator(const StackClient& stack,
                    grpc::Status (aggregator::v1::AggregatorService::Stub::*method)(
                        grpc::ClientContext*, const Request&, Response*),
                    const Request& request, Response* response, absl::Duration timeout,
                    std::ostream& err) {
  absl::StatusOr<ServiceChannel> aggregator = stack.Dial("aggregator");
  if (!aggregator.ok()) {
    err << "error: " << aggregator.status().message() << "\n";
    return false;
  }
  aggregator::v1::AggregatorService::Stub stub(aggregator->channel);
  grpc::ClientContext context;
  SetDeadline(context, timeout);
  const grpc::Status status = (stub.*method)(&context, request, response);
  if (!status.ok()) err << FormatRpcError(status, aggregator->where);
  return status.ok();
}

}  // namespace scorecard::scorecardctl

#endif  // SCORECARD_TOOLS_SCORECARDCTL_RPC_SUPPORT_H_
