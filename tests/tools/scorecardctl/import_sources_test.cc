#include "tools/scorecardctl/import_sources.h"

#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/store/scoped_temp_dir.h"

namespace scorecard::scorecardctl {
namespace {

using ::testing::HasSubstr;

void Touch(const std::string& path) { std::ofstream(path) << "CHILD\n"; }

TEST(ReturnYearFromFolderNameTest, AcceptedForms) {
  EXPECT_EQ(ReturnYearFromFolderName("2016"), 2016);
  EXPECT_EQ(ReturnYearFromFolderName("2016-17"), 2016);
  EXPECT_EQ(ReturnYearFromFolderName("2016_17"), 2016);
  EXPECT_EQ(ReturnYearFromFolderName("2016-2017"), 2016);
  EXPECT_EQ(ReturnYearFromFolderName("903_2016-17"), 2016);
  EXPECT_EQ(ReturnYearFromFolderName("good_2016"), 2016);
  EXPECT_EQ(ReturnYearFromFolderName("ssda903 2019-20"), 2019);
  // 1999-00: the second year wraps to 00.
  EXPECT_EQ(ReturnYearFromFolderName("1999-00"), 1999);
}

TEST(ReturnYearFromFolderNameTest, RejectedForms) {
  EXPECT_EQ(ReturnYearFromFolderName("2016-18"), std::nullopt);  // not consecutive
  EXPECT_EQ(ReturnYearFromFolderName("x2016"), std::nullopt);    // no separator
  EXPECT_EQ(ReturnYearFromFolderName("16-17"), std::nullopt);
  EXPECT_EQ(ReturnYearFromFolderName("reports"), std::nullopt);
  EXPECT_EQ(ReturnYearFromFolderName("2016-17-old"), std::nullopt);
  EXPECT_EQ(ReturnYearFromFolderName(""), std::nullopt);
}

TEST(CollectionYearTextTest, NamesBothYears) {
  EXPECT_EQ(CollectionYearText(2016), "2016-17");
  EXPECT_EQ(CollectionYearText(2099), "2099-00");
}

TEST(FindReturnFoldersTest, AFolderOfYearsIsLoadedOldestFirst) {
  ScopedTempDir dir;
  ASSERT_TRUE(dir.ok());
  for (const char* year : {"2018-19", "2016-17", "2017_18", "notes"}) {
    std::filesystem::create_directory(dir.File(year));
  }
  absl::StatusOr<std::vector<ReturnFolder>> folders = FindReturnFolders(dir.path(), {});
  ASSERT_TRUE(folders.ok()) << folders.status();
  ASSERT_EQ(folders->size(), 3u);  // "notes" is no year
  EXPECT_EQ((*folders)[0].year, 2016);
  EXPECT_EQ((*folders)[0].path, dir.File("2016-17"));
  EXPECT_EQ((*folders)[1].year, 2017);
  EXPECT_EQ((*folders)[2].year, 2018);

  absl::StatusOr<std::vector<ReturnFolder>> with_year = FindReturnFolders(dir.path(), 2017);
  ASSERT_FALSE(with_year.ok());
  EXPECT_THAT(with_year.status().message(), HasSubstr("--year applies to a folder that is one"));
}

TEST(FindReturnFoldersTest, TwoFoldersOfOneYearAreAnError) {
  ScopedTempDir dir;
  ASSERT_TRUE(dir.ok());
  std::filesystem::create_directory(dir.File("2016-17"));
  std::filesystem::create_directory(dir.File("903_2016"));
  absl::StatusOr<std::vector<ReturnFolder>> folders = FindReturnFolders(dir.path(), {});
  ASSERT_FALSE(folders.ok());
  EXPECT_THAT(folders.status().message(), HasSubstr("are both the 2016-17 return"));
}

TEST(FindReturnFoldersTest, AFolderOfCsvFilesIsOneReturn) {
  ScopedTempDir dir;
  ASSERT_TRUE(dir.ok());
  const std::string one = dir.File("returns_2017-18");
  std::filesystem::create_directory(one);
  Touch(one + "/header.CSV");
  absl::StatusOr<std::vector<ReturnFolder>> by_name = FindReturnFolders(one, {});
  ASSERT_TRUE(by_name.ok()) << by_name.status();
  ASSERT_EQ(by_name->size(), 1u);
  EXPECT_EQ((*by_name)[0].year, 2017);
  EXPECT_EQ((*by_name)[0].path, one);
  // --year wins over the name.
  EXPECT_EQ((*FindReturnFolders(one, 2019))[0].year, 2019);
  // A trailing slash does not hide the name.
  EXPECT_EQ((*FindReturnFolders(one + "/", {}))[0].year, 2017);
}

TEST(FindReturnFoldersTest, OneReturnWhoseNameGivesNoYearNeedsTheFlag) {
  ScopedTempDir dir;
  ASSERT_TRUE(dir.ok());
  Touch(dir.File("episodes.csv"));
  absl::StatusOr<std::vector<ReturnFolder>> folders = FindReturnFolders(dir.path(), {});
  ASSERT_FALSE(folders.ok());
  EXPECT_THAT(folders.status().message(), HasSubstr("give --year=YYYY"));
}

TEST(FindReturnFoldersTest, NothingUsableIsNotFound) {
  ScopedTempDir dir;
  ASSERT_TRUE(dir.ok());
  Touch(dir.File(".hidden.csv"));  // ignored, as ssda903 ignores it
  Touch(dir.File("readme.txt"));
  EXPECT_EQ(FindReturnFolders(dir.path(), {}).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(FindReturnFolders(dir.File("missing"), {}).status().code(),
            absl::StatusCode::kNotFound);
}

TEST(WorkforceInputFormatTest, FlagOrExtension) {
  EXPECT_EQ(*WorkforceInputFormat("", "hr_roles.CSV"), "csv");
  EXPECT_EQ(*WorkforceInputFormat("", "csww_2016.xml"), "xml");
  EXPECT_EQ(*WorkforceInputFormat("", "export"), "xml");
  EXPECT_EQ(*WorkforceInputFormat("xml", "odd.csv"), "xml");
  absl::StatusOr<std::string> bad = WorkforceInputFormat("json", "x.csv");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), HasSubstr("expected xml or csv"));
}

TEST(Ssda903HistoryReportCsvTest, EachLineSaysWhichReturn) {
  ssda903::ImportResult first;
  first.report.push_back({"Episodes", 3, "LS", "C1", "\"Z9\" is not a legal status", false, true});
  ssda903::ImportResult second;
  second.report.push_back({"", 0, "", "", "no Header table", true, true});
  const std::vector<std::pair<int, const ssda903::ImportResult*>> years = {{2016, &first},
                                                                         {2017, &second}};
  EXPECT_EQ(Ssda903HistoryReportCsv(years),
            "year,table,line,column,child,reason\r\n"
            "2016-17,Episodes,3,LS,C1,\"\"\"Z9\"\" is not a legal status\"\r\n"
            "2017-18,,,,,no Header table\r\n");
}

}  // namespace
}  // namespace scorecard::scorecardctl
