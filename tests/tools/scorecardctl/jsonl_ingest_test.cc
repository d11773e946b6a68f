#include "tools/scorecardctl/jsonl_ingest.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scorecard/safeguarding/v1/safeguarding_service.pb.h"
#include "scorecard/workforce/v1/workforce_service.pb.h"
#include "tools/scorecardctl/batch_sender.h"

namespace scorecard::scorecardctl {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using safeguarding::v1::SafeguardingRecord;

constexpr char kReferral[] =
    R"({"referral": {"header": {"authority": "869", "source": {"system": "lcs", "id": "R1"}}, )"
    R"("childId": "C1", "referralDate": {"year": 2016, "month": 5, "day": 3}}})";
// Proto field names are accepted as well as the camelCase JSON names.
constexpr char kContact[] =
    R"({"contact": {"header": {"authority": "869", "source": {"system": "lcs", "id": "K7"}}, )"
    R"("child_id": "C2", "contact_date": {"year": 2016, "month": 4, "day": 30}}})";

TEST(NonBlankLinesTest, NumbersLinesFromOneAndSkipsBlankOnes) {
  std::vector<JsonlLine> lines = NonBlankLines("a\n\n  \t\nb\r\n\r\nc");
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].number, 1);
  EXPECT_EQ(lines[0].text, "a");
  EXPECT_EQ(lines[1].number, 4);
  EXPECT_EQ(lines[1].text, "b");  // the Windows '\r' is gone
  EXPECT_EQ(lines[2].number, 6);
  EXPECT_EQ(lines[2].text, "c");
}

TEST(ParseJsonlTest, GoodLinesBecomeRecordsWithTheirLineNumbers) {
  const std::string text = absl::StrCat(kReferral, "\n\n", kContact, "\n");
  ParsedJsonl<SafeguardingRecord> parsed = ParseJsonl<SafeguardingRecord>(text, "in.jsonl");
  ASSERT_TRUE(parsed.ok()) << parsed.errors.front();
  ASSERT_EQ(parsed.records.size(), 2u);
  EXPECT_THAT(parsed.line_numbers, ElementsAre(1, 3));
  EXPECT_EQ(parsed.total_lines, 2);

  const auto& referral = parsed.records[0].referral();
  EXPECT_EQ(referral.header().authority(), "869");
  EXPECT_EQ(referral.header().source().system(), "lcs");
  EXPECT_EQ(referral.header().source().id(), "R1");
  EXPECT_EQ(referral.child_id(), "C1");
  EXPECT_EQ(referral.referral_date().year(), 2016);
  EXPECT_EQ(referral.referral_date().month(), 5);
  EXPECT_EQ(referral.referral_date().day(), 3);
  EXPECT_EQ(parsed.records[1].contact().child_id(), "C2");
  EXPECT_EQ(parsed.records[1].contact().contact_date().day(), 30);
}

TEST(ParseJsonlTest, BadLineIsReportedAsFileColonLine) {
  const std::string text = absl::StrCat(kReferral, "\n", "\n", "{\"referral\": {\"childId\": \n",
                                        kContact, "\n");
  ParsedJsonl<SafeguardingRecord> parsed = ParseJsonl<SafeguardingRecord>(text, "in.jsonl");
  EXPECT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.bad_lines, 1);
  EXPECT_EQ(parsed.total_lines, 3);
  ASSERT_EQ(parsed.errors.size(), 1u);
  EXPECT_THAT(parsed.errors[0], StartsWith("in.jsonl:3: "));
  // One line per bad record: protobuf's echo of the input and its caret are dropped.
  EXPECT_EQ(parsed.errors[0].find('\n'), std::string::npos);
  EXPECT_EQ(parsed.errors[0].find('^'), std::string::npos);
}

TEST(ParseJsonlTest, UnknownFieldIsRejectedAndNamed) {
  ParsedJsonl<SafeguardingRecord> parsed = ParseJsonl<SafeguardingRecord>(
      R"({"referral": {"childId": "C1", "colour": "red"}})", "x.jsonl");
  ASSERT_EQ(parsed.errors.size(), 1u);
  EXPECT_THAT(parsed.errors[0], StartsWith("x.jsonl:1: "));
  EXPECT_THAT(parsed.errors[0], HasSubstr("colour"));
}

TEST(ParseJsonlTest, RecordOfTheWrongServiceIsRejected) {
  // A referral is not a WorkforceRecord kind.
  ParsedJsonl<workforce::v1::WorkforceRecord> parsed =
      ParseJsonl<workforce::v1::WorkforceRecord>(kReferral, "w.jsonl");
  EXPECT_EQ(parsed.bad_lines, 1);
  EXPECT_TRUE(parsed.records.empty());
}

TEST(ParseJsonlTest, WrapperWithNoKindIsRejected) {
  ParsedJsonl<SafeguardingRecord> parsed = ParseJsonl<SafeguardingRecord>("{}", "e.jsonl");
  ASSERT_EQ(parsed.errors.size(), 1u);
  EXPECT_THAT(parsed.errors[0], HasSubstr("e.jsonl:1: no record kind set: expected one of"));
  EXPECT_THAT(parsed.errors[0], HasSubstr("referral"));
}

TEST(ParseJsonlTest, ListsTheFirstTwentyBadLinesAndCountsAll) {
  std::string text;
  for (int i = 0; i < 25; ++i) absl::StrAppend(&text, "nope\n");
  ParsedJsonl<SafeguardingRecord> parsed = ParseJsonl<SafeguardingRecord>(text, "b.jsonl");
  EXPECT_EQ(parsed.bad_lines, 25);
  ASSERT_EQ(parsed.errors.size(), 20u);
  EXPECT_THAT(parsed.errors.back(), StartsWith("b.jsonl:20: "));
}

TEST(ParseJsonlTest, EmptyInputHasNoRecordsAndNoErrors) {
  ParsedJsonl<SafeguardingRecord> parsed = ParseJsonl<SafeguardingRecord>("\n \n", "e.jsonl");
  EXPECT_TRUE(parsed.ok());
  EXPECT_TRUE(parsed.records.empty());
}

TEST(InputDisplayNameTest, StdinHasAReadableName) {
  EXPECT_EQ(InputDisplayName("-"), "<stdin>");
  EXPECT_EQ(InputDisplayName("a/b.jsonl"), "a/b.jsonl");
}

TEST(PlanBatchesTest, SplitsByRecordCount) {
  const std::vector<size_t> sizes(7, 100);
  EXPECT_THAT(PlanBatches(sizes, 3),
              ElementsAre(BatchSpan{0, 3}, BatchSpan{3, 3}, BatchSpan{6, 1}));
}

TEST(PlanBatchesTest, SplitsByBytesBeforeReachingTheCount) {
  // Each record costs its size plus 6 bytes of framing: two fit in 250, three do not.
  const std::vector<size_t> sizes(5, 100);
  EXPECT_THAT(PlanBatches(sizes, 1000, 250),
              ElementsAre(BatchSpan{0, 2}, BatchSpan{2, 2}, BatchSpan{4, 1}));
}

TEST(PlanBatchesTest, OversizedRecordGoesAlone) {
  EXPECT_THAT(PlanBatches({10, 500, 10}, 1000, 100),
              ElementsAre(BatchSpan{0, 1}, BatchSpan{1, 1}, BatchSpan{2, 1}));
}

TEST(PlanBatchesTest, NoRecordsNoBatches) { EXPECT_TRUE(PlanBatches({}, 10).empty()); }

TEST(SendBatchesTest, SumsResponsesAndStopsAtTheFirstFailure) {
  const std::vector<BatchSpan> batches = {{0, 2}, {2, 2}, {4, 1}};
  std::vector<int> sent;
  IngestRun run = SendBatches(batches, [&](BatchSpan batch, common::v1::IngestResponse* response) {
    sent.push_back(batch.start);
    if (batch.start == 2) return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "bad");
    response->set_new_versions(1);
    response->set_unchanged(1);
    return grpc::Status::OK;
  });
  EXPECT_THAT(sent, ElementsAre(0, 2));  // nothing after the rejected batch
  EXPECT_EQ(run.failure.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  ASSERT_TRUE(run.failed_batch.has_value());
  EXPECT_EQ(*run.failed_batch, (BatchSpan{2, 2}));
  EXPECT_EQ(run.totals.batches, 1);
  EXPECT_EQ(run.totals.records, 2);
  EXPECT_EQ(run.totals.new_versions, 1);
  EXPECT_EQ(run.totals.unchanged, 1);
}

TEST(SendBatchesTest, AllCommitted) {
  IngestRun run = SendBatches({{0, 3}, {3, 2}}, [](BatchSpan batch, common::v1::IngestResponse* r) {
    r->set_new_versions(batch.count);
    r->add_data_versions()->set_version(batch.start + 10);
    return grpc::Status::OK;
  });
  EXPECT_TRUE(run.failure.ok());
  EXPECT_EQ(run.totals.records, 5);
  EXPECT_EQ(run.totals.new_versions, 5);
  ASSERT_EQ(run.totals.data_versions.size(), 1u);
  EXPECT_EQ(run.totals.data_versions[0].version(), 13);  // the last batch's
}

TEST(DescribeRejectedBatchTest, MapsRecordIndicesBackToFileLines) {
  // Records came from lines 1, 2, 4, 5, 7, 8 (blank lines between); the batch is records
  // 2..5, so its records[1] is the file's record 3, on line 5.
  const std::vector<int> lines = {1, 2, 4, 5, 7, 8};
  const std::string message =
      "2 invalid records; records[1].referral.referral_date: 2017-02-30 is not a real date; "
      "records[3].referral.header.source.id: required; records[1].referral.child_id: required";
  EXPECT_EQ(DescribeRejectedBatch("in.jsonl", lines, BatchSpan{2, 4}, message),
            "batch starting at in.jsonl:4 rejected: " + message + "\n"
            "  records[1] is in.jsonl:5\n"
            "  records[3] is in.jsonl:8\n");
}

TEST(DescribeRejectedBatchTest, MessageWithoutIndicesIsShownAsIs) {
  EXPECT_EQ(DescribeRejectedBatch("in.jsonl", {3, 9}, BatchSpan{1, 1}, "records: the batch is empty"),
            "batch starting at in.jsonl:9 rejected: records: the batch is empty\n");
}

TEST(DescribeRejectedRecordsTest, LabelsEachNamedRecordOfTheBatch) {
  // The batch is records 10..14 of the input; the message names its records[0] and [4],
  // and records[7], which is not in a batch of 5.
  const std::string lines = DescribeRejectedRecords(
      BatchSpan{10, 5}, "records[4].assessment.start_date: x; records[0].referral: y; records[7]: z",
      [](int index) { return absl::StrCat("#", index); });
  EXPECT_EQ(lines, "  records[4] is #14\n  records[0] is #10\n");
}

// Five batches of 5000, 5000, 5000, 5000 and 3114 records.
std::vector<BatchSpan> FiveBatches() {
  return {{0, 5000}, {5000, 5000}, {10000, 5000}, {15000, 5000}, {20000, 3114}};
}

TEST(DescribeAcknowledgedBatchesTest, SaysWhichBatchesAreStoredAndWhichNot) {
  IngestRun run;
  run.totals.batches = 3;
  run.totals.records = 15000;
  run.failure = grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "bad");
  EXPECT_EQ(DescribeAcknowledgedBatches(FiveBatches(), run),
            "acknowledged: batches 1-3 of 5 (records 1-15000 of 23114): stored\n"
            "failed:       batch 4 of 5 (records 15001-20000 of 23114): refused, nothing of it "
            "stored\n"
            "not sent:     batch 5 of 5 (records 20001-23114 of 23114)\n");
}

TEST(DescribeAcknowledgedBatchesTest, ALostAnswerLeavesTheBatchUnknown) {
  IngestRun run;
  run.totals.batches = 4;
  run.failure = grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "late");
  EXPECT_EQ(DescribeAcknowledgedBatches(FiveBatches(), run),
            "acknowledged: batches 1-4 of 5 (records 1-20000 of 23114): stored\n"
            "failed:       batch 5 of 5 (records 20001-23114 of 23114): no answer, so it may or "
            "may not be stored\n");
}

TEST(DescribeAcknowledgedBatchesTest, FirstBatchFailing) {
  IngestRun run;
  run.failure = grpc::Status(grpc::StatusCode::PERMISSION_DENIED, "no");
  EXPECT_EQ(DescribeAcknowledgedBatches({{0, 7}, {7, 3}}, run),
            "acknowledged: none: nothing of this input is stored\n"
            "failed:       batch 1 of 2 (records 1-7 of 10): refused, nothing of it stored\n"
            "not sent:     batch 2 of 2 (records 8-10 of 10)\n");
}

TEST(SendBatchesTest, ReportsTheTotalsAfterEachAcknowledgedBatch) {
  std::vector<int> records_so_far;
  SendBatches(
      {{0, 3}, {3, 2}, {5, 1}},
      [](BatchSpan batch, common::v1::IngestResponse*) {
        return batch.start == 5 ? grpc::Status(grpc::StatusCode::UNAVAILABLE, "down")
                                : grpc::Status::OK;
      },
      [&](const IngestTotals& totals) { records_so_far.push_back(totals.records); });
  EXPECT_THAT(records_so_far, ElementsAre(3, 5));  // not told of the failed batch
}

TEST(RecordLabelTest, KindAndSourceKey) {
  SafeguardingRecord record;
  auto* assessment = record.mutable_assessment();
  assessment->mutable_header()->mutable_source()->set_system("cin-census");
  assessment->mutable_header()->mutable_source()->set_id("C1/2016-05-03/assessment/2016-05-04");
  assessment->set_child_id("C1");
  EXPECT_EQ(RecordLabel(record), "assessment cin-census/C1/2016-05-03/assessment/2016-05-04");
  record.mutable_referral();  // another kind, with no header
  EXPECT_EQ(RecordLabel(record), "referral with no source key");
  EXPECT_EQ(RecordLabel(SafeguardingRecord()), "a record of no kind");
}

TEST(FormatIngestSummaryTest, ShowsCountsTimeAndRate) {
  IngestTotals totals;
  totals.records = 1000;
  totals.batches = 2;
  totals.new_versions = 990;
  totals.unchanged = 10;
  common::v1::DataVersion version;
  version.set_authority("869");
  version.set_version(57);
  totals.data_versions.push_back(version);
  totals.elapsed = absl::Milliseconds(2500);
  EXPECT_EQ(FormatIngestSummary("safeguarding", "in.jsonl", totals),
            "safeguarding: ingested in.jsonl\n"
            "  records:       1000\n"
            "  new versions:  990\n"
            "  unchanged:     10\n"
            "  batches:       2\n"
            "  data version:  869 at 57\n"
            "  elapsed:       2.50 s\n"
            "  rate:          400 records/s\n");
}

}  // namespace
}  // namespace scorecard::scorecardctl
