#include "tools/benchmark/sql_baseline.h"

#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/records/proto_date.h"
#include "common/status/status_macros.h"

namespace scorecard::benchmark {
namespace {

namespace pv1 = ::scorecard::placement::v1;
namespace sv1 = ::scorecard::safeguarding::v1;

// The calendar covers every date the generated histories hold.
const Date kCalendarFirst(1990, 1, 1);
const Date kCalendarLast(2035, 12, 31);

const SqliteMigration kSchema[] = {{1, R"sql(
CREATE TABLE calendar (
  day TEXT PRIMARY KEY,
  is_working INTEGER NOT NULL,
  -- Working days from the start of the table up to and including this day.
  working_day_no INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX calendar_by_working_day ON calendar (working_day_no, is_working);
CREATE TABLE assessment (child_id TEXT NOT NULL, referral_date TEXT, start_date TEXT NOT NULL,
                         authorisation_date TEXT, team TEXT);
CREATE INDEX assessment_by_authorisation ON assessment (authorisation_date);
CREATE TABLE section47 (child_id TEXT NOT NULL, strategy_date TEXT NOT NULL, icpc_date TEXT,
                        team TEXT);
CREATE INDEX section47_by_icpc ON section47 (icpc_date);
CREATE TABLE episode (child_id TEXT NOT NULL, start_date TEXT NOT NULL, end_date TEXT,
                      rne TEXT NOT NULL, legal_status TEXT NOT NULL);
CREATE INDEX episode_by_child ON episode (child_id, start_date);
CREATE INDEX episode_by_start ON episode (start_date);
CREATE TABLE lac_review (child_id TEXT NOT NULL, review_date TEXT NOT NULL);
CREATE INDEX lac_review_by_child ON lac_review (child_id, review_date);
CREATE TABLE report_month (month TEXT PRIMARY KEY, month_start TEXT NOT NULL,
                           month_end TEXT NOT NULL);
)sql"}};

constexpr char kAssessmentsWithin45[] = R"sql(
SELECT m.month,
       COALESCE(SUM(CASE WHEN done.working_day_no - clock.working_day_no <= 45
                         THEN 1 ELSE 0 END), 0),
       COUNT(a.authorisation_date)
FROM report_month m
LEFT JOIN assessment a ON a.authorisation_date BETWEEN m.month_start AND m.month_end
LEFT JOIN calendar clock ON clock.day = COALESCE(a.referral_date, a.start_date)
LEFT JOIN calendar done ON done.day = a.authorisation_date
GROUP BY m.month ORDER BY m.month
)sql";

constexpr char kIcpcsWithin15[] = R"sql(
SELECT m.month,
       COALESCE(SUM(CASE WHEN held.working_day_no - strategy.working_day_no <= 15
                         THEN 1 ELSE 0 END), 0),
       COUNT(s.icpc_date)
FROM report_month m
LEFT JOIN section47 s ON s.icpc_date BETWEEN m.month_start AND m.month_end
LEFT JOIN calendar strategy ON strategy.day = s.strategy_date
LEFT JOIN calendar held ON held.day = s.icpc_date
GROUP BY m.month ORDER BY m.month
)sql";

constexpr char kLookedAfterAtMonthEnd[] = R"sql(
SELECT m.month, COUNT(DISTINCT e.child_id), 1
FROM report_month m
LEFT JOIN episode e ON e.legal_status NOT IN ('V3', 'V4')
                   AND e.start_date <= m.month_end
                   AND (e.end_date IS NULL OR e.end_date > m.month_end)
GROUP BY m.month ORDER BY m.month
)sql";

// Periods of care are islands of episodes; reviews are checked against the due date each
// sets for the next; '9999-12-31' stands for "still open".
constexpr char kLacReviewsOnTime[] = R"sql(
WITH episode_order AS (
  SELECT child_id, start_date, rne, COALESCE(end_date, '9999-12-31') AS end_or_open,
         MAX(COALESCE(end_date, '9999-12-31')) OVER (
             PARTITION BY child_id ORDER BY start_date, COALESCE(end_date, '9999-12-31')
             ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reached_before
  FROM episode WHERE legal_status NOT IN ('V3', 'V4')),
period_marks AS (
  SELECT child_id, start_date, end_or_open,
         SUM(CASE WHEN reached_before IS NULL OR rne = 'S' OR start_date > reached_before
                  THEN 1 ELSE 0 END) OVER (
             PARTITION BY child_id ORDER BY start_date, end_or_open ROWS UNBOUNDED PRECEDING)
             AS period_no
  FROM episode_order),
period AS (
  SELECT child_id, period_no, MIN(start_date) AS start_date, MAX(end_or_open) AS end_or_open
  FROM period_marks GROUP BY child_id, period_no),
review_day AS (
  SELECT DISTINCT p.child_id, p.period_no, r.review_date
  FROM period p JOIN lac_review r
    ON r.child_id = p.child_id AND r.review_date BETWEEN p.start_date AND p.end_or_open),
review_step AS (
  SELECT child_id, period_no, review_date, LEAD(review_date) OVER w AS next_review,
         CASE WHEN ROW_NUMBER() OVER w = 1 THEN 3 ELSE 6 END AS months_to_next
  FROM review_day WINDOW w AS (PARTITION BY child_id, period_no ORDER BY review_date)),
review_due AS (
  SELECT child_id, period_no, review_date, next_review,
         MIN(date(review_date, 'start of month', '+' || months_to_next || ' months',
                  '+' || (CAST(strftime('%d', review_date) AS INTEGER) - 1) || ' days'),
             date(review_date, 'start of month', '+' || (months_to_next + 1) || ' months',
                  '-1 day')) AS due
  FROM review_step),
period_review AS (
  SELECT child_id, period_no, MIN(review_date) AS first_review,
         MIN(CASE WHEN next_review IS NULL OR next_review > due THEN due END)
             AS lapse_after_first
  FROM review_due GROUP BY child_id, period_no),
looked_after AS (
  SELECT m.month, p.child_id, p.period_no, p.start_date,
         ROW_NUMBER() OVER (PARTITION BY m.month, p.child_id ORDER BY p.start_date DESC)
             AS latest
  FROM report_month m
  JOIN period p ON p.start_date <= m.month_end AND p.end_or_open > m.month_end),
current_period AS (
  SELECT l.month, l.child_id, l.period_no, due.day AS first_due
  FROM looked_after l
  JOIN calendar started ON started.day = l.start_date
  JOIN calendar due ON due.working_day_no = started.working_day_no + 20 AND due.is_working = 1
  WHERE l.latest = 1)
SELECT m.month,
       SUM(CASE WHEN c.first_due <= m.month_end
                 AND m.month_end <= CASE WHEN r.first_review <= c.first_due
                                         THEN r.lapse_after_first ELSE c.first_due END
                THEN 1 ELSE 0 END),
       SUM(CASE WHEN c.first_due <= m.month_end THEN 1 ELSE 0 END)
FROM report_month m
LEFT JOIN current_period c ON c.month = m.month
LEFT JOIN period_review r ON r.child_id = c.child_id AND r.period_no = c.period_no
GROUP BY m.month ORDER BY m.month
)sql";

constexpr const char* kQueries[] = {kAssessmentsWithin45, kIcpcsWithin15, kLookedAfterAtMonthEnd,
                                    kLacReviewsOnTime};
static_assert(std::size(kQueries) == std::size(kSqlMeasureIds));

absl::Status BindDate(Statement& s, int index, const common::v1::Date& date) {
  const std::optional<Date> d = FromProtoDate(date);
  return d.has_value() ? s.BindText(index, FormatIsoDate(*d)) : s.BindNull(index);
}

absl::Status StepDone(Statement& s) {
  SCORECARD_ASSIGN_OR_RETURN(StepResult r, s.Step());
  (void)r;
  s.Reset();
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<SqlBaseline>> SqlBaseline::Create(
    absl::Span<const sv1::SafeguardingRecord> safeguarding,
    absl::Span<const pv1::PlacementRecord> placement, const WorkingDayCalendar& calendar) {
  SCORECARD_ASSIGN_OR_RETURN(std::unique_ptr<SqliteDb> db, SqliteDb::Open(":memory:", kSchema));
  std::unique_ptr<SqlBaseline> baseline(new SqlBaseline(std::move(db)));
  SqliteDb& sql = *baseline->db_;
  SCORECARD_ASSIGN_OR_RETURN(Transaction txn, sql.BeginTransaction());

  SCORECARD_ASSIGN_OR_RETURN(
      Statement day, sql.Prepare("INSERT INTO calendar VALUES (?1, ?2, ?3)"));
  int working_days = 0;
  for (Date d = kCalendarFirst; d <= kCalendarLast; ++d) {
    const bool working = calendar.IsWorkingDay(d);
    if (working) ++working_days;
    SCORECARD_RETURN_IF_ERROR(day.BindText(1, FormatIsoDate(d)));
    SCORECARD_RETURN_IF_ERROR(day.BindInt64(2, working ? 1 : 0));
    SCORECARD_RETURN_IF_ERROR(day.BindInt64(3, working_days));
    SCORECARD_RETURN_IF_ERROR(StepDone(day));
  }

  SCORECARD_ASSIGN_OR_RETURN(Statement assessment,
                             sql.Prepare("INSERT INTO assessment VALUES (?1, ?2, ?3, ?4, ?5)"));
  SCORECARD_ASSIGN_OR_RETURN(Statement section47,
                             sql.Prepare("INSERT INTO section47 VALUES (?1, ?2, ?3, ?4)"));
  for (const sv1::SafeguardingRecord& r : safeguarding) {
    if (r.has_assessment()) {
      const sv1::Assessment& a = r.assessment();
      SCORECARD_RETURN_IF_ERROR(assessment.BindText(1, a.child_id()));
      SCORECARD_RETURN_IF_ERROR(BindDate(assessment, 2, a.referral_date()));
      SCORECARD_RETURN_IF_ERROR(BindDate(assessment, 3, a.start_date()));
      SCORECARD_RETURN_IF_ERROR(BindDate(assessment, 4, a.authorisation_date()));
      SCORECARD_RETURN_IF_ERROR(assessment.BindText(5, a.team()));
      SCORECARD_RETURN_IF_ERROR(StepDone(assessment));
      ++baseline->rows_loaded_;
    } else if (r.has_section47()) {
      const sv1::Section47Enquiry& s = r.section47();
      SCORECARD_RETURN_IF_ERROR(section47.BindText(1, s.child_id()));
      SCORECARD_RETURN_IF_ERROR(BindDate(section47, 2, s.strategy_discussion_date()));
      SCORECARD_RETURN_IF_ERROR(BindDate(section47, 3, s.icpc_date()));
      SCORECARD_RETURN_IF_ERROR(section47.BindText(4, s.team()));
      SCORECARD_RETURN_IF_ERROR(StepDone(section47));
      ++baseline->rows_loaded_;
    }
  }

  SCORECARD_ASSIGN_OR_RETURN(Statement episode,
                             sql.Prepare("INSERT INTO episode VALUES (?1, ?2, ?3, ?4, ?5)"));
  SCORECARD_ASSIGN_OR_RETURN(Statement review,
                             sql.Prepare("INSERT INTO lac_review VALUES (?1, ?2)"));
  for (const pv1::PlacementRecord& r : placement) {
    if (r.has_episode()) {
      const pv1::Episode& e = r.episode();
      SCORECARD_RETURN_IF_ERROR(episode.BindText(1, e.child_id()));
      SCORECARD_RETURN_IF_ERROR(BindDate(episode, 2, e.start_date()));
      SCORECARD_RETURN_IF_ERROR(BindDate(episode, 3, e.end_date()));
      SCORECARD_RETURN_IF_ERROR(episode.BindText(4, e.reason_new_episode()));
      SCORECARD_RETURN_IF_ERROR(episode.BindText(5, e.legal_status()));
      SCORECARD_RETURN_IF_ERROR(StepDone(episode));
      ++baseline->rows_loaded_;
    } else if (r.has_review()) {
      SCORECARD_RETURN_IF_ERROR(review.BindText(1, r.review().child_id()));
      SCORECARD_RETURN_IF_ERROR(BindDate(review, 2, r.review().review_date()));
      SCORECARD_RETURN_IF_ERROR(StepDone(review));
      ++baseline->rows_loaded_;
    }
  }
  SCORECARD_RETURN_IF_ERROR(txn.Commit());
  // Statistics for the planner, as a BI team's nightly job would keep them.
  SCORECARD_RETURN_IF_ERROR(sql.Exec("ANALYZE"));
  return baseline;
}

absl::StatusOr<std::vector<SqlFigure>> SqlBaseline::Compute(Month from, Month to) {
  SCORECARD_RETURN_IF_ERROR(db_->Exec("DELETE FROM report_month"));
  SCORECARD_ASSIGN_OR_RETURN(Statement month,
                             db_->Prepare("INSERT INTO report_month VALUES (?1, ?2, ?3)"));
  for (Month m = from; m <= to; ++m) {
    SCORECARD_RETURN_IF_ERROR(month.BindText(1, FormatMonth(m)));
    SCORECARD_RETURN_IF_ERROR(month.BindText(2, FormatIsoDate(FirstDayOf(m))));
    SCORECARD_RETURN_IF_ERROR(month.BindText(3, FormatIsoDate(LastDayOf(m))));
    SCORECARD_RETURN_IF_ERROR(StepDone(month));
  }
  std::vector<SqlFigure> figures;
  for (size_t q = 0; q < std::size(kQueries); ++q) {
    SCORECARD_ASSIGN_OR_RETURN(Statement query, db_->Prepare(kQueries[q]));
    Month expected = from;
    for (;;) {
      SCORECARD_ASSIGN_OR_RETURN(StepResult row, query.Step());
      if (row == StepResult::kDone) break;
      if (query.ColumnText(0) != FormatMonth(expected)) {
        return absl::InternalError(absl::StrCat("SQL baseline ", kSqlMeasureIds[q], ": month ",
                                                query.ColumnText(0), " where ",
                                                FormatMonth(expected), " was expected"));
      }
      figures.push_back({kSqlMeasureIds[q], expected, query.ColumnDouble(1),
                         query.ColumnDouble(2)});
      ++expected;
    }
  }
  return figures;
}

}  // namespace scorecard::benchmark
