// Collects every problem in an ingest batch, each naming the record's index and field, so
// a whole batch is rejected at once with a message a sender can act on.
//
//   RecordValidator v;
//   for (int i = 0; i < req.records_size(); ++i) {
//     RecordValidator::Scope record = v.Record(i, "referral");
//     record.Header(r.header());
//     record.RequiredId("child_id", r.child_id());
//     record.RequiredDate("referral_date", r.referral_date());
//   }
//   SCORECARD_RETURN_IF_ERROR(v.ToStatus());
//   // INVALID_ARGUMENT: 2 invalid records; records[3].referral.referral_date: 2017-02-30
//   // is not a real date; records[5].referral.header.source.id: required
//
// Messages carry field names and the offending dates or codes, never free text from the
// record (which could name a child), and never a date of birth (any field whose name says
// "birth"): a wrong birth date is named, not shown.
#ifndef SCORECARD_COMMON_RECORDS_RECORD_VALIDATOR_H_
#define SCORECARD_COMMON_RECORDS_RECORD_VALIDATOR_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "common/time/civil_date.h"
#include "scorecard/common/v1/common.pb.h"

namespace scorecard {

// How an error message may show `value`, which a caller sent where an id or a code belongs:
// quoted ("X9") when it is shaped like one — 1 to 64 letters, digits and . _ : - — so a
// mistyped code is easy to spot; otherwise a placeholder, because it may be a name or free
// text and messages are logged. (One word cannot be told from an id: ids are never names,
// by contract.)
std::string QuoteIdForMessage(absl::string_view value);

// DfE local authority codes are three digits ("869").
bool IsValidAuthorityCode(absl::string_view code);
// INVALID_ARGUMENT naming `field` unless `code` is a valid authority code.
[[nodiscard]] absl::Status ValidateAuthorityCode(absl::string_view field, absl::string_view code);

class RecordValidator {
 public:
  class Scope {
   public:
    // Authority code, source system and source id are all required.
    void Header(const common::v1::RecordHeader& header);
    void RequiredId(absl::string_view field, absl::string_view value);
    // Returns the date when present and real; records a problem otherwise.
    std::optional<Date> RequiredDate(absl::string_view field, const common::v1::Date& date);
    // Unset is fine; a set date must be real.
    std::optional<Date> OptionalDate(absl::string_view field, const common::v1::Date& date);
    // Records a problem when both are known and `later` is before `earlier`.
    void NotBefore(absl::string_view later_field, std::optional<Date> later,
                   absl::string_view earlier_field, std::optional<Date> earlier);
    // Records a problem unless `value` is one of `allowed` (empty value allowed when
    // `required` is false).
    void OneOf(absl::string_view field, absl::string_view value,
               absl::Span<const absl::string_view> allowed, bool required);
    // Records a problem for this record and field.
    void Problem(absl::string_view field, absl::string_view reason);

   private:
    friend class RecordValidator;
    Scope(RecordValidator* owner, std::string prefix) : owner_(owner), prefix_(std::move(prefix)) {}
    RecordValidator* owner_;
    std::string prefix_;
  };

  // Problems found while this scope lives are reported as records[index].kind.field.
  Scope Record(int index, absl::string_view kind);

  bool ok() const { return problems_.empty(); }
  const std::vector<std::string>& problems() const { return problems_; }
  // OK, or INVALID_ARGUMENT listing every problem (the first 50, then a count).
  absl::Status ToStatus() const;

 private:
  std::vector<std::string> problems_;
  int invalid_records_ = 0;
  int last_invalid_index_ = -1;
  int current_index_ = -1;
};

}  // namespace scorecard

#endif  // SCORECARD_COMMON_RECORDS_RECORD_VALIDATOR_H_
