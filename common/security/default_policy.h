// The copy of deploy/security/policy.textproto compiled into every binary that links the
// security library, so that a service started without --policy_file (the local quick
// start, tests) enforces the same policy as the file in the repository. Regenerated
// whenever the file changes (embed_policy.cmake).
#ifndef SCORECARD_COMMON_SECURITY_DEFAULT_POLICY_H_
#define SCORECARD_COMMON_SECURITY_DEFAULT_POLICY_H_

#include "absl/strings/string_view.h"

namespace scorecard {

// Names the built-in copy in error messages and logs.
inline constexpr absl::string_view kBuiltInPolicySource =
    "deploy/security/policy.textproto (built in)";

absl::string_view BuiltInPolicyText();

}  // namespace scorecard

#endif  // SCORECARD_COMMON_SECURITY_DEFAULT_POLICY_H_
