// Who is calling: a principal and its roles, taken from the caller's verified client
// certificate, from a bearer token, or (local quick start only) from a configured default.
//
//   IdentityResolver resolver(std::move(tokens), /*local_identity=*/std::nullopt);
//   absl::StatusOr<CallerIdentity> caller = resolver.Resolve(*context);
//   if (!caller.ok()) return caller.status();   // UNAUTHENTICATED
//
// Naming scheme (the development CA, deploy/security/dev-ca, issues certificates this way):
//   - the certificate's subject common name is the principal: "aggregator",
//     "mash-frontend", "agency-869-police";
//   - each role is one URI subject alternative name "urn:scorecard:role:<role>", e.g.
//     "urn:scorecard:role:analyst", "urn:scorecard:role:agency:869".
// A URN rather than a SPIFFE id because SPIFFE allows one URI per certificate and a caller
// may hold several roles. The role text after the prefix is exactly the role string the
// policy uses, so there is no translation table to keep in step.
//
// Roles are lower-case words ("aggregator", "mash-frontend", "analyst", "admin",
// "domain-service") or "agency:<authority code>" for a partner agency allowed to write for
// that one local authority (DfE code, three digits). One identity names at most one agency
// authority: a partner working for several authorities gets one certificate or token each,
// so that every write is attributable to one authority's agreement.
//
// Tokens (for partners that cannot use certificates) are held as SHA-256 hashes in a token
// file, one per line: "sha256:<64 hex digits> <principal> <role>[,<role>...]". A caller
// sends "authorization: Bearer <token>". Tokens are accepted over TLS, or over plaintext
// only from a loopback peer.
#ifndef SCORECARD_COMMON_SECURITY_IDENTITY_H_
#define SCORECARD_COMMON_SECURITY_IDENTITY_H_

#include <grpcpp/grpcpp.h>

#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace scorecard {

// Prefix of a role URI SAN in a client certificate.
inline constexpr absl::string_view kRoleUriPrefix = "urn:scorecard:role:";
// Prefix of the partner agency roles: "agency:869".
inline constexpr absl::string_view kAgencyRolePrefix = "agency:";
// CallerIdentity::authenticated_by of the local quick start's identity (see IdentityResolver).
inline constexpr absl::string_view kLocalIdentitySource = "local";

// What a caller may write through the method it was just authorized for, when its
// permission is constrained (see Authorizer::Authorize and AuthorizeRecordWrite).
struct RecordWriteScope {
  // Records must carry header.authority equal to this; empty: any authority.
  std::string authority;
  // Record kinds allowed (the IngestRequest record's oneof field name, e.g. "contact",
  // "referral"); empty: any kind.
  std::vector<std::string> record_kinds;
};

struct CallerIdentity {
  // A system's name, never a person's personal data: the certificate CN, the token's
  // name, or the local identity's name. Safe to log and audit.
  std::string principal;
  // As granted, e.g. {"analyst"} or {"agency:869"}.
  std::vector<std::string> roles;
  // The authority code of the agency:<code> role, empty when there is none.
  std::string agency_authority;
  bool authenticated = false;
  // "certificate", "token" or "local": for audit details and logs.
  std::string authenticated_by;

  // Set by Authorizer::Authorize for the method it authorized. Writes are refused unless
  // unrestricted_writes or one of write_scopes admits the record, so a default-constructed
  // identity can write nothing.
  bool unrestricted_writes = false;
  std::vector<RecordWriteScope> write_scopes;

  // Roles joined with "," for logs and the audit event's role field.
  std::string RolesText() const;
};

// "analyst", "mash-frontend", "agency:869"; not "", "Admin", "agency:86", "agency:*".
bool IsValidRoleName(absl::string_view role);
// "869" for "agency:869"; empty for any other role.
std::string AgencyAuthorityOfRole(absl::string_view role);

// Checks roles and derives agency_authority. INVALID_ARGUMENT for a malformed principal or
// role, or roles naming two agency authorities.
[[nodiscard]] absl::StatusOr<CallerIdentity> MakeIdentity(std::string principal,
                                                          std::vector<std::string> roles,
                                                          std::string authenticated_by);

// Lower-case hex SHA-256 of `text`.
std::string Sha256Hex(absl::string_view text);

// The hashed tokens of a token file.
class TokenTable {
 public:
  TokenTable() = default;

  // Parses the file format above. INVALID_ARGUMENT naming `source` and the line for a
  // malformed line, a bad role, or a hash listed twice.
  [[nodiscard]] static absl::StatusOr<TokenTable> Parse(absl::string_view text,
                                                        absl::string_view source);
  [[nodiscard]] static absl::StatusOr<TokenTable> Load(const std::string& path);

  // The identity of the token, or nullptr. Looks up the token's SHA-256, so the table never
  // holds a usable secret.
  const CallerIdentity* Find(absl::string_view token) const;

  // Every identity in the table, e.g. to check their roles against the policy.
  std::vector<const CallerIdentity*> Identities() const;
  size_t size() const { return by_hash_.size(); }

 private:
  absl::flat_hash_map<std::string, CallerIdentity> by_hash_;
};

// The security-relevant facts of a call, taken from its gRPC context. Separate from
// IdentityResolver so that resolution can be tested without a network.
struct CallFacts {
  // The connection is TLS (AuthContext transport_security_type "ssl").
  bool tls = false;
  // A client certificate was presented and verified against the CA.
  bool certificate_verified = false;
  std::string certificate_common_name;
  std::vector<std::string> certificate_uris;
  // Every "authorization" metadata value sent.
  std::vector<std::string> authorization;
  // grpc::ServerContext::peer().
  std::string peer;
};

CallFacts CallFactsFrom(const grpc::ServerContextBase& context);

class IdentityResolver {
 public:
  // `local_identity`, when set, is given to callers that present neither certificate nor
  // token on a plaintext connection from a loopback peer. Set it only when the server
  // itself listens in plaintext on loopback (AuthorizerFromFlags does).
  IdentityResolver(TokenTable tokens, std::optional<CallerIdentity> local_identity);

  // UNAUTHENTICATED when the caller has no usable identity: no certificate, token or local
  // identity; an unknown token; a certificate and a token together; a token over plaintext
  // from another machine; a certificate without a common name or with malformed roles.
  // The message names the reason, never a token.
  [[nodiscard]] absl::StatusOr<CallerIdentity> Resolve(const CallFacts& facts) const;
  [[nodiscard]] absl::StatusOr<CallerIdentity> Resolve(
      const grpc::ServerContextBase& context) const {
    return Resolve(CallFactsFrom(context));
  }

  const TokenTable& tokens() const { return tokens_; }
  const std::optional<CallerIdentity>& local_identity() const { return local_identity_; }

 private:
  TokenTable tokens_;
  std::optional<CallerIdentity> local_identity_;
};

}  // namespace scorecard

#endif  // SCORECARD_COMMON_SECURITY_IDENTITY_H_
