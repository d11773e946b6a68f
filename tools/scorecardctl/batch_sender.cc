#include "tools/scorecardctl/batch_sender.h"

#include <google/protobuf/descriptor.h>

#include "absl/strings/str_cat.h"

namespace scorecard::scorecardctl {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

// The message field `name` of `message`, or null when it has none (or it is unset).
const Message* SubMessage(const Message& message, absl::string_view name) {
  const FieldDescriptor* field = message.GetDescriptor()->FindFieldByName(std::string(name));
  if (field == nullptr || field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE ||
      field->is_repeated() || !message.GetReflection()->HasField(message, field)) {
    return nullptr;
  }
  return &message.GetReflection()->GetMessage(message, field);
}

std::string StringField(const Message& message, absl::string_view name) {
  const FieldDescriptor* field = message.GetDescriptor()->FindFieldByName(std::string(name));
  if (field == nullptr || field->cpp_type() != FieldDescriptor::CPPTYPE_STRING ||
      field->is_repeated()) {
    return "";
  }
  return message.GetReflection()->GetString(message, field);
}

}  // namespace

std::string RecordLabel(const Message& wrapper) {
  const google::protobuf::OneofDescriptor* kind = wrapper.GetDescriptor()->FindOneofByName("kind");
  const FieldDescriptor* set =
      kind == nullptr ? nullptr : wrapper.GetReflection()->GetOneofFieldDescriptor(wrapper, kind);
  if (set == nullptr || set->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
    return "a record of no kind";
  }
  const Message& record = wrapper.GetReflection()->GetMessage(wrapper, set);
  const Message* header = SubMessage(record, "header");
  const Message* source = header == nullptr ? nullptr : SubMessage(*header, "source");
  if (source == nullptr) return absl::StrCat(set->name(), " with no source key");
  return absl::StrCat(set->name(), " ", StringField(*source, "system"), "/",
                      StringField(*source, "id"));
}

}  // namespace scorecard::scorecardctl
