#include "tools/seed_card/seed_generator.h"

#include <map>
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
  for (const LateRecords& late : Data().late) {
    safeguarding::v1::IngestRequest batch;
    for (const auto& r : late.safeguarding) *batch.add_records() = r;
    s = safeguarding::ValidateSafeguardingBatch(batch);
    EXPECT_TRUE(s.ok()) << FormatMonth(late.run) << ": " << s.message().substr(0, 2000);
  }
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
  ASSERT_EQ(again->late.size(), Data().late.size());
  for (size_t run = 0; run < Data().late.size(); ++run) {
    ASSERT_EQ(again->late[run].run, Data().late[run].run);
    ASSERT_EQ(again->late[run].safeguarding.size(), Data().late[run].safeguarding.size());
    for (size_t i = 0; i < Data().late[run].safeguarding.size(); ++i) {
      ASSERT_EQ(again->late[run].safeguarding[i].SerializeAsString(),
                Data().late[run].safeguarding[i].SerializeAsString())
          << run << " " << i;
    }
  }
}

// The late records of a run: per kind, how many arrive and how many are withdrawn, and
// whether every one is dated in the month before the run.
struct LateCount {
  int arrived = 0;
  int withdrawn = 0;
};
std::map<std::string, LateCount> CountLate(const LateRecords& late, bool* dated_month_before) {
  std::map<std::string, LateCount> out;
  const Month before = late.run - 1;
  auto count = [&](const std::string& kind, const common::v1::RecordHeader& header,
                   const common::v1::Date& date) {
    LateCount& c = out[kind];
    (header.deleted() ? c.withdrawn : c.arrived) += 1;
    if (date.year() != before.year() || date.month() != before.month()) *dated_month_before = false;
  };
  for (const auto& r : late.safeguarding) {
    if (r.has_referral()) {
      count("referral", r.referral().header(), r.referral().referral_date());
    } else if (r.has_contact()) {
      count("contact", r.contact().header(), r.contact().contact_date());
    } else if (r.has_section47()) {
      count("section47", r.section47().header(), r.section47().strategy_discussion_date());
    } else {
      ADD_FAILURE() << "a late record of another kind: " << r.ShortDebugString().substr(0, 200);
    }
  }
  return out;
}

TEST(SeedGeneratorTest, LateRecordsMakeEachRunsYearToDate) {
  // Worked from the card. Before May's run: referrals to May 259 - May's 129 - April's
  // 118 = 12 late April referrals; enquiries 94 - 50 - 38 = 6; contacts 717 - 419 - 298 = 0.
  // Before November's: referrals 1074 - 117 - 958 = -1, one October referral withdrawn;
  // enquiries 348 - 36 - 302 = 10; contacts 3496 - 541 - 2951 = 4.
  std::map<Month, const LateRecords*> by_run;
  for (const LateRecords& late : Data().late) by_run[late.run] = &late;
  ASSERT_EQ(by_run.count(Month(2016, 5)), 1u);
  ASSERT_EQ(by_run.count(Month(2016, 11)), 1u);
  bool dated_month_before = true;
  std::map<std::string, LateCount> may = CountLate(*by_run[Month(2016, 5)], &dated_month_before);
  EXPECT_EQ(may["referral"].arrived, 12);
  EXPECT_EQ(may["section47"].arrived, 6);
  EXPECT_EQ(may["contact"].arrived + may["contact"].withdrawn, 0);
  std::map<std::string, LateCount> november =
      CountLate(*by_run[Month(2016, 11)], &dated_month_before);
  EXPECT_EQ(november["referral"].arrived, 0);
  EXPECT_EQ(november["referral"].withdrawn, 1);
  EXPECT_EQ(november["section47"].arrived, 10);
  EXPECT_EQ(november["contact"].arrived, 4);
  for (const LateRecords& late : Data().late) CountLate(late, &dated_month_before);
  EXPECT_TRUE(dated_month_before);
}

TEST(SeedGeneratorTest, AWithdrawalIsATombstoneOfAnEarlierRecordNoOtherNeeds) {
  std::map<std::string, const safeguarding::v1::SafeguardingRecord*> first_run;
  for (const auto& r : Data().safeguarding) {
    if (r.has_referral()) first_run["referral/" + r.referral().header().source().id()] = &r;
    if (r.has_section47()) first_run["section47/" + r.section47().header().source().id()] = &r;
  }
  int tombstones = 0;
  for (const LateRecords& late : Data().late) {
    for (const auto& r : late.safeguarding) {
      if (!(r.has_referral() ? r.referral().header().deleted()
                             : r.has_section47() && r.section47().header().deleted())) {
        continue;
      }
      ++tombstones;
      const std::string key =
          r.has_referral() ? "referral/" + r.referral().header().source().id()
                           : "section47/" + r.section47().header().source().id();
      auto it = first_run.find(key);
      ASSERT_NE(it, first_run.end()) << key << " withdrawn but never sent";
      safeguarding::v1::SafeguardingRecord undeleted = r;
      if (undeleted.has_referral()) undeleted.mutable_referral()->mutable_header()->clear_deleted();
      if (undeleted.has_section47()) {
        undeleted.mutable_section47()->mutable_header()->clear_deleted();
      }
      EXPECT_EQ(undeleted.SerializeAsString(), it->second->SerializeAsString()) << key;
      // A withdrawn enquiry held no conference: the conference rows stay as published.
      if (r.has_section47()) {
        EXPECT_FALSE(r.section47().has_icpc_date()) << key;
      }
    }
  }
  // June's run (an enquiry of May), November's and December's (a referral each).
  EXPECT_EQ(tombstones, 3);
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
