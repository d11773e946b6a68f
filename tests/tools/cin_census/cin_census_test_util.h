// Helpers shared by the cin_census tests: fixture paths, files, temporary folders and
// small census documents built around a fragment of children.
//
//   std::string xml = CensusXml(2017, "<Child>...</Child>");
//   std::vector<v1::SafeguardingRecord> expected = ParseJsonlRecords(ReadFile(Testdata("x")));
#ifndef SCORECARD_TESTS_TOOLS_CIN_CENSUS_CIN_CENSUS_TEST_UTIL_H_
#define SCORECARD_TESTS_TOOLS_CIN_CENSUS_CIN_CENSUS_TEST_UTIL_H_

#include <google/protobuf/text_format.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "scorecard/safeguarding/v1/safeguarding_service.pb.h"

namespace scorecard::cin_census::testing {

inline std::string Testdata(const std::string& name) {
  return absl::StrCat(CIN_CENSUS_TESTDATA_DIR, "/", name);
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

inline std::string MakeTempDir() {
  std::string pattern =
      (std::filesystem::path(::testing::TempDir()) / "cin_census_XXXXXX").string();
  EXPECT_NE(::mkdtemp(pattern.data()), nullptr);
  return pattern;
}

// A census of `year` (Year element) for authority 869 around `children` (<Child> elements).
inline std::string CensusXml(int year, const std::string& children) {
  return absl::StrCat(
      "<?xml version=\"1.0\"?>\n<Message><Header><CollectionDetails><Collection>CIN</Collection>"
      "<Year>",
      year, "</Year><ReferenceDate>", year,
      "-03-31</ReferenceDate></CollectionDetails>"
      "<Source><LEA>869</LEA></Source></Header>\n<Children>\n",
      children, "</Children></Message>\n");
}

// A <Child> with the given id and CINdetails contents (one CINdetails).
inline std::string ChildXml(const std::string& id, const std::string& cin_details) {
  return absl::StrCat("<Child><ChildIdentifiers><LAchildID>", id,
                      "</LAchildID></ChildIdentifiers><CINdetails>", cin_details,
                      "</CINdetails></Child>\n");
}

// One SafeguardingRecord per non-blank line (protobuf JSON mapping).
inline std::vector<safeguarding::v1::SafeguardingRecord> ParseJsonlRecords(
    const std::string& text) {
  std::vector<safeguarding::v1::SafeguardingRecord> records;
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipWhitespace())) {
    safeguarding::v1::SafeguardingRecord record;
    const auto status = google::protobuf::util::JsonStringToMessage(
        google::protobuf::StringPiece(line.data(), line.size()), &record);
    EXPECT_TRUE(status.ok()) << status.message() << " in " << line;
    records.push_back(std::move(record));
  }
  return records;
}

inline safeguarding::v1::SafeguardingRecord RecordFromText(const std::string& text) {
  safeguarding::v1::SafeguardingRecord record;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &record)) << text;
  return record;
}

// Same records in the same order; on a difference, says which and how.
inline ::testing::AssertionResult SameRecords(
    const std::vector<safeguarding::v1::SafeguardingRecord>& actual,
    const std::vector<safeguarding::v1::SafeguardingRecord>& expected) {
  if (actual.size() != expected.size()) {
    return ::testing::AssertionFailure()
           << actual.size() << " records, expected " << expected.size();
  }
  for (size_t i = 0; i < actual.size(); ++i) {
    std::string differences;
    google::protobuf::util::MessageDifferencer differencer;
    differencer.ReportDifferencesToString(&differences);
    if (!differencer.Compare(expected[i], actual[i])) {
      return ::testing::AssertionFailure() << "record " << i << " differs: " << differences
                                           << "got " << actual[i].ShortDebugString();
    }
  }
  return ::testing::AssertionSuccess();
}

}  // namespace scorecard::cin_census::testing

#endif  // SCORECARD_TESTS_TOOLS_CIN_CENSUS_CIN_CENSUS_TEST_UTIL_H_
