#include "common/records/record_io.h"

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "common/records/proto_date.h"
#include "gtest/gtest.h"
#include "scorecard/safeguarding/v1/safeguarding_service.pb.h"

namespace scorecard {
namespace {

namespace sv1 = ::scorecard::safeguarding::v1;

class RecordIoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ("record_io_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto store = VersionedRecordStore::Open((dir_ / "s.sqlite").string());
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  static sv1::Referral MakeReferral(const std::string& authority, const std::string& id,
                                    int day) {
    sv1::Referral r;
    r.mutable_header()->set_authority(authority);
    r.mutable_header()->mutable_source()->set_system("lcs");
    r.mutable_header()->mutable_source()->set_id(id);
    r.set_child_id("C" + id);
    r.mutable_referral_date()->set_year(2016);
    r.mutable_referral_date()->set_month(5);
    r.mutable_referral_date()->set_day(day);
    return r;
  }

  std::filesystem::path dir_;
  std::unique_ptr<VersionedRecordStore> store_;
};

TEST_F(RecordIoTest, StoresByTypeAndReadsBack) {
  sv1::Referral a = MakeReferral("869", "1", 3);
  sv1::Referral b = MakeReferral("869", "2", 4);
  sv1::Contact c;
  c.mutable_header()->set_authority("869");
  c.mutable_header()->mutable_source()->set_system("lcs");
  c.mutable_header()->mutable_source()->set_id("1");  // same source id, different type
  c.set_child_id("C9");
  const google::protobuf::Message* batch[] = {&a, &b, &c};
  auto done = AppendRecords(*store_, batch);
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_EQ(done->new_versions(), 3);
  EXPECT_EQ(done->unchanged(), 0);
  ASSERT_EQ(done->data_versions_size(), 1);
  EXPECT_EQ(done->data_versions(0).authority(), "869");
  EXPECT_GT(done->data_versions(0).version(), 0);

  auto referrals = LoadCurrent<sv1::Referral>(*store_, "869", std::nullopt);
  ASSERT_TRUE(referrals.ok()) << referrals.status();
  ASSERT_EQ(referrals->size(), 2u);
  EXPECT_EQ((*referrals)[0].child_id(), "C1");
  EXPECT_EQ((*referrals)[1].referral_date().day(), 4);
  auto contacts = LoadCurrent<sv1::Contact>(*store_, "869", std::nullopt);
  ASSERT_TRUE(contacts.ok());
  ASSERT_EQ(contacts->size(), 1u);
  EXPECT_EQ((*contacts)[0].child_id(), "C9");
}

TEST_F(RecordIoTest, ResendingTheSameRecordIsUnchanged) {
  sv1::Referral a = MakeReferral("869", "1", 3);
  const google::protobuf::Message* batch[] = {&a};
  ASSERT_TRUE(AppendRecords(*store_, batch).ok());
  sv1::Referral again = MakeReferral("869", "1", 3);
  const google::protobuf::Message* resend[] = {&again};
  auto done = AppendRecords(*store_, resend);
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->new_versions(), 0);
  EXPECT_EQ(done->unchanged(), 1);
}

TEST_F(RecordIoTest, TombstoneRemovesAndAsAtStillSeesIt) {
  sv1::Referral a = MakeReferral("869", "1", 3);
  const google::protobuf::Message* batch[] = {&a};
  auto first = AppendRecords(*store_, batch);
  ASSERT_TRUE(first.ok());
  sv1::Referral gone = MakeReferral("869", "1", 3);
  gone.mutable_header()->set_deleted(true);
  const google::protobuf::Message* deletion[] = {&gone};
  ASSERT_TRUE(AppendRecords(*store_, deletion).ok());
  auto now = LoadCurrent<sv1::Referral>(*store_, "869", std::nullopt);
  ASSERT_TRUE(now.ok());
  EXPECT_TRUE(now->empty());
  auto then = LoadCurrent<sv1::Referral>(*store_, "869", FromProtoTimestamp(first->recorded_at()));
  ASSERT_TRUE(then.ok());
  EXPECT_EQ(then->size(), 1u);
}

TEST_F(RecordIoTest, RecordsInOneofsSkipsEmptyWrappers) {
  sv1::IngestRequest request;
  *request.add_records()->mutable_referral() = MakeReferral("869", "1", 3);
  request.add_records();  // nothing set
  request.add_records()->mutable_contact()->set_child_id("C2");
  auto records = RecordsInOneofs(request.records());
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0]->GetDescriptor()->full_name(), "scorecard.safeguarding.v1.Referral");
  EXPECT_EQ(records[1]->GetDescriptor()->full_name(), "scorecard.safeguarding.v1.Contact");
}

TEST_F(RecordIoTest, LoadCurrentIsOrderedBySourceIdWithLatestVersionsOnly) {
  // Stored out of order; "2" corrected, "3" deleted, "4" deleted and sent again.
  sv1::Referral r4 = MakeReferral("869", "4", 7);
  sv1::Referral r2 = MakeReferral("869", "2", 5);
  sv1::Referral r3 = MakeReferral("869", "3", 6);
  sv1::Referral r1 = MakeReferral("869", "1", 4);
  const google::protobuf::Message* first[] = {&r4, &r2, &r3, &r1};
  ASSERT_TRUE(AppendRecords(*store_, first).ok());
  // Read once before the changes, as a service does, so the next read also covers
  // records changed since the last one.
  ASSERT_TRUE(LoadCurrent<sv1::Referral>(*store_, "869", std::nullopt).ok());
  sv1::Referral r2_corrected = MakeReferral("869", "2", 25);
  sv1::Referral r3_gone = MakeReferral("869", "3", 6);
  r3_gone.mutable_header()->set_deleted(true);
  sv1::Referral r4_gone = MakeReferral("869", "4", 7);
  r4_gone.mutable_header()->set_deleted(true);
  const google::protobuf::Message* second[] = {&r2_corrected, &r3_gone, &r4_gone};
  ASSERT_TRUE(AppendRecords(*store_, second).ok());
  sv1::Referral r4_again = MakeReferral("869", "4", 28);
  const google::protobuf::Message* third[] = {&r4_again};
  ASSERT_TRUE(AppendRecords(*store_, third).ok());

  auto now = LoadCurrent<sv1::Referral>(*store_, "869", std::nullopt);
  ASSERT_TRUE(now.ok()) << now.status();
  std::vector<std::pair<std::string, int>> ids_and_days;
  for (const sv1::Referral& r : *now) {
    ids_and_days.emplace_back(r.header().source().id(), r.referral_date().day());
  }
  EXPECT_EQ(ids_and_days,
            (std::vector<std::pair<std::string, int>>{{"1", 4}, {"2", 25}, {"4", 28}}));
}

TEST_F(RecordIoTest, LoadCurrentNamesTheRecordThatDoesNotParse) {
  // Not a protobuf message: field 1 says 5 bytes follow, none do.
  const RecordWrite broken[] = {{RecordKey{"869", "scorecard.safeguarding.v1.Referral", "lcs",
                                           "R-7"},
                                 /*deleted=*/false, std::string("\x0a\x05", 2)}};
  ASSERT_TRUE(store_->Append(broken).ok());
  auto loaded = LoadCurrent<sv1::Referral>(*store_, "869", std::nullopt);
  EXPECT_EQ(loaded.status(), absl::DataLossError("stored scorecard.safeguarding.v1.Referral "
                                                 "lcs/R-7 does not parse"));
}

}  // namespace
}  // namespace scorecard
