// `scorecardctl audit verify` and `audit query`: the audit service's VerifyChain and
// QueryEvents. verify keeps audit_verify's exit codes (0 verified, 1 tampered, 2 could not
// verify) so that a scheduled check can switch to it unchanged.
#include <grpcpp/client_context.h>

#include <memory>

#include "absl/strings/str_cat.h"
#include "common/records/proto_date.h"
#include "scorecard/audit/v1/audit_service.grpc.pb.h"
#include "tools/scorecardctl/audit_format.h"
#include "tools/scorecardctl/commands.h"
#include "tools/scorecardctl/rpc_support.h"
#include "tools/scorecardctl/verify_report.h"

namespace scorecard::scorecardctl {
namespace {

namespace v1 = ::scorecard::audit::v1;

// Every page is one call; a log that keeps answering must still end. A million pages of
// the largest size (1000) is far beyond any log this service keeps.
constexpr int kMaxPages = 1000000;

}  // namespace

int RunAuditVerify(const StackClient& stack, const AuditVerifyOptions& options,
                   std::ostream& out, std::ostream& err) {
  absl::StatusOr<ServiceChannel> audit = stack.Dial("audit");
  if (!audit.ok()) {
    err << "error: " << audit.status().message() << "\n";
    return kExitCouldNotVerify;
  }
  std::unique_ptr<v1::AuditService::Stub> stub = v1::AuditService::NewStub(audit->channel);
  grpc::ClientContext context;
  SetDeadline(context, kVerifyDeadline);
  v1::VerifyChainResponse response;
  const grpc::Status status = stub->VerifyChain(&context, v1::VerifyChainRequest(), &response);
  if (!status.ok()) {
    err << FormatRpcError(status, audit->where);
    return kExitCouldNotVerify;
  }
  if (options.format == OutputFormat::kJson) {
    absl::StatusOr<std::string> json = VerifyReportToJson(response);
    if (!json.ok()) {
      err << "error: " << json.status().message() << "\n";
      return kExitCouldNotVerify;
    }
    out << *json;
  } else {
    out << FormatVerifyReport(response);
  }
  return response.ok() ? kExitOk : kExitTampered;
}

int RunAuditQuery(const StackClient& stack, const AuditQueryOptions& options, std::ostream& out,
                  std::ostream& err) {
  absl::StatusOr<ServiceChannel> audit = stack.Dial("audit");
  if (!audit.ok()) {
    err << "error: " << audit.status().message() << "\n";
    return kExitFailure;
  }
  std::unique_ptr<v1::AuditService::Stub> stub = v1::AuditService::NewStub(audit->channel);
  v1::QueryEventsRequest request;
  request.set_actor(options.actor);
  request.set_action(options.action);
  request.set_authority(options.authority);
  request.set_subject_id(options.subject_id);
  if (options.from.has_value()) *request.mutable_from_time() = ToProtoTimestamp(*options.from);
  if (options.to.has_value()) *request.mutable_to_time() = ToProtoTimestamp(*options.to);
  request.set_page_size(options.page_size);

  // Pages are printed as they come (JSON) or gathered for one aligned table: events are
  // immutable and pages follow sequence numbers, so nothing can shift between pages.
  std::vector<v1::AuditEvent> events;
  for (int page = 0; page < kMaxPages; ++page) {
    grpc::ClientContext context;
    SetDeadline(context, kReadDeadline);
    v1::QueryEventsResponse response;
    const grpc::Status status = stub->QueryEvents(&context, request, &response);
    if (!status.ok()) {
      err << FormatRpcError(status, audit->where);
      return kExitFailure;
    }
    for (v1::AuditEvent& event : *response.mutable_events()) {
      if (options.format == OutputFormat::kJson) {
        absl::StatusOr<std::string> line = AuditEventToJsonLine(event);
        if (!line.ok()) {
          err << "error: " << line.status().message() << "\n";
          return kExitFailure;
        }
        out << *line;
      } else {
        events.push_back(std::move(event));
      }
    }
    if (response.next_page_token().empty()) {
      if (options.format != OutputFormat::kJson) out << FormatAuditEventsTable(events);
      return kExitOk;
    }
    if (response.next_page_token() == request.page_token()) break;
    request.set_page_token(response.next_page_token());
  }
  err << "error: " << audit->where << ": QueryEvents kept paging; stopped\n";
  return kExitFailure;
}

}  // namespace scorecard::scorecardctl
