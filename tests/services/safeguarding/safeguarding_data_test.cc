// The sorted records, per-child ranges and review-to-plan links built once per dataset.
#include "services/safeguarding/safeguarding_data.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/services/safeguarding/safeguarding_test_util.h"

namespace scorecard::safeguarding {
namespace {

using namespace ::scorecard::safeguarding::testing;  // NOLINT: test builders

const ChildHistory* Find(const SafeguardingData& data, const std::string& child_id) {
  for (const ChildHistory& c : data.children) {
    if (c.child_id == child_id) return &c;
  }
  return nullptr;
}

std::vector<int> Indexes(RecordRange range) {
  std::vector<int> out;
  for (int i : range) out.push_back(i);
  return out;
}

TEST(IndexSafeguardingRecordsTest, RecordsAreSortedByChildThenDateIntoRanges) {
  SafeguardingRecords r;
  r.referrals = {Referral("B", Date(2017, 3, 1)), Referral("A", Date(2017, 2, 1)),
                 Referral("B", Date(2016, 3, 1))};
  r.visits = {Visit("B", Date(2017, 3, 10)), Visit("B", Date(2017, 3, 1), false)};
  r.core_groups = {CoreGroup("B", Date(2017, 3, 9)), CoreGroup("B", Date(2017, 1, 9))};
  r.assessments = {Assessment("A", std::nullopt, Date(2017, 1, 1), Date(2017, 2, 1)),
                   Assessment("A", std::nullopt, Date(2017, 1, 1), std::nullopt),  // open
                   Assessment("A", std::nullopt, Date(2016, 1, 1), Date(2016, 2, 1))};
  r.contacts = {Contact("OnlyAContact", Date(2017, 1, 1), std::nullopt)};
  const SafeguardingData data = Index(std::move(r));

  ASSERT_EQ(data.children.size(), 2u);  // contacts make no history
  EXPECT_EQ(data.children[0].child_id, "A");
  EXPECT_EQ(data.children[1].child_id, "B");
  // Referrals: A's, then B's in date order.
  ASSERT_EQ(data.records.referrals.size(), 3u);
  EXPECT_EQ(data.records.referrals[0].child_id, "A");
  EXPECT_EQ(data.records.referrals[1].referral_date, Date(2016, 3, 1));
  EXPECT_EQ(data.records.referrals[2].referral_date, Date(2017, 3, 1));
  EXPECT_EQ(Indexes(data.children[0].referrals), (std::vector<int>{0}));
  EXPECT_EQ(Indexes(data.children[1].referrals), (std::vector<int>{1, 2}));
  // Visits and core groups in date order.
  EXPECT_EQ(data.records.visits[data.children[1].visits.from].visit_date, Date(2017, 3, 1));
  EXPECT_EQ(data.records.core_groups[data.children[1].core_groups.from].meeting_date,
            Date(2017, 1, 9));
  EXPECT_TRUE(data.children[0].visits.empty());
  // The open assessment sorts first and is outside the authorised range, which is in
  // authorisation order.
  const RecordRange authorised = data.children[0].authorised_assessments;
  EXPECT_EQ(authorised.size(), 2);
  EXPECT_EQ(*data.records.assessments[authorised.from].authorisation_date, Date(2016, 2, 1));
  EXPECT_EQ(*data.records.assessments[authorised.from + 1].authorisation_date, Date(2017, 2, 1));
  EXPECT_FALSE(data.records.assessments[0].authorisation_date.has_value());
  EXPECT_TRUE(data.children_with_plans.empty());
  // The date orders: referrals by date across children.
  EXPECT_EQ(data.by_date.referrals_by_referral_date, (std::vector<int>{1, 0, 2}));
  EXPECT_EQ(data.by_date.assessments_by_authorisation_date, (std::vector<int>{1, 2}));
  EXPECT_TRUE(data.by_date.contacts_by_decision_date.empty());  // undecided
  EXPECT_EQ(data.by_date.contacts_by_contact_date, (std::vector<int>{0}));
}

TEST(IndexSafeguardingRecordsTest, CaseSpansAreOrderedByEndWithOpenOnesLast) {
  SafeguardingRecords r;
  r.cin_episodes = {Episode("A", Date(2017, 1, 1)),
                    Episode("B", Date(2016, 4, 1), Date(2016, 12, 31))};
  r.plans = {Plan("A", "P1", Date(2016, 5, 1), Date(2016, 9, 30))};
  const SafeguardingData data = IndexSafeguardingRecords(std::move(r));
  // A's plan ends 30/09/2016, B's episode 31/12/2016; A's episode is open.
  ASSERT_EQ(data.case_spans_by_end.size(), 3u);
  EXPECT_EQ(data.case_spans_by_end[0].child, 0);
  EXPECT_EQ(data.case_spans_by_end[0].days.start, ToDayNumber(Date(2016, 5, 1)));
  EXPECT_EQ(data.case_spans_by_end[0].days.end, ToDayNumber(Date(2016, 9, 30)));
  EXPECT_EQ(data.case_spans_by_end[1].child, 1);
  EXPECT_EQ(data.case_spans_by_end[1].days.end, ToDayNumber(Date(2016, 12, 31)));
  EXPECT_EQ(data.case_spans_by_end[2].child, 0);
  EXPECT_EQ(data.case_spans_by_end[2].days.start, ToDayNumber(Date(2017, 1, 1)));
  EXPECT_EQ(data.case_spans_by_end[2].days.end, DaySpan::kOpen);
}

TEST(IndexSafeguardingRecordsTest, ReviewsLinkToPlansByIdElseByDate) {
  SafeguardingRecords r;
  r.plans = {
      Plan("X", "P2", Date(2016, 9, 1)),
      Plan("X", "P1", Date(2016, 1, 1), Date(2016, 6, 30)),
      Plan("W", "W1", Date(2016, 1, 1)),
  };
  r.review_conferences = {
      Review("X", "P1", Date(2016, 4, 1)),     // by id → P1
      Review("X", "", Date(2016, 6, 30)),      // by date, the plan's last day → P1
      Review("X", "", Date(2016, 12, 1)),      // by date → P2
      Review("X", "nope", Date(2016, 7, 15)),  // unknown id, between plans → none
      Review("Y", "P1", Date(2016, 4, 1)),     // a child with no plans → none
      Review("X", "P2", Date(2016, 4, 1)),     // the id wins over the date
      Review("W", "P1", Date(2016, 4, 1)),     // another child's plan id: W's own by date
  };
  const SafeguardingData data = Index(std::move(r));
  // Sorted: W1 (child W), then X's P1 (2016-01-01) and P2 (2016-09-01).
  ASSERT_EQ(data.records.plans.size(), 3u);
  EXPECT_EQ(data.records.plans[0].source_id, "W1");
  EXPECT_EQ(data.records.plans[1].source_id, "P1");
  EXPECT_EQ(data.records.plans[2].source_id, "P2");
  EXPECT_EQ(data.review_plan, (std::vector<int>{1, 1, 2, -1, -1, 2, 0}));
  const auto dates = [&data](int plan) {
    const RecordRange range = data.plan_reviews[plan];
    return std::vector<Date>(data.review_dates.begin() + range.from,
                             data.review_dates.begin() + range.to);
  };
  EXPECT_EQ(dates(0), (std::vector<Date>{Date(2016, 4, 1)}));
  EXPECT_EQ(dates(1), (std::vector<Date>{Date(2016, 4, 1), Date(2016, 6, 30)}));
  EXPECT_EQ(dates(2), (std::vector<Date>{Date(2016, 4, 1), Date(2016, 12, 1)}));
  const ChildHistory* x = Find(data, "X");
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(Indexes(x->plans), (std::vector<int>{1, 2}));
  EXPECT_EQ(Find(data, "Y"), nullptr);  // reviews alone make no history
}

TEST(IndexSafeguardingRecordsTest, ChildrenAreInIdOrderWhenIdsShareTheirFirstEightCharacters) {
  // Byte order: "B" < "C0000000" < "C00000000Z" (longer, same start) < "C00000001" <
  // "C000000010" < "C00000001A" ('0' is 0x30, 'A' 0x41).
  SafeguardingRecords r;
  r.referrals = {Referral("C00000001A", Date(2017, 4, 1)), Referral("C000000010", Date(2017, 4, 2)),
                 Referral("C00000001", Date(2017, 4, 3)), Referral("B", Date(2017, 4, 4)),
                 Referral("C00000000Z", Date(2017, 4, 5)), Referral("C0000000", Date(2017, 4, 6))};
  const SafeguardingData data = Index(std::move(r));
  std::vector<std::string> ids;
  for (const ChildHistory& child : data.children) {
    ASSERT_EQ(child.referrals.size(), 1);
    EXPECT_EQ(data.records.referrals[child.referrals.from].child_id, child.child_id);
    ids.push_back(child.child_id);
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"B", "C0000000", "C00000000Z", "C00000001",
                                           "C000000010", "C00000001A"}));
}

TEST(IndexSafeguardingRecordsTest, SameDayRecordsKeepTheirOrder) {
  // B's visits: 10/03 seen, 10/03 not seen, 01/03: by date, the two of 10/03 as given.
  SafeguardingRecords r;
  r.visits = {Visit("B", Date(2017, 3, 10), true), Visit("B", Date(2017, 3, 10), false),
              Visit("B", Date(2017, 3, 1))};
  // Contacts 0..3 on 02/03, 01/03, 02/03, 28/02: by contact date 3, 1, 0, 2. Decided 03/03,
  // never, 03/03, 01/03: by decision date 3, 0, 2.
  r.contacts = {Contact("K", Date(2017, 3, 2), Date(2017, 3, 3)),
                Contact("K", Date(2017, 3, 1), std::nullopt),
                Contact("K", Date(2017, 3, 2), Date(2017, 3, 3)),
                Contact("K", Date(2017, 2, 28), Date(2017, 3, 1))};
  const SafeguardingData data = Index(r);
  ASSERT_EQ(data.records.visits.size(), 3u);
  EXPECT_EQ(data.records.visits[0].visit_date, Date(2017, 3, 1));
  EXPECT_TRUE(data.records.visits[1].seen);
  EXPECT_FALSE(data.records.visits[2].seen);
  EXPECT_EQ(data.by_date.contacts_by_contact_date, (std::vector<int>{3, 1, 0, 2}));
  EXPECT_EQ(data.by_date.contacts_by_decision_date, (std::vector<int>{3, 0, 2}));

  // A stray contact of 01/01/1901 (116 years before the rest) sorts first, the rest as
  // before.
  r.contacts.push_back(Contact("K", Date(1901, 1, 1), std::nullopt));
  const SafeguardingData with_stray = Index(std::move(r));
  EXPECT_EQ(with_stray.by_date.contacts_by_contact_date, (std::vector<int>{4, 3, 1, 0, 2}));
}

TEST(IndexSafeguardingRecordsTest, CaseSpansEndingTheSameDayKeepChildOrder) {
  // A: an open episode and a plan ending 31/12/2016; B: an episode ending 31/12/2016; C: an
  // open episode. By end: A's plan, B's episode (both 31/12, in child order), then the open
  // ones, A's before C's.
  SafeguardingRecords r;
  r.cin_episodes = {Episode("C", Date(2016, 2, 1)),
                    Episode("B", Date(2016, 3, 1), Date(2016, 12, 31)),
                    Episode("A", Date(2016, 4, 1))};
  r.plans = {Plan("A", "P1", Date(2016, 5, 1), Date(2016, 12, 31))};
  const SafeguardingData data = Index(std::move(r));
  ASSERT_EQ(data.case_spans_by_end.size(), 4u);
  std::vector<int> children;
  for (const CaseSpan& span : data.case_spans_by_end) children.push_back(span.child);
  EXPECT_EQ(children, (std::vector<int>{0, 1, 0, 2}));
  EXPECT_EQ(data.case_spans_by_end[0].days.start, ToDayNumber(Date(2016, 5, 1)));
  EXPECT_EQ(data.case_spans_by_end[2].days.start, ToDayNumber(Date(2016, 4, 1)));
}

TEST(DayNumberTest, CountsDaysFromTheFirstOfJanuary1970) {
  // 2000-01-01: 30 years of 365 days plus 7 leap days (1972..1996) = 10,957. 2017-04-10:
  // 17 more years with 5 leap days (2000..2016) = 6,210, then 31 + 28 + 31 + 9 = 99.
  EXPECT_EQ(ToDayNumber(Date(1970, 1, 1)), 0);
  EXPECT_EQ(ToDayNumber(Date(2000, 1, 1)), 10957);
  EXPECT_EQ(ToDayNumber(Date(2017, 4, 10)), 10957 + 6210 + 99);
  EXPECT_EQ(ToDayNumber(Date(1969, 12, 31)), -1);
}

}  // namespace
}  // namespace scorecard::safeguarding
