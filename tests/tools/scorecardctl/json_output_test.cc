#include "tools/scorecardctl/json_output.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scorecard/aggregator/v1/aggregator_service.pb.h"
#include "services/aggregator/export/json_export.h"

namespace scorecard::scorecardctl {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

common::v1::MeasureValue Value(const std::string& id, int year, int month, common::v1::Basis basis,
                               common::v1::Unit unit, double numerator, double denominator,
                               std::optional<double> value, const std::string& team) {
  common::v1::MeasureValue v;
  v.set_measure_id(id);
  v.mutable_month()->set_year(year);
  v.mutable_month()->set_month(month);
  v.set_basis(basis);
  v.set_unit(unit);
  v.set_numerator(numerator);
  v.set_denominator(denominator);
  if (value.has_value()) v.set_value(*value);
  v.set_team(team);
  return v;
}

TEST(MeasureValuesToJsonTest, MatchesTheDocumentedSchema) {
  const std::vector<common::v1::MeasureValue> values = {
      Value("safeguarding.icpc_within_15wd", 2016, 5, common::v1::BASIS_YTD,
            common::v1::UNIT_PERCENT, 27, 28, 100.0 * 27 / 28, ""),
      Value("safeguarding.icpc_within_15wd", 2016, 6, common::v1::BASIS_YTD,
            common::v1::UNIT_PERCENT, 0, 0, std::nullopt, ""),
      Value("workforce.sickness_days_lost", 2016, 6, common::v1::BASIS_QUARTER,
            common::v1::UNIT_WORKING_DAYS, 275.25, 1, 275.25, "DCT"),
      Value("placement.adoption_days_entering_care_to_placed", 2017, 1,
            common::v1::BASIS_ROLLING_3_YEARS, common::v1::UNIT_DAYS, 10765, 21,
            10765.0 / 21, ""),
  };
  const std::string expected =
      R"([
  {"measure_id": "safeguarding.icpc_within_15wd", "month": "2016-05", "basis": "ytd", "unit": "percent", "numerator": 27, "denominator": 28, "value": 96.43, "team": ""},
  {"measure_id": "safeguarding.icpc_within_15wd", "month": "2016-06", "basis": "ytd", "unit": "percent", "numerator": 0, "denominator": 0, "value": null, "team": ""},
  {"measure_id": "workforce.sickness_days_lost", "month": "2016-06", "basis": "quarter", "unit": "working_days", "numerator": 275.25, "denominator": 1, "value": 275.25, "team": "DCT"},
  {"measure_id": "placement.adoption_days_entering_care_to_placed", "month": "2017-01", "basis": "rolling3y", "unit": "days", "numerator": 10765, "denominator": 21, "value": 512.62, "team": ""}
]
)";
  const std::string json = MeasureValuesToJson(values);
  EXPECT_EQ(json, expected);

  // And it is valid JSON: an array of four objects.
  google::protobuf::ListValue parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json, &parsed).ok());
  EXPECT_EQ(parsed.values_size(), 4);
}

TEST(MeasureValuesToJsonTest, EveryBasisAndUnitWord) {
  const std::string json = MeasureValuesToJson({
      Value("a.b", 2016, 4, common::v1::BASIS_MONTH, common::v1::UNIT_COUNT, 1, 1, 1, ""),
      Value("a.b", 2016, 4, common::v1::BASIS_SNAPSHOT, common::v1::UNIT_RATE_PER_10000, 1, 1, 1, ""),
      Value("a.b", 2016, 4, common::v1::BASIS_ROLLING_12_MONTHS, common::v1::UNIT_WEEKS, 1, 1, 1, ""),
  });
  EXPECT_THAT(json, HasSubstr(R"("basis": "month", "unit": "count")"));
  EXPECT_THAT(json, HasSubstr(R"("basis": "snapshot", "unit": "rate_per_10000")"));
  EXPECT_THAT(json, HasSubstr(R"("basis": "rolling12", "unit": "weeks")"));
}

TEST(MeasureValuesToJsonTest, NoValuesIsAnEmptyArray) { EXPECT_EQ(MeasureValuesToJson({}), "[]\n"); }

TEST(JsonNumberTest, ShortestExactText) {
  EXPECT_EQ(JsonNumber(27), "27");
  EXPECT_EQ(JsonNumber(-0.0), "0");
  EXPECT_EQ(JsonNumber(0.1), "0.1");
  EXPECT_EQ(JsonNumber(312.5), "312.5");
  EXPECT_EQ(JsonNumber(1e20), "1e+20");
  EXPECT_EQ(JsonNumber(1.0 / 3), "0.3333333333333333");
  EXPECT_EQ(JsonNumber(std::numeric_limits<double>::quiet_NaN()), "null");
  EXPECT_EQ(JsonNumber(std::numeric_limits<double>::infinity()), "null");
}

TEST(JsonStringTest, EscapesWhatJsonRequires) {
  EXPECT_EQ(JsonString("DCT"), "\"DCT\"");
  EXPECT_EQ(JsonString("a\"b\\c\nd\x01"), "\"a\\\"b\\\\c\\nd\\u0001\"");
  EXPECT_EQ(JsonString("caf\u00e9"), "\"caf\u00e9\"");
}

aggregator::v1::Scorecard SmallCard() {
  aggregator::v1::Scorecard card;
  card.set_scorecard_id("getting-to-good");
  card.set_authority("869");
  card.set_definition_hash("abc");
  card.mutable_from_month()->set_year(2016);
  card.mutable_from_month()->set_month(4);
  aggregator::v1::Row* row = card.add_sections()->add_rows();
  row->set_title("Early help");
  row->set_status(aggregator::v1::ROW_STATUS_NOT_YET_AVAILABLE);
  aggregator::v1::Cell* cell = row->add_cells();
  cell->mutable_month()->set_year(2016);
  cell->mutable_month()->set_month(4);
  aggregator::v1::ServiceDataVersion* version = card.add_data_versions();
  version->set_service("workforce");
  version->set_version(12);
  return card;
}

// `scorecard --format=json` prints the export library's JSON (README: the documented
// contract), so the card printed and the card exported are the same text.
TEST(ScorecardJsonTest, UsesProtoFieldNamesAndPrintsPrimitiveFields) {
  absl::StatusOr<std::string> json = aggregator::ExportJson(SmallCard());
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_THAT(*json, HasSubstr(R"("scorecard_id": "getting-to-good")"));
  EXPECT_THAT(*json, HasSubstr(R"("definition_hash": "abc")"));
  EXPECT_THAT(*json, Not(HasSubstr("scorecardId")));
  // Unset primitives are printed, so scripts need no defaults of their own.
  EXPECT_THAT(*json, HasSubstr(R"("team": "")"));
  EXPECT_THAT(*json, HasSubstr(R"("numerator": 0)"));
  EXPECT_THAT(*json, HasSubstr(R"("status": "ROW_STATUS_NOT_YET_AVAILABLE")"));
  EXPECT_THAT(*json, HasSubstr(R"("cache": "CACHE_OUTCOME_UNSPECIFIED")"));
  EXPECT_THAT(*json, HasSubstr(R"("version": "12")"));  // int64 is a string in the mapping
  // An undefined value is left out, never printed as 0.
  EXPECT_THAT(*json, Not(HasSubstr(R"("value")")));
  EXPECT_EQ(json->back(), '\n');
}

TEST(ScorecardJsonTest, ReadsBackAsTheSameMessage) {
  aggregator::v1::Scorecard card = SmallCard();
  card.mutable_sections(0)->mutable_rows(0)->mutable_cells(0)->set_value(0);
  absl::StatusOr<std::string> json = aggregator::ExportJson(card);
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_THAT(*json, HasSubstr(R"("value": 0)"));  // a real zero is printed
  aggregator::v1::Scorecard read_back;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(*json, &read_back).ok());
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(card, read_back))
      << read_back.DebugString();
}

}  // namespace
}  // namespace scorecard::scorecardctl
