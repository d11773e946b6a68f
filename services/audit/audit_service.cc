#include "services/audit/audit_service.h"

#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "common/server/log.h"
#include "common/server/reactor.h"
#include "common/status/grpc_status.h"

namespace scorecard::audit {

grpc::ServerUnaryReactor* AuditServiceImpl::AppendEvents(grpc::CallbackServerContext* context,
                                                         const v1::AppendEventsRequest* request,
                                                         v1::AppendEventsResponse* response) {
  return FinishOnExecutor(context, *executor_, [this, request, response] {
    return ToGrpcStatus(DoAppend(*request, response));
  });
}

grpc::ServerUnaryReactor* AuditServiceImpl::QueryEvents(grpc::CallbackServerContext* context,
                                                        const v1::QueryEventsRequest* request,
                                                        v1::QueryEventsResponse* response) {
  return FinishOnExecutor(context, *executor_, [this, request, response] {
    return ToGrpcStatus(DoQuery(*request, response));
  });
}

absl::Status AuditServiceImpl::DoAppend(const v1::AppendEventsRequest& request,
                                        v1::AppendEventsResponse* response) {
  if (request.events_size() > kMaxEventsPerAppend) {
    return absl::InvalidArgumentError(absl::StrCat("events: ", request.events_size(),
                                                   " events; at most ", kMaxEventsPerAppend,
                                                   " per call"));
  }
  // The store validates the whole batch before storing any of it.
  absl::StatusOr<v1::AppendEventsResponse> stored = store_->Append(request);
  if (!stored.ok()) {
    if (stored.status().code() != absl::StatusCode::kInvalidArgument) {
      LogError("audit", absl::StrCat("append of ", request.events_size(),
                                     " events failed: ", stored.status().ToString()));
    }
    return stored.status();
  }
  *response = *std::move(stored);
  return absl::OkStatus();
}

absl::Status AuditServiceImpl::DoQuery(const v1::QueryEventsRequest& request,
                                       v1::QueryEventsResponse* response) const {
  absl::StatusOr<v1::QueryEventsResponse> page = store_->Query(request);
  if (!page.ok()) {
    if (page.status().code() != absl::StatusCode::kInvalidArgument) {
      LogError("audit", absl::StrCat("query failed: ", page.status().ToString()));
    }
    return page.status();
  }
  *response = *std::move(page);
  return absl::OkStatus();
}

}  // namespace scorecard::audit
