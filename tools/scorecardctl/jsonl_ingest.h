// Reads ingest records from JSON Lines and sends them to a domain service in batches.
//
//   absl::StatusOr<std::string> text = ReadInput("referrals.jsonl");   // "-" reads stdin
//   ParsedJsonl<safeguarding::v1::SafeguardingRecord> parsed =
//       ParseJsonl<safeguarding::v1::SafeguardingRecord>(*text, "referrals.jsonl");
//   if (!parsed.ok()) { for (auto& e : parsed.errors) std::cerr << e << "\n"; }  // nothing sent
//   std::vector<BatchSpan> batches = PlanBatches(RecordSizes(parsed.records), 5000);
//   IngestRun run = SendBatches(batches, [&](BatchSpan b, common::v1::IngestResponse* r) {
//     return stub->Ingest(&context, RequestFor(parsed, b), r);
//   });
//
// Each non-blank line is one record wrapper (SafeguardingRecord, WorkforceRecord or
// PlacementRecord) in protobuf's JSON mapping. The whole input is parsed before anything is
// sent, so a malformed file changes nothing. Each batch is then all-or-nothing on the
// server; batches before a rejected one stay committed, and re-sending the same file is a
// no-op for them (the services key records by source and store identical content once).
#ifndef SCORECARD_TOOLS_SCORECARDCTL_JSONL_INGEST_H_
#define SCORECARD_TOOLS_SCORECARDCTL_JSONL_INGEST_H_

#include <google/protobuf/message.h>
#include <grpcpp/support/status.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "scorecard/common/v1/common.pb.h"

namespace scorecard::scorecardctl {

inline constexpr int kDefaultBatchSize = 5000;
// The services refuse bigger batches (common/service/domain_service.h).
inline constexpr int kMaxBatchSize = 50000;
// Servers keep gRPC's default 4 MiB receive limit; batches stay well under it whatever
// --batch_size says, so a file of large records never fails with RESOURCE_EXHAUSTED.
inline constexpr size_t kMaxBatchBytes = size_t{3} << 20;
// Enough to see a pattern without burying the terminal.
inline constexpr int kMaxReportedBadLines = 20;

// The name used in messages for an input path: "<stdin>" for "-".
std::string InputDisplayName(absl::string_view path);
// The whole file, or stdin for "-".
[[nodiscard]] absl::StatusOr<std::string> ReadInput(const std::string& path);

struct JsonlLine {
  int number;  // 1-based
  absl::string_view text;
};
// The lines of `text` that are not blank (whitespace only, including a Windows '\r').
std::vector<JsonlLine> NonBlankLines(absl::string_view text);

// Parses one record wrapper from JSON (protobuf JSON mapping: camelCase or proto field
// names). Unknown fields are rejected, since a misspelt field would otherwise be dropped
// silently; a wrapper with no record kind set is rejected too.
[[nodiscard]] absl::Status ParseJsonRecord(absl::string_view json,
                                           google::protobuf::Message* record);

// "FILE:LINE: reason" on one line.
std::string FormatBadLine(absl::string_view file_name, int line_number,
                          const absl::Status& status);

template <typename Record>
struct ParsedJsonl {
  std::vector<Record> records;
  // records[i] came from line line_numbers[i] of the input.
  std::vector<int> line_numbers;
  // "FILE:LINE: reason" for the first kMaxReportedBadLines bad lines.
  std::vector<std::string> errors;
  int bad_lines = 0;
  int total_lines = 0;  // non-blank
  bool ok() const { return bad_lines == 0; }
};

template <typename Record>
ParsedJsonl<Record> ParseJsonl(absl::string_view text, absl::string_view file_name) {
  ParsedJsonl<Record> parsed;
  for (const JsonlLine& line : NonBlankLines(text)) {
    ++parsed.total_lines;
    Record record;
    absl::Status status = ParseJsonRecord(line.text, &record);
    if (status.ok()) {
      parsed.records.push_back(std::move(record));
      parsed.line_numbers.push_back(line.number);
      continue;
    }
    ++parsed.bad_lines;
    if (parsed.errors.size() < static_cast<size_t>(kMaxReportedBadLines)) {
      parsed.errors.push_back(FormatBadLine(file_name, line.number, status));
    }
  }
  return parsed;
}

// The encoded size of each record, for PlanBatches.
template <typename Record>
std::vector<size_t> RecordSizes(const std::vector<Record>& records) {
  std::vector<size_t> sizes;
  sizes.reserve(records.size());
  for (const Record& record : records) sizes.push_back(record.ByteSizeLong());
  return sizes;
}

// A run of consecutive records sent in one Ingest call.
struct BatchSpan {
  int start = 0;
  int count = 0;
  friend bool operator==(const BatchSpan& a, const BatchSpan& b) {
    return a.start == b.start && a.count == b.count;
  }
};

// Splits records into batches of at most max_records records and about max_bytes bytes
// (a single record bigger than that goes alone, and the server decides).
std::vector<BatchSpan> PlanBatches(absl::Span<const size_t> record_bytes, int max_records,
                                   size_t max_bytes = kMaxBatchBytes);

struct IngestTotals {
  int records = 0;           // committed
  int batches = 0;           // committed
  int64_t new_versions = 0;
  int64_t unchanged = 0;
  // From the last committed batch: the authorities' data versions after it.
  std::vector<common::v1::DataVersion> data_versions;
  absl::Duration elapsed;
};

struct IngestRun {
  IngestTotals totals;
  // OK, or the first failed batch's status; nothing after it was sent.
  grpc::Status failure;
  std::optional<BatchSpan> failed_batch;
};

using SendBatchFn = std::function<grpc::Status(BatchSpan, common::v1::IngestResponse*)>;
// Told after each acknowledged batch: the totals so far (e.g. to draw progress).
using BatchSentFn = std::function<void(const IngestTotals&)>;

// Sends the batches in order, stopping at the first failure. `elapsed` is left to the caller.
IngestRun SendBatches(absl::Span<const BatchSpan> batches, const SendBatchFn& send,
                      const BatchSentFn& after_batch = nullptr);

// "  records[i] is <label>\n" for each record index an INVALID_ARGUMENT message names
// (the server counts from the batch's first record); label_of gets the index into the
// whole input (batch.start + i). Indices outside the batch are left out.
std::string DescribeRejectedRecords(BatchSpan batch, absl::string_view server_message,
                                    const std::function<std::string(int)>& label_of);

// For an INVALID_ARGUMENT rejection: "batch starting at FILE:LINE rejected: <message>",
// then "  records[i] is FILE:LINE" for each record index the message names, mapped back to
// the input line.
std::string DescribeRejectedBatch(absl::string_view file_name,
                                  absl::Span<const int> line_numbers, BatchSpan batch,
                                  absl::string_view server_message);

// After a failed send (run.failure not OK), exactly what is stored: which batches were
// acknowledged (durable: each is committed whole before it is acknowledged), which one
// failed and which were never sent, numbered from 1 with their records, e.g.
//   acknowledged: batches 1-3 of 5 (records 1-15000 of 23114): stored
//   failed:       batch 4 of 5 (records 15001-20000 of 23114): refused, nothing of it stored
//   not sent:     batch 5 of 5 (records 20001-23114 of 23114)
// A batch that got no answer (connection lost, deadline) may or may not be stored, and
// says so.
std::string DescribeAcknowledgedBatches(absl::Span<const BatchSpan> batches,
                                        const IngestRun& run);

// The summary printed after a successful ingest: records, new versions, unchanged,
// batches, data versions, elapsed time and records per second.
std::string FormatIngestSummary(absl::string_view service, absl::string_view file_name,
                                const IngestTotals& totals);

}  // namespace scorecard::scorecardctl

#endif  // SCORECARD_TOOLS_SCORECARDCTL_JSONL_INGEST_H_
