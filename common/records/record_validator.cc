#include "common/records/record_validator.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/records/proto_date.h"

namespace scorecard {
namespace {

constexpr int kMaxProblemsInMessage = 50;
// Ids are echoed in error messages; bound them so a message stays readable.
constexpr size_t kMaxIdLength = 128;

constexpr size_t kMaxQuotedIdLength = 64;

std::string DescribeDate(const common::v1::Date& d) {
  return absl::StrFormat("%04d-%02d-%02d", d.year(), d.month(), d.day());
}

// A date of birth is personal data: messages say which field is wrong, never its value.
bool IsBirthDate(absl::string_view field) { return absl::StrContains(field, "birth"); }

}  // namespace

std::string QuoteIdForMessage(absl::string_view value) {
  const bool id_like = !value.empty() && value.size() <= kMaxQuotedIdLength &&
                       std::all_of(value.begin(), value.end(), [](char c) {
                         return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '.' ||
                                c == '_' || c == ':' || c == '-';
                       });
  return id_like ? absl::StrCat("\"", value, "\"") : "(not shown: not shaped like an id or code)";
}

bool IsValidAuthorityCode(absl::string_view code) {
  return code.size() == 3 && std::all_of(code.begin(), code.end(), absl::ascii_isdigit);
}

absl::Status ValidateAuthorityCode(absl::string_view field, absl::string_view code) {
  if (IsValidAuthorityCode(code)) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat(field, ": ", QuoteIdForMessage(code),
                   " is not a DfE local authority code (three digits, e.g. 869)"));
}

RecordValidator::Scope RecordValidator::Record(int index, absl::string_view kind) {
  current_index_ = index;
  return Scope(this, absl::StrCat("records[", index, "].", kind, "."));
}

void RecordValidator::Scope::Problem(absl::string_view field, absl::string_view reason) {
  owner_->problems_.push_back(absl::StrCat(prefix_, field, ": ", reason));
  if (owner_->last_invalid_index_ != owner_->current_index_) {
    owner_->last_invalid_index_ = owner_->current_index_;
    ++owner_->invalid_records_;
  }
}

void RecordValidator::Scope::Header(const common::v1::RecordHeader& header) {
  if (!IsValidAuthorityCode(header.authority())) {
    Problem("header.authority",
            absl::StrCat(QuoteIdForMessage(header.authority()),
                         " is not a DfE local authority code (three digits, e.g. 869)"));
  }
  RequiredId("header.source.system", header.source().system());
  RequiredId("header.source.id", header.source().id());
}

void RecordValidator::Scope::RequiredId(absl::string_view field, absl::string_view value) {
  if (value.empty()) {
    Problem(field, "required");
  } else if (value.size() > kMaxIdLength) {
    Problem(field, absl::StrCat("longer than ", kMaxIdLength, " characters"));
  } else if (std::any_of(value.begin(), value.end(), [](char c) {
               const auto u = static_cast<unsigned char>(c);
               return absl::ascii_isspace(u) || absl::ascii_iscntrl(u);
             })) {
    // The audit log records ids and refuses anything else, so a record it could not name
    // must not be stored. Not quoted back: it may be a name.
    Problem(field, "holds whitespace or control characters; ids only");
  }
}

std::optional<Date> RecordValidator::Scope::RequiredDate(absl::string_view field,
                                                         const common::v1::Date& date) {
  if (IsUnset(date)) {
    Problem(field, "required");
    return std::nullopt;
  }
  return OptionalDate(field, date);
}

std::optional<Date> RecordValidator::Scope::OptionalDate(absl::string_view field,
                                                         const common::v1::Date& date) {
  if (IsUnset(date)) return std::nullopt;
  std::optional<Date> parsed = FromProtoDate(date);
  const std::string shown = IsBirthDate(field) ? "the date" : DescribeDate(date);
  if (!parsed.has_value()) {
    Problem(field, absl::StrCat(shown, " is not a real date"));
  } else if (date.year() < 1900 || date.year() > 2100) {
    Problem(field, absl::StrCat(shown, " is outside 1900-2100"));
    return std::nullopt;
  }
  return parsed;
}

void RecordValidator::Scope::NotBefore(absl::string_view later_field, std::optional<Date> later,
                                       absl::string_view earlier_field,
                                       std::optional<Date> earlier) {
  if (later.has_value() && earlier.has_value() && *later < *earlier) {
    if (IsBirthDate(later_field) || IsBirthDate(earlier_field)) {
      Problem(later_field, absl::StrCat("is before ", earlier_field));
    } else {
      Problem(later_field, absl::StrCat(FormatIsoDate(*later), " is before ", earlier_field, " ",
                                        FormatIsoDate(*earlier)));
    }
  }
}

void RecordValidator::Scope::OneOf(absl::string_view field, absl::string_view value,
                                   absl::Span<const absl::string_view> allowed, bool required) {
  if (value.empty()) {
    if (required) Problem(field, "required");
    return;
  }
  if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return;
  Problem(field, absl::StrCat("unknown code ", QuoteIdForMessage(value), " (expected one of ",
                              absl::StrJoin(allowed, ", "), ")"));
}

absl::Status RecordValidator::ToStatus() const {
  if (problems_.empty()) return absl::OkStatus();
  std::vector<std::string> shown(
      problems_.begin(),
      problems_.begin() + std::min<size_t>(problems_.size(), kMaxProblemsInMessage));
  std::string message = absl::StrCat(invalid_records_, " invalid record",
                                     invalid_records_ == 1 ? "" : "s",
                                     "; nothing was written; ", absl::StrJoin(shown, "; "));
  if (problems_.size() > shown.size()) {
    absl::StrAppend(&message, "; and ", problems_.size() - shown.size(), " more problems");
  }
  return absl::InvalidArgumentError(message);
}

}  // namespace scorecard
