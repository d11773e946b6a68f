// Helpers shared by the SSDA903 importer tests: the fixture return, edits to its files, and
// comparing records with the hand-written expectations.
//
//   std::vector<InputFile> files = GoodReturn();            // testdata/good_2016
//   EditFile(files, "reviews.csv", "25/08/2016", "31/09/2016");
//   ImportResult result = Import(files);
//   EXPECT_THAT(..., HasProblem(result, "Reviews", 3, "REVIEW"));
#ifndef SCORECARD_TESTS_TOOLS_SSDA903_SSDA903_TEST_SUPPORT_H_
#define SCORECARD_TESTS_TOOLS_SSDA903_SSDA903_TEST_SUPPORT_H_

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "common/files/csv_reader.h"
#include "tools/ssda903/ssda903_import.h"

namespace scorecard::ssda903::testing {

inline std::string TestDataPath(absl::string_view name) {
  return absl::StrCat(SSDA903_TESTDATA_DIR, "/", name);
}

inline std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The fixture return: testdata/good_2016 (2016-17, authority 869).
inline std::vector<InputFile> GoodReturn() {
  absl::StatusOr<std::vector<InputFile>> files = ReadReturnFolder(TestDataPath("good_2016"));
  EXPECT_TRUE(files.ok()) << files.status();
  return files.ok() ? *files : std::vector<InputFile>{};
}

inline InputFile* FindFile(std::vector<InputFile>& files, absl::string_view name) {
  for (InputFile& f : files) {
    if (f.name == name) return &f;
  }
  ADD_FAILURE() << "no file " << name;
  return nullptr;
}

// Replaces the one occurrence of `from` in the file (a test edit that matches nothing, or
// several places, is a broken test).
inline void EditFile(std::vector<InputFile>& files, absl::string_view name, absl::string_view from,
                     absl::string_view to) {
  InputFile* f = FindFile(files, name);
  if (f == nullptr) return;
  const std::string needle(from);
  const size_t at = f->text.find(needle);
  ASSERT_NE(at, std::string::npos) << from << " not in " << name;
  ASSERT_EQ(f->text.find(needle, at + 1), std::string::npos) << from << " twice in " << name;
  f->text.replace(at, needle.size(), std::string(to));
}

inline void AppendLine(std::vector<InputFile>& files, absl::string_view name,
                       absl::string_view line) {
  if (InputFile* f = FindFile(files, name)) absl::StrAppend(&f->text, line, "\n");
}

inline void RemoveFile(std::vector<InputFile>& files, absl::string_view name) {
  files.erase(std::remove_if(files.begin(), files.end(),
                             [&](const InputFile& f) { return f.name == name; }),
              files.end());
}

// The file rewritten with its columns in `order` (names; columns not named are dropped).
inline void RewriteColumns(std::vector<InputFile>& files, absl::string_view name,
                           const std::vector<std::string>& order) {
  InputFile* f = FindFile(files, name);
  if (f == nullptr) return;
  absl::StatusOr<std::vector<CsvRow>> rows = ReadCsv(f->text);
  ASSERT_TRUE(rows.ok()) << rows.status();
  const std::vector<std::string>& header = rows->front().fields;
  std::vector<size_t> positions;
  for (const std::string& column : order) {
    auto it = std::find(header.begin(), header.end(), column);
    ASSERT_NE(it, header.end()) << column;
    positions.push_back(static_cast<size_t>(it - header.begin()));
  }
  std::string out;
  for (const CsvRow& row : *rows) {
    std::vector<std::string> cells;
    for (size_t p : positions) cells.push_back(CsvField(row.fields[p]));
    absl::StrAppend(&out, absl::StrJoin(cells, ","), "\n");
  }
  f->text = out;
}

// The header row's column names, in order.
inline std::vector<std::string> ColumnsOf(std::vector<InputFile>& files, absl::string_view name) {
  InputFile* f = FindFile(files, name);
  if (f == nullptr) return {};
  CsvRow header;
  CsvReader(f->text).Next(&header);
  return header.fields;
}

// `columns` without those named in `drop`.
inline std::vector<std::string> Without(std::vector<std::string> columns,
                                        const std::vector<std::string>& drop) {
  columns.erase(std::remove_if(columns.begin(), columns.end(),
                               [&](const std::string& c) {
                                 return std::find(drop.begin(), drop.end(), c) != drop.end();
                               }),
                columns.end());
  return columns;
}

inline ImportOptions Options(int year = 2016, bool strict = false) {
  ImportOptions options;
  options.authority = "869";
  options.year = year;
  options.strict = strict;
  return options;
}

inline ImportResult Import(const std::vector<InputFile>& files,
                           const ImportOptions& options = Options()) {
  absl::StatusOr<ImportResult> result = ImportReturn(files, options);
  EXPECT_TRUE(result.ok()) << result.status();
  return result.ok() ? *std::move(result) : ImportResult{};
}

template <typename Record>
std::vector<Record> ReadExpected(absl::string_view name) {
  std::vector<Record> records;
  const std::string text = ReadWholeFile(TestDataPath(name));
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipWhitespace())) {
    Record record;
    const auto status = google::protobuf::util::JsonStringToMessage(
        google::protobuf::StringPiece(line.data(), line.size()), &record);
    EXPECT_TRUE(status.ok()) << status.message() << " in " << line;
    records.push_back(std::move(record));
  }
  EXPECT_FALSE(records.empty()) << name;
  return records;
}

// Equal record by record, in order; on failure says which record differs and how.
template <typename Record>
::testing::AssertionResult SameRecords(const std::vector<Record>& actual,
                                       const std::vector<Record>& expected) {
  for (size_t i = 0; i < std::min(actual.size(), expected.size()); ++i) {
    google::protobuf::util::MessageDifferencer differ;
    std::string diff;
    differ.ReportDifferencesToString(&diff);
    if (!differ.Compare(expected[i], actual[i])) {
      return ::testing::AssertionFailure() << "record " << i << " differs (expected vs actual):\n"
                                           << diff << "actual: " << actual[i].ShortDebugString();
    }
  }
  if (actual.size() != expected.size()) {
    return ::testing::AssertionFailure()
           << actual.size() << " records, expected " << expected.size();
  }
  return ::testing::AssertionSuccess();
}

// The problem reported at (table, line, column), or nullptr.
inline const ReportEntry* ProblemAt(const ImportResult& result, absl::string_view table, int line,
                                    absl::string_view column) {
  for (const ReportEntry& e : result.report) {
    if (e.is_problem && e.table == table && e.line == line && e.column == column) return &e;
  }
  return nullptr;
}

// Every problem (not the held-back rows), one a line, for failure messages.
inline std::string Problems(const ImportResult& result) {
  std::string out;
  for (const ReportEntry& e : result.report) {
    if (e.is_problem) {
      absl::StrAppend(&out, e.table, ":", e.line, ":", e.column, ":", e.child, ": ", e.reason,
                      e.fatal ? " [fatal]" : "", "\n");
    }
  }
  return out;
}

inline int ProblemCount(const ImportResult& result) {
  return static_cast<int>(std::count_if(result.report.begin(), result.report.end(),
                                        [](const ReportEntry& e) { return e.is_problem; }));
}

// The expected records without those of `child`.
template <typename Record>
std::vector<Record> WithoutChild(std::vector<Record> records, absl::string_view child) {
  records.erase(std::remove_if(records.begin(), records.end(),
                               [&](const Record& r) {
                                 return r.ShortDebugString().find(absl::StrCat(
                                            "child_id: \"", child, "\"")) != std::string::npos;
                               }),
                records.end());
  return records;
}

}  // namespace scorecard::ssda903::testing

#endif  // SCORECARD_TESTS_TOOLS_SSDA903_SSDA903_TEST_SUPPORT_H_
