#include "tools/benchmark/ssda903_export.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/records/proto_date.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace scorecard::benchmark {
namespace {

namespace pv1 = ::scorecard::placement::v1;
using ::testing::HasSubstr;
using ::testing::Not;

pv1::PlacementRecord Child(const std::string& id, Date birth, bool uasc) {
  pv1::PlacementRecord r;
  r.mutable_child()->set_child_id(id);
  *r.mutable_child()->mutable_birth_date() = ToProtoDate(birth);
  r.mutable_child()->set_sex("1");
  r.mutable_child()->set_ethnicity("WBRI");
  r.mutable_child()->set_uasc(uasc);
  return r;
}

pv1::PlacementRecord Episode(const std::string& child, Date start, std::optional<Date> end,
                             const std::string& rne, const std::string& reason_ceased) {
  pv1::PlacementRecord r;
  pv1::Episode* e = r.mutable_episode();
  e->set_child_id(child);
  *e->mutable_start_date() = ToProtoDate(start);
  if (end.has_value()) *e->mutable_end_date() = ToProtoDate(*end);
  e->set_reason_new_episode(rne);
  e->set_legal_status("C2");
  e->set_category_of_need("N1");
  e->set_placement("U4");
  e->set_placement_provider("PR1");
  e->set_reason_ceased(reason_ceased);
  if (rne == "P") e->set_reason_place_change("CARPL");
  return r;
}

pv1::PlacementRecord Review(const std::string& child, Date held) {
  pv1::PlacementRecord r;
  r.mutable_review()->set_child_id(child);
  *r.mutable_review()->mutable_review_date() = ToProtoDate(held);
  r.mutable_review()->set_participation_code("PN1");
  return r;
}

std::vector<pv1::PlacementRecord> History() {
  return {
      Child("C1", Date(2010, 6, 12), false),
      Child("C2", Date(2005, 1, 1), false),
      Child("C3", Date(2001, 2, 2), true),
      // C1: two episodes, the second running into 2017-18.
      Episode("C1", Date(2016, 5, 3), Date(2016, 9, 14), "S", "X1"),
      Episode("C1", Date(2016, 9, 14), Date(2017, 6, 30), "P", "E13"),
      Review("C1", Date(2016, 5, 27)),
      Review("C1", Date(2017, 4, 10)),
      // C2: left care on 31/03/2016, before the 2016-17 year.
      Episode("C2", Date(2015, 1, 5), Date(2016, 3, 31), "S", "E13"),
      Review("C2", Date(2015, 6, 1)),
      // C3: looked after throughout, unaccompanied.
      Episode("C3", Date(2016, 1, 10), std::nullopt, "S", ""),
  };
}

std::map<std::string, std::string> Files(int year) {
  std::map<std::string, std::string> out;
  for (const ssda903::InputFile& f : ExportReturn(History(), year)) out[f.name] = f.text;
  return out;
}

TEST(ExportReturnTest, HoldsTheYearsEpisodesWithEndsOnlyOnceReached) {
  std::map<std::string, std::string> y2016 = Files(2016);
  EXPECT_EQ(y2016["episodes.csv"],
            "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE\r\n"
            "C1,03/05/2016,S,C2,N1,U4,PR1,14/09/2016,X1,\r\n"
            "C1,14/09/2016,P,C2,N1,U4,PR1,,,CARPL\r\n"
            "C3,10/01/2016,S,C2,N1,U4,PR1,,,\r\n");
  EXPECT_EQ(y2016["header.csv"],
            "CHILD,SEX,DOB,ETHNIC\r\nC1,1,12/06/2010,WBRI\r\nC3,1,02/02/2001,WBRI\r\n");
  EXPECT_EQ(y2016["uasc.csv"], "CHILD,SEX,DOB,DUC\r\nC3,1,02/02/2001,\r\n");
  EXPECT_EQ(y2016["reviews.csv"], "CHILD,DOB,REVIEW,REVIEW_CODE\r\nC1,12/06/2010,27/05/2016,PN1\r\n");

  // The next return restates the open episode with its end, and has the later review.
  std::map<std::string, std::string> y2017 = Files(2017);
  EXPECT_THAT(y2017["episodes.csv"], HasSubstr("C1,14/09/2016,P,C2,N1,U4,PR1,30/06/2017,E13,CARPL"));
  EXPECT_THAT(y2017["episodes.csv"], Not(HasSubstr("03/05/2016")));
  EXPECT_THAT(y2017["reviews.csv"], HasSubstr("C1,12/06/2010,10/04/2017,PN1"));
  EXPECT_THAT(y2017["reviews.csv"], Not(HasSubstr("27/05/2016")));

  // C2 left before 2016-17 began: only the 2014 and 2015 returns have it.
  EXPECT_THAT(y2016["header.csv"], Not(HasSubstr("C2")));
  EXPECT_THAT(Files(2015)["header.csv"], HasSubstr("C2"));
}

TEST(ExportReturnTest, TheImporterTakesTheReturnWholeWithNoProblems) {
  ssda903::ImportOptions options;
  options.authority = "869";
  options.year = 2016;
  absl::StatusOr<ssda903::ImportResult> result = ssda903::ImportReturn(ExportReturn(History(), 2016), options);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->outcome, ssda903::ImportOutcome::kComplete);
  EXPECT_EQ(result->stats.problems, 0);
  int children = 0, episodes = 0, reviews = 0;
  for (const pv1::PlacementRecord& r : result->placement) {
    children += r.has_child();
    episodes += r.has_episode();
    reviews += r.has_review();
  }
  EXPECT_EQ(children, 2);
  EXPECT_EQ(episodes, 3);
  EXPECT_EQ(reviews, 1);
}

}  // namespace
}  // namespace scorecard::benchmark
