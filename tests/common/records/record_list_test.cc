#include "common/records/record_list.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "scorecard/safeguarding/v1/safeguarding_service.pb.h"

namespace scorecard {
namespace {

namespace sv1 = ::scorecard::safeguarding::v1;

sv1::Referral Referral(const std::string& child_id) {
  sv1::Referral r;
  r.set_child_id(child_id);
  return r;
}

std::vector<std::string> ChildIds(const RecordList<sv1::Referral>& list) {
  std::vector<std::string> ids;
  for (const sv1::Referral& r : list) ids.push_back(r.child_id());
  return ids;
}

TEST(RecordListTest, DefaultIsEmpty) {
  const RecordList<sv1::Referral> list;
  EXPECT_TRUE(list.empty());
  EXPECT_EQ(list.size(), 0u);
  EXPECT_EQ(list.begin(), list.end());
  EXPECT_EQ(list.SpaceAllocated(), 0u);
}

TEST(RecordListTest, KeepsInsertionOrderThroughEveryAccessor) {
  RecordList<sv1::Referral> list;
  list.push_back(Referral("C1"));
  const sv1::Referral second = Referral("C2");
  list.push_back(second);
  list.emplace_back().set_child_id("C3");
  ASSERT_EQ(list.size(), 3u);
  EXPECT_FALSE(list.empty());
  EXPECT_EQ(ChildIds(list), (std::vector<std::string>{"C1", "C2", "C3"}));
  EXPECT_EQ(list[1].child_id(), "C2");
  EXPECT_EQ(list.front().child_id(), "C1");
  EXPECT_EQ(list.back().child_id(), "C3");
  EXPECT_GT(list.SpaceAllocated(), 0u);
}

TEST(RecordListTest, RecordsLiveOnTheListsArena) {
  RecordList<sv1::Referral> list;
  list.emplace_back();
  list.push_back(Referral("C2"));
  ASSERT_NE(list[0].GetArena(), nullptr);  // Freed with the arena, not one by one.
  EXPECT_EQ(list[1].GetArena(), list[0].GetArena());
  EXPECT_GT(list.SpaceAllocated(), 0u);
}

TEST(RecordListTest, BuildsFromInitializerListAndVector) {
  const RecordList<sv1::Referral> from_braces = {Referral("A"), Referral("B")};
  EXPECT_EQ(ChildIds(from_braces), (std::vector<std::string>{"A", "B"}));
  const std::vector<sv1::Referral> vector = {Referral("X"), Referral("Y"), Referral("Z")};
  RecordList<sv1::Referral> from_vector;
  from_vector = vector;
  EXPECT_EQ(ChildIds(from_vector), (std::vector<std::string>{"X", "Y", "Z"}));
}

TEST(RecordListTest, CopiesShareRecords) {
  RecordList<sv1::Referral> list = {Referral("C1")};
  const RecordList<sv1::Referral> copy = list;
  EXPECT_TRUE(copy.SharesRecordsWith(list));
  EXPECT_EQ(&copy[0], &list[0]);  // The same record, not a copy of it.
}

TEST(RecordListTest, ChangingASharedListLeavesOtherCopiesAlone) {
  RecordList<sv1::Referral> list = {Referral("C1"), Referral("C2")};
  const RecordList<sv1::Referral> kept = list;
  list.push_back(Referral("C3"));
  list.emplace_back().set_child_id("C4");
  EXPECT_FALSE(list.SharesRecordsWith(kept));
  EXPECT_EQ(ChildIds(kept), (std::vector<std::string>{"C1", "C2"}));
  EXPECT_EQ(ChildIds(list), (std::vector<std::string>{"C1", "C2", "C3", "C4"}));

  RecordList<sv1::Referral> reversed = kept;
  reversed.Reverse();
  EXPECT_EQ(ChildIds(reversed), (std::vector<std::string>{"C2", "C1"}));
  EXPECT_EQ(ChildIds(kept), (std::vector<std::string>{"C1", "C2"}));
}

TEST(RecordListTest, AnUnsharedListChangesInPlace) {
  RecordList<sv1::Referral> list = {Referral("C1")};
  const sv1::Referral* first = &list[0];
  list.push_back(Referral("C2"));
  EXPECT_EQ(&list[0], first);
}

TEST(RecordListTest, ReverseAndClear) {
  RecordList<sv1::Referral> list = {Referral("C1"), Referral("C2"), Referral("C3")};
  list.Reverse();
  EXPECT_EQ(ChildIds(list), (std::vector<std::string>{"C3", "C2", "C1"}));
  list.clear();
  EXPECT_TRUE(list.empty());
}

TEST(RecordListTest, RecordsOutliveTheListTheyCameFrom) {
  RecordList<sv1::Referral> copy;
  {
    RecordList<sv1::Referral> list = {Referral("C1")};
    copy = list;
  }
  ASSERT_EQ(copy.size(), 1u);
  EXPECT_EQ(copy[0].child_id(), "C1");
}

TEST(RecordListTest, SharedRecordsAreTheSameObjectsAndOutliveTheirList) {
  RecordList<sv1::Referral> built;
  {
    RecordList<sv1::Referral> source = {Referral("C1"), Referral("C2")};
    built.ShareRecord(source, 1);
    built.emplace_back().set_child_id("C3");
    built.ShareRecord(source, 0);
    EXPECT_EQ(&built[0], &source[1]);
    EXPECT_EQ(&built[2], &source[0]);
    EXPECT_EQ(built.SharedArenas(), 1u);
  }
  EXPECT_EQ(ChildIds(built), (std::vector<std::string>{"C2", "C3", "C1"}));
}

TEST(RecordListTest, IteratorsAreRandomAccess) {
  const RecordList<sv1::Referral> list = {Referral("C1"), Referral("C2"), Referral("C3")};
  EXPECT_EQ(list.end() - list.begin(), 3);
  EXPECT_EQ((list.begin() + 2)->child_id(), "C3");
  EXPECT_EQ(list.begin()[1].child_id(), "C2");
  auto it = list.end();
  --it;
  EXPECT_EQ(it->child_id(), "C3");
  EXPECT_TRUE(list.begin() < it);
}

}  // namespace
}  // namespace scorecard
