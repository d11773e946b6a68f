#include "services/aggregator/export/json_export.h"

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/services/aggregator/export/test_card.h"

namespace scorecard::aggregator {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(ExportJsonTest, ReadsBackAsTheSameCard) {
  const v1::Scorecard card = testing::TestCard();
  absl::StatusOr<std::string> json = ExportJson(card);
  ASSERT_TRUE(json.ok()) << json.status();
  v1::Scorecard read_back;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(*json, &read_back).ok());
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(card, read_back))
      << google::protobuf::util::MessageDifferencer().Compare(card, read_back);
  // The undefined value stays undefined, not 0.
  EXPECT_FALSE(read_back.sections(1).rows(2).cells(0).has_value());
  EXPECT_TRUE(read_back.sections(1).rows(2).cells(1).has_value());
}

TEST(ExportJsonTest, UsesTheProtoFieldNamesAndEnumNames) {
  absl::StatusOr<std::string> json = ExportJson(testing::TestCard());
  ASSERT_TRUE(json.ok());
  EXPECT_THAT(*json, HasSubstr("\"scorecard_id\": \"test-card\""));
  EXPECT_THAT(*json, HasSubstr("\"definition_hash\": \"ab12cd34\""));
  EXPECT_THAT(*json, HasSubstr("\"vs_previous_month\": \"DIRECTION_WORSENED\""));
  EXPECT_THAT(*json, HasSubstr("\"status\": \"ROW_STATUS_NOT_YET_AVAILABLE\""));
  EXPECT_THAT(*json, HasSubstr("\"unit\": \"UNIT_RATE_PER_10000\""));
  EXPECT_THAT(*json, Not(HasSubstr("scorecardId")));
  EXPECT_EQ(json->back(), '\n');
}

// Any contract message, the card's way: scorecardctl prints publications with it.
TEST(ContractJsonTest, AnyMessageTheCardsWay) {
  v1::Publication publication;
  publication.set_scorecard_id("getting-to-good");
  publication.set_revision(2);
  absl::StatusOr<std::string> json = ContractJson(publication);
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_THAT(*json, HasSubstr("\"scorecard_id\": \"getting-to-good\""));
  EXPECT_THAT(*json, HasSubstr("\"revision\": \"2\""));
  EXPECT_THAT(*json, HasSubstr("\"reason\": \"REPUBLISH_REASON_UNSPECIFIED\""));  // every field
  EXPECT_EQ(json->back(), '\n');
  EXPECT_EQ(*ContractJson(testing::TestCard()), *ExportJson(testing::TestCard()));
}

}  // namespace
}  // namespace scorecard::aggregator
