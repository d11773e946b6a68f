// Channels, deadlines and error messages shared by the subcommands' RPCs.
//
//   grpc::ClientContext context;
//   SetDeadline(context, kReadDeadline);
//   grpc::Status status = stub->GetScorecard(&context, request, &card);
//   if (!status.ok()) std::cerr << FormatRpcError(status, "aggregator at 127.0.0.1:40129");
//   // error: UNAVAILABLE: aggregator at 127.0.0.1:40129: failed to connect to all addresses
#ifndef SCORECARD_TOOLS_SCORECARDCTL_RPC_SUPPORT_H_
#define SCORECARD_TOOLS_SCORECARDCTL_RPC_SUPPORT_H_

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>
#include <grpcpp/support/status.h>

#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

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

// A plaintext channel: the local stack listens on loopback only.
std::shared_ptr<grpc::Channel> Connect(const std::string& address);

void SetDeadline(grpc::ClientContext& context, absl::Duration timeout);

// "error: <CODE>: <what>: <message>\n", plus a hint line when the service looks down.
std::string FormatRpcError(const grpc::Status& status, absl::string_view what);

}  // namespace scorecard::scorecardctl

#endif  // SCORECARD_TOOLS_SCORECARDCTL_RPC_SUPPORT_H_
