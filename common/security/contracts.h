// Every RPC the system serves, read from the generated descriptors of the contracts in
// protos/, plus the services gRPC itself serves (health, reflection). The policy is checked
// against it, so a misspelt method name is an error at load time and a new RPC without a
// permission shows up in tests (tests/common/security/policy_table_test.cc).
//
//   const MethodCatalog& catalog = MethodCatalog::Contracts();
//   catalog.Contains("/scorecard.aggregator.v1.AggregatorService/GetScorecard");  // true
#ifndef SCORECARD_COMMON_SECURITY_CONTRACTS_H_
#define SCORECARD_COMMON_SECURITY_CONTRACTS_H_

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <string>
#include <vector>

#include "absl/container/btree_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace scorecard {

// "/scorecard.safeguarding.v1.SafeguardingService/Ingest": the form gRPC puts on the wire
// (the :path header) and the form the policy uses.
std::string FullMethodName(const google::protobuf::MethodDescriptor& method);

// The .proto files of protos/ that define services or their messages, from the generated
// pool. Referencing them here is also what links their descriptors into every binary that
// checks a policy; a new file in protos/ must be added (the table test says so).
std::vector<const google::protobuf::FileDescriptor*> ContractFiles();

// Methods gRPC serves itself when the server runner enables them (no .proto in protos/ for
// all of them): health Check and Watch, and server reflection.
std::vector<std::string> BuiltInMethods();

class MethodCatalog {
 public:
  // Every service method of `files`, plus `built_in` names (which have no descriptor).
  static MethodCatalog FromFiles(const std::vector<const google::protobuf::FileDescriptor*>& files,
                                 const std::vector<std::string>& built_in);
  // ContractFiles() and BuiltInMethods(), built once.
  static const MethodCatalog& Contracts();

  bool Contains(absl::string_view method) const { return methods_.contains(method); }
  // nullptr for a built-in or unknown method.
  const google::protobuf::MethodDescriptor* Descriptor(absl::string_view method) const;
  // Sorted full method names.
  std::vector<std::string> Methods() const;
  // Methods of one service ("scorecard.audit.v1.AuditService"), for error hints.
  std::vector<std::string> MethodsOfService(absl::string_view service) const;

 private:
  absl::btree_map<std::string, const google::protobuf::MethodDescriptor*, std::less<>> methods_;
};

// The shape every Ingest request has: `repeated XRecord records`, each record a oneof
// `kind` of messages that carry `scorecard.common.v1.RecordHeader header`.
//
// The record kinds (oneof field names: "contact", "referral", ...) of an ingest request
// type; INVALID_ARGUMENT if the type does not have the shape.
[[nodiscard]] absl::StatusOr<std::vector<std::string>> IngestRecordKinds(
    const google::protobuf::Descriptor& request_type);

struct IngestRecordRef {
  int index = 0;
  // Oneof field name (a view of the descriptor, which lives forever); empty when no kind
  // is set.
  absl::string_view kind;
  // header.authority.
  std::string authority;
};
// The records of an ingest request; INVALID_ARGUMENT if it does not have the shape.
[[nodiscard]] absl::StatusOr<std::vector<IngestRecordRef>> IngestRecords(
    const google::protobuf::Message& request);

}  // namespace scorecard

#endif  // SCORECARD_COMMON_SECURITY_CONTRACTS_H_
