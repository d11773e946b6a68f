#include "tools/scorecardctl/jsonl_ingest.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace scorecard::scorecardctl {
namespace {

// Squeezes runs of whitespace (newlines included) to one space, so that each bad record
// is reported on one line and the listing stays readable and greppable.
std::string OneLine(absl::string_view text) {
  std::string out;
  bool pending_space = false;
  for (char c : text) {
    if (absl::ascii_isspace(static_cast<unsigned char>(c))) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

// Protobuf's JSON errors put the reason on the first line, then echo the input with a
// caret under the fault; FILE:LINE already says where, so only the reason is kept.
std::string JsonErrorReason(absl::string_view message) {
  absl::string_view reason = absl::StripAsciiWhitespace(message.substr(0, message.find('\n')));
  return OneLine(reason.empty() ? message : reason);
}

// The record wrappers keep their kinds in a oneof named "kind"; an object with none of
// them set (e.g. `{}`) is certainly a mistake, and the server would only say so later.
absl::Status CheckKindSet(const google::protobuf::Message& record) {
  const google::protobuf::Descriptor* descriptor = record.GetDescriptor();
  const google::protobuf::OneofDescriptor* kind = descriptor->FindOneofByName("kind");
  if (kind == nullptr || record.GetReflection()->HasOneof(record, kind)) {
    return absl::OkStatus();
  }
  std::vector<std::string> names;
  for (int i = 0; i < kind->field_count(); ++i) names.push_back(kind->field(i)->json_name());
  return absl::InvalidArgumentError(absl::StrCat("no record kind set: expected one of ",
                                                 absl::StrJoin(names, ", ")));
}

// The record indices "records[12]" named in a server message, first mention first.
std::vector<int> RecordIndicesIn(absl::string_view message) {
  constexpr absl::string_view kPrefix = "records[";
  std::vector<int> indices;
  absl::flat_hash_set<int> seen;
  size_t at = 0;
  while ((at = message.find(kPrefix, at)) != absl::string_view::npos) {
    at += kPrefix.size();
    size_t end = at;
    int index = 0;
    while (end < message.size() && absl::ascii_isdigit(static_cast<unsigned char>(message[end])) &&
           end - at < 9) {
      index = index * 10 + (message[end] - '0');
      ++end;
    }
    if (end > at && end < message.size() && message[end] == ']' && seen.insert(index).second) {
      indices.push_back(index);
    }
  }
  return indices;
}

}  // namespace

std::string InputDisplayName(absl::string_view path) {
  return path == "-" ? "<stdin>" : std::string(path);
}

absl::StatusOr<std::string> ReadInput(const std::string& path) {
  std::ostringstream text;
  if (path == "-") {
    text << std::cin.rdbuf();
    if (std::cin.bad()) return absl::UnavailableError("cannot read standard input");
    return text.str();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  text << in.rdbuf();
  if (in.bad()) return absl::DataLossError(absl::StrCat("error reading ", path));
  return text.str();
}

std::vector<JsonlLine> NonBlankLines(absl::string_view text) {
  std::vector<JsonlLine> lines;
  int number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++number;
    absl::string_view stripped = absl::StripAsciiWhitespace(line);
    if (!stripped.empty()) lines.push_back({number, stripped});
  }
  return lines;
}

absl::Status ParseJsonRecord(absl::string_view json, google::protobuf::Message* record) {
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto parsed = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), record, options);
  if (!parsed.ok()) return absl::InvalidArgumentError(JsonErrorReason(parsed.message().ToString()));
  return CheckKindSet(*record);
}

std::string FormatBadLine(absl::string_view file_name, int line_number,
                          const absl::Status& status) {
  return absl::StrCat(file_name, ":", line_number, ": ", OneLine(status.message()));
}

std::vector<BatchSpan> PlanBatches(absl::Span<const size_t> record_bytes, int max_records,
                                   size_t max_bytes) {
  std::vector<BatchSpan> batches;
  BatchSpan current;
  size_t current_bytes = 0;
  for (size_t i = 0; i < record_bytes.size(); ++i) {
    // Each repeated element costs a tag and a length prefix on top of its bytes.
    const size_t bytes = record_bytes[i] + 6;
    if (current.count > 0 &&
        (current.count >= max_records || current_bytes + bytes > max_bytes)) {
      batches.push_back(current);
      current = BatchSpan{static_cast<int>(i), 0};
      current_bytes = 0;
    }
    ++current.count;
    current_bytes += bytes;
  }
  if (current.count > 0) batches.push_back(current);
  return batches;
}

IngestRun SendBatches(absl::Span<const BatchSpan> batches, const SendBatchFn& send,
                      const BatchSentFn& after_batch) {
  IngestRun run;
  for (const BatchSpan& batch : batches) {
    common::v1::IngestResponse response;
    grpc::Status status = send(batch, &response);
    if (!status.ok()) {
      run.failure = std::move(status);
      run.failed_batch = batch;
      return run;
    }
    run.totals.records += batch.count;
    ++run.totals.batches;
    run.totals.new_versions += response.new_versions();
    run.totals.unchanged += response.unchanged();
    run.totals.data_versions.assign(response.data_versions().begin(),
                                    response.data_versions().end());
    if (after_batch) after_batch(run.totals);
  }
  return run;
}

std::string DescribeRejectedRecords(BatchSpan batch, absl::string_view server_message,
                                    const std::function<std::string(int)>& label_of) {
  std::string out;
  for (int index : RecordIndicesIn(server_message)) {
    if (index >= batch.count) continue;  // not an index into this batch
    absl::StrAppend(&out, "  records[", index, "] is ", label_of(batch.start + index), "\n");
  }
  return out;
}

std::string DescribeRejectedBatch(absl::string_view file_name,
                                  absl::Span<const int> line_numbers, BatchSpan batch,
                                  absl::string_view server_message) {
  const auto line_of = [&](int index) -> std::string {
    if (index < 0 || static_cast<size_t>(index) >= line_numbers.size()) return "?";
    return absl::StrCat(line_numbers[index]);
  };
  return absl::StrCat(
      "batch starting at ", file_name, ":", line_of(batch.start), " rejected: ", server_message,
      "\n", DescribeRejectedRecords(batch, server_message, [&](int index) {
        return absl::StrCat(file_name, ":", line_of(index));
      }));
}

namespace {

// "batch 4 of 5 (records 15001-20000)" or "batches 1-3 of 5 (records 1-15000 of 23114)":
// batches [first, last) of `batches`, numbered from 1.
std::string BatchRange(absl::Span<const BatchSpan> batches, size_t first, size_t last,
                       int total_records) {
  const BatchSpan& a = batches[first];
  const BatchSpan& b = batches[last - 1];
  std::string out = last - first == 1
                        ? absl::StrCat("batch ", first + 1)
                        : absl::StrCat("batches ", first + 1, "-", last);
  absl::StrAppend(&out, " of ", batches.size(), " (records ", a.start + 1, "-",
                  b.start + b.count, " of ", total_records, ")");
  return out;
}

// Whether a failed call's status is the service's answer, which for Ingest means nothing
// was written. A lost connection or a deadline leaves it unknown whether the service
// committed the batch before the answer was lost.
bool FailureIsAnAnswer(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
    case grpc::StatusCode::CANCELLED:
    case grpc::StatusCode::UNKNOWN:
    case grpc::StatusCode::INTERNAL:
      return false;
    default:
      return true;
  }
}

}  // namespace

std::string DescribeAcknowledgedBatches(absl::Span<const BatchSpan> batches,
                                        const IngestRun& run) {
  if (batches.empty()) return "";
  const int total_records = batches.back().start + batches.back().count;
  // SendBatches stops at the first failure: the batches before it were acknowledged.
  const size_t acknowledged = std::min(static_cast<size_t>(run.totals.batches), batches.size());
  std::string out;
  if (acknowledged == 0) {
    absl::StrAppend(&out, "acknowledged: none: nothing of this input is stored\n");
  } else {
    absl::StrAppend(&out, "acknowledged: ", BatchRange(batches, 0, acknowledged, total_records),
                    ": stored\n");
  }
  if (acknowledged < batches.size()) {
    absl::StrAppend(&out, "failed:       ",
                    BatchRange(batches, acknowledged, acknowledged + 1, total_records),
                    FailureIsAnAnswer(run.failure.error_code())
                        ? ": refused, nothing of it stored\n"
                        : ": no answer, so it may or may not be stored\n");
  }
  if (acknowledged + 1 < batches.size()) {
    absl::StrAppend(&out, "not sent:     ",
                    BatchRange(batches, acknowledged + 1, batches.size(), total_records), "\n");
  }
  return out;
}

std::string FormatIngestSummary(absl::string_view service, absl::string_view file_name,
                                const IngestTotals& totals) {
  const double seconds = absl::ToDoubleSeconds(totals.elapsed);
  std::vector<std::string> versions;
  for (const common::v1::DataVersion& version : totals.data_versions) {
    versions.push_back(absl::StrCat(version.authority(), " at ", version.version()));
  }
  std::string out = absl::StrCat(service, ": ingested ", file_name, "\n");
  absl::StrAppend(&out, "  records:       ", totals.records, "\n");
  absl::StrAppend(&out, "  new versions:  ", totals.new_versions, "\n");
  absl::StrAppend(&out, "  unchanged:     ", totals.unchanged, "\n");
  absl::StrAppend(&out, "  batches:       ", totals.batches, "\n");
  if (!versions.empty()) {
    absl::StrAppend(&out, "  data version:  ", absl::StrJoin(versions, ", "), "\n");
  }
  absl::StrAppend(&out, absl::StrFormat("  elapsed:       %.2f s\n", seconds));
  if (seconds > 0) {
    absl::StrAppend(&out, absl::StrFormat("  rate:          %.0f records/s\n",
                                          totals.records / seconds));
  }
  return out;
}

}  // namespace scorecard::scorecardctl
