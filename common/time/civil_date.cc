#include "common/time/civil_date.h"

#include <string>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace scorecard {
namespace {

struct DateFields {
  int year = 0;
  int month = 0;
  int day = 0;
};

// Matches `text` against a layout such as "YYYY-MM-DD": each Y, M or D must be an ASCII
// digit of that field, anything else must appear literally. Fixed widths are the point:
// "2017-4-1", signs and stray spaces are rejected rather than guessed at.
bool MatchLayout(absl::string_view layout, absl::string_view text, DateFields* fields) {
  if (text.size() != layout.size()) return false;
  DateFields parsed;
  for (size_t i = 0; i < layout.size(); ++i) {
    int* field = nullptr;
    switch (layout[i]) {
      case 'Y': field = &parsed.year; break;
      case 'M': field = &parsed.month; break;
      case 'D': field = &parsed.day; break;
      default:
        if (text[i] != layout[i]) return false;
        continue;
    }
    if (!absl::ascii_isdigit(static_cast<unsigned char>(text[i]))) return false;
    *field = *field * 10 + (text[i] - '0');
  }
  *fields = parsed;
  return true;
}

// The offending input, escaped and cut short, so a binary blob or a whole CSV line
// cannot swamp the message.
std::string Quote(absl::string_view text) {
  constexpr size_t kMaxShown = 40;
  const bool cut = text.size() > kMaxShown;
  return absl::StrCat("\"", absl::CHexEscape(text.substr(0, kMaxShown)), cut ? "...\"" : "\"");
}

absl::StatusOr<Date> ParseDate(absl::string_view layout, absl::string_view text) {
  DateFields f;
  if (!MatchLayout(layout, text, &f)) {
    return absl::InvalidArgumentError(
        absl::StrCat("not a date: ", Quote(text), "; expected ", layout));
  }
  if (!IsValidDate(f.year, f.month, f.day)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "no such day: ", Quote(text), "; expected a real calendar date as ", layout));
  }
  return Date(f.year, f.month, f.day);
}

// 0 = April ... 11 = March: months into the financial year.
int MonthsIntoFinancialYear(Month m) { return (m.month() + 8) % 12; }

}  // namespace

absl::StatusOr<Date> ParseIsoDate(absl::string_view text) {
  return ParseDate("YYYY-MM-DD", text);
}

absl::StatusOr<Date> ParseUkDate(absl::string_view text) {
  return ParseDate("DD/MM/YYYY", text);
}

absl::StatusOr<Month> ParseMonth(absl::string_view text) {
  constexpr absl::string_view kLayout = "YYYY-MM";
  DateFields f;
  if (!MatchLayout(kLayout, text, &f)) {
    return absl::InvalidArgumentError(
        absl::StrCat("not a month: ", Quote(text), "; expected ", kLayout));
  }
  if (f.month < 1 || f.month > 12) {
    return absl::InvalidArgumentError(absl::StrCat(
        "no such month: ", Quote(text), "; expected ", kLayout, " with MM from 01 to 12"));
  }
  return Month(f.year, f.month);
}

int DaysInMonth(Month m) {
  // The Gregorian rule directly: Abseil's day arithmetic (Date(m + 1) - 1) normalises
  // through days since the epoch, and loads ask for month lengths for every stored date.
  static constexpr int kDaysInMonth[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const int64_t year = m.year();
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return kDaysInMonth[m.month() - 1] + (m.month() == 2 && leap ? 1 : 0);
}

bool IsValidDate(int year, int month, int day) {
  if (month < 1 || month > 12 || day < 1) return false;
  // Abseil normalises out-of-range fields (Feb 30 -> Mar 2), so compare against the
  // month's real length instead of constructing the day.
  return day <= DaysInMonth(Month(year, month));
}

std::string FormatIsoDate(Date d) {
  return absl::StrFormat("%04d-%02d-%02d", d.year(), d.month(), d.day());
}

std::string FormatMonth(Month m) { return absl::StrFormat("%04d-%02d", m.year(), m.month()); }

Date FirstDayOf(Month m) { return Date(m); }

Date LastDayOf(Month m) { return Date(m.year(), m.month(), DaysInMonth(m)); }

DateRange MonthRange(Month m) { return {FirstDayOf(m), LastDayOf(m)}; }

Date AddCalendarMonths(Date d, int months) {
  const Month target = Month(d) + months;
  const int last_day = DaysInMonth(target);
  return Date(target.year(), target.month(), d.day() < last_day ? d.day() : last_day);
}

int FinancialYearOf(Date d) { return FinancialYearOf(Month(d)); }

int FinancialYearOf(Month m) {
  return static_cast<int>(m.month() >= 4 ? m.year() : m.year() - 1);
}

DateRange FinancialYear(int start_year) {
  return {Date(start_year, 4, 1), Date(start_year + 1, 3, 31)};
}

DateRange FinancialYearToDate(Month m) {
  return {FirstDayOf(m - MonthsIntoFinancialYear(m)), LastDayOf(m)};
}

DateRange FinancialQuarter(Month m) {
  const Month first = m - MonthsIntoFinancialYear(m) % 3;
  return {FirstDayOf(first), LastDayOf(first + 2)};
}

int FinancialQuarterNumber(Month m) { return MonthsIntoFinancialYear(m) / 3 + 1; }

// n < 1 yields first > last: an empty range that contains no day.
DateRange TrailingMonths(Month m, int n) { return {FirstDayOf(m - (n - 1)), LastDayOf(m)}; }

int AgeInYears(Date birth, Date on) {
  int age = static_cast<int>(on.year() - birth.year());
  // Comparing (month, day) pairs makes a 29 February birthday fall due on 1 March in
  // non-leap years: 28 Feb sorts before (2, 29), 1 Mar after it.
  const bool birthday_to_come = on.month() < birth.month() ||
                                (on.month() == birth.month() && on.day() < birth.day());
  if (birthday_to_come) --age;
  return age;
}

}  // namespace scorecard
