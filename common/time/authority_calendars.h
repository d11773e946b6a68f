// Working-day calendars per authority: England and Wales bank holidays plus each
// authority's own closure days (e.g. the days between Christmas and New Year an office shuts).
//
//   SCORECARD_ASSIGN_OR_RETURN(AuthorityCalendars calendars,
//                              AuthorityCalendars::FromCsv("authority,date\n869,2016-12-28\n",
//                                                          "closure-days.csv"));
//   const WorkingDayCalendar& west_berks = calendars.For("869");  // with 28 Dec 2016 closed
//   const WorkingDayCalendar& others = calendars.For("870");      // bank holidays only
#ifndef SCORECARD_COMMON_TIME_AUTHORITY_CALENDARS_H_
#define SCORECARD_COMMON_TIME_AUTHORITY_CALENDARS_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/time/working_days.h"

namespace scorecard {

class AuthorityCalendars {
 public:
  // Every authority on England and Wales bank holidays alone.
  AuthorityCalendars() = default;

  // CSV with the header `authority,date` (ISO dates). `origin` names the file in errors,
  // which give the line number.
  [[nodiscard]] static absl::StatusOr<AuthorityCalendars> FromCsv(absl::string_view text,
                                                                  absl::string_view origin);
  // FromCsv on a file's contents.
  [[nodiscard]] static absl::StatusOr<AuthorityCalendars> FromFile(const std::string& path);

  const WorkingDayCalendar& For(absl::string_view authority) const;

 private:
  std::map<std::string, WorkingDayCalendar, std::less<>> by_authority_;
};

}  // namespace scorecard

#endif  // SCORECARD_COMMON_TIME_AUTHORITY_CALENDARS_H_
