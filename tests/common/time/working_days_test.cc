#include "common/time/working_days.h"

#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace scorecard {
namespace {

const std::string kDataDir = SCORECARD_TEST_DATA_DIR;

// Reads tests/data/bank-holidays-england-and-wales.csv with its own parser, so the
// compiled-in table is checked against the reference copy rather than against itself.
std::vector<Date> ReadReferenceHolidays() {
  std::ifstream csv(kDataDir + "/bank-holidays-england-and-wales.csv");
  EXPECT_TRUE(csv.is_open()) << "cannot open the reference CSV in " << kDataDir;
  std::vector<Date> holidays;
  std::string line;
  std::getline(csv, line);  // "date,title"
  while (std::getline(csv, line)) {
    if (line.empty() || line == "\r") continue;
    int year = 0, month = 0, day = 0;
    char dash1 = 0, dash2 = 0, comma = 0;
    std::istringstream fields(line);
    fields >> year >> dash1 >> month >> dash2 >> day >> comma;
    EXPECT_TRUE(fields && dash1 == '-' && dash2 == '-' && comma == ',') << "bad row: " << line;
    holidays.emplace_back(year, month, day);
  }
  return holidays;
}

bool IsWeekend(Date d) {
  return absl::GetWeekday(d) == absl::Weekday::saturday ||
         absl::GetWeekday(d) == absl::Weekday::sunday;
}

// The plainest possible reading of the convention, one day at a time: an independent
// algorithm to hold the calendar's week arithmetic to.
class DayByDayOracle {
 public:
  explicit DayByDayOracle(std::set<Date> holidays) : holidays_(std::move(holidays)) {}

  bool IsWorkingDay(Date d) const { return !IsWeekend(d) && holidays_.count(d) == 0; }

  Date AddWorkingDays(Date start, int n) const {
    const int step = n > 0 ? 1 : -1;
    Date d = start;
    for (int remaining = std::abs(n); remaining > 0;) {
      d += step;
      if (IsWorkingDay(d)) --remaining;
    }
    return d;
  }

  int WorkingDaysBetween(Date start, Date end) const {
    if (end < start) return -WorkingDaysBetween(end, start);
    int count = 0;
    for (Date d = start + 1; d <= end; ++d) {
      if (IsWorkingDay(d)) ++count;
    }
    return count;
  }

 private:
  std::set<Date> holidays_;
};

TEST(EnglandAndWalesTest, CompiledInHolidaysMatchTheReferenceCsv) {
  const std::vector<Date> reference = ReadReferenceHolidays();
  ASSERT_EQ(reference.size(), 149u);  // rows in tests/data/bank-holidays-england-and-wales.csv
  EXPECT_EQ(WorkingDayCalendar::EnglandAndWales().Holidays(), reference);
}

TEST(EnglandAndWalesTest, CoveredYearsMatchTheData) {
  std::map<int, int> holidays_per_year;
  for (Date d : ReadReferenceHolidays()) ++holidays_per_year[static_cast<int>(d.year())];
  const WorkingDayCalendar& cal = WorkingDayCalendar::EnglandAndWales();
  EXPECT_EQ(holidays_per_year.begin()->first, cal.FirstCoveredYear());
  EXPECT_EQ(holidays_per_year.rbegin()->first, cal.LastCoveredYear());
  // England and Wales have eight bank holidays a year, more in a special year.
  for (int year = cal.FirstCoveredYear(); year <= cal.LastCoveredYear(); ++year) {
    EXPECT_GE(holidays_per_year[year], 8) << year;
  }
}

TEST(EnglandAndWalesTest, BankHolidaysAreNotWorkingDays) {
  const WorkingDayCalendar& cal = WorkingDayCalendar::EnglandAndWales();
  for (Date d : ReadReferenceHolidays()) {
    EXPECT_FALSE(IsWeekend(d)) << d << ": bank holidays always fall on weekdays";
    EXPECT_FALSE(cal.IsWorkingDay(d)) << d;
  }
  EXPECT_TRUE(cal.IsWorkingDay(Date(2017, 4, 13)));   // Thursday before Good Friday
  EXPECT_FALSE(cal.IsWorkingDay(Date(2017, 4, 15)));  // Saturday
  EXPECT_FALSE(cal.IsWorkingDay(Date(2017, 4, 16)));  // Sunday
}

// One row of the table in tests/data/working-day-examples.md.
struct ExampleRow {
  std::string text;
  Date start;
  int working_days = 0;
  // Either a due date ("within N working days" -> due by) or, for the census rules,
  // the first start date that is NOT more than N working days before the reference date.
  bool is_started_before_rule = false;
  Date date;
};

Date DateFromUk(const std::smatch& match) {
  return Date(std::stoi(match[3]), std::stoi(match[2]), std::stoi(match[1]));
}

std::vector<ExampleRow> ReadWorkingDayExamples() {
  std::ifstream md(kDataDir + "/working-day-examples.md");
  EXPECT_TRUE(md.is_open()) << "cannot open working-day-examples.md in " << kDataDir;
  const std::regex row_pattern(R"(^\|([^|]*)\|([^|]*)\|([^|]*)\|([^|]*)\|\s*$)");
  const std::regex uk_date(R"((\d\d)/(\d\d)/(\d\d\d\d))");
  const std::regex count(R"((\d+) working days?)");
  std::vector<ExampleRow> rows;
  std::string line;
  while (std::getline(md, line)) {
    std::smatch cells;
    if (!std::regex_match(line, cells, row_pattern)) continue;
    const std::string start_cell = cells[1], rule_cell = cells[2], due_cell = cells[3];
    std::smatch start, n, due;
    // The header and the |---| separator carry no dates.
    if (!std::regex_search(start_cell, start, uk_date)) continue;
    ExampleRow row;
    row.text = line;
    row.start = DateFromUk(start);
    EXPECT_TRUE(std::regex_search(rule_cell, n, count)) << line;
    EXPECT_TRUE(std::regex_search(due_cell, due, uk_date)) << line;
    if (n.empty() || due.empty()) continue;
    row.working_days = std::stoi(n[1]);
    row.is_started_before_rule = due_cell.find("started before") != std::string::npos;
    row.date = DateFromUk(due);
    rows.push_back(row);
  }
  return rows;
}

TEST(WorkedExamplesTest, EveryRowOfTheReferenceTableHolds) {
  const WorkingDayCalendar& cal = WorkingDayCalendar::EnglandAndWales();
  const std::vector<ExampleRow> rows = ReadWorkingDayExamples();
  ASSERT_EQ(rows.size(), 5u);  // the table's five rows: none silently skipped
  int due_rows = 0;
  for (const ExampleRow& row : rows) {
    SCOPED_TRACE(row.text);
    if (!row.is_started_before_rule) {
      ++due_rows;
      EXPECT_EQ(cal.AddWorkingDays(row.start, row.working_days), row.date);
      EXPECT_EQ(cal.WorkingDaysBetween(row.start, row.date), row.working_days);
      continue;
    }
    // "Open more than N working days at the reference date" = "started before X": every
    // start in a window around X must agree. The DfE counts the start day itself, so in
    // this library's terms (start day not counted) the rule is WorkingDaysBetween >= N.
    const Date reference = row.start;
    for (Date started = row.date - 60; started <= row.date + 60; ++started) {
      EXPECT_EQ(cal.WorkingDaysBetween(started, reference) >= row.working_days,
                started < row.date)
          << "started " << started;
    }
  }
  EXPECT_EQ(due_rows, 3);
}

// The same five rows, copied by hand, so the examples are still checked if the markdown
// layout changes and the parser above stops matching.
TEST(WorkedExamplesTest, IcpcWithinFifteenWorkingDaysOverEaster2017) {
  // Mon 10/04/2017 + 15 = Thu 04/05/2017: skips Good Friday 14/04, Easter Monday 17/04
  // and the early May bank holiday 01/05.
  const WorkingDayCalendar& cal = WorkingDayCalendar::EnglandAndWales();
  EXPECT_EQ(cal.AddWorkingDays(Date(2017, 4, 10), 15), Date(2017, 5, 4));
  EXPECT_EQ(cal.WorkingDaysBetween(Date(2017, 4, 10), Date(2017, 5, 4)), 15);
  EXPECT_EQ(cal.AddWorkingDays(Date(2017, 5, 4), -15), Date(2017, 4, 10));
}

TEST(WorkedExamplesTest, IgnoringBankHolidaysGivesTheWrongIcpcDate) {
  // With weekends only, Mon 10/04/2017 + 15 lands on the bank holiday 01/05/2017.
  const WorkingDayCalendar weekends_only;
  EXPECT_EQ(weekends_only.AddWorkingDays(Date(2017, 4, 10), 15), Date(2017, 5, 1));
  EXPECT_TRUE(weekends_only.Holidays().empty());
}

TEST(WorkedExamplesTest, AssessmentWithinFortyFiveWorkingDaysOverChristmas2016) {
  // Mon 19/12/2016 + 45 = Thu 23/02/2017: skips 26/12, 27/12 (substitute for Christmas
  // Day on a Sunday) and 02/01/2017 (substitute for New Year's Day on a Sunday).
  const WorkingDayCalendar& cal = WorkingDayCalendar::EnglandAndWales();
  EXPECT_EQ(cal.AddWorkingDays(Date(2016, 12, 19), 45), Date(2017, 2, 23));
  EXPECT_EQ(cal.WorkingDaysBetween(Date(2016, 12, 19), Date(2017, 2, 23)), 45);
  EXPECT_FALSE(cal.IsWorkingDay(Date(2016, 12, 27)));
  EXPECT_FALSE(cal.IsWorkingDay(Date(2017, 1, 2)));
}

TEST(WorkedExamplesTest, FirstLacReviewWithinTwentyWorkingDays) {
  // Mon 22/05/2017 + 20 = Tue 20/06/2017: 29/05/2017 is the spring bank holiday.
  const WorkingDayCalendar& cal = WorkingDayCalendar::EnglandAndWales();
  EXPECT_EQ(cal.AddWorkingDays(Date(2017, 5, 22), 20), Date(2017, 6, 20));
  EXPECT_EQ(cal.WorkingDaysBetween(Date(2017, 5, 22), Date(2017, 6, 20)), 20);
}

TEST(WorkedExamplesTest, Rule8670QAssessmentOpenMoreThanFortyFiveWorkingDays) {
  // At the 31/03/2023 census date an assessment is open more than 45 working days when it
  // started before 30/01/2023. Counting the start day, 27/01/2023 to 31/03/2023 is 46
  // working days and 30/01/2023 to 31/03/2023 is 45; without it (this library's
  // convention) 45 and 44. So "more than 45" here means WorkingDaysBetween >= 45.
  const WorkingDayCalendar& cal = WorkingDayCalendar::EnglandAndWales();
  const Date census(2023, 3, 31);
  EXPECT_EQ(cal.WorkingDaysBetween(Date(2023, 1, 30), census), 44);  // not over
  EXPECT_EQ(cal.WorkingDaysBetween(Date(2023, 1, 29), census), 45);  // Sunday: over
  EXPECT_EQ(cal.WorkingDaysBetween(Date(2023, 1, 27), census), 45);  // over
  // The latest start that is over is the 45th working day before the census date.
  EXPECT_EQ(cal.AddWorkingDays(census, -45), Date(2023, 1, 27));
}

TEST(WorkedExamplesTest, Rule8675QSection47WithoutIcpcMoreThanFifteenWorkingDays) {
  // At 31/03/2022, an S47 with no ICPC is over 15 working days when started before
  // 11/03/2022: 10/03 to 31/03 is 15 working days after the start day, 11/03 only 14.
  const WorkingDayCalendar& cal = WorkingDayCalendar::EnglandAndWales();
  const Date census(2022, 3, 31);
  EXPECT_EQ(cal.WorkingDaysBetween(Date(2022, 3, 11), census), 14);
  EXPECT_EQ(cal.WorkingDaysBetween(Date(2022, 3, 10), census), 15);
  EXPECT_EQ(cal.AddWorkingDays(census, -15), Date(2022, 3, 10));
}

TEST(SpecialYearsTest, Christmas2020BoxingDaySubstitute) {
  // Christmas Day 2020 was a Friday, so Boxing Day (Saturday) moved to Monday 28/12.
  const WorkingDayCalendar& cal = WorkingDayCalendar::EnglandAndWales();
  EXPECT_FALSE(cal.IsWorkingDay(Date(2020, 12, 25)));
  EXPECT_FALSE(cal.IsWorkingDay(Date(2020, 12, 28)));
  EXPECT_EQ(cal.AddWorkingDays(Date(2020, 12, 24), 1), Date(2020, 12, 29));
  EXPECT_EQ(cal.WorkingDaysBetween(Date(2020, 12, 24), Date(2020, 12, 31)), 3);
}

TEST(SpecialYearsTest, PlatinumJubileeAndStateFuneral2022) {
  const WorkingDayCalendar& cal = WorkingDayCalendar::EnglandAndWales();
  // The spring bank holiday moved from Monday 30/05 to Thursday 02/06, next to the
  // Jubilee holiday on Friday 03/06.
  EXPECT_TRUE(cal.IsWorkingDay(Date(2022, 5, 30)));
  EXPECT_FALSE(cal.IsWorkingDay(Date(2022, 6, 2)));
  EXPECT_FALSE(cal.IsWorkingDay(Date(2022, 6, 3)));
  EXPECT_EQ(cal.AddWorkingDays(Date(2022, 6, 1), 1), Date(2022, 6, 6));
  EXPECT_EQ(cal.AddWorkingDays(Date(2022, 6, 6), -1), Date(2022, 6, 1));
  EXPECT_EQ(cal.WorkingDaysBetween(Date(2022, 5, 27), Date(2022, 6, 10)), 8);
  // Queen Elizabeth II's state funeral, Monday 19/09/2022.
  EXPECT_FALSE(cal.IsWorkingDay(Date(2022, 9, 19)));
  EXPECT_EQ(cal.AddWorkingDays(Date(2022, 9, 16), 1), Date(2022, 9, 20));
}

TEST(SpecialYearsTest, Coronation2023) {
  // Early May bank holiday Monday 01/05/2023, then the coronation holiday Monday 08/05.
  const WorkingDayCalendar& cal = WorkingDayCalendar::EnglandAndWales();
  EXPECT_FALSE(cal.IsWorkingDay(Date(2023, 5, 8)));
  EXPECT_EQ(cal.AddWorkingDays(Date(2023, 5, 5), 1), Date(2023, 5, 9));
  EXPECT_EQ(cal.WorkingDaysBetween(Date(2023, 4, 28), Date(2023, 5, 9)), 5);
}

TEST(ClosureDaysTest, AuthorityChristmasClosureIsAddedToBankHolidays) {
  const WorkingDayCalendar& bank_holidays_only = WorkingDayCalendar::EnglandAndWales();
  const std::vector<Date> closure = {Date(2022, 12, 28), Date(2022, 12, 29), Date(2022, 12, 30)};
  const WorkingDayCalendar with_closure = bank_holidays_only.WithClosureDays(closure);
  // Mon 26/12 Boxing Day and Tue 27/12 (substitute for Christmas Day on a Sunday) are bank
  // holidays; 28-30/12 the closure; Mon 02/01/2023 substitutes for New Year's Day.
  EXPECT_EQ(bank_holidays_only.AddWorkingDays(Date(2022, 12, 23), 1), Date(2022, 12, 28));
  EXPECT_EQ(with_closure.AddWorkingDays(Date(2022, 12, 23), 1), Date(2023, 1, 3));
  EXPECT_EQ(with_closure.AddWorkingDays(Date(2023, 1, 3), -1), Date(2022, 12, 23));
  EXPECT_EQ(with_closure.WorkingDaysBetween(Date(2022, 12, 21), Date(2023, 1, 4)), 4);
  EXPECT_EQ(bank_holidays_only.WorkingDaysBetween(Date(2022, 12, 21), Date(2023, 1, 4)), 7);
  EXPECT_FALSE(with_closure.IsWorkingDay(Date(2022, 12, 29)));
  EXPECT_TRUE(bank_holidays_only.IsWorkingDay(Date(2022, 12, 29)));  // left unchanged
  EXPECT_EQ(with_closure.Holidays().size(), bank_holidays_only.Holidays().size() + 3);
}

TEST(ConstructionTest, KeepsSortedUniqueWeekdaysOnly) {
  const WorkingDayCalendar cal({Date(2017, 8, 28), Date(2017, 5, 1), Date(2017, 8, 28),
                                Date(2017, 4, 15) /* Saturday */, Date(2017, 4, 14)});
  EXPECT_EQ(cal.Holidays(),
            (std::vector<Date>{Date(2017, 4, 14), Date(2017, 5, 1), Date(2017, 8, 28)}));
  // A weekend "holiday" must not be counted twice.
  EXPECT_EQ(cal.WorkingDaysBetween(Date(2017, 4, 13), Date(2017, 4, 18)), 2);
}

TEST(ConventionTest, SameDayIsZeroEvenOnNonWorkingDays) {
  const WorkingDayCalendar& cal = WorkingDayCalendar::EnglandAndWales();
  for (Date d : {Date(2017, 4, 10), Date(2017, 4, 15), Date(2017, 4, 14)}) {
    EXPECT_EQ(cal.WorkingDaysBetween(d, d), 0) << d;
    EXPECT_EQ(cal.AddWorkingDays(d, 0), d) << d;
  }
}

TEST(ConventionTest, WeekendStarts) {
  const WorkingDayCalendar& cal = WorkingDayCalendar::EnglandAndWales();
  const Date saturday(2017, 6, 17), sunday(2017, 6, 18), monday(2017, 6, 19);
  const Date friday(2017, 6, 16);
  EXPECT_EQ(cal.WorkingDaysBetween(saturday, monday), 1);
  EXPECT_EQ(cal.WorkingDaysBetween(sunday, monday), 1);
  EXPECT_EQ(cal.WorkingDaysBetween(saturday, sunday), 0);
  EXPECT_EQ(cal.WorkingDaysBetween(friday, monday), 1);
  EXPECT_EQ(cal.WorkingDaysBetween(friday, sunday), 0);
  EXPECT_EQ(cal.AddWorkingDays(saturday, 1), monday);
  EXPECT_EQ(cal.AddWorkingDays(sunday, 1), monday);
  EXPECT_EQ(cal.AddWorkingDays(saturday, 5), Date(2017, 6, 23));
  EXPECT_EQ(cal.AddWorkingDays(saturday, -1), friday);
  EXPECT_EQ(cal.AddWorkingDays(sunday, -2), Date(2017, 6, 15));
}

TEST(ConventionTest, NegativeCountsMirror) {
  const WorkingDayCalendar& cal = WorkingDayCalendar::EnglandAndWales();
  EXPECT_EQ(cal.WorkingDaysBetween(Date(2017, 5, 4), Date(2017, 4, 10)), -15);
  EXPECT_EQ(cal.WorkingDaysBetween(Date(2017, 6, 19), Date(2017, 6, 17)), -1);
  EXPECT_EQ(cal.AddWorkingDays(Date(2017, 2, 23), -45), Date(2016, 12, 19));
  // From a bank holiday, one working day back is the previous working day.
  EXPECT_EQ(cal.AddWorkingDays(Date(2017, 4, 17), -1), Date(2017, 4, 13));
  EXPECT_EQ(cal.AddWorkingDays(Date(2017, 4, 17), 1), Date(2017, 4, 18));
}

TEST(ConventionTest, RunsFarOutsideTheCoveredYears) {
  // Weekends only outside 2010-2027. Mon 1990-01-01 to Thu 2009-12-31 is 7305 days:
  // 1043 whole weeks (5215 weekdays) and Monday to Thursday, so 5219 weekdays.
  const WorkingDayCalendar weekends_only;
  EXPECT_EQ(weekends_only.WorkingDaysBetween(Date(1989, 12, 31), Date(2009, 12, 31)), 5219);
  EXPECT_EQ(weekends_only.AddWorkingDays(Date(1989, 12, 31), 5219), Date(2009, 12, 31));
  EXPECT_EQ(weekends_only.AddWorkingDays(Date(2010, 1, 1), -5219), Date(1990, 1, 1));
  EXPECT_EQ(weekends_only.AddWorkingDays(Date(1969, 12, 31), 2), Date(1970, 1, 2));
}

// Random date pairs 2009-2028 (a year either side of the holiday data, to cover the
// edges) checked against the day-by-day oracle, for several calendars.
void CrossCheck(const WorkingDayCalendar& cal, const DayByDayOracle& oracle, uint32_t seed) {
  std::mt19937 random(seed);
  const Date first(2009, 1, 1), last(2028, 12, 31);
  std::uniform_int_distribution<int> any_day(0, static_cast<int>(last - first));
  std::uniform_int_distribution<int> nearby(-400, 400);
  std::uniform_int_distribution<int> short_count(-300, 300);
  std::uniform_int_distribution<int> long_count(-4000, 4000);
  int failures = 0;
  constexpr int kMaxReported = 10;
  for (int trial = 0; trial < 40000 && failures < kMaxReported; ++trial) {
    const Date start = first + any_day(random);
    const bool far = trial % 20 == 0;
    const int n = far ? long_count(random) : short_count(random);
    const Date end = far ? first + any_day(random) : start + nearby(random);

    const Date expected_due = oracle.AddWorkingDays(start, n);
    if (cal.AddWorkingDays(start, n) != expected_due) {
      ++failures;
      ADD_FAILURE() << "AddWorkingDays(" << start << ", " << n << ") = "
                    << cal.AddWorkingDays(start, n) << ", want " << expected_due;
    }
    const int expected_count = oracle.WorkingDaysBetween(start, end);
    if (cal.WorkingDaysBetween(start, end) != expected_count) {
      ++failures;
      ADD_FAILURE() << "WorkingDaysBetween(" << start << ", " << end << ") = "
                    << cal.WorkingDaysBetween(start, end) << ", want " << expected_count;
    }
    if (cal.IsWorkingDay(start) != oracle.IsWorkingDay(start)) {
      ++failures;
      ADD_FAILURE() << "IsWorkingDay(" << start << ")";
    }
  }
}

TEST(CrossCheckTest, EnglandAndWalesAgreesWithDayByDay) {
  const std::vector<Date> reference = ReadReferenceHolidays();
  CrossCheck(WorkingDayCalendar::EnglandAndWales(),
             DayByDayOracle(std::set<Date>(reference.begin(), reference.end())), 20170410);
}

TEST(CrossCheckTest, WeekendsOnlyAgreesWithDayByDay) {
  CrossCheck(WorkingDayCalendar(), DayByDayOracle({}), 20161219);
}

TEST(CrossCheckTest, DenseClosureDaysAgreeWithDayByDay) {
  // Many closures, including runs, weekends and repeats, stress the holiday search.
  std::mt19937 random(20230331);
  std::uniform_int_distribution<int> any_day(0, static_cast<int>(Date(2028, 12, 31) -
                                                                 Date(2009, 1, 1)));
  std::vector<Date> closures;
  for (int i = 0; i < 800; ++i) {
    const Date d = Date(2009, 1, 1) + any_day(random);
    for (int run = 0; run < 1 + i % 4; ++run) closures.push_back(d + run);
  }
  const std::vector<Date> reference = ReadReferenceHolidays();
  std::set<Date> all(reference.begin(), reference.end());
  all.insert(closures.begin(), closures.end());
  CrossCheck(WorkingDayCalendar::EnglandAndWales().WithClosureDays(closures),
             DayByDayOracle(std::move(all)), 20220919);
}

}  // namespace
}  // namespace scorecard
