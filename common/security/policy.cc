#include "common/security/policy.h"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/message.h>
#include <google/protobuf/text_format.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "absl/container/btree_set.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/records/record_validator.h"
#include "common/security/default_policy.h"
#include "common/security/policy.pb.h"
#include "common/server/log.h"

namespace scorecard {
namespace {

constexpr char kLogComponent[] = "authz";
// A denial message lists at most this many refused records.
constexpr int kMaxRecordProblems = 5;

// "measures.read", "health.check": dotted lower-case words.
bool IsValidPermissionName(absl::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  bool word_start = true;
  for (char c : name) {
    if (c == '.') {
      if (word_start) return false;
      word_start = true;
      continue;
    }
    if (word_start ? !absl::ascii_islower(c)
                   : !(absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '_')) {
      return false;
    }
    word_start = false;
  }
  return !word_start;
}

bool IsValidPolicyRoleName(absl::string_view name) {
  if (name == kAnyAgencyRole || name == kAuthenticatedRole) return true;
  return IsValidRoleName(name) && !absl::StartsWith(name, kAgencyRolePrefix);
}

class CollectingErrors : public google::protobuf::io::ErrorCollector {
 public:
  explicit CollectingErrors(std::vector<std::string>* errors) : errors_(errors) {}
  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    errors_->push_back(absl::StrCat(line + 1, ":", column + 1, ": ", message));
  }
  void AddWarning(int line, google::protobuf::io::ColumnNumber column,
                  const std::string& message) override {
    AddError(line, column, message);
  }

 private:
  std::vector<std::string>* errors_;
};

// "/pkg.Service/Method" -> "pkg.Service"; empty if malformed.
absl::string_view ServiceOf(absl::string_view method) {
  if (!absl::StartsWith(method, "/")) return "";
  const size_t slash = method.find('/', 1);
  if (slash == absl::string_view::npos || slash + 1 >= method.size()) return "";
  return method.substr(1, slash - 1);
}

}  // namespace

absl::StatusOr<Policy> Policy::Parse(absl::string_view text, absl::string_view source,
                                     const MethodCatalog& catalog) {
  std::vector<std::string> problems;
  security::Policy proto;
  {
    google::protobuf::TextFormat::Parser parser;
    CollectingErrors errors(&problems);
    parser.RecordErrorsTo(&errors);
    if (!parser.ParseFromString(std::string(text), &proto) && problems.empty()) {
      problems.push_back("cannot parse the text format");
    }
  }
  if (!problems.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(source, ": ", absl::StrJoin(problems, absl::StrCat("; ", source, ": "))));
  }

  Policy policy;
  policy.source_ = std::string(source);
  // permission -> its methods, for checking narrowed grants.
  absl::flat_hash_map<std::string, std::vector<std::string>> methods_of_permission;
  for (const security::Permission& permission : proto.permission()) {
    const std::string& name = permission.name();
    const std::string where = absl::StrCat("permission \"", name, "\"");
    if (!IsValidPermissionName(name)) {
      problems.push_back(absl::StrCat(where, ": not a valid name (dotted lower-case words, e.g. "
                                             "measures.read)"));
      continue;
    }
    if (methods_of_permission.contains(name)) {
      problems.push_back(absl::StrCat(where, ": defined twice"));
      continue;
    }
    std::vector<std::string>& methods = methods_of_permission[name];
    for (const std::string& method : permission.method()) {
      if (!catalog.Contains(method)) {
        const absl::string_view service = ServiceOf(method);
        const std::vector<std::string> siblings =
            service.empty() ? std::vector<std::string>{} : catalog.MethodsOfService(service);
        problems.push_back(absl::StrCat(
            where, ": unknown method \"", method, "\"",
            service.empty() ? " (expected \"/package.Service/Method\")"
            : siblings.empty()
                ? absl::StrCat(" (no service ", service, " in protos/ or gRPC's built-ins)")
                : absl::StrCat(" (", service, " has ", absl::StrJoin(siblings, ", "), ")")));
        continue;
      }
      auto [it, inserted] = policy.permission_of_method_.emplace(method, name);
      if (!inserted) {
        problems.push_back(absl::StrCat(where, ": method \"", method,
                                        "\" is already covered by permission \"", it->second,
                                        "\" (each RPC has exactly one permission)"));
        continue;
      }
      methods.push_back(method);
    }
  }

  for (const security::Role& role : proto.role()) {
    const std::string& name = role.name();
    const std::string where = absl::StrCat("role \"", name, "\"");
    if (!IsValidPolicyRoleName(name)) {
      problems.push_back(absl::StrCat(
          where, ": not a valid role name (a lower-case word such as analyst, \"agency:*\" for "
                 "every partner agency, or \"authenticated\")"));
      continue;
    }
    if (policy.roles_.contains(name)) {
      problems.push_back(absl::StrCat(where, ": defined twice"));
      continue;
    }
    auto& grants = policy.roles_[name];
    for (const security::Grant& grant : role.grant()) {
      const std::string& permission = grant.permission();
      auto known = methods_of_permission.find(permission);
      if (known == methods_of_permission.end()) {
        problems.push_back(
            absl::StrCat(where, ": grant of unknown permission \"", permission, "\""));
        continue;
      }
      if (grants.contains(permission)) {
        problems.push_back(absl::StrCat(where, ": permission \"", permission, "\" granted twice"));
        continue;
      }
      GrantRule rule;
      rule.own_authority_only = grant.own_authority_only();
      rule.record_kinds.assign(grant.record_kind().begin(), grant.record_kind().end());
      if (rule.own_authority_only && name != kAnyAgencyRole) {
        problems.push_back(absl::StrCat(where, ": own_authority_only on \"", permission,
                                        "\" needs an agency role (\"agency:*\"), which has an "
                                        "authority of its own"));
        continue;
      }
      if (rule.narrowed()) {
        // A narrowed grant is enforced record by record, which only ingest requests allow.
        if (known->second.empty()) {
          problems.push_back(absl::StrCat(where, ": \"", permission,
                                          "\" is narrowed but covers no method yet"));
        }
        bool ok = true;
        for (const std::string& method : known->second) {
          const google::protobuf::MethodDescriptor* descriptor = catalog.Descriptor(method);
          absl::StatusOr<std::vector<std::string>> kinds =
              descriptor == nullptr
                  ? absl::InvalidArgumentError("a gRPC built-in, not an ingest RPC")
                  : IngestRecordKinds(*descriptor->input_type());
          if (!kinds.ok()) {
            problems.push_back(absl::StrCat(where, ": \"", permission, "\" is narrowed, but ",
                                            method, " is not an ingest RPC (",
                                            kinds.status().message(), ")"));
            ok = false;
            continue;
          }
          for (const std::string& kind : rule.record_kinds) {
            if (std::find(kinds->begin(), kinds->end(), kind) == kinds->end()) {
              problems.push_back(absl::StrCat(where, ": unknown record kind \"", kind, "\" for ",
                                              method, " (kinds: ", absl::StrJoin(*kinds, ", "),
                                              ")"));
              ok = false;
            }
          }
        }
        if (!ok) continue;
      }
      grants.emplace(permission, std::move(rule));
    }
  }

  if (!problems.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(source, ": ", absl::StrJoin(problems, absl::StrCat("; ", source, ": "))));
  }
  return policy;
}

absl::StatusOr<Policy> Policy::Load(const std::string& path, const MethodCatalog& catalog) {
  std::ifstream in(path);
  if (!in) return absl::FailedPreconditionError(absl::StrCat("cannot read policy file ", path));
  std::ostringstream text;
  text << in.rdbuf();
  return Parse(text.str(), path, catalog);
}

absl::StatusOr<Policy> Policy::BuiltIn() {
  return Parse(BuiltInPolicyText(), kBuiltInPolicySource);
}

const std::string* Policy::PermissionOf(absl::string_view method) const {
  auto it = permission_of_method_.find(method);
  return it == permission_of_method_.end() ? nullptr : &it->second;
}

Policy::Decision Policy::Evaluate(const CallerIdentity& identity, absl::string_view method) const {
  Decision decision;
  const std::string* permission = PermissionOf(method);
  if (permission == nullptr) return decision;
  decision.permission = *permission;
  if (!identity.authenticated) return decision;

  auto consider = [&](absl::string_view role) {
    auto role_it = roles_.find(role);
    if (role_it == roles_.end()) return;
    auto grant_it = role_it->second.find(*permission);
    if (grant_it == role_it->second.end()) return;
    const GrantRule& rule = grant_it->second;
    if (!rule.narrowed()) {
      decision.unrestricted_writes = true;
      return;
    }
    RecordWriteScope scope;
    if (rule.own_authority_only) {
      // Only agency:* grants are narrowed to their own authority, and only agency roles
      // reach them, so the authority is known; an empty one would mean "any" and is refused.
      if (identity.agency_authority.empty()) return;
      scope.authority = identity.agency_authority;
    }
    scope.record_kinds = rule.record_kinds;
    decision.write_scopes.push_back(std::move(scope));
  };
  consider(kAuthenticatedRole);
  for (const std::string& role : identity.roles) {
    consider(AgencyAuthorityOfRole(role).empty() ? absl::string_view(role) : kAnyAgencyRole);
  }
  decision.allowed = decision.unrestricted_writes || !decision.write_scopes.empty();
  if (decision.unrestricted_writes) decision.write_scopes.clear();
  return decision;
}

bool Policy::DefinesRole(absl::string_view role) const {
  if (!AgencyAuthorityOfRole(role).empty()) return roles_.contains(kAnyAgencyRole);
  return role != kAnyAgencyRole && roles_.contains(role);
}

absl::Status Policy::CheckRolesDefined(const CallerIdentity& identity,
                                       absl::string_view where) const {
  for (const std::string& role : identity.roles) {
    if (!DefinesRole(role)) {
      return absl::InvalidArgumentError(absl::StrCat(
          where, ": ", identity.principal, " has unknown role \"", role, "\" (", source_,
          " defines ", absl::StrJoin(RoleNames(), ", "), ")"));
    }
  }
  return absl::OkStatus();
}

std::vector<std::string> Policy::MethodsWithoutPermission(const MethodCatalog& catalog) const {
  std::vector<std::string> missing;
  for (const std::string& method : catalog.Methods()) {
    if (!permission_of_method_.contains(method)) missing.push_back(method);
  }
  return missing;
}

std::vector<std::string> Policy::RoleNames() const {
  std::vector<std::string> names;
  for (const auto& [name, grants] : roles_) names.push_back(name);
  std::sort(names.begin(), names.end());
  return names;
}

absl::StatusOr<std::unique_ptr<Authorizer>> Authorizer::Create(Policy policy,
                                                               AuthorizerOptions options) {
  for (const CallerIdentity* identity : options.tokens.Identities()) {
    absl::Status known = policy.CheckRolesDefined(*identity, "token file");
    if (!known.ok()) return known;
  }
  if (options.local_identity.has_value()) {
    absl::Status known = policy.CheckRolesDefined(*options.local_identity, "local identity");
    if (!known.ok()) return known;
  }
  return std::unique_ptr<Authorizer>(new Authorizer(std::move(policy), std::move(options)));
}

Authorizer::Authorizer(Policy policy, AuthorizerOptions options)
    : policy_(std::move(policy)),
      resolver_(std::move(options.tokens), std::move(options.local_identity)),
      on_denied_(std::move(options.on_denied)) {}

absl::Status Authorizer::Deny(absl::string_view method, const CallerIdentity* identity,
                              absl::Status status) const {
  Denial denial;
  denial.method = std::string(method);
  if (identity != nullptr) {
    denial.principal = identity->principal;
    denial.roles = identity->RolesText();
  }
  denial.status = status;
  LogWarning(kLogComponent, absl::StrCat("denied ", absl::StatusCodeToString(status.code()), ": ",
                                         status.message()));
  if (on_denied_) on_denied_(denial);
  return status;
}

absl::StatusOr<CallerIdentity> Authorizer::Authorize(const grpc::ServerContextBase& context,
                                                     absl::string_view method) const {
  return AuthorizeFacts(CallFactsFrom(context), method);
}

absl::StatusOr<CallerIdentity> Authorizer::AuthorizeFacts(const CallFacts& facts,
                                                          absl::string_view method) const {
  absl::StatusOr<CallerIdentity> identity = resolver_.Resolve(facts);
  if (!identity.ok()) {
    return Deny(method, nullptr,
                absl::UnauthenticatedError(
                    absl::StrCat(method, ": caller not authenticated: ", identity.status().message())));
  }
  return AuthorizeIdentity(*std::move(identity), method);
}

absl::StatusOr<CallerIdentity> Authorizer::AuthorizeIdentity(CallerIdentity identity,
                                                             absl::string_view method) const {
  if (!identity.authenticated) {
    return Deny(method, nullptr,
                absl::UnauthenticatedError(absl::StrCat(method, ": caller not authenticated")));
  }
  Policy::Decision decision = policy_.Evaluate(identity, method);
  if (!decision.allowed) {
    const std::string who = absl::StrCat(identity.principal, " (roles: ",
                                         identity.roles.empty() ? "none" : identity.RolesText(), ")");
    return Deny(method, &identity,
                absl::PermissionDeniedError(
                    decision.permission.empty()
                        ? absl::StrCat(who, " may not call ", method,
                                       ": no permission covers it in the policy")
                        : absl::StrCat(who, " may not call ", method, " (needs permission ",
                                       decision.permission, ")")));
  }
  identity.unrestricted_writes = decision.unrestricted_writes;
  identity.write_scopes = std::move(decision.write_scopes);
  return identity;
}

absl::StatusOr<CallerIdentity> Authorizer::AuthorizeIngest(
    const grpc::ServerContextBase& context, absl::string_view method,
    const google::protobuf::Message& request) const {
  return AuthorizeIngestFacts(CallFactsFrom(context), method, request);
}

absl::StatusOr<CallerIdentity> Authorizer::AuthorizeIngestFacts(
    const CallFacts& facts, absl::string_view method,
    const google::protobuf::Message& request) const {
  absl::StatusOr<CallerIdentity> identity = AuthorizeFacts(facts, method);
  if (!identity.ok()) return identity;
  absl::Status records = AuthorizeRecordWrites(*identity, request);
  if (!records.ok()) {
    return Deny(method, &*identity,
                absl::Status(records.code(), absl::StrCat(method, ": ", records.message())));
  }
  return identity;
}

namespace {

bool ScopeAdmits(const RecordWriteScope& scope, absl::string_view authority,
                 absl::string_view kind) {
  if (!scope.authority.empty() && scope.authority != authority) return false;
  if (scope.record_kinds.empty()) return true;
  return std::find(scope.record_kinds.begin(), scope.record_kinds.end(), kind) !=
         scope.record_kinds.end();
}

bool Admits(const CallerIdentity& identity, absl::string_view authority, absl::string_view kind) {
  if (!identity.authenticated) return false;
  if (identity.unrestricted_writes) return true;
  // Nothing is admitted without a kind: an empty kind would otherwise match scopes that
  // list none.
  if (kind.empty()) return false;
  return std::any_of(identity.write_scopes.begin(), identity.write_scopes.end(),
                     [&](const RecordWriteScope& scope) { return ScopeAdmits(scope, authority, kind); });
}

std::string DescribeScopes(const CallerIdentity& identity) {
  if (identity.write_scopes.empty()) return "it may write no records";
  std::vector<std::string> parts;
  for (const RecordWriteScope& scope : identity.write_scopes) {
    parts.push_back(absl::StrCat(
        scope.record_kinds.empty() ? "any" : absl::StrJoin(scope.record_kinds, ", "),
        " records for ",
        scope.authority.empty() ? "any authority" : absl::StrCat("authority ", scope.authority)));
  }
  return absl::StrCat("it may write ", absl::StrJoin(parts, "; or "));
}

}  // namespace

absl::Status AuthorizeRecordWrite(const CallerIdentity& identity, absl::string_view authority,
                                  absl::string_view record_kind) {
  if (Admits(identity, authority, record_kind)) return absl::OkStatus();
  return absl::PermissionDeniedError(absl::StrCat(
      identity.principal.empty() ? "caller" : identity.principal, " may not write ",
      record_kind.empty() ? "a record with no kind" : absl::StrCat(record_kind, " records"),
      " for authority ", QuoteIdForMessage(authority), ": ", DescribeScopes(identity)));
}

absl::Status AuthorizeRecordWrites(const CallerIdentity& identity,
                                   const google::protobuf::Message& ingest_request) {
  // The common case (an unrestricted writer) needs no walk over a large batch.
  if (identity.authenticated && identity.unrestricted_writes) return absl::OkStatus();
  absl::StatusOr<std::vector<IngestRecordRef>> records = IngestRecords(ingest_request);
  if (!records.ok()) {
    return absl::PermissionDeniedError(absl::StrCat(
        "cannot check the records of a restricted writer: ", records.status().message()));
  }
  std::vector<std::string> refused;
  int refused_count = 0;
  for (const IngestRecordRef& record : *records) {
    if (Admits(identity, record.authority, record.kind)) continue;
    if (++refused_count <= kMaxRecordProblems) {
      refused.push_back(absl::StrCat("records[", record.index, "] (",
                                     record.kind.empty() ? "no kind" : record.kind, ", authority ",
                                     QuoteIdForMessage(record.authority), ")"));
    }
  }
  if (refused_count == 0) return absl::OkStatus();
  return absl::PermissionDeniedError(absl::StrCat(
      identity.principal.empty() ? "caller" : identity.principal, " may not write ",
      absl::StrJoin(refused, ", "),
      refused_count > kMaxRecordProblems
          ? absl::StrCat(" and ", refused_count - kMaxRecordProblems, " more")
          : "",
      ": ", DescribeScopes(identity), "; nothing was written"));
}

}  // namespace scorecard
