// GetScorecard under load, from one client thread driving gRPC's asynchronous API over one
// channel: the same code measures the aggregator and the bare echo server, so the two
// figures differ only by the server.
//
//   ClosedLoopResult r = RunClosedLoop(channel, request, /*in_flight=*/16,
//                                      /*seconds=*/2, /*warmup_seconds=*/0.3);
//   // r.requests_per_second, r.latency.p50_ms, r.latency.p99_ms
//   BatchResult b = RunBatch(channel, one_request_per_authority, /*in_flight=*/4);
//   // b.seconds: every card, b.latency: each one's
#ifndef SCORECARD_TOOLS_BENCHMARK_SCORECARD_LOAD_H_
#define SCORECARD_TOOLS_BENCHMARK_SCORECARD_LOAD_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <vector>

#include "scorecard/aggregator/v1/aggregator_service.grpc.pb.h"
#include "tools/benchmark/bench_stats.h"

namespace scorecard::benchmark {

struct ClosedLoopResult {
  int in_flight = 0;
  double seconds = 0;
  int completed = 0;
  int failed = 0;
  // Answers that were not cache hits (the aggregator only: the echo never says).
  int not_cache_hits = 0;
  double requests_per_second = 0;
  LatencySummary latency;
  // This process's CPU time over the measured window (the client's share of the machine).
  double client_cpu_seconds = 0;
  // The first failure's message, if any.
  std::string first_error;
};

// Keeps `in_flight` copies of `request` outstanding: `warmup_seconds` unmeasured, then
// `seconds` measured (requests started in the window and finished by its end).
ClosedLoopResult RunClosedLoop(const std::shared_ptr<grpc::Channel>& channel,
                               const aggregator::v1::GetScorecardRequest& request, int in_flight,
                               double seconds, double warmup_seconds);

struct BatchResult {
  double seconds = 0;
  int completed = 0;
  int failed = 0;
  LatencySummary latency;
  std::string first_error;
  // Cards with at least one row whose service did not answer in time (SOURCE_UNAVAILABLE).
  int cards_with_unavailable_rows = 0;
  // The last card received (for its size and contents).
  aggregator::v1::Scorecard last_card;
};

// Sends every request once, at most `in_flight` at a time; seconds from first to last.
BatchResult RunBatch(const std::shared_ptr<grpc::Channel>& channel,
                     const std::vector<aggregator::v1::GetScorecardRequest>& requests,
                     int in_flight);

}  // namespace scorecard::benchmark

#endif  // SCORECARD_TOOLS_BENCHMARK_SCORECARD_LOAD_H_
