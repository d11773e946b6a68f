// Decoding stored placement records into per-child histories.
#include "services/placement/placement_data.h"

#include "common/records/proto_date.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace scorecard::placement {
namespace {

using ::testing::ElementsAre;

v1::Episode EpisodeRecord(const std::string& child, Date start, std::optional<Date> end,
                          const std::string& rne) {
  v1::Episode e;
  e.set_child_id(child);
  *e.mutable_start_date() = ToProtoDate(start);
  if (end.has_value()) *e.mutable_end_date() = ToProtoDate(*end);
  e.set_reason_new_episode(rne);
  e.set_legal_status("C2");
  e.set_placement("U4");
  return e;
}

v1::LacReview ReviewRecord(const std::string& child, Date held) {
  v1::LacReview r;
  r.set_child_id(child);
  *r.mutable_review_date() = ToProtoDate(held);
  return r;
}

TEST(AssemblePlacementDataTest, GroupsByChildAndOrdersEachHistory) {
  v1::LookedAfterChild b;
  b.set_child_id("B");
  b.set_team("DCT");
  b.set_uasc(true);
  *b.mutable_uasc_ceased_date() = ToProtoDate(Date(2017, 9, 1));
  *b.mutable_birth_date() = ToProtoDate(Date(2005, 2, 28));

  const std::vector<v1::LookedAfterChild> children = {b};
  // Given out of order, as a store may return them.
  const std::vector<v1::Episode> episodes = {
      EpisodeRecord("B", Date(2017, 5, 10), std::nullopt, "P"),
      EpisodeRecord("A", Date(2016, 1, 4), Date(2016, 3, 1), "S"),
      EpisodeRecord("B", Date(2017, 4, 3), Date(2017, 5, 10), "S"),
  };
  const std::vector<v1::LacReview> reviews = {
      ReviewRecord("B", Date(2017, 8, 1)),
      ReviewRecord("B", Date(2017, 4, 28)),
  };

  PlacementRecords records;
  records.children = children;
  records.episodes = episodes;
  records.reviews = reviews;
  PlacementData data = AssemblePlacementData(records);
  ASSERT_EQ(data.children.size(), 2u);

  const ChildFacts& a = data.children[0];
  EXPECT_EQ(a.child_id, "A");
  EXPECT_EQ(a.team, "");  // no LookedAfterChild record
  EXPECT_FALSE(a.uasc);
  ASSERT_EQ(a.episodes.size(), 1u);
  EXPECT_EQ(a.episodes[0].end_date, Date(2016, 3, 1));

  const ChildFacts& child_b = data.children[1];
  EXPECT_EQ(child_b.child_id, "B");
  EXPECT_EQ(child_b.team, "DCT");
  EXPECT_TRUE(child_b.uasc);
  EXPECT_EQ(child_b.uasc_ceased_date, Date(2017, 9, 1));
  EXPECT_EQ(child_b.birth_date, Date(2005, 2, 28));
  ASSERT_EQ(child_b.episodes.size(), 2u);
  EXPECT_EQ(child_b.episodes[0].start_date, Date(2017, 4, 3));
  EXPECT_EQ(child_b.episodes[0].reason_new_episode, "S");
  EXPECT_EQ(child_b.episodes[1].start_date, Date(2017, 5, 10));
  EXPECT_EQ(child_b.episodes[1].end_date, std::nullopt);
  EXPECT_EQ(child_b.episodes[1].legal_status, "C2");
  EXPECT_THAT(child_b.review_dates, ElementsAre(Date(2017, 4, 28), Date(2017, 8, 1)));
}

TEST(AssemblePlacementDataTest, SameDayEpisodesPutTheOpenOneLast) {
  // A one-day episode and a follow-on starting the same day: the closed one comes first.
  const std::vector<v1::Episode> episodes = {
      EpisodeRecord("A", Date(2017, 5, 31), std::nullopt, "P"),
      EpisodeRecord("A", Date(2017, 5, 31), Date(2017, 5, 31), "S"),
  };
  PlacementRecords records;
  records.episodes = episodes;
  PlacementData data = AssemblePlacementData(records);
  ASSERT_EQ(data.children.size(), 1u);
  ASSERT_EQ(data.children[0].episodes.size(), 2u);
  EXPECT_EQ(data.children[0].episodes[0].reason_new_episode, "S");
  EXPECT_EQ(data.children[0].episodes[1].reason_new_episode, "P");
}

TEST(AssemblePlacementDataTest, KeepsSeenVisitsAndSplitsHealthChecksByKind) {
  PlacementRecords records;
  auto visit = [](Date day, bool seen) {
    v1::LacVisit v;
    v.set_child_id("A");
    *v.mutable_visit_date() = ToProtoDate(day);
    v.set_seen(seen);
    return v;
  };
  records.visits = {visit(Date(2017, 5, 20), false), visit(Date(2017, 5, 2), true),
                    visit(Date(2017, 4, 3), true)};
  auto check = [](v1::HealthCheckKind kind, Date day) {
    v1::HealthCheck h;
    h.set_child_id("A");
    h.set_kind(kind);
    *h.mutable_check_date() = ToProtoDate(day);
    return h;
  };
  records.health_checks = {
      check(v1::HEALTH_CHECK_KIND_REVIEW_HEALTH_ASSESSMENT, Date(2017, 9, 1)),
      check(v1::HEALTH_CHECK_KIND_DENTAL_CHECK, Date(2017, 6, 1)),
      check(v1::HEALTH_CHECK_KIND_INITIAL_HEALTH_ASSESSMENT, Date(2017, 4, 20))};
  PlacementData data = AssemblePlacementData(records);
  ASSERT_EQ(data.children.size(), 1u);
  const ChildFacts& a = data.children[0];
  // The visit at which the child was not seen is left out; the rest sorted.
  EXPECT_THAT(a.visit_dates, ElementsAre(Date(2017, 4, 3), Date(2017, 5, 2)));
  EXPECT_THAT(a.health_assessment_dates, ElementsAre(Date(2017, 4, 20), Date(2017, 9, 1)));
  EXPECT_THAT(a.dental_check_dates, ElementsAre(Date(2017, 6, 1)));
}

TEST(AssemblePlacementDataTest, BuildsPeriodsPlacementsAndOc2Indexes) {
  PlacementRecords records;
  v1::Episode first = EpisodeRecord("A", Date(2016, 1, 4), Date(2016, 6, 1), "S");
  first.set_reason_ceased("X1");
  v1::Episode second = EpisodeRecord("A", Date(2016, 6, 1), Date(2016, 9, 1), "L");
  second.set_reason_ceased("E13");
  v1::Episode short_break = EpisodeRecord("A", Date(2016, 10, 3), Date(2016, 10, 5), "S");
  short_break.set_legal_status("V3");
  short_break.set_reason_ceased("E13");
  v1::Episode back = EpisodeRecord("A", Date(2017, 1, 9), std::nullopt, "S");
  records.episodes = {back, second, short_break, first};
  PlacementData data = AssemblePlacementData(records);
  ASSERT_EQ(data.children.size(), 1u);
  const ChildFacts& a = data.children[0];
  // Periods 04/01/2016-01/09/2016 and from 09/01/2017; the short break is in neither.
  ASSERT_EQ(a.periods.size(), 2u);
  EXPECT_EQ(a.periods[0].end, Date(2016, 9, 1));
  EXPECT_EQ(a.periods[1].start, Date(2017, 1, 9));
  // The L episode continues the first placement: two placements.
  ASSERT_EQ(a.placements.size(), 2u);
  EXPECT_EQ(a.placements[0].end, Date(2016, 9, 1));
  // "S" starts (the short break's included), non-X1 ends, short-break spans.
  EXPECT_THAT(a.care_start_dates,
              ElementsAre(Date(2016, 1, 4), Date(2016, 10, 3), Date(2017, 1, 9)));
  EXPECT_THAT(a.care_exit_dates, ElementsAre(Date(2016, 9, 1), Date(2016, 10, 5)));
  ASSERT_EQ(a.short_breaks.size(), 1u);
  EXPECT_EQ(a.short_breaks[0].start, Date(2016, 10, 3));
}

TEST(AssemblePlacementDataTest, RecordIdsFollowTheirDatesWhenSorted) {
  // Given out of order: each id must stay with its own date for drill-down rows.
  auto review = [](Date held, const std::string& id) {
    v1::LacReview r = ReviewRecord("A", held);
    r.mutable_header()->mutable_source()->set_id(id);
    return r;
  };
  auto check = [](v1::HealthCheckKind kind, Date day, const std::string& id) {
    v1::HealthCheck h;
    h.mutable_header()->mutable_source()->set_id(id);
    h.set_child_id("A");
    h.set_kind(kind);
    *h.mutable_check_date() = ToProtoDate(day);
    return h;
  };
  PlacementRecords records;
  records.reviews = {review(Date(2017, 8, 1), "r-aug"), review(Date(2017, 4, 28), "r-apr"),
                     review(Date(2017, 6, 5), "r-jun")};
  records.health_checks = {
      check(v1::HEALTH_CHECK_KIND_REVIEW_HEALTH_ASSESSMENT, Date(2017, 9, 1), "h-sep"),
      check(v1::HEALTH_CHECK_KIND_DENTAL_CHECK, Date(2017, 7, 3), "d-jul"),
      check(v1::HEALTH_CHECK_KIND_INITIAL_HEALTH_ASSESSMENT, Date(2017, 5, 2), "h-may")};
  const PlacementData data = AssemblePlacementData(records);
  ASSERT_EQ(data.children.size(), 1u);
  const ChildFacts& a = data.children[0];
  EXPECT_THAT(a.review_dates, ElementsAre(Date(2017, 4, 28), Date(2017, 6, 5), Date(2017, 8, 1)));
  EXPECT_THAT(a.review_ids, ElementsAre("r-apr", "r-jun", "r-aug"));
  EXPECT_THAT(a.health_assessment_ids, ElementsAre("h-may", "h-sep"));
  EXPECT_THAT(a.dental_check_ids, ElementsAre("d-jul"));

  // Facts changed by hand so that ids no longer match dates one for one lose their ids.
  ChildFacts changed = a;
  changed.review_dates.push_back(Date(2017, 3, 1));
  IndexChildFacts(changed);
  EXPECT_TRUE(changed.review_ids.empty());
  EXPECT_THAT(changed.health_assessment_ids, ElementsAre("h-may", "h-sep"));
}

TEST(AssemblePlacementDataTest, AuthorityLevelRecords) {
  PlacementRecords records;
  auto approval = [](v1::CarerKind kind, Date day, const std::string& id) {
    v1::CarerApproval a;
    a.mutable_header()->mutable_source()->set_id(id);
    a.set_kind(kind);
    *a.mutable_approval_date() = ToProtoDate(day);
    return a;
  };
  records.carer_approvals = {approval(v1::CARER_KIND_ADOPTER, Date(2017, 5, 2), "ad-1"),
                             approval(v1::CARER_KIND_FOSTER_CARER, Date(2017, 6, 1), "fc-2"),
                             approval(v1::CARER_KIND_FOSTER_CARER, Date(2017, 4, 3), "fc-1"),
                             approval(v1::CARER_KIND_SHORT_BREAK_CARER, Date(2017, 4, 4), "sb-1")};
  common::v1::PopulationEstimate mid_2016;
  mid_2016.set_year(2016);
  mid_2016.set_population_0_17(35570);
  records.populations = {mid_2016};
  v1::PlacementSettings from_june;
  *from_june.mutable_effective_from() = ToProtoDate(Date(2017, 6, 1));
  from_june.set_lac_visit_interval_weeks(4);
  records.settings = {from_june};

  PlacementData data = AssemblePlacementData(records);
  EXPECT_TRUE(data.children.empty());
  // Sorted by date, each with its record's source id.
  auto approvals = [](const std::vector<CarerApprovalFacts>& list) {
    std::vector<std::pair<Date, std::string>> out;
    for (const CarerApprovalFacts& a : list) out.emplace_back(a.approved, a.record_id);
    return out;
  };
  EXPECT_THAT(approvals(data.foster_carer_approvals),
              ElementsAre(std::make_pair(Date(2017, 4, 3), "fc-1"),
                          std::make_pair(Date(2017, 6, 1), "fc-2")));
  EXPECT_THAT(approvals(data.adopter_approvals),
              ElementsAre(std::make_pair(Date(2017, 5, 2), "ad-1")));
  EXPECT_THAT(approvals(data.short_break_carer_approvals),
              ElementsAre(std::make_pair(Date(2017, 4, 4), "sb-1")));
  EXPECT_EQ(data.population.ForMonth(Month(2017, 3)), 35570);
  EXPECT_EQ(data.settings.At(Date(2017, 5, 31)).lac_visit_interval_weeks, 6);
  EXPECT_EQ(data.settings.At(Date(2017, 6, 30)).lac_visit_interval_weeks, 4);
  // Fields left 0 keep their defaults.
  EXPECT_EQ(data.settings.At(Date(2017, 6, 30)).initial_health_assessment_working_days, 20);
}

// A child known to the case system (team DCT) and to the 903 (no team): whichever record
// comes last, the 903's empty team does not erase the case system's.
TEST(AssemblePlacementDataTest, AnEmptyTeamNeverReplacesATeam) {
  v1::LookedAfterChild from_case_system;
  from_case_system.set_child_id("C1");
  from_case_system.set_team("DCT");
  v1::LookedAfterChild from_903;
  from_903.set_child_id("C1");
  *from_903.mutable_birth_date() = ToProtoDate(Date(2010, 3, 14));
  for (bool case_system_first : {true, false}) {
    PlacementRecords records;
    records.children = case_system_first
                           ? std::vector<v1::LookedAfterChild>{from_case_system, from_903}
                           : std::vector<v1::LookedAfterChild>{from_903, from_case_system};
    const PlacementData data = AssemblePlacementData(records);
    ASSERT_EQ(data.children.size(), 1u);
    EXPECT_EQ(data.children[0].team, "DCT") << case_system_first;
  }
}

TEST(AssemblePlacementDataTest, HistoryRecords) {
  PlacementRecords records;
  v1::UascPeriod uasc;
  uasc.set_child_id("C1");
  *uasc.mutable_ceased_date() = ToProtoDate(Date(2017, 1, 15));
  records.uasc_periods = {uasc};
  auto team = [](Date from, const std::string& name) {
    v1::ChildTeamAssignment t;
    t.set_child_id("C1");
    *t.mutable_from_date() = ToProtoDate(from);
    t.set_team(name);
    return t;
  };
  // Two for 01/09/2016 (from two sources): the last given wins.
  records.team_assignments = {team(Date(2016, 9, 1), "CIN"), team(Date(2016, 4, 1), "CLA"),
                              team(Date(2016, 9, 1), "DCT")};
  auto oc2 = [](int year, bool teeth, const std::string& id) {
    v1::Oc2Outcomes o;
    o.mutable_header()->mutable_source()->set_id(id);
    o.set_child_id("C1");
    o.set_collection_year(year);
    o.set_teeth_checked(teeth);
    return o;
  };
  records.oc2_outcomes = {oc2(2016, false, "lcs-2016"), oc2(2015, true, "C1/2015"),
                          oc2(2016, true, "C1/2016")};
  v1::CarerApproval approval;
  approval.mutable_header()->mutable_source()->set_id("approval-7");
  approval.set_kind(v1::CARER_KIND_ADOPTER);
  *approval.mutable_approval_date() = ToProtoDate(Date(2017, 5, 2));
  approval.set_carer_id("HH-3");
  records.carer_approvals = {approval};

  const PlacementData data = AssemblePlacementData(records);
  ASSERT_EQ(data.children.size(), 1u);
  const ChildFacts& c = data.children[0];
  ASSERT_EQ(c.uasc_periods.size(), 1u);
  EXPECT_FALSE(c.uasc_periods[0].from.has_value());
  EXPECT_EQ(c.uasc_periods[0].ceased, Date(2017, 1, 15));
  ASSERT_EQ(c.team_assignments.size(), 2u);
  EXPECT_EQ(c.team_assignments[0].team, "CLA");
  EXPECT_EQ(c.team_assignments[1].team, "DCT");
  EXPECT_EQ(TeamAt(c, Date(2016, 8, 31)), "CLA");
  EXPECT_EQ(TeamAt(c, Date(2016, 9, 1)), "DCT");
  EXPECT_EQ(TeamAt(c, Date(2016, 3, 31)), "");  // before any assignment: the child record's
  ASSERT_EQ(c.oc2_outcomes.size(), 2u);
  EXPECT_EQ(c.oc2_outcomes[0].collection_year, 2015);
  ASSERT_NE(Oc2OutcomesFor(c, 2016), nullptr);
  EXPECT_EQ(Oc2OutcomesFor(c, 2016)->record_id, "C1/2016");
  EXPECT_EQ(Oc2OutcomesFor(c, 2016)->teeth_checked, true);
  EXPECT_FALSE(Oc2OutcomesFor(c, 2016)->immunisations_up_to_date.has_value());  // blank
  EXPECT_EQ(Oc2OutcomesFor(c, 2014), nullptr);
  EXPECT_EQ(data.oc2_collection_years, (std::vector<int>{2015, 2016}));
  ASSERT_EQ(data.adopter_approvals.size(), 1u);
  EXPECT_EQ(data.adopter_approvals[0].carer_id, "HH-3");
  EXPECT_EQ(data.adopter_approvals[0].record_id, "approval-7");
}

// Children are numbered as the records name them, but the dataset lists them by id (string
// order: "A10" before "A2"), each with its own dates and ids; a child named only by records
// that are skipped (a visit without seeing the child, a day that does not exist) is absent.
TEST(AssemblePlacementDataTest, ChildrenOrderedByIdAndOnlyKeptRecordsAddAChild) {
  auto visit = [](const std::string& child, Date day, bool seen, const std::string& id) {
    v1::LacVisit v;
    v.mutable_header()->mutable_source()->set_id(id);
    v.set_child_id(child);
    *v.mutable_visit_date() = ToProtoDate(day);
    v.set_seen(seen);
    return v;
  };
  auto review_on = [](const std::string& child, int year, int month, int day) {
    v1::LacReview r;
    r.set_child_id(child);
    r.mutable_review_date()->set_year(year);
    r.mutable_review_date()->set_month(month);
    r.mutable_review_date()->set_day(day);
    return r;
  };
  PlacementRecords records;
  records.visits = {visit("B", Date(2017, 5, 2), true, "v1"),
                    visit("A2", Date(2017, 4, 3), true, "v2"),
                    visit("C", Date(2017, 4, 4), false, "v3"),
                    visit("B", Date(2017, 4, 1), true, "v4"),
                    visit("A10", Date(2017, 6, 30), true, "v5")};
  // 30/02/2017 is no day: skipped each time it is given; "D" has nothing else.
  records.reviews = {review_on("B", 2017, 2, 30), review_on("D", 2017, 2, 30),
                     review_on("B", 2017, 2, 28), review_on("B", 2017, 2, 30)};
  v1::LookedAfterChild a2;
  a2.set_child_id("A2");
  a2.set_team("DCT");
  records.children = {a2};

  const PlacementData data = AssemblePlacementData(records);
  ASSERT_EQ(data.children.size(), 3u);
  EXPECT_EQ(data.children[0].child_id, "A10");
  EXPECT_THAT(data.children[0].visit_ids, ElementsAre("v5"));
  const ChildFacts& a2_facts = data.children[1];
  EXPECT_EQ(a2_facts.child_id, "A2");
  EXPECT_EQ(a2_facts.team, "DCT");
  EXPECT_THAT(a2_facts.visit_dates, ElementsAre(Date(2017, 4, 3)));
  EXPECT_THAT(a2_facts.visit_ids, ElementsAre("v2"));
  const ChildFacts& b = data.children[2];
  EXPECT_EQ(b.child_id, "B");
  EXPECT_THAT(b.visit_dates, ElementsAre(Date(2017, 4, 1), Date(2017, 5, 2)));
  EXPECT_THAT(b.visit_ids, ElementsAre("v4", "v1"));
  EXPECT_THAT(b.review_dates, ElementsAre(Date(2017, 2, 28)));
}

}  // namespace
}  // namespace scorecard::placement
