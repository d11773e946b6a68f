// `scorecardctl status`: every endpoint of the stack and whether it is serving, and the
// aggregator's cache statistics.
#include <algorithm>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "tools/scorecardctl/aggregator_format.h"
#include "tools/scorecardctl/commands.h"
#include "tools/scorecardctl/health_check.h"
#include "tools/scorecardctl/rpc_support.h"

namespace scorecard::scorecardctl {
namespace {

// Redis speaks no gRPC; the aggregator watches it and reports it under this health name,
// which is also what matters: whether the aggregator can use its cache.
constexpr char kRedis[] = "redis";

// The aggregator's cache counters, or why they could not be read (only admins may; a
// refusal says so without failing the status, which is about health).
std::string CacheStatsLines(const StackClient& client) {
  aggregator::v1::CacheStats stats;
  std::ostringstream why;
  if (CallAggregator(client, &aggregator::v1::AggregatorService::Stub::GetCacheStats,
                     aggregator::v1::GetCacheStatsRequest(), &stats, kHealthDeadline, why)) {
    return FormatCacheStats(stats);
  }
  const std::string text = why.str();
  absl::string_view reason = absl::string_view(text).substr(0, text.find('\n'));
  absl::ConsumePrefix(&reason, "error: ");
  return absl::StrCat("aggregator cache: not read (", reason, ")\n");
}

}  // namespace

int RunStatus(const StackClient& client, std::ostream& out, std::ostream& err) {
  const StackEndpoints& stack = client.endpoints();
  out << "stack: " << stack.stack_dir() << "\n";
  size_t name_width = 0;
  size_t address_width = 0;
  for (const auto& [name, address] : stack.entries()) {
    name_width = std::max(name_width, name.size());
    address_width = std::max(address_width, address.size());
  }
  const absl::StatusOr<std::string> aggregator = stack.Address("aggregator");
  // The health of `address`, or UNREACHABLE when it cannot even be dialled (TLS settings).
  const auto check = [&](const std::string& address, absl::string_view service) {
    absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = client.DialAddress(address);
    if (!channel.ok()) {
      return HealthReport{HealthState::kUnreachable, std::string(channel.status().message())};
    }
    return CheckHealth(**channel, service, kHealthDeadline);
  };

  bool all_serving = true;
  for (const auto& [name, address] : stack.entries()) {
    std::string state;
    if (name == kRedis) {
      if (!aggregator.ok()) {
        state = "UNKNOWN (no aggregator in the stack to ask)";
        all_serving = false;
      } else {
        const HealthReport report = check(*aggregator, kRedis);
        // Without an answer from the aggregator nothing is known about Redis.
        state = report.state == HealthState::kUnreachable
                    ? "UNKNOWN (the aggregator cannot be asked)"
                    : absl::StrCat(report.Describe(), " (as the aggregator sees it)");
        all_serving = all_serving && report.serving();
      }
    } else {
      const HealthReport report = check(address, "");
      state = report.Describe();
      all_serving = all_serving && report.serving();
    }
    out << name << std::string(name_width - name.size() + 2, ' ') << address
        << std::string(address_width - address.size() + 2, ' ') << state << "\n";
  }
  if (stack.entries().empty()) {
    err << "error: the stack's endpoints file lists no services\n";
    return kExitFailure;
  }
  if (aggregator.ok()) out << CacheStatsLines(client);
  return all_serving ? kExitOk : kExitFailure;
}

}  // namespace scorecard::scorecardctl
