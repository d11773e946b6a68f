#include "common/time/authority_calendars.h"

#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace scorecard {

absl::StatusOr<AuthorityCalendars> AuthorityCalendars::FromCsv(absl::string_view text,
                                                               absl::string_view origin) {
  std::map<std::string, std::vector<Date>, std::less<>> closures;
  int line_number = 0;
  bool header_seen = false;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line.front() == '#') continue;
    const std::vector<absl::string_view> fields = absl::StrSplit(line, ',');
    const std::string where = absl::StrCat(origin, ":", line_number, ": ");
    if (!header_seen) {
      if (line != "authority,date") {
        return absl::InvalidArgumentError(
            absl::StrCat(where, "expected the header \"authority,date\""));
      }
      header_seen = true;
      continue;
    }
    if (fields.size() != 2) {
      return absl::InvalidArgumentError(absl::StrCat(where, "expected authority,date"));
    }
    const absl::string_view authority = absl::StripAsciiWhitespace(fields[0]);
    if (authority.size() != 3 || !absl::ascii_isdigit(authority[0]) ||
        !absl::ascii_isdigit(authority[1]) || !absl::ascii_isdigit(authority[2])) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, "authority: not a DfE local authority code (three digits)"));
    }
    absl::StatusOr<Date> date = ParseIsoDate(absl::StripAsciiWhitespace(fields[1]));
    if (!date.ok()) return absl::InvalidArgumentError(absl::StrCat(where, "date: ", date.status().message()));
    closures[std::string(authority)].push_back(*date);
  }
  AuthorityCalendars calendars;
  for (const auto& [authority, days] : closures) {
    calendars.by_authority_.emplace(authority,
                                    WorkingDayCalendar::EnglandAndWales().WithClosureDays(days));
  }
  return calendars;
}

absl::StatusOr<AuthorityCalendars> AuthorityCalendars::FromFile(const std::string& path) {
  std::ifstream in(path);
  if (!in.good()) return absl::NotFoundError(absl::StrCat("cannot read closure days file ", path));
  std::stringstream text;
  text << in.rdbuf();
  return FromCsv(text.str(), path);
}

const WorkingDayCalendar& AuthorityCalendars::For(absl::string_view authority) const {
  auto it = by_authority_.find(authority);
  return it == by_authority_.end() ? WorkingDayCalendar::EnglandAndWales() : it->second;
}

}  // namespace scorecard
