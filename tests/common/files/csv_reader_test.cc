#include "common/files/csv_reader.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace scorecard {
namespace {

using ::testing::ElementsAre;

std::vector<CsvRow> Read(absl::string_view text) {
  absl::StatusOr<std::vector<CsvRow>> rows = ReadCsv(text);
  EXPECT_TRUE(rows.ok()) << rows.status();
  return rows.ok() ? *rows : std::vector<CsvRow>{};
}

TEST(CsvReaderTest, PlainFieldsAndLines) {
  std::vector<CsvRow> rows = Read("CHILD,DOB\nC1,01/02/2010\nC2,03/04/2011\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_THAT(rows[0].fields, ElementsAre("CHILD", "DOB"));
  EXPECT_THAT(rows[2].fields, ElementsAre("C2", "03/04/2011"));
  EXPECT_EQ(rows[0].line, 1);
  EXPECT_EQ(rows[2].line, 3);
}

TEST(CsvReaderTest, QuotedFieldsHoldCommasQuotesAndLineBreaks) {
  std::vector<CsvRow> rows =
      Read("A,B,C\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\nnext,\"\",end\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_THAT(rows[1].fields, ElementsAre("x, y", "say \"hi\"", "two\nlines"));
  EXPECT_EQ(rows[1].line, 2);
  // The quoted line break makes the record span two lines; the next starts on line 4.
  EXPECT_EQ(rows[2].line, 4);
  EXPECT_THAT(rows[2].fields, ElementsAre("next", "", "end"));
}

TEST(CsvReaderTest, CrlfEndingsAreNotPartOfTheLastField) {
  std::vector<CsvRow> rows = Read("A,B\r\n1,2\r\n\"q\",\"r\"\r\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_THAT(rows[1].fields, ElementsAre("1", "2"));
  EXPECT_THAT(rows[2].fields, ElementsAre("q", "r"));
  EXPECT_EQ(rows[2].line, 3);
}

TEST(CsvReaderTest, EmptyFieldsAndNoFinalLineEnding) {
  std::vector<CsvRow> rows = Read("A,B,C\n,,\nx,,z");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_THAT(rows[1].fields, ElementsAre("", "", ""));
  EXPECT_THAT(rows[2].fields, ElementsAre("x", "", "z"));
}

TEST(CsvReaderTest, BlankLinesAreSkippedButCounted) {
  std::vector<CsvRow> rows = Read("A\n\n1\r\n\r\n2\n\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].line, 3);
  EXPECT_EQ(rows[2].line, 5);
}

TEST(CsvReaderTest, ByteOrderMarkIsSkipped) {
  std::vector<CsvRow> rows = Read(
      "\xEF\xBB\xBF"
      "CHILD,DOB\n");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].fields[0], "CHILD");
}

TEST(CsvReaderTest, QuoteInsideAnUnquotedFieldIsKept) {
  std::vector<CsvRow> rows = Read("5\" tall,x\n");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_THAT(rows[0].fields, ElementsAre("5\" tall", "x"));
}

TEST(CsvReaderTest, UnterminatedQuoteIsAnErrorNamingItsLine) {
  absl::StatusOr<std::vector<CsvRow>> rows = ReadCsv("A,B\n1,2\n3,\"open\n4,5\n");
  ASSERT_FALSE(rows.ok());
  EXPECT_TRUE(absl::StrContains(rows.status().message(), "line 3")) << rows.status();
  EXPECT_TRUE(absl::StrContains(rows.status().message(), "unterminated")) << rows.status();
}

TEST(CsvReaderTest, TextAfterAClosingQuoteIsAnError) {
  absl::StatusOr<std::vector<CsvRow>> rows = ReadCsv("A,B\n\"ab\"c,d\n");
  ASSERT_FALSE(rows.ok());
  EXPECT_TRUE(absl::StrContains(rows.status().message(), "line 2")) << rows.status();
}

TEST(CsvReaderTest, ReaderStopsAtTheErrorAfterTheGoodRecords) {
  CsvReader reader("A\n1\n\"x\"y\n2\n");
  CsvRow row;
  int good = 0;
  while (reader.Next(&row)) ++good;
  EXPECT_EQ(good, 2);
  EXPECT_FALSE(reader.status().ok());
}

TEST(CsvFieldTest, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(CsvField("plain"), "plain");
  EXPECT_EQ(CsvField(""), "");
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(CsvField("cr\r"), "\"cr\r\"");
  EXPECT_EQ(CsvField("<a> & 'b'"), "<a> & 'b'");  // Only RFC 4180's specials are quoted.
}

TEST(CsvFieldTest, WhatItWritesReadsBack) {
  const std::vector<std::string> fields = {"a,b", "\"q\"", "", "x\r\ny", "plain"};
  std::string line;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) line += ",";
    line += CsvField(fields[i]);
  }
  std::vector<CsvRow> rows = Read(line + "\r\n");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].fields, fields);
}

}  // namespace
}  // namespace scorecard
