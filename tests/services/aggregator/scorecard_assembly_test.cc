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
    // 12 months before the card's first month, for the direction of travel.
    EXPECT_EQ(call.request.from_month().year(), 2015);
    EXPECT_EQ(call.request.from_month().month(), 4);
    EXPECT_EQ(call.request.to_month().year(), 2016);
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

TEST(PlanMeasureCallsTest, TenYearsAndTheLookbackTakeTwoCallsPerKey) {
  absl::StatusOr<LoadedDefinition> card = ParseDefinition(kCard, "card");
  ASSERT_TRUE(card.ok());
  // 2007-04 to 2017-03 is 120 months; with 12 before it, 132: 2006-04..2016-03 (120) and
  // 2016-04..2017-03 (12).
  const ScorecardQuery ten_years{"869", Month(2007, 4), Month(2017, 3), std::nullopt};
  std::vector<MeasureCall> calls = PlanMeasureCalls(card->definition, TwoServicesUpOneDown(), ten_years);
  ASSERT_EQ(calls.size(), 8u);
  int first_chunks = 0;
  int second_chunks = 0;
  for (const MeasureCall& call : calls) {
    const Month from = *FromProtoMonth(call.request.from_month());
    const Month to = *FromProtoMonth(call.request.to_month());
    if (from == Month(2006, 4) && to == Month(2016, 3)) ++first_chunks;
    if (from == Month(2016, 4) && to == Month(2017, 3)) ++second_chunks;
  }
  EXPECT_EQ(first_chunks, 4);
  EXPECT_EQ(second_chunks, 4);
}

// Rows for the product features: volumes, a rated percentage, derived rows, entered local
// measures, rows for one authority only, and a comparator.
constexpr char kProductCard[] = R"pb(
  id: "p"
  title: "P"
  sections {
    id: "s"
    title: "S"
    rows { id: "ref" title: "Referrals" measure_id: "safeguarding.referrals" basis: BASIS_MONTH unit: UNIT_COUNT polarity: POLARITY_NEUTRAL }
    rows { id: "con" title: "Contacts" measure_id: "safeguarding.contacts" basis: BASIS_MONTH unit: UNIT_COUNT polarity: POLARITY_NEUTRAL }
    rows { id: "icpc" title: "ICPC" measure_id: "safeguarding.icpc_within_15wd" basis: BASIS_MONTH unit: UNIT_PERCENT
           polarity: POLARITY_HIGHER_IS_BETTER target: 90 green_threshold: 90 amber_threshold: 80 threshold_source: "local default" }
    rows { id: "conversion" title: "Conversion" formula: "100 * [ref] / [con]" unit: UNIT_PERCENT polarity: POLARITY_NEUTRAL }
    rows { id: "lac" title: "LAC" measure_id: "placement.lac_count" basis: BASIS_SNAPSHOT unit: UNIT_COUNT }
    rows { id: "lac-per-referral" title: "LAC per referral" formula: "[lac] / [ref]" unit: UNIT_RATIO }
    rows { id: "pilot" title: "Pilot" measure_id: "local.pilot_families" basis: BASIS_SNAPSHOT unit: UNIT_COUNT authorities: "869" }
    rows { id: "other-pilot" title: "Other" measure_id: "local.other_families" basis: BASIS_SNAPSHOT unit: UNIT_COUNT authorities: "870" }
    rows { id: "other-derived" title: "Other+1" formula: "[other-pilot] + 1" unit: UNIT_COUNT }
    rows { id: "other-s47" title: "S47 870" measure_id: "safeguarding.s47_started" basis: BASIS_MONTH unit: UNIT_COUNT authorities: "870" }
    rows { id: "unkept" title: "Unkept" measure_id: "local.unkept_families" basis: BASIS_SNAPSHOT unit: UNIT_COUNT }
    rows { id: "unkept-derived" title: "Unkept+ref" formula: "[unkept] + [ref]" unit: UNIT_COUNT }
    rows { id: "cin-rate" title: "CIN rate" measure_id: "safeguarding.cin_rate" basis: BASIS_SNAPSHOT unit: UNIT_RATE_PER_10000 comparator_key: "cin-rate" }
  }
)pb";

class ProductCardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<LoadedDefinition> loaded = ParseDefinition(kProductCard, "p");
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    card_ = *std::move(loaded);
    catalogues_["safeguarding"] = std::map<std::string, std::set<cv1::Basis>>{
        {"safeguarding.referrals", {cv1::BASIS_MONTH}},
        {"safeguarding.contacts", {cv1::BASIS_MONTH}},
        {"safeguarding.icpc_within_15wd", {cv1::BASIS_MONTH}},
        {"safeguarding.s47_started", {cv1::BASIS_MONTH}},
        {"safeguarding.cin_rate", {cv1::BASIS_SNAPSHOT}}};
    catalogues_["placement"] = std::nullopt;  // down
    own_.local_values["local.pilot_families"] = {
        {Month(2016, 3), 15}, {Month(2016, 4), 15}, {Month(2016, 5), 16}};
    own_.local_values["local.other_families"] = {{Month(2016, 4), 3}};
    v1::ReferenceValue england;
    england.set_comparator_key("cin-rate");
    england.set_source("england");
    england.set_period("2016-17");
    england.set_value(330.4);
    own_.comparators.Add(england);
    england.set_period("2015-16");
    england.set_value(337.7);
    own_.comparators.Add(england);
  }

  // April and May 2016, with the answers below for 2015-04 .. 2016-05.
  v1::Scorecard Assemble() {
    const ScorecardQuery query{"869", Month(2016, 4), Month(2016, 5), std::nullopt};
    std::vector<MeasureCall> calls = PlanMeasureCalls(card_.definition, catalogues_, query);
    for (MeasureCall& call : calls) {
      EXPECT_EQ(call.service, "safeguarding");
      for (const std::string& id : call.request.measure_ids()) {
        EXPECT_NE(id, "safeguarding.s47_started") << "a row for 870 only is not asked for";
      }
      cv1::GetMeasuresResponse response;
      if (call.request.basis() == cv1::BASIS_MONTH) {
        for (auto [month, n] : std::vector<std::pair<Month, double>>{
                 {Month(2015, 4), 90}, {Month(2015, 5), 100}, {Month(2016, 3), 110},
                 {Month(2016, 4), 118}, {Month(2016, 5), 129}}) {
          *response.add_values() = Value("safeguarding.referrals", month, n, 1, n);
        }
        *response.add_values() = Value("safeguarding.contacts", Month(2016, 4), 298, 1, 298);
        *response.add_values() = Value("safeguarding.contacts", Month(2016, 5), 0, 1, 0);
        // ICPCs within 15 days: 8 of 9 in April 2015 and April 2016, 9 of 9 in May 2015
        // and May 2016, 9 of 10 in March 2016.
        *response.add_values() = Value("safeguarding.icpc_within_15wd", Month(2015, 4), 8, 9, 800.0 / 9);
        *response.add_values() = Value("safeguarding.icpc_within_15wd", Month(2015, 5), 9, 9, 100);
        *response.add_values() = Value("safeguarding.icpc_within_15wd", Month(2016, 3), 9, 10, 90);
        *response.add_values() = Value("safeguarding.icpc_within_15wd", Month(2016, 4), 8, 9, 800.0 / 9);
        *response.add_values() = Value("safeguarding.icpc_within_15wd", Month(2016, 5), 9, 9, 100);
      } else {
        *response.add_values() = Value("safeguarding.cin_rate", Month(2016, 4), 1067, 35570, 300);
        *response.add_values() = Value("safeguarding.cin_rate", Month(2016, 5), 1053, 35570, 296);
      }
      call.result = response;
    }
    return AssembleScorecard(card_, catalogues_, calls, query, own_);
  }

  static const v1::Row& RowOf(const v1::Scorecard& card, const std::string& id) {
    for (const v1::Row& row : card.sections(0).rows()) {
      if (row.id() == id) return row;
    }
    ADD_FAILURE() << "no row " << id;
    return card.sections(0).rows(0);
  }

  LoadedDefinition card_;
  Catalogues catalogues_;
  OwnData own_;
};

TEST_F(ProductCardTest, ShowsOnlyTheRequestedMonthsWithTheEarlierOnesForComparison) {
  const v1::Scorecard card = Assemble();
  for (const v1::Row& row : card.sections(0).rows()) {
    ASSERT_EQ(row.cells_size(), 2) << row.id();
    EXPECT_EQ(row.cells(0).month().month(), 4);
    EXPECT_EQ(row.cells(1).month().month(), 5);
  }
  // Referrals, a volume: April 118 against March 110 and April 2015 90; May 129 against
  // April 118 and May 2015 100. Up, neither better nor worse.
  const v1::Row& ref = RowOf(card, "ref");
  EXPECT_EQ(ref.cells(0).value(), 118);
  EXPECT_EQ(ref.cells(0).previous_month_value(), 110);
  EXPECT_EQ(ref.cells(0).same_month_last_year_value(), 90);
  EXPECT_EQ(ref.cells(0).vs_previous_month(), v1::DIRECTION_UP);
  EXPECT_EQ(ref.cells(0).vs_same_month_last_year(), v1::DIRECTION_UP);
  EXPECT_EQ(ref.cells(1).previous_month_value(), 118);
  EXPECT_EQ(ref.cells(1).same_month_last_year_value(), 100);
  EXPECT_EQ(ref.cells(0).rag(), v1::RAG_UNSPECIFIED);
  // Contacts in March 2016 were not given: no previous figure, no direction.
  const v1::Row& con = RowOf(card, "con");
  EXPECT_FALSE(con.cells(0).has_previous_month_value());
  EXPECT_EQ(con.cells(0).vs_previous_month(), v1::DIRECTION_UNSPECIFIED);
  EXPECT_EQ(con.cells(1).vs_previous_month(), v1::DIRECTION_DOWN);  // 298 -> 0
}

TEST_F(ProductCardTest, RatesAndJudgesDirectionByPolarity) {
  const v1::Scorecard card = Assemble();
  const v1::Row& icpc = RowOf(card, "icpc");
  EXPECT_EQ(icpc.polarity(), v1::POLARITY_HIGHER_IS_BETTER);
  EXPECT_EQ(icpc.target(), 90);
  EXPECT_EQ(icpc.green_threshold(), 90);
  EXPECT_EQ(icpc.threshold_source(), "local default");
  // April 2016: 8 of 9 = 88.9%, under green 90, at least amber 80: amber. Worse than
  // March's 90%; the same as April 2015's 8 of 9.
  EXPECT_EQ(icpc.cells(0).numerator(), 8);
  EXPECT_EQ(icpc.cells(0).denominator(), 9);
  EXPECT_EQ(icpc.cells(0).rag(), v1::RAG_AMBER);
  EXPECT_EQ(icpc.cells(0).vs_previous_month(), v1::DIRECTION_WORSENED);
  EXPECT_EQ(icpc.cells(0).vs_same_month_last_year(), v1::DIRECTION_UNCHANGED);
  // May 2016: 9 of 9 = 100%: green, better than April, the same as May 2015.
  EXPECT_EQ(icpc.cells(1).rag(), v1::RAG_GREEN);
  EXPECT_EQ(icpc.cells(1).vs_previous_month(), v1::DIRECTION_IMPROVED);
  EXPECT_EQ(icpc.cells(1).vs_same_month_last_year(), v1::DIRECTION_UNCHANGED);
}

TEST_F(ProductCardTest, DerivedRowsFollowTheirFormulaAndTheirInputsStatus) {
  const v1::Scorecard card = Assemble();
  const v1::Row& conversion = RowOf(card, "conversion");
  EXPECT_EQ(conversion.status(), v1::ROW_STATUS_AVAILABLE);
  EXPECT_EQ(conversion.formula(), "100 * [ref] / [con]");
  // April: 100 x 118 / 298 = 39.597...; May: 0 contacts, division by zero, no value.
  EXPECT_NEAR(conversion.cells(0).value(), 39.597, 0.001);
  EXPECT_FALSE(conversion.cells(1).has_value());
  // March 2016 had no contacts figure, so April has no previous value to compare.
  EXPECT_FALSE(conversion.cells(0).has_previous_month_value());
  // Placement is down: LAC and the row derived from it are unavailable.
  EXPECT_EQ(RowOf(card, "lac").status(), v1::ROW_STATUS_SOURCE_UNAVAILABLE);
  EXPECT_EQ(RowOf(card, "lac-per-referral").status(), v1::ROW_STATUS_SOURCE_UNAVAILABLE);
  EXPECT_FALSE(RowOf(card, "lac-per-referral").cells(0).has_value());
  EXPECT_EQ(RowOf(card, "unkept-derived").status(), v1::ROW_STATUS_NOT_YET_AVAILABLE);
  EXPECT_EQ(RowOf(card, "other-derived").status(), v1::ROW_STATUS_NOT_APPLICABLE);
}

TEST_F(ProductCardTest, LocalMeasuresShowTheEnteredValuesForTheirAuthorityOnly) {
  const v1::Scorecard card = Assemble();
  const v1::Row& pilot = RowOf(card, "pilot");
  EXPECT_EQ(pilot.status(), v1::ROW_STATUS_AVAILABLE);
  EXPECT_EQ(pilot.cells(0).value(), 15);
  EXPECT_EQ(pilot.cells(0).vs_previous_month(), v1::DIRECTION_UNCHANGED);  // 15 in March too
  EXPECT_EQ(pilot.cells(1).value(), 16);
  // 870's own pilot, though a value is held, does not apply to 869.
  EXPECT_EQ(RowOf(card, "other-pilot").status(), v1::ROW_STATUS_NOT_APPLICABLE);
  EXPECT_FALSE(RowOf(card, "other-pilot").cells(0).has_value());
  EXPECT_EQ(RowOf(card, "other-s47").status(), v1::ROW_STATUS_NOT_APPLICABLE);
  // Applies to everyone, but nothing entered yet.
  EXPECT_EQ(RowOf(card, "unkept").status(), v1::ROW_STATUS_NOT_YET_AVAILABLE);
}

TEST_F(ProductCardTest, ComparatorsComeFromTheReferenceFigures) {
  const v1::Scorecard card = Assemble();
  const v1::Row& cin = RowOf(card, "cin-rate");
  ASSERT_EQ(cin.cells(0).comparators_size(), 1);
  EXPECT_EQ(cin.cells(0).comparators(0).source(), "england");
  EXPECT_EQ(cin.cells(0).comparators(0).period(), "2016-17");
  EXPECT_EQ(cin.cells(0).comparators(0).value(), 330.4);
  EXPECT_EQ(RowOf(card, "ref").cells(0).comparators_size(), 0);  // no comparator_key
}

}  // namespace
}  // namespace scorecard::aggregator
