#include "common/security/identity.h"

#include <openssl/evp.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/records/record_validator.h"
#include "common/security/loopback.h"

namespace scorecard {
namespace {

constexpr size_t kMaxPrincipalLength = 128;
constexpr size_t kMaxRoleLength = 64;
constexpr absl::string_view kAuthorizationHeader = "authorization";

// Principals end up in logs and audit rows: keep them to plain printable text so that a
// crafted certificate cannot inject line breaks or terminal escapes.
bool IsValidPrincipal(absl::string_view principal) {
  if (principal.empty() || principal.size() > kMaxPrincipalLength) return false;
  return std::all_of(principal.begin(), principal.end(), [](char c) {
    return absl::ascii_isalnum(c) || c == ' ' || c == '.' || c == '_' || c == '@' ||
           c == ':' || c == '-';
  });
}

// Echo untrusted text in a message only in bounded, printable form.
std::string Quote(absl::string_view text) {
  std::string out = "\"";
  for (char c : text.substr(0, 64)) out.push_back(absl::ascii_isprint(c) ? c : '?');
  if (text.size() > 64) out += "...";
  out += "\"";
  return out;
}

}  // namespace

std::string CallerIdentity::RolesText() const { return absl::StrJoin(roles, ","); }

bool IsValidRoleName(absl::string_view role) {
  if (role.empty() || role.size() > kMaxRoleLength) return false;
  if (absl::ConsumePrefix(&role, kAgencyRolePrefix)) return IsValidAuthorityCode(role);
  if (!absl::ascii_islower(role.front())) return false;
  return std::all_of(role.begin(), role.end(), [](char c) {
    return absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '-';
  });
}

std::string AgencyAuthorityOfRole(absl::string_view role) {
  if (!absl::ConsumePrefix(&role, kAgencyRolePrefix) || !IsValidAuthorityCode(role)) return "";
  return std::string(role);
}

absl::StatusOr<CallerIdentity> MakeIdentity(std::string principal, std::vector<std::string> roles,
                                            std::string authenticated_by) {
  if (!IsValidPrincipal(principal)) {
    return absl::InvalidArgumentError(
        absl::StrCat("principal ", Quote(principal),
                     " is not valid (1 to 128 letters, digits, spaces and . _ @ : -)"));
  }
  CallerIdentity identity;
  for (std::string& role : roles) {
    if (!IsValidRoleName(role)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "role ", Quote(role), " of ", principal,
          " is not valid (a lower-case word such as analyst, or agency:<three-digit code>)"));
    }
    const std::string authority = AgencyAuthorityOfRole(role);
    if (!authority.empty()) {
      if (!identity.agency_authority.empty() && identity.agency_authority != authority) {
        return absl::InvalidArgumentError(absl::StrCat(
            principal, " names two agency authorities (", identity.agency_authority, " and ",
            authority, "); issue one certificate or token per authority"));
      }
      identity.agency_authority = authority;
    }
    if (std::find(identity.roles.begin(), identity.roles.end(), role) == identity.roles.end()) {
      identity.roles.push_back(std::move(role));
    }
  }
  identity.principal = std::move(principal);
  identity.authenticated = true;
  identity.authenticated_by = std::move(authenticated_by);
  return identity;
}

std::string Sha256Hex(absl::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * length);
  for (unsigned int i = 0; i < length; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 0xf]);
  }
  return out;
}

absl::StatusOr<TokenTable> TokenTable::Parse(absl::string_view text, absl::string_view source) {
  TokenTable table;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line.front() == '#') continue;
    const std::vector<absl::string_view> fields =
        absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    auto problem = [&](absl::string_view what) {
      return absl::InvalidArgumentError(absl::StrCat(source, ":", line_number, ": ", what));
    };
    if (fields.size() != 3) {
      return problem("expected \"sha256:<64 hex digits> <principal> <role>[,<role>...]\"");
    }
    absl::string_view hash = fields[0];
    if (!absl::ConsumePrefix(&hash, "sha256:") || hash.size() != 64 ||
        !std::all_of(hash.begin(), hash.end(), absl::ascii_isxdigit)) {
      return problem("the first field must be sha256: and 64 hex digits (the token's hash, "
                     "never the token)");
    }
    absl::StatusOr<CallerIdentity> identity =
        MakeIdentity(std::string(fields[1]), absl::StrSplit(fields[2], ','), "token");
    if (!identity.ok()) return problem(identity.status().message());
    if (!table.by_hash_.emplace(absl::AsciiStrToLower(hash), *std::move(identity)).second) {
      return problem("this token hash is listed twice");
    }
  }
  return table;
}

absl::StatusOr<TokenTable> TokenTable::Load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::FailedPreconditionError(absl::StrCat("cannot read token file ", path));
  std::ostringstream text;
  text << in.rdbuf();
  return Parse(text.str(), path);
}

const CallerIdentity* TokenTable::Find(absl::string_view token) const {
  auto it = by_hash_.find(Sha256Hex(token));
  return it == by_hash_.end() ? nullptr : &it->second;
}

std::vector<const CallerIdentity*> TokenTable::Identities() const {
  std::vector<const CallerIdentity*> out;
  for (const auto& [hash, identity] : by_hash_) out.push_back(&identity);
  return out;
}

CallFacts CallFactsFrom(const grpc::ServerContextBase& context) {
  CallFacts facts;
  facts.peer = context.peer();
  std::shared_ptr<const grpc::AuthContext> auth = context.auth_context();
  if (auth != nullptr) {
    for (const grpc::string_ref& type : auth->FindPropertyValues("transport_security_type")) {
      if (type == "ssl") facts.tls = true;
    }
    // For SSL, gRPC marks the peer authenticated only when it presented a certificate that
    // verified against the server's CA bundle.
    facts.certificate_verified = facts.tls && auth->IsPeerAuthenticated();
    if (facts.certificate_verified) {
      for (const grpc::string_ref& cn : auth->FindPropertyValues("x509_common_name")) {
        facts.certificate_common_name.assign(cn.data(), cn.size());
        break;
      }
      for (const grpc::string_ref& uri : auth->FindPropertyValues("peer_uri")) {
        facts.certificate_uris.emplace_back(uri.data(), uri.size());
      }
    }
  }
  auto [begin, end] = context.client_metadata().equal_range(
      grpc::string_ref(kAuthorizationHeader.data(), kAuthorizationHeader.size()));
  for (auto it = begin; it != end; ++it) {
    facts.authorization.emplace_back(it->second.data(), it->second.size());
  }
  return facts;
}

IdentityResolver::IdentityResolver(TokenTable tokens, std::optional<CallerIdentity> local_identity)
    : tokens_(std::move(tokens)), local_identity_(std::move(local_identity)) {}

absl::StatusOr<CallerIdentity> IdentityResolver::Resolve(const CallFacts& facts) const {
  if (facts.authorization.size() > 1) {
    return absl::UnauthenticatedError("more than one authorization header");
  }
  const bool has_token = !facts.authorization.empty();

  if (facts.certificate_verified) {
    // Two credentials could name two different callers; refuse rather than pick one.
    if (has_token) {
      return absl::UnauthenticatedError(
          "present a client certificate or a bearer token, not both");
    }
    if (facts.certificate_common_name.empty()) {
      return absl::UnauthenticatedError("the client certificate has no subject common name");
    }
    std::vector<std::string> roles;
    for (absl::string_view uri : facts.certificate_uris) {
      if (absl::ConsumePrefix(&uri, kRoleUriPrefix)) roles.emplace_back(uri);
    }
    absl::StatusOr<CallerIdentity> identity =
        MakeIdentity(facts.certificate_common_name, std::move(roles), "certificate");
    if (!identity.ok()) {
      return absl::UnauthenticatedError(
          absl::StrCat("client certificate: ", identity.status().message()));
    }
    return identity;
  }

  if (has_token) {
    // A token sent in plaintext over a network can be replayed by anyone who saw it.
    if (!facts.tls && !IsLoopbackPeer(facts.peer)) {
      return absl::UnauthenticatedError("bearer tokens are accepted only over TLS");
    }
    absl::string_view value = facts.authorization.front();
    const size_t space = value.find(' ');
    if (space == absl::string_view::npos ||
        !absl::EqualsIgnoreCase(value.substr(0, space), "bearer")) {
      return absl::UnauthenticatedError("authorization: expected \"Bearer <token>\"");
    }
    const absl::string_view token = absl::StripAsciiWhitespace(value.substr(space + 1));
    const CallerIdentity* identity = tokens_.Find(token);
    if (identity == nullptr) return absl::UnauthenticatedError("unknown bearer token");
    return *identity;
  }

  if (local_identity_.has_value() && !facts.tls && IsLoopbackPeer(facts.peer)) {
    return *local_identity_;
  }
  return absl::UnauthenticatedError(
      facts.tls ? "no client certificate or bearer token"
                : "no bearer token, and this server gives no local identity to plaintext callers");
}

}  // namespace scorecard
