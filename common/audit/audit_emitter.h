// Everything a service needs to emit audit events, wired together: the
// outbox in its data folder, a client for the audit service, and the
// forwarder between them. What a service's main() creates once.
//
//   absl::StatusOr<std::unique_ptr<AuditEmitter>> audit =
//       AuditEmitter::Start(AuditEmitterOptionsFromFlags("safeguarding"));
//   if (!audit.ok()) { LogError(...); return 1; }
//   MyService service(..., (*audit)->sink());   // AuditSink*: RecordCall(...)
//   ... run the server ...
//   // ~AuditEmitter after the service: stops the forwarder; undelivered
//   // events stay in the outbox and go out after the next start.
//
// Flags (audit_emitter.cc): --audit_address=host:port, or --audit_port_file
// (the local stack: re-read when the audit service restarts on a new port).
// One of them is required: an emitter that can never deliver is a
// configuration error, reported at start-up rather than discovered as a gap
// in the log. The service's own --tls_cert/--tls_key/--tls_ca (and
// --tls_server_name) secure the forwarder's calls too: with them it presents
// the service's certificate, whose common name must be the emitter name (the
// audit service accepts only a caller's own events); without them it speaks
// plaintext, to a loopback address only.
#ifndef SCORECARD_COMMON_AUDIT_AUDIT_EMITTER_H_
#define SCORECARD_COMMON_AUDIT_AUDIT_EMITTER_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/audit/audit_client.h"
#include "common/audit/audit_forwarder.h"
#include "common/audit/audit_outbox.h"
#include "common/audit/audit_sink.h"
#include "common/security/channel_credentials.h"

namespace scorecard::audit {

struct AuditEmitterOptions {
  // The service's name, e.g. "safeguarding": the events' emitter.
  std::string emitter;
  // The outbox is <data_dir>/<emitter>-outbox.sqlite.
  std::string data_dir;
  // Where the audit service listens (host:port) ...
  std::string audit_address;
  // ... or a file holding its port (127.0.0.1:<port>); used if no address.
  std::string audit_port_file;
  // How to reach it: all empty is plaintext (the local stack, loopback only);
  // production sets the certificate, key and CA (mutual TLS). No bearer token:
  // a service authenticates with its certificate.
  ClientTlsOptions tls;
  AuditForwarderOptions forwarder;
};

class AuditEmitter {
 public:
  // Opens the outbox and starts forwarding. INVALID_ARGUMENT without an
  // emitter, a data_dir, or a way to reach the audit service;
  // FAILED_PRECONDITION for unusable TLS files or plaintext to a non-loopback
  // address (MakeChannelCredentials).
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<AuditEmitter>> Start(
      AuditEmitterOptions options);

  ~AuditEmitter();

  AuditEmitter(const AuditEmitter&) = delete;
  AuditEmitter& operator=(const AuditEmitter&) = delete;

  // What services record through; valid as long as this object.
  AuditSink* sink() { return outbox_.get(); }
  AuditOutbox& outbox() { return *outbox_; }
  AuditForwarder& forwarder() { return *forwarder_; }

 private:
  AuditEmitter() = default;

  std::unique_ptr<AuditOutbox> outbox_;
  std::unique_ptr<AuditClient> client_;
  std::unique_ptr<AuditForwarder> forwarder_;
};

// Options from --audit_address, --audit_port_file, --data_dir, --tls_cert,
// --tls_key, --tls_ca, --tls_server_name and --allow_insecure_non_loopback.
AuditEmitterOptions AuditEmitterOptionsFromFlags(std::string emitter);

}  // namespace scorecard::audit

#endif  // SCORECARD_COMMON_AUDIT_AUDIT_EMITTER_H_
