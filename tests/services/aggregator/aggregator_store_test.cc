#include "services/aggregator/aggregator_store.h"

#include "common/records/proto_date.h"
#include "gtest/gtest.h"
#include "tests/common/store/scoped_temp_dir.h"

namespace scorecard::aggregator {
namespace {

class AggregatorStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(dir_.ok());
    absl::StatusOr<std::unique_ptr<VersionedRecordStore>> records =
        VersionedRecordStore::Open(dir_.File("aggregator.sqlite"));
    ASSERT_TRUE(records.ok()) << records.status();
    records_ = *std::move(records);
    store_ = std::make_unique<AggregatorStore>(records_.get());
  }

  static v1::LocalValue Entry(Month month, std::optional<double> value) {
    v1::LocalValue entry;
    entry.set_authority("869");
    entry.set_measure_id("local.pilot_families");
    *entry.mutable_month() = ToProtoMonth(month);
    if (value) entry.set_value(*value);
    return entry;
  }

  ScopedTempDir dir_;
  std::unique_ptr<VersionedRecordStore> records_;
  std::unique_ptr<AggregatorStore> store_;
};

TEST_F(AggregatorStoreTest, LocalValuesAreVersionedAndReadAsAt) {
  absl::StatusOr<v1::LocalValue> first = store_->EnterLocalValue(Entry(Month(2016, 4), 15), "admin");
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->revision(), 1);
  EXPECT_EQ(first->entered_by(), "admin");
  const absl::Time after_first = FromProtoTimestamp(first->entered_at());

  // Entering the same value again changes nothing.
  absl::StatusOr<v1::LocalValue> again = store_->EnterLocalValue(Entry(Month(2016, 4), 15), "admin");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->revision(), 1);

  absl::StatusOr<v1::LocalValue> corrected =
      store_->EnterLocalValue(Entry(Month(2016, 4), 16), "performance-team");
  ASSERT_TRUE(corrected.ok());
  EXPECT_EQ(corrected->revision(), 2);
  EXPECT_EQ(corrected->entered_by(), "performance-team");

  absl::StatusOr<LocalValues> now = store_->ReadLocalValues("869", std::nullopt);
  ASSERT_TRUE(now.ok());
  EXPECT_EQ(now->at("local.pilot_families").at(Month(2016, 4)), 16);
  absl::StatusOr<LocalValues> then = store_->ReadLocalValues("869", after_first);
  ASSERT_TRUE(then.ok());
  EXPECT_EQ(then->at("local.pilot_families").at(Month(2016, 4)), 15);
  // Another authority sees none of it.
  EXPECT_TRUE(store_->ReadLocalValues("870", std::nullopt)->empty());

  // Withdrawn: the month has no value, and the measure none at all.
  ASSERT_TRUE(store_->EnterLocalValue(Entry(Month(2016, 4), std::nullopt), "admin").ok());
  EXPECT_TRUE(store_->ReadLocalValues("869", std::nullopt)->empty());
}

TEST_F(AggregatorStoreTest, DataVersionMovesWithTheAuthoritysAndNationalWrites) {
  const int64_t start = store_->DataVersion("869");
  ASSERT_TRUE(store_->EnterLocalValue(Entry(Month(2016, 4), 15), "admin").ok());
  const int64_t after_local = store_->DataVersion("869");
  EXPECT_GT(after_local, start);
  v1::ReferenceValue national;
  national.set_comparator_key("cin-rate");
  national.set_source("england");
  national.set_period("2016-17");
  national.set_value(330.4);
  absl::StatusOr<v1::LoadReferenceValuesResponse> loaded = store_->LoadReferenceValues({national});
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->new_versions(), 1);
  EXPECT_GT(store_->DataVersion("869"), after_local);
  EXPECT_GT(store_->DataVersion("870"), 0);
  // Reloading the same figure is unchanged and moves nothing.
  const int64_t before_reload = store_->DataVersion("869");
  EXPECT_EQ(store_->LoadReferenceValues({national})->unchanged(), 1);
  EXPECT_EQ(store_->DataVersion("869"), before_reload);
  absl::StatusOr<ComparatorTable> table = store_->ReadComparators("869", std::nullopt);
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(table->For("cin-rate", Month(2016, 7)).at(0).value(), 330.4);
}

TEST_F(AggregatorStoreTest, PublicationsKeepEveryRevision) {
  v1::Publication publication;
  publication.set_authority("869");
  publication.set_scorecard_id("getting-to-good");
  *publication.mutable_month() = ToProtoMonth(Month(2017, 4));
  publication.set_published_by("admin");
  publication.mutable_card()->set_title("first");
  absl::StatusOr<v1::Publication> first = store_->AppendPublication(publication);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->revision(), 1);
  EXPECT_TRUE(first->has_published_at());
  publication.mutable_card()->set_title("second");
  publication.set_reason(v1::REPUBLISH_REASON_DATA_CORRECTION);
  absl::StatusOr<v1::Publication> second = store_->AppendPublication(publication);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->revision(), 2);

  absl::StatusOr<std::vector<v1::Publication>> history =
      store_->PublicationHistory("869", "getting-to-good", Month(2017, 4));
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].card().title(), "first");
  EXPECT_EQ((*history)[1].card().title(), "second");
  EXPECT_TRUE(store_->PublicationHistory("869", "getting-to-good", Month(2017, 5))->empty());

  *publication.mutable_month() = ToProtoMonth(Month(2017, 3));
  ASSERT_TRUE(store_->AppendPublication(publication).ok());
  absl::StatusOr<std::vector<v1::Publication>> latest =
      store_->ListPublications("869", "getting-to-good", /*with_history=*/false);
  ASSERT_TRUE(latest.ok());
  ASSERT_EQ(latest->size(), 2u);  // March, then April's latest revision
  EXPECT_EQ((*latest)[0].month().month(), 3);
  EXPECT_EQ((*latest)[1].revision(), 2);
  EXPECT_EQ(store_->ListPublications("869", "", /*with_history=*/true)->size(), 3u);
  EXPECT_TRUE(store_->ListPublications("869", "other-card", false)->empty());
}

}  // namespace
}  // namespace scorecard::aggregator
