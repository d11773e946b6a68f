#include "services/aggregator/scorecard_assembly.h"

#include "common/records/proto_date.h"
#include "gtest/gtest.h"

namespace scorecard::aggregator {
namespace {

namespace cv1 = ::scorecard::common::v1;

constexpr char kCard[] = R"pb(
  id: "card"
  title: "Card"
  sections {
    id: "s"
    title: "S"
    rows { id: "lac" title: "LAC" measure_id: "placement.lac_count" basis: BASIS_SNAPSHOT unit: UNIT_COUNT }
    rows { id: "lac-dct" title: "LAC DCT" measure_id: "placement.lac_count" basis: BASIS_SNAPSHOT unit: UNIT_COUNT team: "DCT" }
    rows { id: "ref" title: "Referrals" measure_id: "safeguarding.referrals" basis: BASIS_MONTH unit: UNIT_COUNT }
    rows { id: "ref-ytd" title: "Referrals YTD" measure_id: "safeguarding.referrals" basis: BASIS_YTD unit: UNIT_COUNT }
    rows { id: "sick" title: "Sickness" measure_id: "workforce.sickness_days_lost" basis: BASIS_QUARTER unit: UNIT_WORKING_DAYS }
    rows { id: "pilot" title: "Pilot" measure_id: "local.pilot_families" basis: BASIS_SNAPSHOT unit: UNIT_COUNT }
  }
)pb";

ScorecardQuery Query() {
  return ScorecardQuery{"869", Month(2016, 4), Month(2016, 5), std::nullopt};
}

Catalogues TwoServicesUpOneDown() {
  Catalogues c;
  c["placement"] = std::map<std::string, std::set<cv1::Basis>>{
      {"placement.lac_count", {cv1::BASIS_SNAPSHOT}}};
  c["safeguarding"] = std::map<std::string, std::set<cv1::Basis>>{
      {"safeguarding.referrals", {cv1::BASIS_MONTH, cv1::BASIS_YTD}}};
  c["workforce"] = std::nullopt;  // down
  return c;
}

cv1::MeasureValue Value(const std::string& id, Month m, double num, double den,
                        std::optional<double> value) {
  cv1::MeasureValue v;
  v.set_measure_id(id);
  *v.mutable_month() = ToProtoMonth(m);
  v.set_numerator(num);
  v.set_denominator(den);
  if (value) v.set_value(*value);
  return v;
}

TEST(PlanMeasureCallsTest, OneCallPerServiceBasisAndTeamForComputableRowsOnly) {
  absl::StatusOr<LoadedDefinition> card = ParseDefinition(kCard, "card");
  ASSERT_TRUE(card.ok());
  const std::vector<MeasureCall> calls =
      PlanMeasureCalls(card->definition, TwoServicesUpOneDown(), Query());
  // placement/snapshot/"", placement/snapshot/DCT, safeguarding/month, safeguarding/ytd.
  ASSERT_EQ(calls.size(), 4u);
  int dct = 0;
  for (const MeasureCall& call : calls) {
    EXPECT_EQ(call.request.authority(), "869");
    EXPECT_EQ(call.request.from_month().month(), 4);
    EXPECT_EQ(call.request.to_month().month(), 5);
    EXPECT_NE(call.service, "workforce");
    if (call.request.team() == "DCT") ++dct;
  }
  EXPECT_EQ(dct, 1);
}

TEST(AssembleScorecardTest, EveryRowHasAStatusAndOnlyAvailableRowsHaveValues) {
  absl::StatusOr<LoadedDefinition> card = ParseDefinition(kCard, "card");
  ASSERT_TRUE(card.ok());
  const Catalogues catalogues = TwoServicesUpOneDown();
  std::vector<MeasureCall> calls = PlanMeasureCalls(card->definition, catalogues, Query());
  for (MeasureCall& call : calls) {
    cv1::GetMeasuresResponse response;
    if (call.service == "placement" && call.request.team().empty()) {
      *response.add_values() = Value("placement.lac_count", Month(2016, 4), 165, 1, 165);
      *response.add_values() = Value("placement.lac_count", Month(2016, 5), 159, 1, 159);
      call.result = response;
    } else if (call.service == "placement") {
      call.result = absl::UnavailableError("connection reset");  // the DCT call failed
    } else if (call.request.basis() == cv1::BASIS_MONTH) {
      *response.add_values() = Value("safeguarding.referrals", Month(2016, 4), 118, 1, 118);
      *response.add_values() = Value("safeguarding.referrals", Month(2016, 5), 129, 1, 129);
      call.result = response;
    } else {
      *response.add_values() = Value("safeguarding.referrals", Month(2016, 5), 259, 1, 259);
      call.result = response;  // April missing from the answer: its cell stays empty
    }
  }
  const v1::Scorecard out = AssembleScorecard(*card, catalogues, calls, Query());
  EXPECT_EQ(out.definition_hash(), card->hash);
  ASSERT_EQ(out.sections_size(), 1);
  const auto& rows = out.sections(0).rows();
  ASSERT_EQ(rows.size(), 6);
  for (const v1::Row& row : rows) EXPECT_EQ(row.cells_size(), 2) << row.id();

  EXPECT_EQ(rows[0].status(), v1::ROW_STATUS_AVAILABLE);
  EXPECT_EQ(rows[0].cells(0).value(), 165);
  EXPECT_EQ(rows[0].cells(1).value(), 159);
  EXPECT_EQ(rows[1].status(), v1::ROW_STATUS_SOURCE_UNAVAILABLE);
  EXPECT_FALSE(rows[1].cells(0).has_value());
  EXPECT_EQ(rows[2].status(), v1::ROW_STATUS_AVAILABLE);
  EXPECT_EQ(rows[2].cells(0).value(), 118);
  EXPECT_EQ(rows[3].status(), v1::ROW_STATUS_AVAILABLE);
  EXPECT_FALSE(rows[3].cells(0).has_value());
  EXPECT_EQ(rows[3].cells(1).value(), 259);
  EXPECT_EQ(rows[4].status(), v1::ROW_STATUS_SOURCE_UNAVAILABLE);  // workforce down
  EXPECT_EQ(rows[5].status(), v1::ROW_STATUS_NOT_YET_AVAILABLE);   // no "local" service
  EXPECT_FALSE(rows[5].cells(0).has_value());
}

TEST(AssembleScorecardTest, AMeasureTheServiceDoesNotListIsNotYetAvailable) {
  absl::StatusOr<LoadedDefinition> card = ParseDefinition(kCard, "card");
  ASSERT_TRUE(card.ok());
  Catalogues catalogues = TwoServicesUpOneDown();
  catalogues["safeguarding"] = std::map<std::string, std::set<cv1::Basis>>{
      {"safeguarding.referrals", {cv1::BASIS_MONTH}}};  // no YTD basis
  std::vector<MeasureCall> calls = PlanMeasureCalls(card->definition, catalogues, Query());
  for (MeasureCall& call : calls) call.result = cv1::GetMeasuresResponse();
  const v1::Scorecard out = AssembleScorecard(*card, catalogues, calls, Query());
  EXPECT_EQ(out.sections(0).rows(2).status(), v1::ROW_STATUS_AVAILABLE);
  EXPECT_EQ(out.sections(0).rows(3).status(), v1::ROW_STATUS_NOT_YET_AVAILABLE);
}

}  // namespace
}  // namespace scorecard::aggregator
