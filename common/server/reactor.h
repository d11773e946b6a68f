// Finishes a unary callback-API call with work done on an Executor, so that SQLite and
// Redis calls never block gRPC's own threads.
//
//   grpc::ServerUnaryReactor* Ingest(grpc::CallbackServerContext* ctx,
//                                    const IngestRequest* req, IngestResponse* resp) override {
//     return FinishOnExecutor(ctx, executor_, [=] { return ToGrpcStatus(DoIngest(*req, resp)); });
//   }
#ifndef SCORECARD_COMMON_SERVER_REACTOR_H_
#define SCORECARD_COMMON_SERVER_REACTOR_H_

#include <grpcpp/grpcpp.h>

#include <utility>

#include "common/concurrency/executor.h"

namespace scorecard {

template <typename Work>
grpc::ServerUnaryReactor* FinishOnExecutor(grpc::CallbackServerContext* context,
                                           Executor& executor, Work work) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  executor.Submit([reactor, work = std::move(work)]() mutable { reactor->Finish(work()); });
  return reactor;
}

}  // namespace scorecard

#endif  // SCORECARD_COMMON_SERVER_REACTOR_H_
