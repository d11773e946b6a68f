// Builds a service's Authorizer from its flags and its server options, so that every
// service decides the local-mode question the same way: the local development identity
// exists only when the server itself listens in plaintext on loopback.
//
//   ServerOptions options = ServerOptionsFromFlags("safeguarding");
//   absl::StatusOr<std::unique_ptr<Authorizer>> authorizer = AuthorizerFromFlags(
//       options, [&audit](const Denial& d) { audit.Enqueue(DeniedEvent(d)); });
//   if (!authorizer.ok()) { LogError("safeguarding", authorizer.status().ToString()); return 1; }
#ifndef SCORECARD_COMMON_SECURITY_AUTHORIZER_FLAGS_H_
#define SCORECARD_COMMON_SECURITY_AUTHORIZER_FLAGS_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/declare.h"
#include "absl/status/statusor.h"
#include "common/security/policy.h"
#include "common/server/server_runner.h"

ABSL_DECLARE_FLAG(std::string, policy_file);
ABSL_DECLARE_FLAG(std::string, token_hashes_file);
ABSL_DECLARE_FLAG(std::string, local_principal);
ABSL_DECLARE_FLAG(std::vector<std::string>, local_roles);

namespace scorecard {

struct AuthorizerSettings {
  // Empty: the built-in copy of deploy/security/policy.textproto.
  std::string policy_file;
  // Empty: no bearer tokens accepted.
  std::string token_hashes_file;
  std::string local_principal = "local-dev";
  // Empty: no local identity even in plaintext loopback mode.
  std::vector<std::string> local_roles = {"admin"};
};

AuthorizerSettings AuthorizerSettingsFromFlags();

// Loads the policy and tokens, and sets the local identity if and only if
// IsPlaintextLoopback(server). Logs the policy source, the number of tokens, and (in local
// mode) which identity plaintext callers get. Errors name the file and the problem.
[[nodiscard]] absl::StatusOr<std::unique_ptr<Authorizer>> MakeAuthorizer(
    const AuthorizerSettings& settings, const ServerOptions& server,
    std::function<void(const Denial&)> on_denied = nullptr);

// MakeAuthorizer(AuthorizerSettingsFromFlags(), server, on_denied).
[[nodiscard]] absl::StatusOr<std::unique_ptr<Authorizer>> AuthorizerFromFlags(
    const ServerOptions& server, std::function<void(const Denial&)> on_denied = nullptr);

}  // namespace scorecard

#endif  // SCORECARD_COMMON_SECURITY_AUTHORIZER_FLAGS_H_
