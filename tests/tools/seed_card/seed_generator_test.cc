#include "tools/seed_card/seed_generator.h"

#include <set>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/placement/placement_records.h"
#include "services/safeguarding/safeguarding_records.h"
#include "services/workforce/workforce_records.h"

namespace scorecard::seed_card {
namespace {

using ::testing::HasSubstr;

constexpr char kCard[] = SCORECARD_SOURCE_DIR "/tests/data/getting-to-good-2016-17.csv";

const PublishedCard& Card() {
  static const PublishedCard* const card = [] {
    absl::StatusOr<PublishedCard> read = ReadPublishedCard(kCard);
    EXPECT_TRUE(read.ok()) << read.status();
    return new PublishedCard(read.value_or(PublishedCard()));
  }();
  return *card;
}

// The default data set, generated once for the suite.
const SeedData& Data() {
  static const SeedData* const data = [] {
    absl::StatusOr<SeedData> made = GenerateSeed(Card(), SeedOptions());
    EXPECT_TRUE(made.ok()) << made.status();
    return new SeedData(made.value_or(SeedData()));
  }();
  return *data;
}

TEST(SeedGeneratorTest, PassesTheServicesIngestValidation) {
  safeguarding::v1::IngestRequest safeguarding;
  for (const auto& r : Data().safeguarding) *safeguarding.add_records() = r;
  absl::Status s = safeguarding::ValidateSafeguardingBatch(safeguarding);
  EXPECT_TRUE(s.ok()) << s.message().substr(0, 2000);
  placement::v1::IngestRequest placement;
  for (const auto& r : Data().placement) *placement.add_records() = r;
  s = placement::ValidatePlacementBatch(placement);
  EXPECT_TRUE(s.ok()) << s.message().substr(0, 2000);
  workforce::v1::IngestRequest workforce;
  for (const auto& r : Data().workforce) *workforce.add_records() = r;
  s = workforce::ValidateWorkforceBatch(workforce);
  EXPECT_TRUE(s.ok()) << s.message().substr(0, 2000);
}

TEST(SeedGeneratorTest, IsDeterministic) {
  absl::StatusOr<SeedData> again = GenerateSeed(Card(), SeedOptions());
  ASSERT_TRUE(again.ok()) << again.status();
  ASSERT_EQ(again->safeguarding.size(), Data().safeguarding.size());
  ASSERT_EQ(again->placement.size(), Data().placement.size());
  ASSERT_EQ(again->workforce.size(), Data().workforce.size());
  for (size_t i = 0; i < Data().safeguarding.size(); ++i) {
    ASSERT_EQ(again->safeguarding[i].SerializeAsString(), Data().safeguarding[i].SerializeAsString()) << i;
  }
  for (size_t i = 0; i < Data().placement.size(); ++i) {
    ASSERT_EQ(again->placement[i].SerializeAsString(), Data().placement[i].SerializeAsString()) << i;
  }
  for (size_t i = 0; i < Data().workforce.size(); ++i) {
    ASSERT_EQ(again->workforce[i].SerializeAsString(), Data().workforce[i].SerializeAsString()) << i;
  }
}

TEST(SeedGeneratorTest, SourceKeysAreUniqueAndNothingIsDatedAfterTheYear) {
  std::set<std::string> keys;
  auto key = [&](const std::string& domain, const auto& wrapper) {
    const google::protobuf::Message* record = nullptr;
    const auto* kind = wrapper.GetDescriptor()->FindOneofByName("kind");
    const auto* field = wrapper.GetReflection()->GetOneofFieldDescriptor(wrapper, kind);
    record = &wrapper.GetReflection()->GetMessage(wrapper, field);
    const auto* header = record->GetDescriptor()->FindFieldByName("header");
    const auto& h = static_cast<const common::v1::RecordHeader&>(
        record->GetReflection()->GetMessage(*record, header));
    EXPECT_EQ(h.authority(), "869");
    EXPECT_EQ(h.source().system(), kSourceSystem);
    EXPECT_TRUE(keys.insert(domain + "/" + field->name() + "/" + h.source().id()).second)
        << domain << " " << field->name() << " " << h.source().id();
  };
  for (const auto& r : Data().safeguarding) key("safeguarding", r);
  for (const auto& r : Data().placement) key("placement", r);
  for (const auto& r : Data().workforce) key("workforce", r);
  // The year ends on 31 March 2017: an extract then knows nothing later.
  for (const auto& r : Data().placement) {
    if (r.has_episode() && r.episode().has_end_date()) {
      EXPECT_LE(r.episode().end_date().year() * 100 + r.episode().end_date().month(), 201703);
    }
  }
  for (const auto& r : Data().safeguarding) {
    if (r.has_cp_plan() && r.cp_plan().has_end_date()) {
      EXPECT_LE(r.cp_plan().end_date().year() * 100 + r.cp_plan().end_date().month(), 201703);
    }
  }
}

TEST(SeedGeneratorTest, CarriesAPopulationTheRatesAllow) {
  // CIN 1,076 at 302 per 10,000 needs 35,571 to 35,688; CP 147 at 41 and LAC 165 at 46 do
  // not narrow it; CIN 956 at 269 needs at most 35,605 (956 / 268.5).
  EXPECT_GE(Data().population, 35571);
  EXPECT_LE(Data().population, 35605);
  int found = 0;
  for (const auto& r : Data().safeguarding) {
    if (r.has_population()) {
      ++found;
      EXPECT_EQ(r.population().population_0_17(), Data().population);
      EXPECT_EQ(r.population().year(), 2016);
    }
  }
  EXPECT_EQ(found, 1);
}

TEST(SeedGeneratorTest, NamesAMissingRow) {
  PublishedCard card = Card();
  card.rows.erase(card.rows.begin());  // "Starters - during the month"
  absl::StatusOr<SeedData> data = GenerateSeed(card, SeedOptions());
  ASSERT_EQ(data.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(data.status().message(), HasSubstr("Starters - during the month"));
}

TEST(SeedGeneratorTest, NeedsACardStartingInApril) {
  PublishedCard card = Card();
  card.months.erase(card.months.begin());
  EXPECT_EQ(GenerateSeed(card, SeedOptions()).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace scorecard::seed_card
