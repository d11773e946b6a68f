// LoadCurrent<T>'s decoded-record cache: a kind is parsed again only after an Append
// changed it, and a load never returns records older than the last committed Append.
#include "common/store/decoded_cache.h"

#include <atomic>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "common/records/proto_date.h"
#include "common/records/record_io.h"
#include "common/records/record_list_diff.h"
#include "gtest/gtest.h"
#include "scorecard/safeguarding/v1/safeguarding_service.pb.h"
#include "tests/common/store/reopen_store.h"
#include "tests/common/store/scoped_temp_dir.h"

namespace scorecard {
namespace {

namespace sv1 = ::scorecard::safeguarding::v1;

template <typename RecordProto>
RecordProto Make(const std::string& authority, const std::string& id, const std::string& child_id) {
  RecordProto r;
  r.mutable_header()->set_authority(authority);
  r.mutable_header()->mutable_source()->set_system("lcs");
  r.mutable_header()->mutable_source()->set_id(id);
  r.set_child_id(child_id);
  return r;
}

template <typename RecordProto>
std::vector<std::string> ChildIds(const RecordList<RecordProto>& list) {
  std::vector<std::string> ids;
  for (const RecordProto& r : list) ids.push_back(r.child_id());
  return ids;
}

class DecodedCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(dir_.ok());
    Open(RecordStoreOptions().decoded_cache_max_bytes);
  }

  void Open(size_t decoded_cache_max_bytes) {
    const absl::Status opened =
        ReopenStore(dir_.File("records.db"), decoded_cache_max_bytes, store_);
    ASSERT_TRUE(opened.ok()) << opened;
  }

  template <typename... RecordProtos>
  void Append(const RecordProtos&... records) {
    const google::protobuf::Message* batch[] = {&records...};
    auto done = AppendRecords(*store_, batch);
    ASSERT_TRUE(done.ok()) << done.status();
  }

  template <typename RecordProto>
  RecordList<RecordProto> Load(const std::string& authority,
                               std::optional<absl::Time> as_at = std::nullopt) {
    auto loaded = LoadCurrent<RecordProto>(*store_, authority, as_at);
    EXPECT_TRUE(loaded.ok()) << loaded.status();
    return loaded.ok() ? *std::move(loaded) : RecordList<RecordProto>();
  }

  ScopedTempDir dir_;
  std::unique_ptr<VersionedRecordStore> store_;
};

TEST_F(DecodedCacheTest, UnchangedKindIsNotParsedAgain) {
  Append(Make<sv1::Referral>("869", "1", "C1"), Make<sv1::Referral>("869", "2", "C2"));
  const RecordList<sv1::Referral> first = Load<sv1::Referral>("869");
  const RecordList<sv1::Referral> second = Load<sv1::Referral>("869");
  EXPECT_EQ(ChildIds(second), (std::vector<std::string>{"C1", "C2"}));
  EXPECT_TRUE(second.SharesRecordsWith(first));
}

TEST_F(DecodedCacheTest, AppendIsSeenByTheNextLoad) {
  Append(Make<sv1::Referral>("869", "1", "C1"));
  const RecordList<sv1::Referral> before = Load<sv1::Referral>("869");
  ASSERT_EQ(ChildIds(before), (std::vector<std::string>{"C1"}));

  // A new key and a correction of the old one.
  Append(Make<sv1::Referral>("869", "2", "C2"), Make<sv1::Referral>("869", "1", "C1-corrected"));
  const RecordList<sv1::Referral> after = Load<sv1::Referral>("869");
  EXPECT_EQ(ChildIds(after), (std::vector<std::string>{"C1-corrected", "C2"}));
  EXPECT_FALSE(after.SharesRecordsWith(before));
  // The earlier list is untouched.
  EXPECT_EQ(ChildIds(before), (std::vector<std::string>{"C1"}));
}

TEST_F(DecodedCacheTest, AReloadParsesOnlyChangedKeysAndSharesTheRest) {
  Append(Make<sv1::Referral>("869", "1", "C1"), Make<sv1::Referral>("869", "2", "C2"),
         Make<sv1::Referral>("869", "3", "C3"), Make<sv1::Referral>("869", "4", "C4"),
         Make<sv1::Referral>("869", "5", "C5"), Make<sv1::Referral>("869", "6", "C6"),
         Make<sv1::Referral>("869", "7", "C7"));
  const RecordList<sv1::Referral> before = Load<sv1::Referral>("869");
  ASSERT_EQ(before.size(), 7u);

  // Key 2 corrected, keys 3 and 5 withdrawn, key 25 new (between 2 and 3), key 9 new at the
  // end.
  const auto withdraw = [](const std::string& id) {
    return RecordWrite{RecordKey{"869", sv1::Referral::descriptor()->full_name(), "lcs", id},
                       /*deleted=*/true, ""};
  };
  Append(Make<sv1::Referral>("869", "2", "C2-corrected"), Make<sv1::Referral>("869", "25", "C25"),
         Make<sv1::Referral>("869", "9", "C9"));
  ASSERT_TRUE(store_->Append({withdraw("3"), withdraw("5")}).ok());
  const RecordList<sv1::Referral> after = Load<sv1::Referral>("869");
  EXPECT_EQ(ChildIds(after),
            (std::vector<std::string>{"C1", "C2-corrected", "C25", "C4", "C6", "C7", "C9"}));
  EXPECT_EQ(&after[0], &before[0]);  // Key 1 unchanged: the same object, not parsed again.
  EXPECT_NE(&after[1], &before[1]);  // Key 2's new version.
  EXPECT_EQ(&after[3], &before[3]);  // Key 4, next to the withdrawn keys 3 and 5.
  EXPECT_EQ(&after[4], &before[5]);  // Keys 6 and 7.
  EXPECT_EQ(&after[5], &before[6]);
  EXPECT_EQ(ChildIds(before),
            (std::vector<std::string>{"C1", "C2", "C3", "C4", "C5", "C6", "C7"}));

  const RecordListDiff<sv1::Referral> diff = DiffRecordLists(before, after);
  std::vector<std::string> added, removed;
  for (const sv1::Referral* r : diff.added) added.push_back(r->child_id());
  for (const sv1::Referral* r : diff.removed) removed.push_back(r->child_id());
  EXPECT_EQ(added, (std::vector<std::string>{"C2-corrected", "C25", "C9"}));
  EXPECT_EQ(removed, (std::vector<std::string>{"C2", "C3", "C5"}));
  EXPECT_TRUE(DiffRecordLists(after, Load<sv1::Referral>("869")).empty());
}

TEST_F(DecodedCacheTest, SharedRecordsOutliveTheListsTheyCameFrom) {
  Append(Make<sv1::Referral>("869", "1", "C1"), Make<sv1::Referral>("869", "2", "C2"),
         Make<sv1::Referral>("869", "3", "C3"));
  RecordList<sv1::Referral> latest = Load<sv1::Referral>("869");
  const sv1::Referral* const first = &latest[0];
  // Each write replaces key 3; the lists before are dropped at once.
  Append(Make<sv1::Referral>("869", "3", "C3-v0"));
  latest = Load<sv1::Referral>("869");
  EXPECT_EQ(&latest[0], first);  // Shared: one replaced record against three current.
  EXPECT_EQ(latest.SharedArenas(), 1u);
  Append(Make<sv1::Referral>("869", "3", "C3-v1"));
  latest = Load<sv1::Referral>("869");
  EXPECT_EQ(&latest[0], first);  // Two replaced, three current.
  for (int i = 2; i < 20; ++i) {
    Append(Make<sv1::Referral>("869", "3", "C3-v" + std::to_string(i)));
    latest = Load<sv1::Referral>("869");
  }
  EXPECT_EQ(ChildIds(latest), (std::vector<std::string>{"C1", "C2", "C3-v19"}));
  // Replaced records would outnumber current ones: reloads start afresh now and then
  // rather than keeping every replaced record allocated.
  EXPECT_NE(&latest[0], first);
  EXPECT_LE(latest.SharedArenas(), 3u);
}

TEST_F(DecodedCacheTest, AMostlyChangedKindIsParsedAfresh) {
  Append(Make<sv1::Referral>("869", "1", "C1"), Make<sv1::Referral>("869", "2", "C2"),
         Make<sv1::Referral>("869", "3", "C3"));
  const RecordList<sv1::Referral> before = Load<sv1::Referral>("869");
  Append(Make<sv1::Referral>("869", "1", "X1"), Make<sv1::Referral>("869", "2", "X2"));
  const RecordList<sv1::Referral> after = Load<sv1::Referral>("869");
  EXPECT_EQ(ChildIds(after), (std::vector<std::string>{"X1", "X2", "C3"}));
  EXPECT_EQ(after.SharedArenas(), 0u);  // Under half shared: nothing borrowed.
  EXPECT_NE(&after[2], &before[2]);
}

TEST_F(DecodedCacheTest, ResendingTheSameRecordKeepsTheCache) {
  const sv1::Referral referral = Make<sv1::Referral>("869", "1", "C1");
  Append(referral);
  const RecordList<sv1::Referral> before = Load<sv1::Referral>("869");
  Append(referral);  // Unchanged: adds no version.
  EXPECT_TRUE(Load<sv1::Referral>("869").SharesRecordsWith(before));
}

TEST_F(DecodedCacheTest, TombstoneIsSeenByTheNextLoad) {
  Append(Make<sv1::Referral>("869", "1", "C1"), Make<sv1::Referral>("869", "2", "C2"));
  ASSERT_EQ(Load<sv1::Referral>("869").size(), 2u);
  const RecordWrite tombstone{
      RecordKey{"869", sv1::Referral::descriptor()->full_name(), "lcs", "1"},
      /*deleted=*/true, ""};
  ASSERT_TRUE(store_->Append({tombstone}).ok());
  EXPECT_EQ(ChildIds(Load<sv1::Referral>("869")), (std::vector<std::string>{"C2"}));
}

TEST_F(DecodedCacheTest, OnlyTheChangedKindIsParsedAgain) {
  Append(Make<sv1::Referral>("869", "1", "C1"), Make<sv1::Contact>("869", "1", "K1"));
  const RecordList<sv1::Referral> referrals = Load<sv1::Referral>("869");
  const RecordList<sv1::Contact> contacts = Load<sv1::Contact>("869");

  Append(Make<sv1::Contact>("869", "2", "K2"));
  EXPECT_TRUE(Load<sv1::Referral>("869").SharesRecordsWith(referrals));
  const RecordList<sv1::Contact> contacts_after = Load<sv1::Contact>("869");
  EXPECT_FALSE(contacts_after.SharesRecordsWith(contacts));
  EXPECT_EQ(ChildIds(contacts_after), (std::vector<std::string>{"K1", "K2"}));
}

TEST_F(DecodedCacheTest, OtherAuthoritiesWritesKeepTheCache) {
  Append(Make<sv1::Referral>("869", "1", "C1"));
  const RecordList<sv1::Referral> before = Load<sv1::Referral>("869");
  Append(Make<sv1::Referral>("870", "1", "D1"));
  EXPECT_TRUE(Load<sv1::Referral>("869").SharesRecordsWith(before));
  EXPECT_EQ(ChildIds(Load<sv1::Referral>("870")), (std::vector<std::string>{"D1"}));
}

TEST_F(DecodedCacheTest, AsAtReadsAreParsedEachTimeAndSeeTheirInstant) {
  const sv1::Referral first = Make<sv1::Referral>("869", "1", "C1");
  const google::protobuf::Message* batch[] = {&first};
  auto done = AppendRecords(*store_, batch);
  ASSERT_TRUE(done.ok()) << done.status();
  const absl::Time first_batch = FromProtoTimestamp(done->recorded_at());
  const RecordList<sv1::Referral> now = Load<sv1::Referral>("869");
  Append(Make<sv1::Referral>("869", "2", "C2"));
  const RecordList<sv1::Referral> then = Load<sv1::Referral>("869", first_batch);
  EXPECT_EQ(ChildIds(then), (std::vector<std::string>{"C1"}));
  EXPECT_FALSE(then.SharesRecordsWith(now));
  EXPECT_FALSE(Load<sv1::Referral>("869", first_batch).SharesRecordsWith(then));
}

TEST_F(DecodedCacheTest, ZeroBudgetKeepsNothing) {
  Open(0);
  ASSERT_EQ(store_->decoded_cache(), nullptr);
  Append(Make<sv1::Referral>("869", "1", "C1"));
  const RecordList<sv1::Referral> first = Load<sv1::Referral>("869");
  EXPECT_FALSE(Load<sv1::Referral>("869").SharesRecordsWith(first));
}

TEST_F(DecodedCacheTest, LeastRecentlyUsedAuthorityIsEvicted) {
  for (const char* authority : {"869", "870", "871"}) {
    Append(Make<sv1::Referral>(authority, "1", "C1"), Make<sv1::Referral>(authority, "2", "C2"));
  }
  // The size one authority's referrals take in the cache (all three are alike).
  Load<sv1::Referral>("869");
  const size_t one_authority = store_->decoded_cache()->bytes();
  ASSERT_GT(one_authority, 0u);

  Open(2 * one_authority);  // Room for two authorities.
  const RecordList<sv1::Referral> a869 = Load<sv1::Referral>("869");
  const RecordList<sv1::Referral> a870 = Load<sv1::Referral>("870");
  EXPECT_TRUE(Load<sv1::Referral>("869").SharesRecordsWith(a869));    // 870 now least recent.
  const RecordList<sv1::Referral> a871 = Load<sv1::Referral>("871");  // Evicts 870.
  EXPECT_EQ(store_->decoded_cache()->authorities(), 2u);
  EXPECT_TRUE(Load<sv1::Referral>("869").SharesRecordsWith(a869));
  EXPECT_TRUE(Load<sv1::Referral>("871").SharesRecordsWith(a871));
  const RecordList<sv1::Referral> reloaded = Load<sv1::Referral>("870");
  EXPECT_FALSE(reloaded.SharesRecordsWith(a870));
  // An evicted list stays valid for whoever still holds it.
  EXPECT_EQ(ChildIds(a870), (std::vector<std::string>{"C1", "C2"}));
  EXPECT_EQ(ChildIds(reloaded), (std::vector<std::string>{"C1", "C2"}));
}

TEST_F(DecodedCacheTest, LoadsDuringAppendsNeverMissACommittedAppend) {
  constexpr int kAppends = 40;
  std::atomic<int> committed{0};  // Appends known to be committed.
  std::thread writer([&] {
    for (int i = 0; i < kAppends; ++i) {
      const sv1::Referral r = Make<sv1::Referral>("869", "R" + std::to_string(100 + i), "C");
      const google::protobuf::Message* batch[] = {&r};
      ASSERT_TRUE(AppendRecords(*store_, batch).ok());
      committed.store(i + 1);
    }
  });
  int stale_or_failed = 0;
  for (int loads = 0; committed.load() < kAppends && loads < 100000; ++loads) {
    const int at_least = committed.load();  // Read before the load starts.
    auto loaded = LoadCurrent<sv1::Referral>(*store_, "869", std::nullopt);
    if (!loaded.ok() || static_cast<int>(loaded->size()) < at_least) ++stale_or_failed;
  }
  writer.join();
  EXPECT_EQ(stale_or_failed, 0);
  EXPECT_EQ(Load<sv1::Referral>("869").size(), static_cast<size_t>(kAppends));
}

}  // namespace
}  // namespace scorecard
