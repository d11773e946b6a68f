#include "tools/benchmark/json_out.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace scorecard::benchmark {

Json Json::Object() { return Json(Kind::kObject); }
Json Json::Array() { return Json(Kind::kArray); }

Json::Json(double number) : kind_(Kind::kNumber), number_(number) {}
Json::Json(int number) : kind_(Kind::kNumber), number_(number), integral_(true) {}
Json::Json(int64_t number)
    : kind_(Kind::kNumber), number_(static_cast<double>(number)), integral_(true) {}
Json::Json(size_t number)
    : kind_(Kind::kNumber), number_(static_cast<double>(number)), integral_(true) {}
Json::Json(bool value) : kind_(Kind::kBool), bool_(value) {}
Json::Json(const char* text) : kind_(Kind::kString), text_(text) {}
Json::Json(std::string text) : kind_(Kind::kString), text_(std::move(text)) {}
Json::Json(absl::string_view text) : kind_(Kind::kString), text_(text) {}

Json& Json::Set(absl::string_view key, Json value) {
  for (auto& [name, existing] : members_) {
    if (name == key) {
      existing = std::move(value);
      return *this;
    }
  }
  members_.emplace_back(std::string(key), std::move(value));
  return *this;
}

Json& Json::Push(Json value) {
  items_.push_back(std::move(value));
  return *this;
}

std::string JsonQuote(absl::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          absl::StrAppendFormat(&out, "\\u%04x", static_cast<unsigned char>(c));
        } else {
          out += c;
        }
    }
  }
  out += "\"";
  return out;
}

void Json::DumpTo(std::string& out, int indent) const {
  const std::string pad(static_cast<size_t>(indent + 2), ' ');
  const std::string close_pad(static_cast<size_t>(indent), ' ');
  switch (kind_) {
    case Kind::kNull:
      out += "null";
      return;
    case Kind::kBool:
      out += bool_ ? "true" : "false";
      return;
    case Kind::kNumber:
      if (!std::isfinite(number_)) {
        out += "null";
      } else if (integral_) {
        absl::StrAppendFormat(&out, "%.0f", number_);
      } else {
        absl::StrAppendFormat(&out, "%.6g", number_);
      }
      return;
    case Kind::kString:
      out += JsonQuote(text_);
      return;
    case Kind::kArray:
      if (items_.empty()) {
        out += "[]";
        return;
      }
      out += "[\n";
      for (size_t i = 0; i < items_.size(); ++i) {
        out += pad;
        items_[i].DumpTo(out, indent + 2);
        out += i + 1 < items_.size() ? ",\n" : "\n";
      }
      out += close_pad + "]";
      return;
    case Kind::kObject:
      if (members_.empty()) {
        out += "{}";
        return;
      }
      out += "{\n";
      for (size_t i = 0; i < members_.size(); ++i) {
        absl::StrAppend(&out, pad, JsonQuote(members_[i].first), ": ");
        members_[i].second.DumpTo(out, indent + 2);
        out += i + 1 < members_.size() ? ",\n" : "\n";
      }
      out += close_pad + "}";
      return;
  }
}

std::string Json::Dump() const {
  std::string out;
  DumpTo(out, 0);
  out += "\n";
  return out;
}

}  // namespace scorecard::benchmark
