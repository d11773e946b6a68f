// stack_bench: the whole-system half of the benchmark (docs/BENCHMARKS.md). It brings up the
// real stack with `deploy/stack start` in a temporary folder and, for a scale preset
// (tools/demo_data/scale_presets.h):
//   - ingests every authority's generated records over gRPC in batches, one batch in
//     flight per service (an acknowledged batch is durable): records per second per service;
//   - times a cold GetScorecard (Redis flushed first) for the largest authority, N times,
//     and cold cards for every authority of the scale;
//   - runs cached GetScorecard at 1, 16 and 64 requests in flight, and the same against a
//     bare gRPC echo server answering with the same card (bench_echo_server), side by side;
//   - reads every service's CPU time and peak memory (VmHWM) from /proc.
// Prints a table and writes JSON with --json.
//
//   stack_bench --scale=large --json=/tmp/stack.json
//   stack_bench --scale=small --quick            # every figure in a few seconds
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/files/atomic_file.h"
#include "common/records/proto_date.h"
#include "common/status/status_macros.h"
#include "scorecard/placement/v1/placement_service.grpc.pb.h"
#include "scorecard/safeguarding/v1/safeguarding_service.grpc.pb.h"
#include "scorecard/workforce/v1/workforce_service.grpc.pb.h"
#include "tools/benchmark/bench_stats.h"
#include "tools/benchmark/ingest_batches.h"
#include "tools/benchmark/json_out.h"
#include "tools/benchmark/machine_info.h"
#include "tools/benchmark/scorecard_load.h"
#include "tools/benchmark/stack_control.h"
#include "tools/demo_data/demo_generator.h"
#include "tools/demo_data/scale_presets.h"

ABSL_FLAG(std::string, scale, "small", "Scale preset: small, large or england.");
ABSL_FLAG(uint64_t, seed, 2017, "Generator seed: the same seed gives the same data.");
ABSL_FLAG(std::string, json, "", "Where to write the results as JSON.");
ABSL_FLAG(std::string, stack_dir, "",
          "Folder for the stack (default: a new temporary folder, removed afterwards).");
ABSL_FLAG(bool, keep_stack, false, "Leave the stack running (and its folder) at the end.");
ABSL_FLAG(std::string, source_dir, SCORECARD_SOURCE_DIR, "The repository (for deploy/stack).");
ABSL_FLAG(std::string, build_dir, SCORECARD_BUILD_DIR, "The build folder with the servers.");
ABSL_FLAG(int, batch_records, scorecard::benchmark::kIngestBatchRecords,
          "Records per ingest batch (at most 50000; batches also stay under 3 MiB).");
ABSL_FLAG(int, cold_runs, 5, "Cold scorecards timed for the largest authority.");
ABSL_FLAG(int, all_in_flight, 4, "Cards in flight when every authority's is fetched cold.");
ABSL_FLAG(double, cached_seconds, 3, "Measured seconds per cached-read run.");
ABSL_FLAG(int, authorities, 0, "Load only the first N authorities of the scale (0: all).");
ABSL_FLAG(bool, quick, false,
          "Two cold runs and half-second cached runs: every figure, in a few seconds.");

namespace scorecard::benchmark {
namespace {

namespace av1 = ::scorecard::aggregator::v1;
namespace cv1 = ::scorecard::common::v1;
namespace fs = std::filesystem;
using demo_data::DemoData;
using demo_data::DemoDataOptions;

// Issue targets (docs/BENCHMARKS.md).
constexpr double kIngestTargetPerSecond = 50000;
constexpr double kColdLargeTargetMs = 200;
constexpr double kColdEnglandTargetSeconds = 2;
constexpr double kCachedShareOfEchoTarget = 0.8;
constexpr double kCachedP99TargetMs = 5;
constexpr double kEnglandMemoryTargetMib = 4096;
constexpr int kInFlightLevels[] = {1, 16, 64};
constexpr const char* kDomains[] = {"workforce", "safeguarding", "placement"};

Json LatencyJson(const LatencySummary& s) {
  return Json::Object()
      .Set("count", s.count)
      .Set("p50_ms", s.p50_ms)
      .Set("p99_ms", s.p99_ms)
      .Set("max_ms", s.max_ms);
}

// CPU seconds of every stack process, by name.
std::map<std::string, double> StackCpu(const Stack& stack) {
  std::map<std::string, double> out;
  for (const char* name : kStackProcesses) out[name] = ReadProcessStats(stack.Pid(name)).cpu_seconds;
  return out;
}

Json CpuDeltaJson(const std::map<std::string, double>& before,
                  const std::map<std::string, double>& after) {
  Json out = Json::Object();
  double total = 0;
  for (const auto& [name, seconds] : after) {
    const double delta = seconds - before.at(name);
    total += delta;
    out.Set(name, delta);
  }
  out.Set("total", total);
  return out;
}

double Total(const std::map<std::string, double>& before,
             const std::map<std::string, double>& after) {
  double total = 0;
  for (const auto& [name, seconds] : after) total += seconds - before.at(name);
  return total;
}

struct ServiceIngest {
  size_t records = 0;
  int batches = 0;
  double rpc_seconds = 0;
};

// Sends the batches one at a time, each acknowledged (committed and fsynced) before the
// next; the time counted is the time spent in the calls.
template <typename Stub, typename Request>
absl::Status SendBatches(Stub& stub, const std::vector<Request>& batches,
                         absl::string_view service, ServiceIngest& totals) {
  for (const Request& batch : batches) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(120));
    cv1::IngestResponse response;
    const double began = WallMs();
    const grpc::Status status = stub.Ingest(&context, batch, &response);
    totals.rpc_seconds += (WallMs() - began) / 1000;
    if (!status.ok()) {
      return absl::UnavailableError(absl::StrCat(service, " Ingest failed: ",
                                                 status.error_message().substr(0, 300)));
    }
    totals.records += static_cast<size_t>(batch.records_size());
    ++totals.batches;
  }
  return absl::OkStatus();
}

// The field of the wrapper's `kind` oneof that `record` sets, or null.
template <typename Wrapper>
const google::protobuf::FieldDescriptor* SetKind(const Wrapper& record) {
  return record.GetReflection()->GetOneofFieldDescriptor(
      record, Wrapper::descriptor()->FindOneofByName("kind"));
}

// The write before each "after a write" cold card: one real record of the service's largest
// kind (a looked-after child's visit, a CP visit...), withdrawn on even runs and sent again
// as it was on odd ones, so every run adds a version to that kind (what a caseworker's
// correction does) and the data set returns to itself every second run.
template <typename Wrapper>
Wrapper LargestKindRecord(const std::vector<Wrapper>& records) {
  std::map<int, int> count_by_field;  // by field number: ties go to the lowest, every run
  for (const Wrapper& r : records) {
    const google::protobuf::FieldDescriptor* kind = SetKind(r);
    if (kind != nullptr) ++count_by_field[kind->number()];
  }
  if (count_by_field.empty()) return Wrapper();
  const int largest =
      std::max_element(count_by_field.begin(), count_by_field.end(),
                       [](const auto& a, const auto& b) { return a.second < b.second; })
          ->first;
  for (auto it = records.rbegin(); it != records.rend(); ++it) {
    const google::protobuf::FieldDescriptor* kind = SetKind(*it);
    if (kind != nullptr && kind->number() == largest) return *it;
  }
  return Wrapper();
}

// `record` withdrawn (header.deleted) on even runs, as given on odd ones, as one batch.
template <typename IngestRequest, typename Wrapper>
IngestRequest WriteForColdRun(const Wrapper& record, int run) {
  IngestRequest request;
  Wrapper* sent = request.add_records();
  *sent = record;
  if (run % 2 == 0) {
    google::protobuf::Message* inner = sent->GetReflection()->MutableMessage(sent, SetKind(*sent));
    google::protobuf::Message* header = inner->GetReflection()->MutableMessage(
        inner, inner->GetDescriptor()->FindFieldByName("header"));
    header->GetReflection()->SetBool(header, header->GetDescriptor()->FindFieldByName("deleted"),
                                     true);
  }
  return request;
}

// The kind `record` holds, e.g. "lac_visit".
template <typename Wrapper>
std::string KindName(const Wrapper& record) {
  const google::protobuf::FieldDescriptor* kind = SetKind(record);
  return kind == nullptr ? "none" : kind->name();
}

// "ROW_STATUS_AVAILABLE 60, ROW_STATUS_SOURCE_UNAVAILABLE 8".
std::string RowSummary(const std::map<std::string, int>& rows) {
  std::string out;
  for (const auto& [status, n] : rows) absl::StrAppend(&out, out.empty() ? "" : ", ", status, " ", n);
  return out;
}

// The financial year's card, or with `months_earlier` a 12-month window that many months
// before it: a card no one has asked for yet, so neither the aggregator's memory tier nor
// Redis holds it, over datasets the services already hold.
av1::GetScorecardRequest CardRequest(const DemoDataOptions& options, int months_earlier = 0) {
  av1::GetScorecardRequest request;
  request.set_authority(options.authority);
  *request.mutable_from_month() = ToProtoMonth(Month(options.year, 4) - months_earlier);
  *request.mutable_to_month() = ToProtoMonth(Month(options.year + 1, 3) - months_earlier);
  return request;
}

std::shared_ptr<grpc::Channel> Connect(const std::string& address) {
  grpc::ChannelArguments args;
  // Large authorities' ingest batches and cards stay under this.
  args.SetMaxReceiveMessageSize(64 << 20);
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
}

int RunBench() {
  const std::string scale = absl::GetFlag(FLAGS_scale);
  const bool quick = absl::GetFlag(FLAGS_quick);
  const double cached_seconds = quick ? 0.5 : absl::GetFlag(FLAGS_cached_seconds);
  const double warmup_seconds = quick ? 0.1 : 0.5;
  const int cold_runs = quick ? 2 : std::max(1, absl::GetFlag(FLAGS_cold_runs));
  const int batch_records = absl::GetFlag(FLAGS_batch_records);
  if (batch_records < 1 || batch_records > 50000) {
    std::cerr << "stack_bench: --batch_records must be 1 to 50000\n";
    return 2;
  }
  absl::StatusOr<demo_data::ScalePreset> preset =
      demo_data::FindScalePreset(scale, absl::GetFlag(FLAGS_seed));
  if (!preset.ok()) {
    std::cerr << "stack_bench: --scale: " << preset.status().message() << "\n";
    return 2;
  }
  std::vector<DemoDataOptions> authorities = preset->authorities;
  if (const int limit = absl::GetFlag(FLAGS_authorities);
      limit > 0 && static_cast<size_t>(limit) < authorities.size()) {
    authorities.resize(static_cast<size_t>(limit));
  }
  size_t largest = 0;
  for (size_t i = 0; i < authorities.size(); ++i) {
    if (authorities[i].scale > authorities[largest].scale) largest = i;
  }

  std::string stack_dir = absl::GetFlag(FLAGS_stack_dir);
  const bool temporary = stack_dir.empty();
  if (temporary) {
    std::string pattern = (fs::temp_directory_path() / "stack_bench_XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      std::cerr << "stack_bench: cannot create a temporary folder\n";
      return 1;
    }
    stack_dir = pattern;
  }
  std::error_code made;
  fs::create_directories(stack_dir, made);
  const bool keep = absl::GetFlag(FLAGS_keep_stack);
  const std::string build_dir = absl::GetFlag(FLAGS_build_dir);
  std::cout << "stack_bench: starting the stack in " << stack_dir << "...\n";
  absl::StatusOr<Stack> started =
      Stack::Start(absl::GetFlag(FLAGS_source_dir), build_dir, stack_dir);
  if (!started.ok()) {
    std::cerr << "stack_bench: " << started.status() << "\n";
    return 1;
  }
  Stack& stack = *started;
  ChildProcess echo;
  struct Cleanup {
    Stack& stack;
    ChildProcess& echo;
    std::string dir;
    bool keep;
    bool temporary;
    ~Cleanup() {
      echo.Stop();
      if (keep) return;
      (void)stack.Stop();
      std::error_code ignored;
      if (temporary) fs::remove_all(dir, ignored);
    }
  } cleanup{stack, echo, stack_dir, keep, temporary};
  const auto fail = [](const absl::Status& s) {
    std::cerr << "stack_bench: " << s << "\n";
    return 1;
  };

  Json out = Json::Object();
  out.Set("benchmark", "stack_bench")
      .Set("scale", scale)
      .Set("authorities", authorities.size())
      .Set("seed", static_cast<int64_t>(preset->seed))
      .Set("financial_year", absl::StrFormat("%d-%02d", authorities.front().year,
                                             (authorities.front().year + 1) % 100))
      .Set("machine", MachineJson());

  // 1. Ingest over gRPC.
  auto workforce = workforce::v1::WorkforceService::NewStub(Connect(stack.Address("workforce")));
  auto safeguarding =
      safeguarding::v1::SafeguardingService::NewStub(Connect(stack.Address("safeguarding")));
  auto placement = placement::v1::PlacementService::NewStub(Connect(stack.Address("placement")));
  std::map<std::string, ServiceIngest> ingest;
  double generate_seconds = 0;
  // Rewritten before each cold card "after a write" (WriteForColdRun).
  workforce::v1::WorkforceRecord cold_write_workforce;
  safeguarding::v1::SafeguardingRecord cold_write_safeguarding;
  placement::v1::PlacementRecord cold_write_placement;
  const std::map<std::string, double> cpu_before_ingest = StackCpu(stack);
  const double ingest_began = WallMs();
  for (size_t i = 0; i < authorities.size(); ++i) {
    double t = WallMs();
    const DemoData data = demo_data::Generate(authorities[i]);
    if (i == largest) {
      cold_write_workforce = LargestKindRecord(data.workforce);
      cold_write_safeguarding = LargestKindRecord(data.safeguarding);
      cold_write_placement = LargestKindRecord(data.placement);
    }
    const auto workforce_batches =
        MakeIngestBatches<workforce::v1::IngestRequest>(data.workforce, batch_records);
    const auto safeguarding_batches =
        MakeIngestBatches<safeguarding::v1::IngestRequest>(data.safeguarding, batch_records);
    const auto placement_batches =
        MakeIngestBatches<placement::v1::IngestRequest>(data.placement, batch_records);
    generate_seconds += (WallMs() - t) / 1000;
    for (const absl::Status& s :
         {SendBatches(*workforce, workforce_batches, "workforce", ingest["workforce"]),
          SendBatches(*safeguarding, safeguarding_batches, "safeguarding", ingest["safeguarding"]),
          SendBatches(*placement, placement_batches, "placement", ingest["placement"])}) {
      if (!s.ok()) return fail(s);
    }
    if (authorities.size() > 1 && ((i + 1) % 10 == 0 || i + 1 == authorities.size())) {
      std::cout << absl::StrFormat("stack_bench: %d of %d authorities loaded (%.0f s)\n", i + 1,
                                   authorities.size(), (WallMs() - ingest_began) / 1000);
      std::cout.flush();
    } else if (authorities.size() == 1) {
      std::cout << "stack_bench: loaded " << authorities[i].authority << "\n";
    }
  }
  const double ingest_wall_seconds = (WallMs() - ingest_began) / 1000;
  const std::map<std::string, double> cpu_after_ingest = StackCpu(stack);
  Json ingest_json = Json::Object();
  ingest_json.Set("batch_records", batch_records)
      .Set("generate_seconds_excluded", generate_seconds)
      .Set("wall_seconds_including_generation", ingest_wall_seconds);
  size_t records_total = 0;
  double rpc_seconds_total = 0;
  for (const char* domain : kDomains) {
    const ServiceIngest& s = ingest[domain];
    records_total += s.records;
    rpc_seconds_total += s.rpc_seconds;
    ingest_json.Set(domain, Json::Object()
                                .Set("records", s.records)
                                .Set("batches", s.batches)
                                .Set("seconds", s.rpc_seconds)
                                .Set("records_per_second",
                                     s.rpc_seconds > 0 ? s.records / s.rpc_seconds : 0.0)
                                .Set("server_cpu_seconds",
                                     cpu_after_ingest.at(domain) - cpu_before_ingest.at(domain)));
  }
  ingest_json.Set("records", records_total)
      .Set("seconds", rpc_seconds_total)
      .Set("records_per_second", rpc_seconds_total > 0 ? records_total / rpc_seconds_total : 0.0)
      .Set("target_records_per_second_per_service", kIngestTargetPerSecond)
      .Set("stack_cpu_seconds", CpuDeltaJson(cpu_before_ingest, cpu_after_ingest));
  out.Set("ingest_grpc", std::move(ingest_json));

  // 2. Cold cards. First every authority's, right after loading: nothing is cached anywhere
  // yet. Then the largest authority's, N times each way: after a write to every service
  // (each service rebuilds its dataset, as after any real change), and for a window
  // no card has covered yet (the services' datasets still in memory, no cached card).
  std::cout << "stack_bench: cold scorecards...\n";
  std::shared_ptr<grpc::Channel> aggregator = Connect(stack.Address("aggregator"));
  std::vector<av1::GetScorecardRequest> all_requests;
  for (const DemoDataOptions& a : authorities) all_requests.push_back(CardRequest(a));
  const std::map<std::string, double> cpu_before_all = StackCpu(stack);
  const BatchResult all = RunBatch(aggregator, all_requests, absl::GetFlag(FLAGS_all_in_flight));
  const std::map<std::string, double> cpu_after_all = StackCpu(stack);
  if (all.failed > 0) return fail(absl::UnavailableError("cold cards: " + all.first_error));

  const DemoDataOptions& largest_options = authorities[largest];
  const av1::GetScorecardRequest largest_request = CardRequest(largest_options);
  av1::Scorecard card;
  // Rows of the last cold card by status: a domain service past the aggregator's deadline
  // shows as SOURCE_UNAVAILABLE rows.
  std::map<std::string, int> after_write_rows, new_window_rows;
  const auto count_rows = [](const av1::Scorecard& c, std::map<std::string, int>& out) {
    out.clear();
    for (const av1::Section& section : c.sections()) {
      for (const av1::Row& row : section.rows()) ++out[av1::RowStatus_Name(row.status())];
    }
  };
  const auto time_cold = [&](bool after_write, MinMedian& result, int& misses,
                             double& cpu_per_card) -> absl::Status {
    std::vector<double> samples;
    double cpu = 0;
    for (int run = 0; run < cold_runs; ++run) {
      if (after_write) {
        ServiceIngest ignored;
        SCORECARD_RETURN_IF_ERROR(SendBatches(
            *workforce,
            std::vector<workforce::v1::IngestRequest>{
                WriteForColdRun<workforce::v1::IngestRequest>(cold_write_workforce, run)},
            "workforce", ignored));
        SCORECARD_RETURN_IF_ERROR(SendBatches(
            *safeguarding,
            std::vector<safeguarding::v1::IngestRequest>{
                WriteForColdRun<safeguarding::v1::IngestRequest>(cold_write_safeguarding, run)},
            "safeguarding", ignored));
        SCORECARD_RETURN_IF_ERROR(SendBatches(
            *placement,
            std::vector<placement::v1::IngestRequest>{
                WriteForColdRun<placement::v1::IngestRequest>(cold_write_placement, run)},
            "placement", ignored));
      }
      const std::map<std::string, double> before = StackCpu(stack);
      BatchResult one = RunBatch(
          aggregator, {after_write ? largest_request : CardRequest(largest_options, run + 1)}, 1);
      cpu += Total(before, StackCpu(stack));
      if (one.failed > 0) return absl::UnavailableError("cold card: " + one.first_error);
      samples.push_back(one.latency.max_ms);
      if (one.last_card.cache() == av1::CACHE_OUTCOME_MISS) ++misses;
      card = std::move(one.last_card);
    }
    result = MinAndMedian(samples);
    cpu_per_card = cpu / cold_runs;
    return absl::OkStatus();
  };
  MinMedian cold_after_write, cold_new_window;
  int misses_after_write = 0, misses_new_window = 0;
  double cpu_after_write = 0, cpu_new_window = 0;
  if (absl::Status s = time_cold(true, cold_after_write, misses_after_write, cpu_after_write);
      !s.ok()) {
    return fail(s);
  }
  count_rows(card, after_write_rows);
  if (absl::Status s = time_cold(false, cold_new_window, misses_new_window, cpu_new_window);
      !s.ok()) {
    return fail(s);
  }
  count_rows(card, new_window_rows);
  int rows = 0;
  int cells = 0;
  for (const av1::Section& section : card.sections()) {
    for (const av1::Row& row : section.rows()) {
      ++rows;
      cells += row.cells_size();
    }
  }
  const bool large_scale = scale == "large";
  const bool england_scale = scale == "england";
  const auto cold_json = [&](const MinMedian& m, int misses, double cpu,
                             const std::map<std::string, int>& row_status) {
    Json rows_json = Json::Object();
    for (const auto& [status, n] : row_status) rows_json.Set(status, n);
    return Json::Object()
        .Set("runs", cold_runs)
        .Set("cache_misses", misses)
        .Set("min_ms", m.min_ms)
        .Set("median_ms", m.median_ms)
        .Set("stack_cpu_seconds_per_card", cpu)
        .Set("last_card_rows", std::move(rows_json));
  };
  out.Set("cold_scorecard",
          Json::Object()
              .Set("authority", largest_options.authority)
              .Set("months", 12)
              .Set("rows", rows)
              .Set("cells", cells)
              .Set("card_bytes", card.ByteSizeLong())
              .Set("after_write", cold_json(cold_after_write, misses_after_write, cpu_after_write,
                                            after_write_rows))
              .Set("write_before_each_card",
                   Json::Object()
                       .Set("what", "one record of each service's largest kind, withdrawn on "
                                    "even runs and sent again on odd ones")
                       .Set("workforce", KindName(cold_write_workforce))
                       .Set("safeguarding", KindName(cold_write_safeguarding))
                       .Set("placement", KindName(cold_write_placement)))
              .Set("new_window_datasets_warm",
                   cold_json(cold_new_window, misses_new_window, cpu_new_window, new_window_rows))
              .Set("target_ms", large_scale ? Json(kColdLargeTargetMs) : Json::Null()));
  out.Set("cold_all_authorities",
          Json::Object()
              .Set("cards", all.completed)
              .Set("cards_with_unavailable_rows", all.cards_with_unavailable_rows)
              .Set("in_flight", absl::GetFlag(FLAGS_all_in_flight))
              .Set("seconds", all.seconds)
              .Set("latency", LatencyJson(all.latency))
              .Set("stack_cpu_seconds", CpuDeltaJson(cpu_before_all, cpu_after_all))
              .Set("target_seconds", england_scale ? Json(kColdEnglandTargetSeconds) : Json::Null()));

  // 3. Cached reads, and the echo ceiling with the same card.
  std::cout << "stack_bench: cached reads against the echo ceiling...\n";
  {
    BatchResult warm = RunBatch(aggregator, {largest_request}, 1);  // fills the cache
    if (warm.failed > 0) return fail(absl::UnavailableError("warm card: " + warm.first_error));
    card = std::move(warm.last_card);
  }
  const std::string card_path = stack_dir + "/echo-card.pb";
  if (absl::Status s = WriteFileAtomically(card_path, card.SerializeAsString()); !s.ok()) {
    return fail(s);
  }
  const std::string echo_port_file = stack_dir + "/echo.port";
  absl::StatusOr<ChildProcess> spawned = ChildProcess::Spawn(
      {build_dir + "/tools/benchmark/bench_echo_server", "--response_file=" + card_path,
       "--listen=127.0.0.1:0", "--port_file=" + echo_port_file},
      stack_dir + "/echo.log");
  if (!spawned.ok()) return fail(spawned.status());
  echo = *std::move(spawned);
  absl::StatusOr<int> echo_port = WaitForPortFile(echo_port_file, echo, 30);
  if (!echo_port.ok()) return fail(echo_port.status());
  std::shared_ptr<grpc::Channel> echo_channel = Connect(absl::StrCat("127.0.0.1:", *echo_port));
  Json cached = Json::Array();
  struct Level {
    int in_flight;
    ClosedLoopResult real;
    ClosedLoopResult echo;
    double stack_cpu;
    double echo_cpu;
  };
  std::vector<Level> levels;
  for (int in_flight : kInFlightLevels) {
    Level level;
    level.in_flight = in_flight;
    const std::map<std::string, double> before = StackCpu(stack);
    level.real = RunClosedLoop(aggregator, largest_request, in_flight, cached_seconds,
                               warmup_seconds);
    level.stack_cpu = Total(before, StackCpu(stack));
    const double echo_before = ReadProcessStats(echo.pid()).cpu_seconds;
    level.echo = RunClosedLoop(echo_channel, largest_request, in_flight, cached_seconds,
                               warmup_seconds);
    level.echo_cpu = ReadProcessStats(echo.pid()).cpu_seconds - echo_before;
    if (level.real.failed > 0 || level.echo.failed > 0) {
      return fail(absl::UnavailableError(
          absl::StrCat("cached reads failed: ", level.real.first_error, level.echo.first_error)));
    }
    const auto run_json = [](const ClosedLoopResult& r, double server_cpu) {
      return Json::Object()
          .Set("requests", r.completed)
          .Set("requests_per_second", r.requests_per_second)
          .Set("latency", LatencyJson(r.latency))
          .Set("client_cpu_seconds", r.client_cpu_seconds)
          .Set("server_cpu_seconds", server_cpu);
    };
    cached.Push(Json::Object()
                    .Set("in_flight", in_flight)
                    .Set("seconds", cached_seconds)
                    .Set("scorecard", run_json(level.real, level.stack_cpu)
                                          .Set("not_cache_hits", level.real.not_cache_hits))
                    .Set("echo", run_json(level.echo, level.echo_cpu))
                    .Set("share_of_echo", level.echo.requests_per_second > 0
                                              ? level.real.requests_per_second /
                                                    level.echo.requests_per_second
                                              : 0.0));
    levels.push_back(level);
  }
  out.Set("cached_scorecard", Json::Object()
                                  .Set("card_bytes", card.ByteSizeLong())
                                  .Set("levels", std::move(cached))
                                  .Set("target_share_of_echo_at_16", kCachedShareOfEchoTarget)
                                  .Set("target_p99_ms", kCachedP99TargetMs));

  // 4. Memory and CPU of every process.
  Json processes = Json::Object();
  double peak_total = 0;
  for (const char* name : kStackProcesses) {
    const ProcessStats s = ReadProcessStats(stack.Pid(name));
    peak_total += s.peak_rss_mib;
    processes.Set(name, Json::Object()
                            .Set("pid", static_cast<int64_t>(stack.Pid(name)))
                            .Set("peak_rss_mib", s.peak_rss_mib)
                            .Set("rss_mib", s.rss_mib)
                            .Set("cpu_seconds", s.cpu_seconds));
  }
  const ProcessStats echo_stats = ReadProcessStats(echo.pid());
  processes.Set("bench_echo_server", Json::Object()
                                         .Set("peak_rss_mib", echo_stats.peak_rss_mib)
                                         .Set("cpu_seconds", echo_stats.cpu_seconds));
  out.Set("memory", Json::Object()
                        .Set("processes", std::move(processes))
                        .Set("peak_rss_total_mib", peak_total)
                        .Set("target_total_mib",
                             england_scale ? Json(kEnglandMemoryTargetMib) : Json::Null()));
  out.Set("load_average_after", LoadAverage());

  // 5. The table.
  std::printf("\nstack_bench: %s, %zu authorit%s, %d-%02d\n", scale.c_str(), authorities.size(),
              authorities.size() == 1 ? "y" : "ies", authorities.front().year,
              (authorities.front().year + 1) % 100);
  std::printf("  ingest over gRPC, %d-record batches, acknowledged = durable (target >= 50,000/s "
              "per service):\n",
              batch_records);
  for (const char* domain : kDomains) {
    const ServiceIngest& s = ingest[domain];
    std::printf("    %-13s %10zu records %8.1f s %10.0f records/s  server CPU %.1f s\n", domain,
                s.records, s.rpc_seconds, s.rpc_seconds > 0 ? s.records / s.rpc_seconds : 0.0,
                cpu_after_ingest.at(domain) - cpu_before_ingest.at(domain));
  }
  std::printf("  cold scorecard, authority %s (%d rows, %d cells, %zu bytes)%s:\n"
              "    after a write to every service (%s, %s, %s: one record withdrawn or sent "
              "again): min %.0f ms, median %.0f ms (stack CPU %.2f s a card)\n"
              "    a window not asked before, datasets in memory: min %.0f ms, median %.0f ms\n"
              "    rows of the last card after a write: %s\n",
              largest_options.authority.c_str(), rows, cells, card.ByteSizeLong(),
              large_scale ? " (target <= 200 ms)" : "", KindName(cold_write_workforce).c_str(),
              KindName(cold_write_safeguarding).c_str(), KindName(cold_write_placement).c_str(),
              cold_after_write.min_ms,
              cold_after_write.median_ms, cpu_after_write, cold_new_window.min_ms,
              cold_new_window.median_ms, RowSummary(after_write_rows).c_str());
  std::printf("  cold scorecards right after loading, all %d authorities, %d in flight: %.2f s "
              "(p50 %.0f ms, p99 %.0f ms; %d card(s) with rows past the aggregator's deadline)%s\n",
              all.completed, absl::GetFlag(FLAGS_all_in_flight), all.seconds, all.latency.p50_ms,
              all.latency.p99_ms, all.cards_with_unavailable_rows,
              england_scale ? " (target <= 2 s)" : "");
  std::printf("  cached GetScorecard vs bare echo of the same %zu bytes (target: >= 80%% of echo "
              "at 16, p99 <= 5 ms):\n",
              card.ByteSizeLong());
  std::printf("    %9s %12s %9s %9s %12s %9s %9s %8s\n", "in flight", "card req/s", "p50 ms",
              "p99 ms", "echo req/s", "p50 ms", "p99 ms", "share");
  for (const Level& l : levels) {
    std::printf("    %9d %12.0f %9.2f %9.2f %12.0f %9.2f %9.2f %7.0f%%\n", l.in_flight,
                l.real.requests_per_second, l.real.latency.p50_ms, l.real.latency.p99_ms,
                l.echo.requests_per_second, l.echo.latency.p50_ms, l.echo.latency.p99_ms,
                l.echo.requests_per_second > 0
                    ? 100 * l.real.requests_per_second / l.echo.requests_per_second
                    : 0.0);
  }
  std::printf("  peak memory (VmHWM):");
  for (const char* name : kStackProcesses) {
    std::printf(" %s %.0f MiB,", name, ReadProcessStats(stack.Pid(name)).peak_rss_mib);
  }
  std::printf(" total %.0f MiB%s\n", peak_total, england_scale ? " (target <= 4096 MiB)" : "");

  const std::string json_path = absl::GetFlag(FLAGS_json);
  if (!json_path.empty()) {
    if (absl::Status s = WriteFileAtomically(json_path, out.Dump()); !s.ok()) return fail(s);
    std::cout << "stack_bench: wrote " << json_path << "\n";
  }
  if (keep) std::cout << "stack_bench: the stack is still running in " << stack_dir << "\n";
  return 0;
}

}  // namespace
}  // namespace scorecard::benchmark

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Brings up the stack, loads a scale and times ingest, cold and cached scorecards.\n"
      "  stack_bench --scale=small|large|england [--json=FILE] [--quick]");
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  if (args.size() > 1) {
    std::cerr << "stack_bench: unexpected argument " << args[1] << "\n";
    return 2;
  }
  return scorecard::benchmark::RunBench();
}
