#include "common/audit/audit_emitter.h"

#include <filesystem>
#include <system_error>
#include <utility>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "common/server/log.h"
#include "common/server/server_runner.h"
#include "common/status/status_macros.h"

ABSL_FLAG(std::string, audit_address, "",
          "The audit service (host:port) that this service's audit events are forwarded to.");
ABSL_FLAG(std::string, audit_port_file, "",
          "Alternatively, the audit service's --port_file (it listens on 127.0.0.1:<port>); "
          "re-read when the audit service restarts.");

namespace scorecard::audit {

AuditEmitterOptions AuditEmitterOptionsFromFlags(std::string emitter) {
  AuditEmitterOptions options;
  options.emitter = std::move(emitter);
  options.data_dir = absl::GetFlag(FLAGS_data_dir);
  options.audit_address = absl::GetFlag(FLAGS_audit_address);
  options.audit_port_file = absl::GetFlag(FLAGS_audit_port_file);
  // The server's own TLS identity (common/server flags), as its other outbound calls use.
  options.tls.files.cert_file = absl::GetFlag(FLAGS_tls_cert);
  options.tls.files.key_file = absl::GetFlag(FLAGS_tls_key);
  options.tls.files.ca_file = absl::GetFlag(FLAGS_tls_ca);
  options.tls.server_name = absl::GetFlag(FLAGS_tls_server_name);
  options.tls.allow_insecure_non_loopback = absl::GetFlag(FLAGS_allow_insecure_non_loopback);
  return options;
}

absl::StatusOr<std::unique_ptr<AuditEmitter>> AuditEmitter::Start(AuditEmitterOptions options) {
  if (options.emitter.empty()) return absl::InvalidArgumentError("audit: no emitter name");
  if (options.data_dir.empty()) return absl::InvalidArgumentError("audit: no data folder");
  if (options.audit_address.empty() && options.audit_port_file.empty()) {
    return absl::InvalidArgumentError(
        "audit: set --audit_address (or --audit_port_file): audit events must reach the audit "
        "service");
  }
  std::error_code error;
  std::filesystem::create_directories(options.data_dir, error);
  if (error) {
    return absl::InternalError(
        absl::StrCat("audit: cannot create ", options.data_dir, ": ", error.message()));
  }
  // Checked before anything is opened: a forwarder that cannot connect securely is a
  // start-up error, not a silently growing outbox.
  const std::string target = !options.audit_address.empty() ? options.audit_address : "127.0.0.1";
  SCORECARD_ASSIGN_OR_RETURN(std::shared_ptr<grpc::ChannelCredentials> credentials,
                             MakeChannelCredentials(target, options.tls));
  grpc::ChannelArguments channel_args;
  if (!options.tls.server_name.empty()) {
    channel_args.SetSslTargetNameOverride(options.tls.server_name);
  }
  std::unique_ptr<AuditEmitter> emitter(new AuditEmitter());
  AuditOutboxOptions outbox_options;
  outbox_options.emitter = options.emitter;
  SCORECARD_ASSIGN_OR_RETURN(
      emitter->outbox_, AuditOutbox::Open(AuditOutbox::PathFor(options.data_dir, options.emitter),
                                          std::move(outbox_options)));
  emitter->client_ =
      !options.audit_address.empty()
          ? GrpcAuditClient::ForAddress(options.audit_address, credentials, channel_args)
          : GrpcAuditClient::ForPortFile(options.audit_port_file, target, credentials,
                                         channel_args);
  emitter->forwarder_ = std::make_unique<AuditForwarder>(emitter->outbox_.get(),
                                                         emitter->client_.get(), options.forwarder);
  AuditForwarder* forwarder = emitter->forwarder_.get();
  emitter->outbox_->SetRecordListener([forwarder] { forwarder->Wake(); });
  // Whatever an earlier run left behind goes out first.
  absl::StatusOr<int64_t> left = emitter->outbox_->PendingCount();
  if (left.ok() && *left > 0) {
    LogInfo("audit", absl::StrCat(*left,
                                  " audit event(s) left in the outbox by an earlier run "
                                  "will be forwarded"));
  }
  LogInfo(options.emitter, absl::StrCat("audit events go to ",
                                        !options.audit_address.empty()
                                            ? options.audit_address
                                            : absl::StrCat("the port in ", options.audit_port_file),
                                        options.tls.files.AnySet() ? " over mutual TLS"
                                                                   : " in PLAINTEXT (loopback)"));
  forwarder->Start();
  return emitter;
}

AuditEmitter::~AuditEmitter() {
  if (outbox_ != nullptr) outbox_->SetRecordListener(nullptr);
  if (forwarder_ != nullptr) forwarder_->Stop();
}

}  // namespace scorecard::audit
