// The benchmark's SQL baseline: four key scorecard measures computed the way a council's
// BI team computes them today, with SQL over tables of the same case records in SQLite and
// a calendar table of working days. The benchmark times it against the services and checks
// that both give the same figures.
//
//   SCORECARD_ASSIGN_OR_RETURN(std::unique_ptr<SqlBaseline> sql,
//                              SqlBaseline::Create(data.safeguarding, data.placement,
//                                                  WorkingDayCalendar::EnglandAndWales()));
//   SCORECARD_ASSIGN_OR_RETURN(std::vector<SqlFigure> figures,
//                              sql->Compute(Month(2016, 4), Month(2017, 3)));
//
// The measures and their rules (as services/*/COUNTING.md state them):
//   safeguarding.assessments_completed_within_45wd  assessments authorised in the month;
//       within when WD(referral date, or the start date without one; authorisation) <= 45
//   safeguarding.icpc_within_15wd  ICPCs held in the month; within when
//       WD(strategy discussion, ICPC) <= 15
//   placement.lac_count  children with a non-short-break (not V3/V4) episode open at the end
//       of the month's last day d (start <= d, no end or end > d)
//   placement.lac_reviews_on_time  of children looked after at d whose current period of
//       care (episodes joined while each starts by the end of the ones before and is not an
//       "S"; the latest-starting period open at d) is at least 20 working days old at d:
//       those whose reviews in the period were all on time (first within 20 working days of
//       the start, second within 3 months of the first, later ones within 6 months of the one
//       before; a day recorded twice is one review) and whose next review was not overdue
// WD(a, b) is the working days after a up to and including b: the difference of the
// calendar table's running count of working days. Months add calendar months clamped to the
// month's end (31/08 + 6 months = 28/02), which SQLite's date() does not do by itself.
//
// Only the settings' defaults are modelled (assessment clock from the referral): the
// generated data carries no settings records.
#ifndef SCORECARD_TOOLS_BENCHMARK_SQL_BASELINE_H_
#define SCORECARD_TOOLS_BENCHMARK_SQL_BASELINE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "common/store/sqlite_db.h"
#include "common/time/civil_date.h"
#include "common/time/working_days.h"
#include "scorecard/placement/v1/placement_service.pb.h"
#include "scorecard/safeguarding/v1/safeguarding_service.pb.h"

namespace scorecard::benchmark {

// The measures the baseline computes, in the order Compute returns them.
inline constexpr const char* kSqlMeasureIds[] = {
    "safeguarding.assessments_completed_within_45wd", "safeguarding.icpc_within_15wd",
    "placement.lac_count", "placement.lac_reviews_on_time"};

struct SqlFigure {
  std::string measure_id;
  Month month;
  double numerator = 0;
  // 1 for the count (as the services encode counts).
  double denominator = 0;
};

class SqlBaseline {
 public:
  // An in-memory database with the tables filled from the records (assessments, section 47
  // enquiries, episodes and reviews; other kinds are ignored) and a calendar table from
  // 1990 to 2035 with `calendar`'s holidays.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<SqlBaseline>> Create(
      absl::Span<const safeguarding::v1::SafeguardingRecord> safeguarding,
      absl::Span<const placement::v1::PlacementRecord> placement,
      const WorkingDayCalendar& calendar);

  // Every measure for every month from `from` to `to`: measure by measure (kSqlMeasureIds
  // order), months ascending within each.
  [[nodiscard]] absl::StatusOr<std::vector<SqlFigure>> Compute(Month from, Month to);

  // Rows loaded into the case tables.
  int rows_loaded() const { return rows_loaded_; }

 private:
  explicit SqlBaseline(std::unique_ptr<SqliteDb> db) : db_(std::move(db)) {}

  std::unique_ptr<SqliteDb> db_;
  int rows_loaded_ = 0;
};

}  // namespace scorecard::benchmark

#endif  // SCORECARD_TOOLS_BENCHMARK_SQL_BASELINE_H_
