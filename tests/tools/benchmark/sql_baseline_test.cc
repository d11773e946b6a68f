// The SQL baseline's four rules on hand-worked cases (working days counted by hand from the
// England and Wales bank holidays), and the same figures from the services' own code, so
// the benchmark's equality check compares like with like.
#include "tools/benchmark/sql_baseline.h"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/records/proto_date.h"
#include "gtest/gtest.h"
#include "services/placement/placement_data.h"
#include "services/placement/placement_measures.h"
#include "services/safeguarding/safeguarding_data.h"
#include "services/safeguarding/safeguarding_measures.h"

namespace scorecard::benchmark {
namespace {

namespace cv1 = ::scorecard::common::v1;
namespace pv1 = ::scorecard::placement::v1;
namespace sv1 = ::scorecard::safeguarding::v1;

using Figures = std::map<std::pair<std::string, std::string>, std::pair<double, double>>;

sv1::SafeguardingRecord Assessment(std::optional<Date> referral, Date start,
                                   std::optional<Date> authorised) {
  sv1::SafeguardingRecord r;
  sv1::Assessment* a = r.mutable_assessment();
  a->set_child_id("C1");
  if (referral.has_value()) *a->mutable_referral_date() = ToProtoDate(*referral);
  *a->mutable_start_date() = ToProtoDate(start);
  if (authorised.has_value()) *a->mutable_authorisation_date() = ToProtoDate(*authorised);
  return r;
}

sv1::SafeguardingRecord Enquiry(Date strategy, std::optional<Date> icpc) {
  sv1::SafeguardingRecord r;
  sv1::Section47Enquiry* s = r.mutable_section47();
  s->set_child_id("C2");
  *s->mutable_strategy_discussion_date() = ToProtoDate(strategy);
  if (icpc.has_value()) *s->mutable_icpc_date() = ToProtoDate(*icpc);
  return r;
}

pv1::PlacementRecord Episode(const std::string& child, Date start, std::optional<Date> end,
                             const std::string& rne, const std::string& legal_status = "C2") {
  pv1::PlacementRecord r;
  pv1::Episode* e = r.mutable_episode();
  e->set_child_id(child);
  *e->mutable_start_date() = ToProtoDate(start);
  if (end.has_value()) *e->mutable_end_date() = ToProtoDate(*end);
  e->set_reason_new_episode(rne);
  e->set_legal_status(legal_status);
  e->set_placement("U4");
  return r;
}

pv1::PlacementRecord Review(const std::string& child, Date held) {
  pv1::PlacementRecord r;
  r.mutable_review()->set_child_id(child);
  *r.mutable_review()->mutable_review_date() = ToProtoDate(held);
  return r;
}

Figures RunSql(const std::vector<sv1::SafeguardingRecord>& safeguarding,
            const std::vector<pv1::PlacementRecord>& placement, Month from, Month to) {
  absl::StatusOr<std::unique_ptr<SqlBaseline>> sql =
      SqlBaseline::Create(safeguarding, placement, WorkingDayCalendar::EnglandAndWales());
  EXPECT_TRUE(sql.ok()) << sql.status();
  if (!sql.ok()) return {};
  absl::StatusOr<std::vector<SqlFigure>> figures = (*sql)->Compute(from, to);
  EXPECT_TRUE(figures.ok()) << figures.status();
  Figures out;
  if (!figures.ok()) return out;
  for (const SqlFigure& f : *figures) {
    out[{f.measure_id, FormatMonth(f.month)}] = {f.numerator, f.denominator};
  }
  return out;
}

// The services' figures for the same records and months.
Figures Services(const std::vector<sv1::SafeguardingRecord>& safeguarding,
                 const std::vector<pv1::PlacementRecord>& placement, Month from, Month to) {
  cv1::GetMeasuresRequest request;
  request.set_authority("869");
  *request.mutable_from_month() = ToProtoMonth(from);
  *request.mutable_to_month() = ToProtoMonth(to);
  Figures out;
  const auto add = [&out](const cv1::GetMeasuresResponse& response) {
    for (const cv1::MeasureValue& v : response.values()) {
      out[{v.measure_id(), FormatMonth(*FromProtoMonth(v.month()))}] = {v.numerator(),
                                                                         v.denominator()};
    }
  };
  {
    safeguarding::SafeguardingRecords records;
    for (const sv1::SafeguardingRecord& r : safeguarding) {
      if (r.has_assessment()) {
        const sv1::Assessment& a = r.assessment();
        safeguarding::AssessmentFacts facts;
        facts.child_id = a.child_id();
        facts.referral_date = FromProtoDate(a.referral_date());
        facts.start_date = *FromProtoDate(a.start_date());
        facts.authorisation_date = FromProtoDate(a.authorisation_date());
        records.assessments.push_back(facts);
      }
      if (r.has_section47()) {
        const sv1::Section47Enquiry& s = r.section47();
        safeguarding::Section47Facts facts;
        facts.child_id = s.child_id();
        facts.strategy_discussion_date = *FromProtoDate(s.strategy_discussion_date());
        facts.icpc_date = FromProtoDate(s.icpc_date());
        records.section47s.push_back(facts);
      }
    }
    cv1::GetMeasuresRequest r = request;
    r.add_measure_ids(kSqlMeasureIds[0]);
    r.add_measure_ids(kSqlMeasureIds[1]);
    absl::StatusOr<MeasureQuery> query = safeguarding::SafeguardingMeasures().Prepare(r);
    EXPECT_TRUE(query.ok()) << query.status();
    add(safeguarding::SafeguardingMeasures().Compute(
        safeguarding::IndexSafeguardingRecords(std::move(records)), *query,
        WorkingDayCalendar::EnglandAndWales()));
  }
  {
    placement::PlacementRecords records;
    for (const pv1::PlacementRecord& r : placement) {
      if (r.has_episode()) records.episodes.push_back(r.episode());
      if (r.has_review()) records.reviews.push_back(r.review());
    }
    cv1::GetMeasuresRequest r = request;
    r.add_measure_ids(kSqlMeasureIds[2]);
    r.add_measure_ids(kSqlMeasureIds[3]);
    absl::StatusOr<MeasureQuery> query = placement::PlacementMeasures().Prepare(r);
    EXPECT_TRUE(query.ok()) << query.status();
    add(placement::PlacementMeasures().Compute(placement::AssemblePlacementData(records), *query,
                                               WorkingDayCalendar::EnglandAndWales()));
  }
  return out;
}

std::pair<double, double> At(const Figures& f, const std::string& id, const std::string& month) {
  auto it = f.find({id, month});
  return it == f.end() ? std::make_pair(-1.0, -1.0) : it->second;
}

using Pair = std::pair<double, double>;

TEST(SqlBaselineTest, AssessmentsWithin45WorkingDaysOfTheReferral) {
  const std::vector<sv1::SafeguardingRecord> records = {
      // Referral Mon 19/12/2016: with 27/12, 02/01 off, day 45 is Thu 23/02/2017.
      Assessment(Date(2016, 12, 19), Date(2016, 12, 20), Date(2017, 2, 23)),  // within
      Assessment(Date(2016, 12, 19), Date(2016, 12, 20), Date(2017, 2, 24)),  // day 46: over
      // No referral date: the clock starts at the start date (1 working day).
      Assessment(std::nullopt, Date(2017, 2, 1), Date(2017, 2, 2)),
      // Authorised on 31 January: January's.
      Assessment(Date(2017, 1, 3), Date(2017, 1, 3), Date(2017, 1, 31)),
      // Still open: in no month's count.
      Assessment(Date(2017, 1, 10), Date(2017, 1, 10), std::nullopt),
  };
  const Figures sql = RunSql(records, {}, Month(2017, 1), Month(2017, 2));
  EXPECT_EQ(At(sql, kSqlMeasureIds[0], "2017-01"), Pair(1, 1));
  EXPECT_EQ(At(sql, kSqlMeasureIds[0], "2017-02"), Pair(2, 3));
  EXPECT_EQ(sql, Services(records, {}, Month(2017, 1), Month(2017, 2)));
}

TEST(SqlBaselineTest, IcpcsWithin15WorkingDaysOfTheStrategyDiscussion) {
  const std::vector<sv1::SafeguardingRecord> records = {
      // Strategy discussion Fri 07/04/2017; Good Friday 14/04, Easter Monday 17/04 and Mon
      // 01/05 are off, so day 15 is Wed 03/05/2017.
      Enquiry(Date(2017, 4, 7), Date(2017, 5, 3)),  // day 15: within
      Enquiry(Date(2017, 4, 7), Date(2017, 5, 4)),  // day 16: over
      Enquiry(Date(2017, 4, 7), std::nullopt),      // no conference: counts nowhere
  };
  const Figures sql = RunSql(records, {}, Month(2017, 4), Month(2017, 5));
  EXPECT_EQ(At(sql, kSqlMeasureIds[1], "2017-04"), Pair(0, 0));
  EXPECT_EQ(At(sql, kSqlMeasureIds[1], "2017-05"), Pair(1, 2));
  EXPECT_EQ(sql, Services(records, {}, Month(2017, 4), Month(2017, 5)));
}

// Children looked after and their reviews at the ends of January, February and March 2017.
std::vector<pv1::PlacementRecord> ReviewCases() {
  return {
      // P: one period over two episodes (X1 then P) from Mon 05/09/2016; first review due
      // 20 working days on, Mon 03/10/2016. Reviews 28/09 (on time), 20/12 (due 28/12),
      // next due 20/06/2017: on time at every month end.
      Episode("P", Date(2016, 9, 5), Date(2016, 12, 1), "S"),
      Episode("P", Date(2016, 12, 1), std::nullopt, "P"),
      Review("P", Date(2016, 9, 28)),
      Review("P", Date(2016, 12, 20)),
      // Q: from 05/09/2016, first review 10/10 after its due day 03/10: never on time.
      Episode("Q", Date(2016, 9, 5), std::nullopt, "S"),
      Review("Q", Date(2016, 10, 10)),
      // R: from Mon 20/02/2017, first review due Mon 20/03/2017: not counted in February;
      // held 15/03, so on time in March.
      Episode("R", Date(2017, 2, 20), std::nullopt, "S"),
      Review("R", Date(2017, 3, 15)),
      // S: from 01/06/2016 (first due 29/06); reviews 20/06, 20/09 (on its due day; recorded
      // twice) and none since: the third was due 20/03/2017, overdue at the end of March.
      Episode("S", Date(2016, 6, 1), std::nullopt, "S"),
      Review("S", Date(2016, 6, 20)),
      Review("S", Date(2016, 9, 20)),
      Review("S", Date(2016, 9, 20)),
      // T: from 04/04/2016 (first due 03/05, 02/05 being a bank holiday); reviews 25/04,
      // 25/07 (due that day), then 10/02/2017 after its due day 25/01/2017: late from 26/01.
      Episode("T", Date(2016, 4, 4), std::nullopt, "S"),
      Review("T", Date(2016, 4, 25)),
      Review("T", Date(2016, 7, 25)),
      Review("T", Date(2017, 2, 10)),
      // U: a first period in 2015 with its own review, and a new one from Tue 01/11/2016
      // (first due 29/11): reviewed 21/11, so the next was due 21/02/2017 and is missing.
      Episode("U", Date(2015, 1, 5), Date(2015, 6, 30), "S"),
      Review("U", Date(2015, 1, 20)),
      Episode("U", Date(2016, 11, 1), std::nullopt, "S"),
      Review("U", Date(2016, 11, 21)),
      // V: from Fri 01/07/2016 (first due 29/07); reviews 20/07, 31/08 (early: the clock
      // restarts), so the next is due 31/08 + 6 months = 28/02/2017 (clamped, not 03/03);
      // held 02/03/2017, late: on time at the end of February, not of March.
      Episode("V", Date(2016, 7, 1), std::nullopt, "S"),
      Review("V", Date(2016, 7, 20)),
      Review("V", Date(2016, 8, 31)),
      Review("V", Date(2017, 3, 2)),
      // W: short breaks (V3) only: never looked after.
      Episode("W", Date(2016, 5, 1), std::nullopt, "S", "V3"),
      // B: leaves on 31/01/2017: not looked after at the end of that day.
      Episode("B", Date(2016, 12, 1), Date(2017, 1, 31), "S"),
      // E: in and out on 28/02/2017: not looked after at the end of it.
      Episode("E", Date(2017, 2, 28), Date(2017, 2, 28), "S"),
  };
}

TEST(SqlBaselineTest, ChildrenLookedAfterAtMonthEnd) {
  const Figures sql = RunSql({}, ReviewCases(), Month(2017, 1), Month(2017, 3));
  // January: P, Q, S, T, U, V. February and March: R as well.
  EXPECT_EQ(At(sql, kSqlMeasureIds[2], "2017-01"), Pair(6, 1));
  EXPECT_EQ(At(sql, kSqlMeasureIds[2], "2017-02"), Pair(7, 1));
  EXPECT_EQ(At(sql, kSqlMeasureIds[2], "2017-03"), Pair(7, 1));
}

TEST(SqlBaselineTest, LookedAfterChildrensReviewsOnTime) {
  const Figures sql = RunSql({}, ReviewCases(), Month(2017, 1), Month(2017, 3));
  // January: P, S, U, V of P, Q, S, T, U, V.
  EXPECT_EQ(At(sql, kSqlMeasureIds[3], "2017-01"), Pair(4, 6));
  // February: P, S, V (U's second review now overdue); R not yet due.
  EXPECT_EQ(At(sql, kSqlMeasureIds[3], "2017-02"), Pair(3, 6));
  // March: P and R of seven (S overdue since 20/03, V's third review late).
  EXPECT_EQ(At(sql, kSqlMeasureIds[3], "2017-03"), Pair(2, 7));
  EXPECT_EQ(sql, Services({}, ReviewCases(), Month(2017, 1), Month(2017, 3)));
}

}  // namespace
}  // namespace scorecard::benchmark
