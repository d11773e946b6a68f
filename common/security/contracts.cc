#include "common/security/contracts.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "scorecard/aggregator/v1/aggregator_service.pb.h"
#include "scorecard/aggregator/v1/scorecard_definition.pb.h"
#include "scorecard/audit/v1/audit_service.pb.h"
#include "scorecard/common/v1/common.pb.h"
#include "grpc/health/v1/health.pb.h"
#include "scorecard/placement/v1/placement_service.pb.h"
#include "scorecard/safeguarding/v1/safeguarding_service.pb.h"
#include "scorecard/workforce/v1/workforce_service.pb.h"

namespace scorecard {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::FileDescriptor;
using google::protobuf::MethodDescriptor;

std::string FullMethodName(const MethodDescriptor& method) {
  return absl::StrCat("/", method.service()->full_name(), "/", method.name());
}

std::vector<const FileDescriptor*> ContractFiles() {
  // One message per file: calling descriptor() both finds the file and forces its
  // generated code into the link, which a static library would otherwise drop.
  return {
      common::v1::Date::descriptor()->file(),
      workforce::v1::IngestRequest::descriptor()->file(),
      safeguarding::v1::IngestRequest::descriptor()->file(),
      placement::v1::IngestRequest::descriptor()->file(),
      audit::v1::AuditEvent::descriptor()->file(),
      aggregator::v1::ScorecardDefinition::descriptor()->file(),
      aggregator::v1::GetScorecardRequest::descriptor()->file(),
      grpc::health::v1::HealthCheckRequest::descriptor()->file(),
  };
}

std::vector<std::string> BuiltInMethods() {
  return {
      "/grpc.health.v1.Health/Check",
      "/grpc.health.v1.Health/Watch",
      "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
  };
}

MethodCatalog MethodCatalog::FromFiles(const std::vector<const FileDescriptor*>& files,
                                       const std::vector<std::string>& built_in) {
  MethodCatalog catalog;
  for (const std::string& name : built_in) catalog.methods_.emplace(name, nullptr);
  for (const FileDescriptor* file : files) {
    for (int s = 0; s < file->service_count(); ++s) {
      for (int m = 0; m < file->service(s)->method_count(); ++m) {
        const MethodDescriptor* method = file->service(s)->method(m);
        catalog.methods_.insert_or_assign(FullMethodName(*method), method);
      }
    }
  }
  return catalog;
}

const MethodCatalog& MethodCatalog::Contracts() {
  static const MethodCatalog* const kCatalog =
      new MethodCatalog(FromFiles(ContractFiles(), BuiltInMethods()));
  return *kCatalog;
}

const MethodDescriptor* MethodCatalog::Descriptor(absl::string_view method) const {
  auto it = methods_.find(method);
  return it == methods_.end() ? nullptr : it->second;
}

std::vector<std::string> MethodCatalog::Methods() const {
  std::vector<std::string> out;
  for (const auto& [name, descriptor] : methods_) out.push_back(name);
  return out;
}

std::vector<std::string> MethodCatalog::MethodsOfService(absl::string_view service) const {
  const std::string prefix = absl::StrCat("/", service, "/");
  std::vector<std::string> out;
  for (auto it = methods_.lower_bound(prefix);
       it != methods_.end() && absl::StartsWith(it->first, prefix); ++it) {
    out.push_back(it->first);
  }
  return out;
}

namespace {

constexpr char kRecordsField[] = "records";
constexpr char kKindOneof[] = "kind";
constexpr char kHeaderField[] = "header";
constexpr char kAuthorityField[] = "authority";

absl::Status CheckShape(const Descriptor& request_type, const FieldDescriptor** records,
                        const google::protobuf::OneofDescriptor** kind) {
  *records = request_type.FindFieldByName(kRecordsField);
  if (*records == nullptr || !(*records)->is_repeated() ||
      (*records)->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
    return absl::InvalidArgumentError(absl::StrCat(
        request_type.full_name(), " has no repeated message field \"records\": not an ingest request"));
  }
  *kind = (*records)->message_type()->FindOneofByName(kKindOneof);
  if (*kind == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        (*records)->message_type()->full_name(), " has no oneof \"kind\": not an ingest record"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<std::string>> IngestRecordKinds(const Descriptor& request_type) {
  const FieldDescriptor* records = nullptr;
  const google::protobuf::OneofDescriptor* kind = nullptr;
  absl::Status shape = CheckShape(request_type, &records, &kind);
  if (!shape.ok()) return shape;
  std::vector<std::string> kinds;
  for (int i = 0; i < kind->field_count(); ++i) {
    const FieldDescriptor* field = kind->field(i);
    const FieldDescriptor* header = field->message_type() == nullptr
                                        ? nullptr
                                        : field->message_type()->FindFieldByName(kHeaderField);
    // A kind without a header has no authority to check: never admit it under a scope.
    if (header == nullptr || header->message_type() != common::v1::RecordHeader::descriptor()) {
      continue;
    }
    kinds.push_back(field->name());
  }
  return kinds;
}

absl::StatusOr<std::vector<IngestRecordRef>> IngestRecords(const google::protobuf::Message& request) {
  const FieldDescriptor* records = nullptr;
  const google::protobuf::OneofDescriptor* kind = nullptr;
  absl::Status shape = CheckShape(*request.GetDescriptor(), &records, &kind);
  if (!shape.ok()) return shape;
  const google::protobuf::Reflection& reflection = *request.GetReflection();
  const int count = reflection.FieldSize(request, records);
  std::vector<IngestRecordRef> out;
  out.reserve(count);
  for (int i = 0; i < count; ++i) {
    IngestRecordRef ref;
    ref.index = i;
    const google::protobuf::Message& record = reflection.GetRepeatedMessage(request, records, i);
    const FieldDescriptor* set =
        record.GetReflection()->GetOneofFieldDescriptor(record, kind);
    if (set != nullptr && set->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      ref.kind = set->name();
      const google::protobuf::Message& body = record.GetReflection()->GetMessage(record, set);
      const FieldDescriptor* header = body.GetDescriptor()->FindFieldByName(kHeaderField);
      if (header != nullptr && header->message_type() == common::v1::RecordHeader::descriptor()) {
        // Reflection rather than a cast: the request may be a DynamicMessage.
        const google::protobuf::Message& header_message =
            body.GetReflection()->GetMessage(body, header);
        ref.authority = header_message.GetReflection()->GetString(
            header_message, header_message.GetDescriptor()->FindFieldByName(kAuthorityField));
      }
    }
    out.push_back(std::move(ref));
  }
  return out;
}

}  // namespace scorecard
