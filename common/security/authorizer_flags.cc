#include "common/security/authorizer_flags.h"

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/server/log.h"

ABSL_FLAG(std::string, policy_file, "",
          "Authorization policy (text format; schema common/security/policy.proto). Empty: the "
          "copy of deploy/security/policy.textproto built into this binary.");
ABSL_FLAG(std::string, token_hashes_file, "",
          "Hashed bearer tokens, one 'sha256:<hex> <principal> <role>[,<role>]' per line "
          "(deploy/security/dev-ca writes DIR/tokens). Empty: bearer tokens are refused.");
ABSL_FLAG(std::string, local_principal, "local-dev",
          "Principal of plaintext callers without a token. Only in plaintext loopback mode "
          "(no --tls_*, loopback --listen).");
ABSL_FLAG(std::vector<std::string>, local_roles, std::vector<std::string>({"admin"}),
          "Roles of the local principal (comma-separated). Empty: no local identity, so "
          "plaintext callers need a token. Ignored with TLS or on a non-loopback address.");

namespace scorecard {

AuthorizerSettings AuthorizerSettingsFromFlags() {
  AuthorizerSettings settings;
  settings.policy_file = absl::GetFlag(FLAGS_policy_file);
  settings.token_hashes_file = absl::GetFlag(FLAGS_token_hashes_file);
  settings.local_principal = absl::GetFlag(FLAGS_local_principal);
  settings.local_roles = absl::GetFlag(FLAGS_local_roles);
  return settings;
}

absl::StatusOr<std::unique_ptr<Authorizer>> MakeAuthorizer(
    const AuthorizerSettings& settings, const ServerOptions& server,
    std::function<void(const Denial&)> on_denied) {
  absl::StatusOr<Policy> policy = settings.policy_file.empty()
                                      ? Policy::BuiltIn()
                                      : Policy::Load(settings.policy_file);
  if (!policy.ok()) return policy.status();
  const std::vector<std::string> uncovered =
      policy->MethodsWithoutPermission(MethodCatalog::Contracts());
  if (!uncovered.empty()) {
    LogWarning(server.name, absl::StrCat("policy ", policy->source(),
                                         " covers no permission for ",
                                         absl::StrJoin(uncovered, ", "), ": they are refused"));
  }

  AuthorizerOptions options;
  options.on_denied = std::move(on_denied);
  if (!settings.token_hashes_file.empty()) {
    absl::StatusOr<TokenTable> tokens = TokenTable::Load(settings.token_hashes_file);
    if (!tokens.ok()) return tokens.status();
    options.tokens = *std::move(tokens);
  }
  const size_t token_count = options.tokens.size();

  if (IsPlaintextLoopback(server) && !settings.local_roles.empty()) {
    absl::StatusOr<CallerIdentity> local = MakeIdentity(
        settings.local_principal, settings.local_roles, std::string(kLocalIdentitySource));
    if (!local.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--local_principal/--local_roles: ", local.status().message()));
    }
    options.local_identity = *std::move(local);
  }

  std::string local_note;
  if (options.local_identity.has_value()) {
    local_note = absl::StrCat("LOCAL MODE: plaintext callers on loopback without a token act as ",
                              options.local_identity->principal, " (roles: ",
                              options.local_identity->RolesText(), ")");
  } else if (!server.tls.enabled()) {
    local_note = "no local identity: plaintext callers need a bearer token";
  } else {
    local_note = "callers are identified by client certificate or bearer token";
  }
  absl::StatusOr<std::unique_ptr<Authorizer>> authorizer =
      Authorizer::Create(*std::move(policy), std::move(options));
  if (!authorizer.ok()) return authorizer.status();
  LogInfo(server.name, absl::StrCat("authorization policy ", (*authorizer)->policy().source(),
                                    "; ", token_count, " bearer token(s); ", local_note));
  return authorizer;
}

absl::StatusOr<std::unique_ptr<Authorizer>> AuthorizerFromFlags(
    const ServerOptions& server, std::function<void(const Denial&)> on_denied) {
  return MakeAuthorizer(AuthorizerSettingsFromFlags(), server, std::move(on_denied));
}

}  // namespace scorecard
