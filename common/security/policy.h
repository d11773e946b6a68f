// Authorization: which caller may call which RPC, from one policy file.
//
// The policy (deploy/security/policy.textproto, schema common/security/policy.proto) maps
// every RPC to exactly one permission and every role to the permissions it holds. A grant
// may be narrowed to records of certain kinds for the caller's own authority; the service
// then checks each record it is asked to write.
//
//   absl::StatusOr<std::unique_ptr<Authorizer>> authorizer = AuthorizerFromFlags(options);
//   ...
//   // In a service method, before any work:
//   absl::StatusOr<CallerIdentity> caller = authorizer->Authorize(*context, kGetMeasures);
//   if (!caller.ok()) { reactor->Finish(ToGrpcStatus(caller.status())); return reactor; }
//   // For an ingest: the call, then every record, in one step.
//   caller = authorizer->AuthorizeIngest(*context, kIngest, *request);
//
// Denials are UNAUTHENTICATED (no usable identity) or PERMISSION_DENIED (identity lacks the
// permission, or a record is outside its scope), with a message naming the method and the
// principal only. Each denial is reported to AuthorizerOptions::on_denied (for the audit
// log) and logged.
//
// Everything here is read-only after construction and safe to call from any thread.
#ifndef SCORECARD_COMMON_SECURITY_POLICY_H_
#define SCORECARD_COMMON_SECURITY_POLICY_H_

#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/security/contracts.h"
#include "common/security/identity.h"

namespace scorecard {

// Role granted to every authenticated caller, whatever its own roles.
inline constexpr absl::string_view kAuthenticatedRole = "authenticated";
// Policy role that stands for every "agency:<code>".
inline constexpr absl::string_view kAnyAgencyRole = "agency:*";

class Policy {
 public:
  // Parses and checks a policy in text format. INVALID_ARGUMENT listing every problem,
  // each prefixed by `source`: syntax errors with line and column; unknown or misspelt
  // methods (with the service's real methods as a hint); a method in two permissions;
  // grants of unknown permissions; malformed or duplicate role names; narrowed grants on
  // non-ingest permissions or with unknown record kinds.
  [[nodiscard]] static absl::StatusOr<Policy> Parse(
      absl::string_view text, absl::string_view source,
      const MethodCatalog& catalog = MethodCatalog::Contracts());
  [[nodiscard]] static absl::StatusOr<Policy> Load(
      const std::string& path, const MethodCatalog& catalog = MethodCatalog::Contracts());
  // The copy of deploy/security/policy.textproto compiled into the binary.
  [[nodiscard]] static absl::StatusOr<Policy> BuiltIn();

  // The permission covering `method`, or nullptr.
  const std::string* PermissionOf(absl::string_view method) const;

  struct Decision {
    bool allowed = false;
    // The permission covering the method; empty when none does.
    std::string permission;
    bool unrestricted_writes = false;
    std::vector<RecordWriteScope> write_scopes;
  };
  // Whether `identity` may call `method`. Unauthenticated identities never may.
  Decision Evaluate(const CallerIdentity& identity, absl::string_view method) const;

  // Whether the policy defines `role` (for "agency:<code>": defines "agency:*").
  bool DefinesRole(absl::string_view role) const;
  // INVALID_ARGUMENT naming the first role of `identity` the policy does not define.
  [[nodiscard]] absl::Status CheckRolesDefined(const CallerIdentity& identity,
                                               absl::string_view where) const;

  // Methods of `catalog` no permission covers: empty for a complete policy.
  std::vector<std::string> MethodsWithoutPermission(const MethodCatalog& catalog) const;
  // Role names as written in the policy, sorted.
  std::vector<std::string> RoleNames() const;
  const std::string& source() const { return source_; }

 private:
  struct GrantRule {
    bool own_authority_only = false;
    std::vector<std::string> record_kinds;
    bool narrowed() const { return own_authority_only || !record_kinds.empty(); }
  };

  std::string source_;
  absl::flat_hash_map<std::string, std::string> permission_of_method_;
  // role -> permission -> grant
  absl::flat_hash_map<std::string, absl::flat_hash_map<std::string, GrantRule>> roles_;
};

// One refused call, for the audit log. No personal data: system names and codes only.
struct Denial {
  std::string method;
  // Empty when the caller could not be identified.
  std::string principal;
  std::string roles;
  // UNAUTHENTICATED or PERMISSION_DENIED, with the same message the caller gets.
  absl::Status status;
};

struct AuthorizerOptions {
  TokenTable tokens;
  // Given to plaintext callers from a loopback peer with no token; see IdentityResolver.
  std::optional<CallerIdentity> local_identity;
  // Told about every denial (e.g. to queue an audit event). Called on the calling thread:
  // it must be thread-safe and must not block.
  std::function<void(const Denial&)> on_denied;
};

class Authorizer {
 public:
  // INVALID_ARGUMENT ("unknown role") if a token's or the local identity's role is not
  // defined by the policy.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<Authorizer>> Create(
      Policy policy, AuthorizerOptions options);

  // Identifies the caller and checks it may call `method` (the full name,
  // "/scorecard.safeguarding.v1.SafeguardingService/Ingest"). The identity returned
  // carries the write scope for this method (see AuthorizeRecordWrite).
  [[nodiscard]] absl::StatusOr<CallerIdentity> Authorize(const grpc::ServerContextBase& context,
                                                         absl::string_view method) const;
  // Authorize, then AuthorizeRecordWrites over the request's records.
  [[nodiscard]] absl::StatusOr<CallerIdentity> AuthorizeIngest(
      const grpc::ServerContextBase& context, absl::string_view method,
      const google::protobuf::Message& request) const;

  // The same from facts gathered elsewhere, or for an identity already known; for tests
  // and for callers outside gRPC.
  [[nodiscard]] absl::StatusOr<CallerIdentity> AuthorizeFacts(const CallFacts& facts,
                                                              absl::string_view method) const;
  [[nodiscard]] absl::StatusOr<CallerIdentity> AuthorizeIdentity(CallerIdentity identity,
                                                                 absl::string_view method) const;
  [[nodiscard]] absl::StatusOr<CallerIdentity> AuthorizeIngestFacts(
      const CallFacts& facts, absl::string_view method,
      const google::protobuf::Message& request) const;

  const Policy& policy() const { return policy_; }
  const IdentityResolver& resolver() const { return resolver_; }

 private:
  Authorizer(Policy policy, AuthorizerOptions options);
  absl::Status Deny(absl::string_view method, const CallerIdentity* identity,
                    absl::Status status) const;

  Policy policy_;
  IdentityResolver resolver_;
  std::function<void(const Denial&)> on_denied_;
};

// Whether the identity returned by Authorizer::Authorize may write one record of
// `record_kind` (the ingest record's oneof field name) for `authority`. PERMISSION_DENIED
// naming the principal, kind and authority otherwise. An identity that did not come from
// Authorize may write nothing.
[[nodiscard]] absl::Status AuthorizeRecordWrite(const CallerIdentity& identity,
                                                absl::string_view authority,
                                                absl::string_view record_kind);
// AuthorizeRecordWrite for every record of an ingest request (see IngestRecords), listing
// the first refused records by index.
[[nodiscard]] absl::Status AuthorizeRecordWrites(const CallerIdentity& identity,
                                                 const google::protobuf::Message& ingest_request);

}  // namespace scorecard

#endif  // SCORECARD_COMMON_SECURITY_POLICY_H_
