// The scorecardctl binary's command line: what main() checks before looking for a stack,
// and the exit codes it promises (2 for a usage error; audit verify's 2 for "could not
// verify"). Each run is the real binary, with its output captured.
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/store/scoped_temp_dir.h"

namespace scorecard {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

struct Result {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class CliUsageTest : public ::testing::Test {
 protected:
  // Runs scorecardctl with `args` (shell words), from a folder with no stack above it.
  Result Run(const std::string& args) {
    const std::string out = dir_.File("out");
    const std::string err = dir_.File("err");
    const std::string command =
        absl::StrCat("cd ", dir_.path(), " && env -u SCORECARD_STACK_DIR ", SCORECARDCTL_PATH,
                     " ", args, " >", out, " 2>", err, " </dev/null");
    const int status = std::system(command.c_str());
    Result result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = Slurp(out);
    result.err = Slurp(err);
    return result;
  }

  // A usage error (exit 2) whose message holds `message`.
  void ExpectUsageError(const std::string& args, const std::string& message) {
    const Result result = Run(args);
    EXPECT_EQ(result.exit_code, 2) << args;
    EXPECT_THAT(result.err, HasSubstr(absl::StrCat("usage error: ", message))) << args;
  }

  ScopedTempDir dir_;
};

TEST_F(CliUsageTest, ServerFlagsBroughtInByLibrariesAreUnknown) {
  Result result = Run("status --listen=0.0.0.0:1");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("usage error: unknown flag --listen"));
  // Abseil's own flags are still accepted: this gets as far as looking for the stack.
  Result abseil = Run(absl::StrCat("status --flagfile=/dev/null --stack_dir=", dir_.File("none")));
  EXPECT_EQ(abseil.exit_code, 2);
  EXPECT_THAT(abseil.err, HasSubstr("no running stack found"));
}

TEST_F(CliUsageTest, DrillDownFlagsAreChecked) {
  Result bad_month = Run("drilldown --authority=869 --measure=safeguarding.cp_count --month=2016-13");
  EXPECT_EQ(bad_month.exit_code, 2);
  EXPECT_THAT(bad_month.err, HasSubstr("--month: "));
  Result no_measure = Run("drilldown --authority=869 --month=2016-11");
  EXPECT_EQ(no_measure.exit_code, 2);
  EXPECT_THAT(no_measure.err, HasSubstr("--measure is required"));
  Result bad_scope =
      Run("drilldown --authority=869 --measure=safeguarding.cp_count --month=2016-11 --scope=most");
  EXPECT_EQ(bad_scope.exit_code, 2);
  EXPECT_THAT(bad_scope.err, HasSubstr("--scope: unknown scope \"most\""));
  Result foreign = Run("drilldown --authority=869 --measure=x.y --month=2016-11");
  EXPECT_EQ(foreign.exit_code, 2);
  EXPECT_THAT(foreign.err, HasSubstr("--measure: \"x.y\" is not a measure id"));
}

TEST_F(CliUsageTest, ImportNeedsASourceAFileAndAnAuthority) {
  Result no_source = Run("import census x.xml --authority=869");
  EXPECT_EQ(no_source.exit_code, 2);
  EXPECT_THAT(no_source.err, HasSubstr("`import` needs a subcommand: cin-census, ssda903 or "
                                       "workforce-census (got \"census\")"));
  Result no_file = Run("import cin-census --authority=869");
  EXPECT_EQ(no_file.exit_code, 2);
  EXPECT_THAT(no_file.err, HasSubstr("import cin-census takes one file, got 0"));
  Result bad_authority = Run("import cin-census x.xml --authority=86");
  EXPECT_EQ(bad_authority.exit_code, 2);
  EXPECT_THAT(bad_authority.err, HasSubstr("--authority"));
  Result foreign_flag = Run("import ssda903 dir --authority=869 --reference_date=2016-09-30");
  EXPECT_EQ(foreign_flag.exit_code, 2);
  EXPECT_THAT(foreign_flag.err, HasSubstr("--reference_date does not apply to `import ssda903`"));
  Result bad_year = Run("import ssda903 dir --authority=869 --year=2015");
  EXPECT_EQ(bad_year.exit_code, 2);
  EXPECT_THAT(bad_year.err, HasSubstr("--year must be 2016 to 2025"));
  Result bad_format = Run("import workforce-census hr.csv --authority=869 --format=json");
  EXPECT_EQ(bad_format.exit_code, 2);
  EXPECT_THAT(bad_format.err, HasSubstr("expected xml or csv"));
}

TEST_F(CliUsageTest, AuditQueryTimesAreChecked) {
  Result backwards = Run("audit query --from=2017-04-01 --to=2017-03-01");
  EXPECT_EQ(backwards.exit_code, 2);
  EXPECT_THAT(backwards.err, HasSubstr("--to must be after --from"));
  Result not_a_time = Run("audit query --from=yesterday");
  EXPECT_EQ(not_a_time.exit_code, 2);
  EXPECT_THAT(not_a_time.err, HasSubstr("--from: expected a date"));
  Result unknown = Run("audit list");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_THAT(unknown.err, HasSubstr("`audit` needs a subcommand: verify or query"));
}

TEST_F(CliUsageTest, TheAggregatorCommandsFlagsAreChecked) {
  ExpectUsageError("publish --authority=869 --month=2017-04 --reason=late-data",
                   "--reason is only for a republication");
  ExpectUsageError("publications --authority=869 --month=2017-04",
                   "--month does not apply to `publications`");
  ExpectUsageError("restatement --authority=869 --month=2017-04 --from=2017-04 --to=2017-05",
                   "give --month, or --from and --to, not both");
  ExpectUsageError("local-value --authority=869 --measure=local.x --month=2017-04",
                   "give --value=N");
  ExpectUsageError("reference values.csv", "`reference` needs a subcommand: load");
  ExpectUsageError("reference load", "reference load takes one file");
  // Checked, then no stack found: exit 2 as well, but for that reason.
  Result good = Run(absl::StrCat("reference load values.csv --stack_dir=", dir_.File("none")));
  EXPECT_EQ(good.exit_code, 2);
  EXPECT_THAT(good.err, Not(HasSubstr("usage error")));
}

TEST_F(CliUsageTest, UnreadableTlsFileIsReportedBeforeAnythingElse) {
  Result result = Run(absl::StrCat("status --tls_ca=", dir_.File("missing-ca.pem")));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("--tls_ca"));
  Result token = Run(absl::StrCat("status --bearer_token_file=", dir_.File("missing-token")));
  EXPECT_EQ(token.exit_code, 2);
  EXPECT_THAT(token.err, HasSubstr("--bearer_token_file"));
}

TEST_F(CliUsageTest, AuditVerifyWithoutAStackCouldNotVerify) {
  Result result = Run(absl::StrCat("audit verify --stack_dir=", dir_.File("no-stack")));
  EXPECT_EQ(result.exit_code, 2);
}

TEST_F(CliUsageTest, HelpForAGroupShowsEachOfItsCommands) {
  Result result = Run("help import");
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_THAT(result.out, HasSubstr("scorecardctl import cin-census FILE.xml"));
  EXPECT_THAT(result.out, HasSubstr("scorecardctl import ssda903 DIR"));
  EXPECT_THAT(result.out, HasSubstr("scorecardctl import workforce-census FILE"));
  Result flag = Run("audit query --help");
  EXPECT_EQ(flag.exit_code, 0);
  EXPECT_THAT(flag.out, HasSubstr("scorecardctl audit query [--actor=NAME]"));
  EXPECT_THAT(flag.out, Not(HasSubstr("audit verify")));
}

}  // namespace
}  // namespace scorecard
