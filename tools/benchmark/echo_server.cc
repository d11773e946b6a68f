// bench_echo_server: the ceiling for cached scorecard reads. A bare gRPC server with the
// aggregator's own service and server setup (common/server's runner, callback API) whose
// GetScorecard does no work: it answers every call with the scorecard read from
// --response_file (a serialized scorecard.aggregator.v1.Scorecard, the card the benchmark
// just got from the aggregator), so both answer with the same bytes.
//
//   bench_echo_server --response_file=/tmp/card.pb --port_file=/tmp/echo.port
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "common/server/server_runner.h"
#include "scorecard/aggregator/v1/aggregator_service.grpc.pb.h"

ABSL_FLAG(std::string, response_file, "",
          "Required. The serialized Scorecard every call is answered with.");

namespace {

namespace av1 = ::scorecard::aggregator::v1;

class EchoService final : public av1::AggregatorService::CallbackService {
 public:
  explicit EchoService(av1::Scorecard card) : card_(std::move(card)) {}

  grpc::ServerUnaryReactor* GetScorecard(grpc::CallbackServerContext* context,
                                         const av1::GetScorecardRequest* /*request*/,
                                         av1::Scorecard* response) override {
    *response = card_;
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }

 private:
  const av1::Scorecard card_;
};

}  // namespace

int main(int argc, char** argv) {
  scorecard::BlockTerminationSignals();
  absl::SetProgramUsageMessage(
      "Answers every GetScorecard with one fixed card (the benchmark's ceiling).\n"
      "  bench_echo_server --response_file=CARD.pb [--listen=127.0.0.1:0] [--port_file=F]");
  absl::ParseCommandLine(argc, argv);
  std::ifstream in(absl::GetFlag(FLAGS_response_file), std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  av1::Scorecard card;
  if (!in || !card.ParseFromString(bytes.str())) {
    std::cerr << "bench_echo_server: --response_file does not hold a Scorecard\n";
    return 2;
  }
  EchoService service(std::move(card));
  const absl::Status status = scorecard::RunServerUntilSignalled(
      scorecard::ServerOptionsFromFlags("bench_echo"), {&service});
  if (!status.ok()) {
    std::cerr << "bench_echo_server: " << status << "\n";
    return 1;
  }
  return 0;
}
