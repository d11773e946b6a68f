#include "tools/seed_card/published_card.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/seed_card/csv_table.h"

namespace scorecard::seed_card {
namespace {

using ::testing::HasSubstr;

constexpr char kSmallCard[] =
    "section,measure,basis,unit,2016-04,2016-05\n"
    "context-volume,\"Referrals - per 10,000 population\",rolling-12-months,rate_per_10000,398,\n"
    "objective-1-workforce,Sickness,quarter,days,,312.5\r\n";

TEST(PublishedCardTest, ParsesRowsCellsAndMonths) {
  absl::StatusOr<PublishedCard> card = ParsePublishedCard(kSmallCard);
  ASSERT_TRUE(card.ok()) << card.status();
  ASSERT_EQ(card->months.size(), 2u);
  EXPECT_EQ(card->months[1], Month(2016, 5));
  EXPECT_EQ(card->Column(Month(2016, 5)), 1);
  EXPECT_EQ(card->Column(Month(2016, 6)), -1);
  const PublishedRow* rate = card->Find("context-volume", "Referrals - per 10,000 population");
  ASSERT_NE(rate, nullptr);
  EXPECT_EQ(rate->unit, "rate_per_10000");
  EXPECT_EQ(rate->Value(0), 398);
  EXPECT_EQ(rate->Value(1), std::nullopt);
  const PublishedRow* sickness = card->Find("objective-1-workforce", "Sickness");
  ASSERT_NE(sickness, nullptr);
  EXPECT_EQ(sickness->cells[1], "312.5");
  EXPECT_EQ(card->Find("context-volume", "Sickness"), nullptr);
}

TEST(PublishedCardTest, RejectsMalformedCardsNamingLineAndColumn) {
  const std::pair<const char*, const char*> cases[] = {
      {"sect,measure,basis,unit,2016-04\n", "line 1"},
      {"section,measure,basis,unit,2016-04,2016-06\n", "consecutive"},
      {"section,measure,basis,unit,2016-13\n", "column 5"},
      {"section,measure,basis,unit,2016-04\na,b,month,count\n", "line 2: 4 fields"},
      {"section,measure,basis,unit,2016-04\na,b,month,count,12%\n", "line 2, column 5"},
      {"section,measure,basis,unit,2016-04\na,b,month,count,1\na,b,ytd,count,2\n", "twice"},
  };
  for (const auto& [csv, expected] : cases) {
    absl::StatusOr<PublishedCard> card = ParsePublishedCard(csv);
    ASSERT_FALSE(card.ok()) << csv;
    EXPECT_THAT(card.status().message(), HasSubstr(expected)) << csv;
  }
}

TEST(PublishedCardTest, ReadsTheProjectsCopyOfTheCard) {
  absl::StatusOr<PublishedCard> card =
      ReadPublishedCard(SCORECARD_SOURCE_DIR "/tests/data/getting-to-good-2016-17.csv");
  ASSERT_TRUE(card.ok()) << card.status();
  EXPECT_EQ(card->rows.size(), 61u);
  ASSERT_EQ(card->months.size(), 10u);
  EXPECT_EQ(card->months.front(), Month(2016, 4));
  EXPECT_EQ(card->months.back(), Month(2017, 1));
  const PublishedRow* cp = card->Find("context-volume", "CP Plan Numbers");
  ASSERT_NE(cp, nullptr);
  EXPECT_EQ(cp->Value(0), 147);
  EXPECT_EQ(cp->Value(9), std::nullopt);  // January 2017 was not published
}

TEST(PublishedCardTest, ReportsAMissingFile) {
  absl::StatusOr<PublishedCard> card = ReadPublishedCard("/nonexistent/card.csv");
  EXPECT_EQ(card.status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace scorecard::seed_card
