#include "tools/scorecardctl/command_line.h"

#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/scorecardctl/measure_words.h"

// Flags of this test binary, standing in for main.cc's.
ABSL_FLAG(std::string, cl_test_name, "", "test flag");
ABSL_FLAG(int, cl_test_count, 0, "test flag");
ABSL_FLAG(bool, cl_test_verbose, false, "test flag");

namespace scorecard::scorecardctl {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

absl::StatusOr<ScannedCommandLine> Scan(std::vector<std::string> args) {
  args.insert(args.begin(), "scorecardctl");
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  return ScanCommandLine(static_cast<int>(argv.size()), argv.data());
}

TEST(ScanCommandLineTest, FindsTheCommandAndEveryFlagSyntax) {
  absl::StatusOr<ScannedCommandLine> scanned =
      Scan({"--cl_test_name=a", "ingest", "--cl_test_count", "5", "-cl_test_verbose", "-",
            "--nocl_test_verbose"});
  ASSERT_TRUE(scanned.ok()) << scanned.status();
  EXPECT_EQ(scanned->command, "ingest");
  EXPECT_THAT(scanned->flag_names, ElementsAre("cl_test_name", "cl_test_count",
                                               "cl_test_verbose", "cl_test_verbose"));
  EXPECT_EQ(absl::GetFlag(FLAGS_cl_test_count), 5);
  EXPECT_FALSE(absl::GetFlag(FLAGS_cl_test_verbose));  // the last one given wins
}

TEST(ScanCommandLineTest, KeepsEveryPositionalArgumentInOrder) {
  absl::StatusOr<ScannedCommandLine> scanned =
      Scan({"import", "--cl_test_name=a", "ssda903", "/data/903", "--", "--odd-name"});
  ASSERT_TRUE(scanned.ok()) << scanned.status();
  EXPECT_EQ(scanned->command, "import");
  EXPECT_THAT(scanned->arguments, ElementsAre("import", "ssda903", "/data/903", "--odd-name"));
}

TEST(ScanCommandLineTest, UnknownFlagIsAnError) {
  absl::StatusOr<ScannedCommandLine> scanned = Scan({"status", "--cl_test_nmae=x"});
  ASSERT_FALSE(scanned.ok());
  EXPECT_EQ(scanned.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(scanned.status().message(), HasSubstr("unknown flag --cl_test_nmae"));
}

TEST(ScanCommandLineTest, BadValueIsAnError) {
  absl::StatusOr<ScannedCommandLine> scanned = Scan({"ingest", "--cl_test_count=many"});
  ASSERT_FALSE(scanned.ok());
  EXPECT_THAT(scanned.status().message(), HasSubstr("--cl_test_count"));
}

TEST(ScanCommandLineTest, MissingValueIsAnError) {
  EXPECT_FALSE(Scan({"ingest", "--cl_test_name"}).ok());
}

TEST(ScanCommandLineTest, DoubleDashEndsTheFlags) {
  absl::StatusOr<ScannedCommandLine> scanned = Scan({"--", "--not-a-flag"});
  ASSERT_TRUE(scanned.ok()) << scanned.status();
  EXPECT_EQ(scanned->command, "--not-a-flag");
}

// Abseil's own flags (--flagfile) pass too: cli_usage_test runs the binary, which has them.
TEST(CheckFlagsKnownTest, OnlyOurFlagsAreKnown) {
  const absl::string_view ours[] = {"cl_test_name"};
  EXPECT_TRUE(CheckFlagsKnown({"cl_test_name"}, ours).ok());
  // Registered in this binary, as the servers' --listen is in scorecardctl, but not ours.
  absl::Status status = CheckFlagsKnown({"cl_test_name", "cl_test_count"}, ours);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.message(), "unknown flag --cl_test_count");
}

TEST(CheckFlagsApplyTest, OurFlagMustBeAllowedForTheCommand) {
  const absl::string_view ours[] = {"authority", "batch_size"};
  const absl::string_view allowed[] = {"batch_size"};
  EXPECT_TRUE(CheckFlagsApply("ingest", {"batch_size"}, allowed, ours).ok());
  // Abseil's own flags are not ours to police.
  EXPECT_TRUE(CheckFlagsApply("ingest", {"flagfile"}, allowed, ours).ok());
  absl::Status status = CheckFlagsApply("ingest", {"batch_size", "authority"}, allowed, ours);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.message(), "--authority does not apply to `ingest`");
}

TEST(ParseMonthRangeTest, ValidRange) {
  absl::StatusOr<MonthRange> range = ParseMonthRange("2016-04", "2017-01");
  ASSERT_TRUE(range.ok()) << range.status();
  EXPECT_EQ(range->from, Month(2016, 4));
  EXPECT_EQ(range->to, Month(2017, 1));
}

TEST(ParseMonthRangeTest, Errors) {
  EXPECT_FALSE(ParseMonthRange("", "2017-01").ok());
  EXPECT_FALSE(ParseMonthRange("2016-13", "2017-01").ok());
  EXPECT_FALSE(ParseMonthRange("2016-04", "April").ok());
  absl::StatusOr<MonthRange> backwards = ParseMonthRange("2017-01", "2016-04");
  ASSERT_FALSE(backwards.ok());
  EXPECT_THAT(backwards.status().message(), HasSubstr("before"));
}

TEST(ParseAsAtTest, EmptyIsNowAndRfc3339IsAnInstant) {
  absl::StatusOr<std::optional<absl::Time>> none = ParseAsAt("");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  absl::StatusOr<std::optional<absl::Time>> at = ParseAsAt("2016-06-05T00:00:00Z");
  ASSERT_TRUE(at.ok()) << at.status();
  EXPECT_EQ(**at, absl::FromUnixSeconds(1465084800));
  EXPECT_FALSE(ParseAsAt("5 June 2016").ok());
}

TEST(ParseRequiredMonthTest, NamesTheFlag) {
  EXPECT_EQ(*ParseRequiredMonth("month", "2016-11"), Month(2016, 11));
  absl::StatusOr<Month> missing = ParseRequiredMonth("month", "");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(), "--month is required (YYYY-MM)");
  absl::StatusOr<Month> bad = ParseRequiredMonth("month", "2016-13");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), HasSubstr("--month: "));
}

TEST(ParseTimeBoundTest, ADateCoversTheWholeDayAtEitherEnd) {
  // 2017-03-31T00:00:00Z is 1490918400 s after the epoch; the next midnight 86400 s later.
  absl::StatusOr<std::optional<absl::Time>> from =
      ParseTimeBound("from", "2017-03-31", RangeEnd::kFrom);
  ASSERT_TRUE(from.ok()) << from.status();
  EXPECT_EQ(**from, absl::FromUnixSeconds(1490918400));
  absl::StatusOr<std::optional<absl::Time>> to = ParseTimeBound("to", "2017-03-31", RangeEnd::kTo);
  ASSERT_TRUE(to.ok()) << to.status();
  EXPECT_EQ(**to, absl::FromUnixSeconds(1490918400 + 86400));
  // 28 February 2017 (not a leap year) ends at 1 March.
  EXPECT_EQ(**ParseTimeBound("to", "2017-02-28", RangeEnd::kTo), absl::FromUnixSeconds(1488326400));
}

TEST(ParseTimeBoundTest, AnInstantIsTakenAsItIs) {
  absl::StatusOr<std::optional<absl::Time>> to =
      ParseTimeBound("to", "2017-03-31T12:00:00Z", RangeEnd::kTo);
  ASSERT_TRUE(to.ok()) << to.status();
  EXPECT_EQ(**to, absl::FromUnixSeconds(1490918400 + 12 * 3600));
  EXPECT_FALSE(ParseTimeBound("to", "", RangeEnd::kTo)->has_value());
  absl::StatusOr<std::optional<absl::Time>> bad = ParseTimeBound("from", "31/03/2017", RangeEnd::kFrom);
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), HasSubstr("--from: expected a date"));
}

TEST(ServiceOfMeasureTest, ThePrefixNamesTheService) {
  EXPECT_EQ(*ServiceOfMeasure("placement.ceased_adopted"), "placement");
  EXPECT_EQ(*ServiceOfMeasure("workforce.agency_rate"), "workforce");
  EXPECT_FALSE(ServiceOfMeasure("aggregator.rows").ok());
  EXPECT_FALSE(ServiceOfMeasure("safeguarding").ok());
  EXPECT_FALSE(ServiceOfMeasure("safeguarding.").ok());
}

TEST(ParseOutputFormatTest, TableOrJson) {
  EXPECT_EQ(*ParseOutputFormat("table"), OutputFormat::kTable);
  EXPECT_EQ(*ParseOutputFormat("json"), OutputFormat::kJson);
  EXPECT_FALSE(ParseOutputFormat("csv").ok());
}

TEST(SplitMeasureIdsTest, KeepsOrderAndDropsBlanks) {
  EXPECT_THAT(SplitMeasureIds(" workforce.starters, ,safeguarding.referrals,"),
              ElementsAre("workforce.starters", "safeguarding.referrals"));
  EXPECT_TRUE(SplitMeasureIds("").empty());
}

TEST(GroupMeasureIdsByServiceTest, GroupsByPrefixInOrderOfFirstMention) {
  auto groups = GroupMeasureIdsByService(
      {"safeguarding.icpc_within_15wd", "workforce.starters", "safeguarding.cp_visits_10d"});
  ASSERT_TRUE(groups.ok()) << groups.status();
  EXPECT_THAT(*groups,
              ElementsAre(Pair("safeguarding", ElementsAre("safeguarding.icpc_within_15wd",
                                                           "safeguarding.cp_visits_10d")),
                          Pair("workforce", ElementsAre("workforce.starters"))));
  EXPECT_TRUE(GroupMeasureIdsByService({})->empty());
}

TEST(GroupMeasureIdsByServiceTest, RejectsIdsNoServiceOwns) {
  EXPECT_FALSE(GroupMeasureIdsByService({"audit.events"}).ok());
  EXPECT_FALSE(GroupMeasureIdsByService({"starters"}).ok());
  EXPECT_FALSE(GroupMeasureIdsByService({"workforce."}).ok());
}

TEST(MeasureWordsTest, BasisWordsRoundTrip) {
  for (absl::string_view word : {"month", "ytd", "quarter", "snapshot", "rolling12", "rolling3y"}) {
    absl::StatusOr<common::v1::Basis> basis = ParseBasisWord(word);
    ASSERT_TRUE(basis.ok()) << word;
    EXPECT_EQ(BasisWord(*basis), word);
  }
  EXPECT_EQ(*ParseBasisWord("rolling12"), common::v1::BASIS_ROLLING_12_MONTHS);
  EXPECT_FALSE(ParseBasisWord("unspecified").ok());
  EXPECT_FALSE(ParseBasisWord("YTD").ok());
}

TEST(MeasureWordsTest, ScopeWordsRoundTrip) {
  EXPECT_EQ(*ParseScopeWord("all"), common::v1::DRILL_DOWN_SCOPE_UNSPECIFIED);
  EXPECT_EQ(*ParseScopeWord("numerator"), common::v1::DRILL_DOWN_SCOPE_NUMERATOR);
  EXPECT_EQ(*ParseScopeWord("outside"), common::v1::DRILL_DOWN_SCOPE_OUTSIDE_NUMERATOR);
  EXPECT_EQ(ScopeWord(common::v1::DRILL_DOWN_SCOPE_OUTSIDE_NUMERATOR), "outside");
  EXPECT_FALSE(ParseScopeWord("denominator").ok());
}

}  // namespace
}  // namespace scorecard::scorecardctl
