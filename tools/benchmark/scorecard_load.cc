#include "tools/benchmark/scorecard_load.h"

#include <chrono>
#include <functional>
#include <utility>

namespace scorecard::benchmark {
namespace {

namespace av1 = ::scorecard::aggregator::v1;

// A generous deadline: a cold card of a large authority on a busy machine takes seconds.
constexpr std::chrono::seconds kCallDeadline(120);

struct Call {
  grpc::ClientContext context;
  av1::Scorecard response;
  grpc::Status status;
  std::unique_ptr<grpc::ClientAsyncResponseReader<av1::Scorecard>> reader;
  double started_ms = 0;
};

// Drives calls on one completion queue: `next` gives the request for a new call (nullptr:
// none left), `done` sees each finished call (true: start another in its place).
void Drive(av1::AggregatorService::Stub& stub, int in_flight,
           const std::function<const av1::GetScorecardRequest*()>& next,
           const std::function<bool(Call&)>& done) {
  grpc::CompletionQueue queue;
  int outstanding = 0;
  const auto start = [&]() -> bool {
    const av1::GetScorecardRequest* request = next();
    if (request == nullptr) return false;
    auto* call = new Call;
    call->context.set_deadline(std::chrono::system_clock::now() + kCallDeadline);
    call->started_ms = WallMs();
    call->reader = stub.PrepareAsyncGetScorecard(&call->context, *request, &queue);
    call->reader->StartCall();
    call->reader->Finish(&call->response, &call->status, call);
    ++outstanding;
    return true;
  };
  for (int i = 0; i < in_flight; ++i) {
    if (!start()) break;
  }
  while (outstanding > 0) {
    void* tag = nullptr;
    bool ok = false;
    if (!queue.Next(&tag, &ok)) break;
    std::unique_ptr<Call> call(static_cast<Call*>(tag));
    --outstanding;
    if (done(*call)) start();
  }
  queue.Shutdown();
  void* tag = nullptr;
  bool ok = false;
  while (queue.Next(&tag, &ok)) {
  }
}

}  // namespace

ClosedLoopResult RunClosedLoop(const std::shared_ptr<grpc::Channel>& channel,
                               const av1::GetScorecardRequest& request, int in_flight,
                               double seconds, double warmup_seconds) {
  auto stub = av1::AggregatorService::NewStub(channel);
  ClosedLoopResult r;
  r.in_flight = in_flight;
  std::vector<double> latencies;
  const double began = WallMs();
  const double window_start = began + warmup_seconds * 1000;
  const double window_end = window_start + seconds * 1000;
  double cpu_at_window_start = -1;
  Drive(
      *stub, in_flight,
      [&]() -> const av1::GetScorecardRequest* {
        const double now = WallMs();
        if (cpu_at_window_start < 0 && now >= window_start) cpu_at_window_start = ProcessCpuMs();
        return now < window_end ? &request : nullptr;
      },
      [&](Call& call) {
        const double finished = WallMs();
        if (call.started_ms >= window_start && finished <= window_end) {
          if (call.status.ok()) {
            ++r.completed;
            latencies.push_back(finished - call.started_ms);
            if (call.response.cache() != av1::CACHE_OUTCOME_HIT &&
                call.response.cache() != av1::CACHE_OUTCOME_UNSPECIFIED) {
              ++r.not_cache_hits;
            }
          } else {
            ++r.failed;
            if (r.first_error.empty()) r.first_error = call.status.error_message();
          }
        }
        return true;
      });
  if (cpu_at_window_start >= 0) r.client_cpu_seconds = (ProcessCpuMs() - cpu_at_window_start) / 1000;
  r.seconds = seconds;
  r.requests_per_second = seconds > 0 ? r.completed / seconds : 0;
  r.latency = Summarize(std::move(latencies));
  return r;
}

BatchResult RunBatch(const std::shared_ptr<grpc::Channel>& channel,
                     const std::vector<av1::GetScorecardRequest>& requests, int in_flight) {
  auto stub = av1::AggregatorService::NewStub(channel);
  BatchResult r;
  std::vector<double> latencies;
  size_t next = 0;
  const double began = WallMs();
  Drive(
      *stub, in_flight,
      [&]() -> const av1::GetScorecardRequest* {
        return next < requests.size() ? &requests[next++] : nullptr;
      },
      [&](Call& call) {
        if (call.status.ok()) {
          ++r.completed;
          latencies.push_back(WallMs() - call.started_ms);
          bool unavailable = false;
          for (const av1::Section& section : call.response.sections()) {
            for (const av1::Row& row : section.rows()) {
              unavailable |= row.status() == av1::ROW_STATUS_SOURCE_UNAVAILABLE;
            }
          }
          if (unavailable) ++r.cards_with_unavailable_rows;
          r.last_card = std::move(call.response);
        } else {
          ++r.failed;
          if (r.first_error.empty()) r.first_error = call.status.error_message();
        }
        return true;
      });
  r.seconds = (WallMs() - began) / 1000;
  r.latency = Summarize(std::move(latencies));
  return r;
}

}  // namespace scorecard::benchmark
