// measure_bench: the in-process half of the benchmark (docs/BENCHMARKS.md). For one
// authority of a scale preset (small or large, tools/demo_data/scale_presets.h) it
//   - stores the generated records through each domain service's own ingest path
//     (validation, then a durable SQLite commit per batch), no network;
//   - times, over N runs, loading each service's dataset from its store (what a
//     GetMeasures call does first) and computing every measure: safeguarding and placement
//     for the 12 months of the year, workforce for 36 months;
//   - computes four key measures with SQL over the same records in SQLite, the way a
//     council's BI team does (sql_baseline.h), checks the figures are the same and gives
//     the ratio of the times;
//   - writes the looked-after history as SSDA903 returns (one a year) and times importing
//     them all through the 903 importer into a fresh placement store;
//   - writes the safeguarding records as CIN census returns (one a collection year) and the
//     staff records as workforce censuses (one a 30 September), and times importing them
//     through each census importer into fresh stores (census_export.h says what the census
//     formats carry), checking figures from the imported stores.
// Prints a table, writes JSON with --json, and exits 1 if any figure disagrees.
//
//   measure_bench --scale=large --json=/tmp/measure.json
//   measure_bench --scale=small --quick      # a few seconds: every figure, fewer runs
#include <google/protobuf/arena.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/audit/in_memory_audit_sink.h"
#include "common/concurrency/executor.h"
#include "common/files/atomic_file.h"
#include "common/records/proto_date.h"
#include "common/security/policy.h"
#include "common/status/status_macros.h"
#include "common/store/record_store.h"
#include "common/time/authority_calendars.h"
#include "services/placement/placement_service.h"
#include "services/safeguarding/safeguarding_service.h"
#include "services/workforce/workforce_service.h"
#include "tools/benchmark/bench_stats.h"
#include "tools/benchmark/census_export.h"
#include "tools/benchmark/ingest_batches.h"
#include "tools/benchmark/json_out.h"
#include "tools/benchmark/machine_info.h"
#include "tools/benchmark/sql_baseline.h"
#include "tools/benchmark/ssda903_export.h"
#include "tools/cin_census/cin_census_importer.h"
#include "tools/demo_data/demo_generator.h"
#include "tools/demo_data/scale_presets.h"
#include "tools/ssda903/ssda903_import.h"
#include "tools/workforce_census/census_convert.h"
#include "tools/workforce_census/census_xml.h"

ABSL_FLAG(std::string, scale, "small", "Scale preset: small or large (one authority).");
ABSL_FLAG(uint64_t, seed, 2017, "Generator seed: the same seed gives the same data.");
ABSL_FLAG(int, runs, 7, "Timed runs of each step; min and median are reported.");
ABSL_FLAG(std::string, json, "", "Where to write the results as JSON.");
ABSL_FLAG(std::string, work_dir, "",
          "Folder for the stores and the 903 files (default: a new temporary folder, removed "
          "afterwards).");
ABSL_FLAG(bool, quick, false, "Three runs of each step: every figure, in a few seconds.");

namespace scorecard::benchmark {
namespace {

namespace cv1 = ::scorecard::common::v1;
namespace fs = std::filesystem;
using demo_data::DemoData;
using demo_data::DemoDataOptions;

// Issue targets (docs/BENCHMARKS.md).
constexpr double kSafeguardingTargetMs = 50;
constexpr double kPlacementTargetMs = 50;
constexpr double kWorkforceTargetMs = 20;
constexpr double kSqlTargetRatio = 20;
constexpr double kSsda903TargetSeconds = 30;
constexpr int kWorkforceMonths = 36;

Json TimingsJson(const Timings& t) {
  return Json::Object()
      .Set("runs", t.runs)
      .Set("wall_min_ms", t.wall.min_ms)
      .Set("wall_median_ms", t.wall.median_ms)
      .Set("cpu_min_ms", t.cpu.min_ms)
      .Set("cpu_median_ms", t.cpu.median_ms);
}

// Everything needed to call one domain service's work functions without a network.
template <typename Traits>
struct Domain {
  std::unique_ptr<VersionedRecordStore> store;
  std::unique_ptr<DomainService<Traits>> service;
};

struct Services {
  Executor executor{1};
  AuthorityCalendars calendars;
  std::unique_ptr<Authorizer> authorizer;
  audit::InMemoryAuditSink audit{"measure_bench"};
};

template <typename Traits>
absl::StatusOr<Domain<Traits>> OpenDomain(const std::string& path, Services& services) {
  Domain<Traits> d;
  // Every timed load is an authority's first: every record read from SQLite and parsed.
  // With decoded records kept between loads a repeated load would only rebuild, and with
  // the in-memory copy of current records it would not read SQLite. stack_bench measures
  // the services as they run.
  RecordStoreOptions options;
  options.decoded_cache_max_bytes = 0;
  options.current_mirror_max_bytes = 0;
  SCORECARD_ASSIGN_OR_RETURN(d.store, VersionedRecordStore::Open(path, std::move(options)));
  d.service = std::make_unique<DomainService<Traits>>(d.store.get(), &services.executor,
                                                      &services.calendars,
                                                      services.authorizer.get(), &services.audit);
  return d;
}

struct IngestFigures {
  size_t records = 0;
  // Of `records`: stored as a new version, and identical to the stored one (re-sent).
  int64_t new_versions = 0;
  int64_t unchanged = 0;
  int batches = 0;
  double seconds = 0;
  double cpu_seconds = 0;
  Json ToJson() const {
    return Json::Object()
        .Set("records", records)
        .Set("new_versions", new_versions)
        .Set("unchanged", unchanged)
        .Set("batches", batches)
        .Set("seconds", seconds)
        .Set("cpu_seconds", cpu_seconds)
        .Set("records_per_second", seconds > 0 ? records / seconds : 0.0);
  }
};

// Sends the records through DoIngest in scorecardctl-sized batches; each batch is
// validated and committed (fsynced) before the next.
template <typename Traits, typename Wrapper>
absl::StatusOr<IngestFigures> Ingest(DomainService<Traits>& service,
                                     const std::vector<Wrapper>& records) {
  IngestFigures f;
  const std::vector<typename Traits::IngestRequest> batches =
      MakeIngestBatches<typename Traits::IngestRequest>(records, kIngestBatchRecords);
  const double wall = WallMs();
  const double cpu = ThreadCpuMs();
  for (const auto& batch : batches) {
    cv1::IngestResponse response;
    if (absl::Status s = service.DoIngest(batch, &response); !s.ok()) {
      return absl::Status(s.code(), absl::StrCat(Traits::kName, " ingest: ", s.message()));
    }
    f.records += static_cast<size_t>(batch.records_size());
    f.new_versions += response.new_versions();
    f.unchanged += response.unchanged();
    ++f.batches;
  }
  f.seconds = (WallMs() - wall) / 1000;
  f.cpu_seconds = (ThreadCpuMs() - cpu) / 1000;
  return f;
}

struct MeasureFigures {
  int measures = 0;
  int values = 0;
  int months = 0;
  Timings load;
  Timings compute;
  Timings total;
  // From the last run.
  cv1::GetMeasuresResponse response;
};

// Times what a GetMeasures call does, run by run on freshly loaded data (the placement
// dataset remembers work between computations; the service never reuses a dataset).
template <typename Traits>
absl::StatusOr<MeasureFigures> TimeMeasures(const VersionedRecordStore& store,
                                            const std::string& authority, Month from, Month to,
                                            const std::vector<std::string>& measure_ids,
                                            int runs) {
  cv1::GetMeasuresRequest request;
  request.set_authority(authority);
  *request.mutable_from_month() = ToProtoMonth(from);
  *request.mutable_to_month() = ToProtoMonth(to);
  for (const std::string& id : measure_ids) request.add_measure_ids(id);
  SCORECARD_ASSIGN_OR_RETURN(MeasureQuery query, Traits::Registry().Prepare(request));
  const WorkingDayCalendar& calendar = WorkingDayCalendar::EnglandAndWales();
  MeasureFigures f;
  std::vector<double> load_wall, load_cpu, compute_wall, compute_cpu, total_wall, total_cpu;
  // Process CPU: safeguarding's load reads its record kinds on two threads, and nothing else
  // in this process is busy meanwhile.
  for (int i = 0; i < std::max(1, runs); ++i) {
    const double wall0 = WallMs();
    const double cpu0 = ProcessCpuMs();
    absl::StatusOr<typename Traits::Dataset> data = Traits::Load(store, authority, std::nullopt);
    if (!data.ok()) return data.status();
    const double wall1 = WallMs();
    const double cpu1 = ProcessCpuMs();
    f.response = Traits::Registry().Compute(*data, query, calendar);
    const double wall2 = WallMs();
    const double cpu2 = ProcessCpuMs();
    load_wall.push_back(wall1 - wall0);
    load_cpu.push_back(cpu1 - cpu0);
    compute_wall.push_back(wall2 - wall1);
    compute_cpu.push_back(cpu2 - cpu1);
    total_wall.push_back(wall2 - wall0);
    total_cpu.push_back(cpu2 - cpu0);
  }
  const auto timings = [runs](std::vector<double> wall, std::vector<double> cpu) {
    Timings t;
    t.runs = std::max(1, runs);
    t.wall = MinAndMedian(std::move(wall));
    t.cpu = MinAndMedian(std::move(cpu));
    return t;
  };
  f.load = timings(load_wall, load_cpu);
  f.compute = timings(compute_wall, compute_cpu);
  f.total = timings(total_wall, total_cpu);
  f.measures = static_cast<int>(query.measure_ids.size());
  f.months = (to - from) + 1;
  f.values = f.response.values_size();
  return f;
}

// Where a dataset load's time goes: reading the current versions from SQLite, and parsing
// their payloads; the rest of a load is building the dataset (decoding into plain structs,
// sorting, indexing).
struct LoadBreakdown {
  size_t records = 0;
  size_t payload_bytes = 0;
  double read_ms = 0;
  double parse_ms = 0;
  // A dataset built from records already decoded (as the services run: see
  // TimeBuildFromDecoded), wall median, and the process CPU it took (builds may use two
  // threads).
  double build_ms = 0;
  double build_cpu_ms = 0;
};

// Median over `runs` of reading every record kind of the wrapper's `kind` oneof from SQLite
// (the store's scan, handing each current record over as views into SQLite's row, nothing
// copied), and of the same scan parsing each record as the loads do; parse is the
// difference. The store is opened without its in-memory copy (OpenDomain), so both scans
// read SQLite.
template <typename Wrapper>
absl::StatusOr<LoadBreakdown> TimeLoadParts(const VersionedRecordStore& store,
                                            const std::string& authority, int runs) {
  const google::protobuf::OneofDescriptor* kinds = Wrapper::descriptor()->FindOneofByName("kind");
  std::vector<double> read_ms, parse_ms;
  LoadBreakdown b;
  for (int run = 0; run < std::max(1, runs); ++run) {
    b = LoadBreakdown();
    double read = 0;
    double read_and_parse = 0;
    for (int i = 0; i < kinds->field_count(); ++i) {
      const google::protobuf::Descriptor* type = kinds->field(i)->message_type();
      double t = WallMs();
      SCORECARD_RETURN_IF_ERROR(store.ForEachCurrent(authority, type->full_name(), std::nullopt,
                                                     [&b](const CurrentRecordView& current) {
                                                       ++b.records;
                                                       b.payload_bytes += current.payload.size();
                                                       return absl::OkStatus();
                                                     }));
      read += WallMs() - t;
      const google::protobuf::Message* prototype =
          google::protobuf::MessageFactory::generated_factory()->GetPrototype(type);
      // Onto an arena, as the loads parse (common/records/record_list.h).
      google::protobuf::Arena arena;
      t = WallMs();
      SCORECARD_RETURN_IF_ERROR(store.ForEachCurrent(
          authority, type->full_name(), std::nullopt, [&](const CurrentRecordView& current) {
            google::protobuf::Message* message = prototype->New(&arena);
            if (!message->ParseFromArray(current.payload.data(),
                                         static_cast<int>(current.payload.size()))) {
              return absl::DataLossError(
                  absl::StrCat("stored ", type->full_name(), " does not parse"));
            }
            return absl::OkStatus();
          }));
      read_and_parse += WallMs() - t;
    }
    read_ms.push_back(read);
    parse_ms.push_back(read_and_parse - read);
  }
  b.read_ms = MinAndMedian(read_ms).median_ms;
  b.parse_ms = MinAndMedian(parse_ms).median_ms;
  return b;
}

// Times building the dataset alone: a second store object on the same file, with the
// decoded-record cache on, loads once to decode every kind, then each timed load finds every
// kind decoded and unchanged and only builds (from scratch: no previous dataset).
template <typename Traits>
absl::Status TimeBuildFromDecoded(const std::string& path, const std::string& authority,
                                  int runs, LoadBreakdown& b) {
  SCORECARD_ASSIGN_OR_RETURN(std::unique_ptr<VersionedRecordStore> store,
                             VersionedRecordStore::Open(path, RecordStoreOptions()));
  if (absl::StatusOr<typename Traits::Dataset> warm =
          Traits::Load(*store, authority, std::nullopt);
      !warm.ok()) {
    return warm.status();
  }
  std::vector<double> wall, cpu;
  for (int run = 0; run < std::max(1, runs); ++run) {
    const double wall0 = WallMs();
    const double cpu0 = ProcessCpuMs();
    absl::StatusOr<typename Traits::Dataset> data = Traits::Load(*store, authority, std::nullopt);
    if (!data.ok()) return data.status();
    wall.push_back(WallMs() - wall0);
    cpu.push_back(ProcessCpuMs() - cpu0);
  }
  b.build_ms = MinAndMedian(std::move(wall)).median_ms;
  b.build_cpu_ms = MinAndMedian(std::move(cpu)).median_ms;
  return absl::OkStatus();
}

Json BreakdownJson(const LoadBreakdown& b) {
  return Json::Object()
      .Set("records", b.records)
      .Set("payload_bytes", b.payload_bytes)
      .Set("sqlite_read_ms_median", b.read_ms)
      .Set("protobuf_parse_ms_median", b.parse_ms)
      .Set("dataset_build_from_decoded_ms_median", b.build_ms)
      .Set("dataset_build_from_decoded_process_cpu_ms_median", b.build_cpu_ms);
}

// Each measure computed alone (12 or 36 months) on one loaded dataset, slowest first: where
// compute time goes. Placement's dataset remembers who is looked after at each month end,
// so there the first measure to ask pays for that.
template <typename Traits>
absl::StatusOr<Json> SlowestMeasures(const VersionedRecordStore& store,
                                     const std::string& authority, Month from, Month to,
                                     size_t how_many) {
  cv1::GetMeasuresRequest request;
  request.set_authority(authority);
  *request.mutable_from_month() = ToProtoMonth(from);
  *request.mutable_to_month() = ToProtoMonth(to);
  SCORECARD_ASSIGN_OR_RETURN(MeasureQuery all, Traits::Registry().Prepare(request));
  SCORECARD_ASSIGN_OR_RETURN(typename Traits::Dataset data,
                             Traits::Load(store, authority, std::nullopt));
  std::vector<std::pair<double, std::string>> times;
  for (const std::string& id : all.measure_ids) {
    MeasureQuery one = all;
    one.measure_ids = {id};
    const double cpu = ThreadCpuMs();
    (void)Traits::Registry().Compute(data, one, WorkingDayCalendar::EnglandAndWales());
    times.emplace_back(ThreadCpuMs() - cpu, id);
  }
  std::sort(times.rbegin(), times.rend());
  Json out = Json::Array();
  for (size_t i = 0; i < times.size() && i < how_many; ++i) {
    out.Push(Json::Object().Set("measure_id", times[i].second).Set("cpu_ms", times[i].first));
  }
  return out;
}

Json MeasureJson(const MeasureFigures& f, double target_ms) {
  return Json::Object()
      .Set("months", f.months)
      .Set("measures", f.measures)
      .Set("values", f.values)
      .Set("load_ms", TimingsJson(f.load))
      .Set("compute_ms", TimingsJson(f.compute))
      .Set("load_and_compute_ms", TimingsJson(f.total))
      .Set("target_ms", target_ms);
}

using FigureKey = std::pair<std::string, std::string>;  // measure id, month
using FigureMap = std::map<FigureKey, std::pair<double, double>>;

void AddFigures(const cv1::GetMeasuresResponse& response, FigureMap& out) {
  for (const cv1::MeasureValue& v : response.values()) {
    const absl::StatusOr<Month> m = FromProtoMonth(v.month());
    out[{v.measure_id(), m.ok() ? FormatMonth(*m) : "?"}] = {v.numerator(), v.denominator()};
  }
}

// Whether two figures are the same, to `relative` (sums of FTEs added in another order
// may differ in the last bits).
bool SameFigure(std::pair<double, double> a, std::pair<double, double> b, double relative) {
  const auto close = [relative](double x, double y) {
    return std::abs(x - y) <= relative * std::max({1.0, std::abs(x), std::abs(y)});
  };
  return close(a.first, b.first) && close(a.second, b.second);
}

// "placement.lac_count 2016-04: ours 161/1, SQL 160/1" for each difference; exact unless
// a relative tolerance is given.
std::vector<std::string> Differences(const FigureMap& ours, const FigureMap& theirs,
                                     absl::string_view their_name, double relative = 0) {
  std::vector<std::string> out;
  for (const auto& [key, mine] : ours) {
    auto it = theirs.find(key);
    if (it == theirs.end()) {
      out.push_back(absl::StrCat(key.first, " ", key.second, ": no ", their_name, " figure"));
    } else if (!SameFigure(it->second, mine, relative)) {
      out.push_back(absl::StrFormat("%s %s: ours %g/%g, %s %g/%g", key.first, key.second,
                                    mine.first, mine.second, their_name, it->second.first,
                                    it->second.second));
    }
  }
  for (const auto& [key, value] : theirs) {
    if (ours.count(key) == 0) {
      out.push_back(absl::StrCat(key.first, " ", key.second, ": only in ", their_name));
    }
  }
  return out;
}

void PrintDifferences(absl::string_view what, const std::vector<std::string>& differences) {
  if (differences.empty()) return;
  std::cerr << "\n!!!!!!!! MISMATCH: " << what << " differs from the services' figures in "
            << differences.size() << " place" << (differences.size() == 1 ? "" : "s")
            << " !!!!!!!!\n";
  for (size_t i = 0; i < differences.size() && i < 20; ++i) {
    std::cerr << "  " << differences[i] << "\n";
  }
  if (differences.size() > 20) std::cerr << "  ... and " << differences.size() - 20 << " more\n";
}

Json DifferencesJson(const std::vector<std::string>& differences) {
  Json list = Json::Array();
  for (size_t i = 0; i < differences.size() && i < 50; ++i) list.Push(differences[i]);
  return list;
}

std::vector<std::string> Ids(std::initializer_list<const char*> ids) {
  return std::vector<std::string>(ids.begin(), ids.end());
}

struct Ssda903Figures {
  int years = 0;
  size_t csv_rows = 0;
  size_t records = 0;
  int children_rejected = 0;
  int problems = 0;
  double seconds = 0;
  double convert_seconds = 0;
  double ingest_seconds = 0;
};

// Writes one return a year into `dir`/<year>/, then imports them oldest first into the
// placement service at `store_path`, timing the import (reading, converting, storing).
absl::StatusOr<Ssda903Figures> ImportSsda903History(const DemoData& data,
                                                    const DemoDataOptions& options,
                                                    const std::string& dir,
                                                    const std::string& store_path,
                                                    Services& services) {
  Ssda903Figures f;
  f.years = options.parameters.placement_years;
  const int first_year = options.year - f.years + 1;
  for (int year = first_year; year <= options.year; ++year) {
    const fs::path folder = fs::path(dir) / std::to_string(year);
    fs::create_directories(folder);
    std::vector<std::pair<std::string, std::string>> files;
    for (ssda903::InputFile& file : ExportReturn(data.placement, year)) {
      f.csv_rows += static_cast<size_t>(std::count(file.text.begin(), file.text.end(), '\n') - 1);
      files.emplace_back((folder / file.name).string(), std::move(file.text));
    }
    SCORECARD_RETURN_IF_ERROR(WriteFilesAtomically(files));
  }
  SCORECARD_ASSIGN_OR_RETURN(Domain<placement::PlacementTraits> target,
                             OpenDomain<placement::PlacementTraits>(store_path, services));
  const double began = WallMs();
  for (int year = first_year; year <= options.year; ++year) {
    const double convert_began = WallMs();
    ssda903::ImportOptions import;
    import.authority = options.authority;
    import.year = year;
    SCORECARD_ASSIGN_OR_RETURN(
        ssda903::ImportResult result,
        ssda903::ImportFolder((fs::path(dir) / std::to_string(year)).string(), import));
    f.convert_seconds += (WallMs() - convert_began) / 1000;
    if (result.outcome == ssda903::ImportOutcome::kNothingImported) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the ", year, " return imported nothing: ",
          result.report.empty() ? std::string("no report") : result.report.front().reason));
    }
    f.children_rejected += result.stats.children_rejected;
    f.problems += result.stats.problems;
    const double ingest_began = WallMs();
    SCORECARD_ASSIGN_OR_RETURN(IngestFigures stored, Ingest(*target.service, result.placement));
    f.ingest_seconds += (WallMs() - ingest_began) / 1000;
    f.records += stored.records;
  }
  f.seconds = (WallMs() - began) / 1000;
  return f;
}

// The two LAC measures over what the generated SSDA903 returns hold (children, episodes,
// and the reviews from the first return's year on), computed by the placement service's
// own code in memory: what importing the returns must reproduce.
cv1::GetMeasuresResponse ComputeOnReturnsRecords(const DemoData& data,
                                                 const DemoDataOptions& options, Month from,
                                                 Month to) {
  const Date first_return_day =
      FinancialYear(options.year - options.parameters.placement_years + 1).first;
  placement::PlacementRecords records;
  for (const placement::v1::PlacementRecord& r : data.placement) {
    if (r.has_child()) records.children.push_back(r.child());
    if (r.has_episode()) records.episodes.push_back(r.episode());
    if (r.has_review() && FromProtoDate(r.review().review_date()) >= first_return_day) {
      records.reviews.push_back(r.review());
    }
  }
  cv1::GetMeasuresRequest request;
  request.set_authority(options.authority);
  *request.mutable_from_month() = ToProtoMonth(from);
  *request.mutable_to_month() = ToProtoMonth(to);
  request.add_measure_ids(kSqlMeasureIds[2]);
  request.add_measure_ids(kSqlMeasureIds[3]);
  absl::StatusOr<MeasureQuery> query = placement::PlacementMeasures().Prepare(request);
  if (!query.ok()) return {};
  return placement::PlacementMeasures().Compute(placement::AssemblePlacementData(records), *query,
                                                WorkingDayCalendar::EnglandAndWales());
}

// Safeguarding measures checked on the CIN census import, for the 12 months of the year:
// those whose records the census carries (census_export.h).
constexpr const char* kCinCensusCheckedMeasureIds[] = {
    "safeguarding.referrals",
    "safeguarding.s47_started",
    "safeguarding.assessments_completed_within_45wd",
    "safeguarding.icpc_within_15wd",
    "safeguarding.cin_count",
    "safeguarding.cp_count",
    "safeguarding.cp_reviews_on_time"};
// Workforce measures checked on the workforce census import, for the months up to the last
// census: agency FTE and headcount in post at each month end, and permanent starters.
constexpr const char* kWorkforceCensusCheckedMeasureIds[] = {
    "workforce.agency_rate", "workforce.agency_headcount_rate", "workforce.starters"};

// Importing a run of census files through one importer into a fresh store.
struct CensusImportFigures {
  int files = 0;
  size_t bytes = 0;
  // CIN: children in the files (a child is in every year's file they are open in);
  // workforce: CSWWWorker roles.
  int64_t items = 0;
  int64_t children_rejected = 0;  // CIN only
  int64_t problems = 0;
  // What the importer made and the service was sent: records new to the store (or
  // restated) and records a later file repeated unchanged.
  IngestFigures stored;
  double seconds = 0;
  double cpu_seconds = 0;
  double convert_seconds = 0;
  double ingest_seconds = 0;

  Json ToJson(absl::string_view items_name) const {
    return Json::Object()
        .Set("files", files)
        .Set("bytes", bytes)
        .Set(items_name, items)
        .Set("problems", problems)
        .Set("records", stored.records)
        .Set("new_versions", stored.new_versions)
        .Set("unchanged", stored.unchanged)
        .Set("seconds", seconds)
        .Set("cpu_seconds", cpu_seconds)
        .Set("convert_seconds", convert_seconds)
        .Set("ingest_seconds", ingest_seconds)
        .Set("records_per_second", seconds > 0 ? stored.records / seconds : 0.0);
  }
};

void AddStored(IngestFigures& total, const IngestFigures& more) {
  total.records += more.records;
  total.new_versions += more.new_versions;
  total.unchanged += more.unchanged;
  total.batches += more.batches;
  total.seconds += more.seconds;
  total.cpu_seconds += more.cpu_seconds;
}

// Writes `files` (name, XML) into `dir`, returning their paths in order.
absl::StatusOr<std::vector<std::string>> WriteCensusFiles(
    const std::string& dir, std::vector<std::pair<std::string, std::string>> files,
    CensusImportFigures& f) {
  fs::create_directories(dir);
  std::vector<std::string> paths;
  for (auto& [name, xml] : files) {
    name = (fs::path(dir) / name).string();
    paths.push_back(name);
    f.bytes += xml.size();
  }
  f.files = static_cast<int>(files.size());
  SCORECARD_RETURN_IF_ERROR(WriteFilesAtomically(files));
  return paths;
}

// Writes one CIN census a collection year into `dir`, then imports them oldest first as
// `scorecardctl import cin-census` does (the importer's records, sent in batches) into the
// safeguarding service at `store_path`, timing reading, checking and storing.
absl::StatusOr<CensusImportFigures> ImportCinCensusHistory(const DemoData& data,
                                                           const DemoDataOptions& options,
                                                           const std::string& dir,
                                                           const std::string& store_path,
                                                           Services& services) {
  CensusImportFigures f;
  std::vector<std::pair<std::string, std::string>> files;
  for (int year : CinCensusYears(data.safeguarding)) {
    CinCensusFile census = ExportCinCensus(data.safeguarding, options.authority, year);
    files.emplace_back(absl::StrCat("cin_census_", year, "-", (year + 1) % 100, ".xml"),
                       std::move(census.xml));
  }
  SCORECARD_ASSIGN_OR_RETURN(std::vector<std::string> paths, WriteCensusFiles(dir, files, f));
  SCORECARD_ASSIGN_OR_RETURN(Domain<safeguarding::SafeguardingTraits> target,
                             OpenDomain<safeguarding::SafeguardingTraits>(store_path, services));
  cin_census::CinCensusOptions census;
  census.authority = options.authority;
  const double began = WallMs();
  const double began_cpu = ThreadCpuMs();
  for (const std::string& path : paths) {
    const double convert_began = WallMs();
    SCORECARD_ASSIGN_OR_RETURN(cin_census::CinCensusImport imported,
                               cin_census::ImportCinCensusFile(path, census));
    f.convert_seconds += (WallMs() - convert_began) / 1000;
    f.items += imported.summary.children_read;
    f.children_rejected += imported.summary.children_rejected;
    f.problems += imported.summary.problems;
    SCORECARD_ASSIGN_OR_RETURN(IngestFigures stored, Ingest(*target.service, imported.records));
    f.ingest_seconds += stored.seconds;
    AddStored(f.stored, stored);
  }
  f.seconds = (WallMs() - began) / 1000;
  f.cpu_seconds = (ThreadCpuMs() - began_cpu) / 1000;
  return f;
}

// The 30 Septembers the staff records cover: each census year's reference date falls
// between the first day of the records (1 April of the first of workforce_years) and the
// year's last.
std::vector<int> WorkforceCensusYears(const DemoDataOptions& options) {
  const Date first = FinancialYear(options.year - options.parameters.workforce_years + 1).first;
  const Date last = FinancialYear(options.year).last;
  std::vector<int> years;
  for (int y = first.year(); y <= last.year(); ++y) {
    if (first <= Date(y, 9, 30) && Date(y, 9, 30) <= last) years.push_back(y);
  }
  return years;
}

// Writes one workforce census a 30 September into `dir`, then imports them oldest first as
// `scorecardctl import workforce-census` does (read, convert and check the whole file, send
// its records in batches) into the workforce service at `store_path`.
absl::StatusOr<CensusImportFigures> ImportWorkforceCensusHistory(const DemoData& data,
                                                                 const DemoDataOptions& options,
                                                                 const std::string& dir,
                                                                 const std::string& store_path,
                                                                 Services& services) {
  CensusImportFigures f;
  std::vector<std::pair<std::string, std::string>> files;
  for (int year : WorkforceCensusYears(options)) {
    WorkforceCensusFile census = ExportWorkforceCensus(data.workforce, options.authority, year);
    files.emplace_back(absl::StrCat("csww_", year, ".xml"), std::move(census.xml));
  }
  SCORECARD_ASSIGN_OR_RETURN(std::vector<std::string> paths, WriteCensusFiles(dir, files, f));
  SCORECARD_ASSIGN_OR_RETURN(Domain<workforce::WorkforceTraits> target,
                             OpenDomain<workforce::WorkforceTraits>(store_path, services));
  workforce_census::ImportOptions census;
  census.authority = options.authority;
  const double began = WallMs();
  const double began_cpu = ThreadCpuMs();
  for (const std::string& path : paths) {
    const double convert_began = WallMs();
    std::ifstream in(path, std::ios::binary);
    if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
    const workforce_census::CensusInput input = workforce_census::ReadCensusXml(in, path);
    const workforce_census::ImportResult result = workforce_census::ConvertCensus(input, census);
    f.convert_seconds += (WallMs() - convert_began) / 1000;
    f.items += static_cast<int64_t>(input.workers.size());
    f.problems += static_cast<int64_t>(result.problems.size());
    if (!result.ok()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the workforce census importer refused ", path, " (", result.problems.size(),
          " problems), e.g. ", result.problems.front()));
    }
    SCORECARD_ASSIGN_OR_RETURN(IngestFigures stored, Ingest(*target.service, result.records));
    f.ingest_seconds += stored.seconds;
    AddStored(f.stored, stored);
  }
  f.seconds = (WallMs() - began) / 1000;
  f.cpu_seconds = (ThreadCpuMs() - began_cpu) / 1000;
  return f;
}

// Σ of the numerators or denominators of `id`'s values in `response`.
double SumOf(const cv1::GetMeasuresResponse& response, absl::string_view id, bool numerator) {
  double sum = 0;
  for (const cv1::MeasureValue& v : response.values()) {
    if (v.measure_id() == id) sum += numerator ? v.numerator() : v.denominator();
  }
  return sum;
}

// `id`'s value for `month`: {numerator, denominator}, or {-1, -1} when there is none.
std::pair<double, double> FigureAt(const cv1::GetMeasuresResponse& response, absl::string_view id,
                                   Month month) {
  for (const cv1::MeasureValue& v : response.values()) {
    const absl::StatusOr<Month> m = FromProtoMonth(v.month());
    if (v.measure_id() == id && m.ok() && *m == month) return {v.numerator(), v.denominator()};
  }
  return {-1, -1};
}

Json PairJson(std::pair<double, double> figure) {
  return Json::Array().Push(figure.first).Push(figure.second);
}

std::vector<std::string> IdList(absl::Span<const char* const> ids) {
  return std::vector<std::string>(ids.begin(), ids.end());
}

int Run() {
  const std::string scale = absl::GetFlag(FLAGS_scale);
  const bool quick = absl::GetFlag(FLAGS_quick);
  const int runs = quick ? 3 : std::max(1, absl::GetFlag(FLAGS_runs));
  absl::StatusOr<demo_data::ScalePreset> preset =
      demo_data::FindScalePreset(scale, absl::GetFlag(FLAGS_seed));
  if (!preset.ok()) {
    std::cerr << "measure_bench: --scale: " << preset.status().message() << "\n";
    return 2;
  }
  if (preset->authorities.size() != 1) {
    std::cerr << "measure_bench: --scale=" << scale << " has " << preset->authorities.size()
              << " authorities; measure_bench times one (small or large); stack_bench "
                 "runs every scale\n";
    return 2;
  }
  const DemoDataOptions& options = preset->authorities.front();
  const std::string& authority = options.authority;

  std::string work_dir = absl::GetFlag(FLAGS_work_dir);
  const bool temporary = work_dir.empty();
  if (temporary) {
    std::string pattern = (fs::temp_directory_path() / "measure_bench_XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      std::cerr << "measure_bench: cannot create a temporary folder\n";
      return 1;
    }
    work_dir = pattern;
  }
  fs::create_directories(work_dir);
  struct Cleanup {
    std::string dir;
    bool remove;
    ~Cleanup() {
      std::error_code ignored;
      if (remove) fs::remove_all(dir, ignored);
    }
  } cleanup{work_dir, temporary};

  Json out = Json::Object();
  out.Set("benchmark", "measure_bench")
      .Set("scale", scale)
      .Set("authority", authority)
      .Set("seed", static_cast<int64_t>(options.seed))
      .Set("financial_year", absl::StrFormat("%d-%02d", options.year, (options.year + 1) % 100))
      .Set("runs", runs)
      .Set("machine", MachineJson());
  const auto fail = [](const absl::Status& s) {
    std::cerr << "measure_bench: " << s << "\n";
    return 1;
  };

  // 1. Generate.
  std::cout << "measure_bench: generating " << scale << " (authority " << authority << ")...\n";
  double t = WallMs();
  const DemoData data = demo_data::Generate(options);
  const double generate_seconds = (WallMs() - t) / 1000;
  out.Set("generated", Json::Object()
                           .Set("seconds", generate_seconds)
                           .Set("workforce_records", data.workforce.size())
                           .Set("safeguarding_records", data.safeguarding.size())
                           .Set("placement_records", data.placement.size()));

  // 2. Store through each service's ingest path.
  Services services;
  {
    absl::StatusOr<Policy> policy = Policy::BuiltIn();
    if (!policy.ok()) return fail(policy.status());
    absl::StatusOr<std::unique_ptr<Authorizer>> authorizer =
        Authorizer::Create(*std::move(policy), AuthorizerOptions{});
    if (!authorizer.ok()) return fail(authorizer.status());
    services.authorizer = *std::move(authorizer);
  }
  const fs::path dir(work_dir);
  auto workforce =
      OpenDomain<workforce::WorkforceTraits>((dir / "workforce.sqlite").string(), services);
  auto safeguarding =
      OpenDomain<safeguarding::SafeguardingTraits>((dir / "safeguarding.sqlite").string(), services);
  auto placement =
      OpenDomain<placement::PlacementTraits>((dir / "placement.sqlite").string(), services);
  for (const absl::Status& s : {workforce.status(), safeguarding.status(), placement.status()}) {
    if (!s.ok()) return fail(s);
  }
  std::cout << "measure_bench: storing the records (in process, durable batches)...\n";
  absl::StatusOr<IngestFigures> workforce_in = Ingest(*workforce->service, data.workforce);
  if (!workforce_in.ok()) return fail(workforce_in.status());
  absl::StatusOr<IngestFigures> safeguarding_in =
      Ingest(*safeguarding->service, data.safeguarding);
  if (!safeguarding_in.ok()) return fail(safeguarding_in.status());
  absl::StatusOr<IngestFigures> placement_in = Ingest(*placement->service, data.placement);
  if (!placement_in.ok()) return fail(placement_in.status());
  out.Set("ingest_in_process", Json::Object()
                                   .Set("batch_records", kIngestBatchRecords)
                                   .Set("workforce", workforce_in->ToJson())
                                   .Set("safeguarding", safeguarding_in->ToJson())
                                   .Set("placement", placement_in->ToJson()));

  // 3. Every measure: load the dataset, compute.
  const Month year_first(options.year, 4);
  const Month year_last(options.year + 1, 3);
  const Month workforce_first = year_last - (kWorkforceMonths - 1);
  std::cout << "measure_bench: timing every measure (" << runs << " runs each)...\n";
  absl::StatusOr<MeasureFigures> safeguarding_all = TimeMeasures<safeguarding::SafeguardingTraits>(
      *safeguarding->store, authority, year_first, year_last, {}, runs);
  if (!safeguarding_all.ok()) return fail(safeguarding_all.status());
  absl::StatusOr<MeasureFigures> placement_all = TimeMeasures<placement::PlacementTraits>(
      *placement->store, authority, year_first, year_last, {}, runs);
  if (!placement_all.ok()) return fail(placement_all.status());
  absl::StatusOr<MeasureFigures> workforce_all = TimeMeasures<workforce::WorkforceTraits>(
      *workforce->store, authority, workforce_first, year_last, {}, runs);
  if (!workforce_all.ok()) return fail(workforce_all.status());
  absl::StatusOr<LoadBreakdown> safeguarding_parts =
      TimeLoadParts<safeguarding::v1::SafeguardingRecord>(*safeguarding->store, authority, runs);
  absl::StatusOr<LoadBreakdown> placement_parts =
      TimeLoadParts<placement::v1::PlacementRecord>(*placement->store, authority, runs);
  absl::StatusOr<LoadBreakdown> workforce_parts =
      TimeLoadParts<workforce::v1::WorkforceRecord>(*workforce->store, authority, runs);
  for (absl::Status s :
       {safeguarding_parts.ok()
            ? TimeBuildFromDecoded<safeguarding::SafeguardingTraits>(
                  (dir / "safeguarding.sqlite").string(), authority, runs, *safeguarding_parts)
            : safeguarding_parts.status(),
        placement_parts.ok()
            ? TimeBuildFromDecoded<placement::PlacementTraits>(
                  (dir / "placement.sqlite").string(), authority, runs, *placement_parts)
            : placement_parts.status(),
        workforce_parts.ok()
            ? TimeBuildFromDecoded<workforce::WorkforceTraits>(
                  (dir / "workforce.sqlite").string(), authority, runs, *workforce_parts)
            : workforce_parts.status()}) {
    if (!s.ok()) return fail(s);
  }
  absl::StatusOr<Json> safeguarding_slowest = SlowestMeasures<safeguarding::SafeguardingTraits>(
      *safeguarding->store, authority, year_first, year_last, 3);
  absl::StatusOr<Json> placement_slowest = SlowestMeasures<placement::PlacementTraits>(
      *placement->store, authority, year_first, year_last, 3);
  absl::StatusOr<Json> workforce_slowest = SlowestMeasures<workforce::WorkforceTraits>(
      *workforce->store, authority, workforce_first, year_last, 3);
  for (const absl::Status& s :
       {safeguarding_parts.status(), placement_parts.status(), workforce_parts.status(),
        safeguarding_slowest.status(), placement_slowest.status(), workforce_slowest.status()}) {
    if (!s.ok()) return fail(s);
  }
  out.Set("measures",
          Json::Object()
              .Set("safeguarding", MeasureJson(*safeguarding_all, kSafeguardingTargetMs)
                                       .Set("load_breakdown",
                                            BreakdownJson(*safeguarding_parts))
                                       .Set("slowest_measures", *safeguarding_slowest))
              .Set("placement", MeasureJson(*placement_all, kPlacementTargetMs)
                                    .Set("load_breakdown",
                                         BreakdownJson(*placement_parts))
                                    .Set("slowest_measures", *placement_slowest))
              .Set("workforce", MeasureJson(*workforce_all, kWorkforceTargetMs)
                                    .Set("load_breakdown",
                                         BreakdownJson(*workforce_parts))
                                    .Set("slowest_measures", *workforce_slowest)));

  // 4. The SQL baseline against the same four measures computed by the services.
  std::cout << "measure_bench: SQL baseline...\n";
  t = WallMs();
  absl::StatusOr<std::unique_ptr<SqlBaseline>> sql =
      SqlBaseline::Create(data.safeguarding, data.placement, WorkingDayCalendar::EnglandAndWales());
  if (!sql.ok()) return fail(sql.status());
  const double sql_load_seconds = (WallMs() - t) / 1000;
  absl::StatusOr<std::vector<SqlFigure>> sql_figures;
  const Timings sql_timings =
      TimeRuns(runs, [&] { sql_figures = (*sql)->Compute(year_first, year_last); });
  if (!sql_figures.ok()) return fail(sql_figures.status());
  absl::StatusOr<MeasureFigures> safeguarding_key = TimeMeasures<safeguarding::SafeguardingTraits>(
      *safeguarding->store, authority, year_first, year_last,
      Ids({kSqlMeasureIds[0], kSqlMeasureIds[1]}), runs);
  if (!safeguarding_key.ok()) return fail(safeguarding_key.status());
  absl::StatusOr<MeasureFigures> placement_key = TimeMeasures<placement::PlacementTraits>(
      *placement->store, authority, year_first, year_last,
      Ids({kSqlMeasureIds[2], kSqlMeasureIds[3]}), runs);
  if (!placement_key.ok()) return fail(placement_key.status());
  FigureMap ours, theirs;
  AddFigures(safeguarding_key->response, ours);
  AddFigures(placement_key->response, ours);
  for (const SqlFigure& f : *sql_figures) {
    theirs[{f.measure_id, FormatMonth(f.month)}] = {f.numerator, f.denominator};
  }
  const std::vector<std::string> sql_differences = Differences(ours, theirs, "SQL");
  PrintDifferences("the SQL baseline", sql_differences);
  const double ours_compute_ms =
      safeguarding_key->compute.wall.median_ms + placement_key->compute.wall.median_ms;
  const double ours_total_ms =
      safeguarding_key->total.wall.median_ms + placement_key->total.wall.median_ms;
  const double ours_total_cpu_ms =
      safeguarding_key->total.cpu.median_ms + placement_key->total.cpu.median_ms;
  Json figures = Json::Array();
  for (const auto& [key, value] : ours) {
    auto it = theirs.find(key);
    figures.Push(Json::Object()
                     .Set("measure_id", key.first)
                     .Set("month", key.second)
                     .Set("ours", Json::Array().Push(value.first).Push(value.second))
                     .Set("sql", it == theirs.end()
                                     ? Json::Null()
                                     : Json::Array().Push(it->second.first).Push(it->second.second)));
  }
  Json measure_ids = Json::Array();
  for (const char* id : kSqlMeasureIds) measure_ids.Push(id);
  out.Set("sql_baseline",
          Json::Object()
              .Set("measure_ids", std::move(measure_ids))
              .Set("months", (year_last - year_first) + 1)
              .Set("rows_loaded", (*sql)->rows_loaded())
              .Set("table_load_seconds", sql_load_seconds)
              .Set("sql_ms", TimingsJson(sql_timings))
              .Set("ours_compute_ms_median", ours_compute_ms)
              .Set("ours_load_and_compute_ms_median", ours_total_ms)
              .Set("ours_load_and_compute_cpu_ms_median", ours_total_cpu_ms)
              .Set("ratio_sql_to_ours_compute",
                   ours_compute_ms > 0 ? sql_timings.wall.median_ms / ours_compute_ms : 0.0)
              .Set("ratio_sql_to_ours_load_and_compute",
                   ours_total_ms > 0 ? sql_timings.wall.median_ms / ours_total_ms : 0.0)
              .Set("target_ratio", kSqlTargetRatio)
              .Set("matches", sql_differences.empty())
              .Set("differences", DifferencesJson(sql_differences))
              .Set("figures", std::move(figures)));

  // 5. The SSDA903 history through the importer, and the same LAC figures from it.
  std::cout << "measure_bench: SSDA903 import of " << options.parameters.placement_years
            << " year(s)...\n";
  absl::StatusOr<Ssda903Figures> import =
      ImportSsda903History(data, options, (dir / "ssda903").string(),
                           (dir / "placement-903.sqlite").string(), services);
  if (!import.ok()) return fail(import.status());
  std::vector<std::string> import_differences;
  {
    absl::StatusOr<std::unique_ptr<VersionedRecordStore>> imported =
        VersionedRecordStore::Open((dir / "placement-903.sqlite").string());
    if (!imported.ok()) return fail(imported.status());
    absl::StatusOr<MeasureFigures> from_903 = TimeMeasures<placement::PlacementTraits>(
        **imported, authority, year_first, year_last, Ids({kSqlMeasureIds[2], kSqlMeasureIds[3]}),
        1);
    if (!from_903.ok()) return fail(from_903.status());
    // What the returns carry: reviews before the first return are not in any of them, so
    // the expected figures come from the generated records less those reviews.
    FigureMap expected, via_903;
    AddFigures(ComputeOnReturnsRecords(data, options, year_first, year_last), expected);
    AddFigures(from_903->response, via_903);
    import_differences = Differences(expected, via_903, "903 import");
    PrintDifferences("the 903-imported history", import_differences);
  }
  out.Set("ssda903_import",
          Json::Object()
              .Set("returns", import->years)
              .Set("csv_rows", import->csv_rows)
              .Set("records", import->records)
              .Set("children_rejected", import->children_rejected)
              .Set("problems", import->problems)
              .Set("seconds", import->seconds)
              .Set("convert_seconds", import->convert_seconds)
              .Set("ingest_seconds", import->ingest_seconds)
              .Set("records_per_second", import->seconds > 0 ? import->records / import->seconds : 0.0)
              .Set("target_seconds", kSsda903TargetSeconds)
              .Set("lac_figures_match", import_differences.empty())
              .Set("differences", DifferencesJson(import_differences)));

  // 6. The safeguarding records as CIN census returns, and the staff as workforce censuses,
  // through their importers; figures from the imported stores against the generated data's.
  std::cout << "measure_bench: CIN census import...\n";
  absl::StatusOr<CensusImportFigures> cin_import =
      ImportCinCensusHistory(data, options, (dir / "cin_census").string(),
                             (dir / "safeguarding-cin.sqlite").string(), services);
  if (!cin_import.ok()) return fail(cin_import.status());
  std::vector<std::string> cin_differences;
  Json cin_figures = Json::Object();
  {
    // Expected: the generated records the census carries, stored and computed by the
    // safeguarding service's own path.
    auto expected = OpenDomain<safeguarding::SafeguardingTraits>(
        (dir / "safeguarding-cin-expected.sqlite").string(), services);
    if (!expected.ok()) return fail(expected.status());
    absl::StatusOr<IngestFigures> expected_in =
        Ingest(*expected->service, CinCensusCarriedRecords(data.safeguarding));
    if (!expected_in.ok()) return fail(expected_in.status());
    absl::StatusOr<std::unique_ptr<VersionedRecordStore>> imported =
        VersionedRecordStore::Open((dir / "safeguarding-cin.sqlite").string());
    if (!imported.ok()) return fail(imported.status());
    const std::vector<std::string> ids = IdList(kCinCensusCheckedMeasureIds);
    absl::StatusOr<MeasureFigures> from_census = TimeMeasures<safeguarding::SafeguardingTraits>(
        **imported, authority, year_first, year_last, ids, 1);
    if (!from_census.ok()) return fail(from_census.status());
    absl::StatusOr<MeasureFigures> from_generated =
        TimeMeasures<safeguarding::SafeguardingTraits>(*expected->store, authority, year_first,
                                                       year_last, ids, 1);
    if (!from_generated.ok()) return fail(from_generated.status());
    FigureMap expected_figures, via_census;
    AddFigures(from_generated->response, expected_figures);
    AddFigures(from_census->response, via_census);
    cin_differences = Differences(expected_figures, via_census, "CIN census import");
    PrintDifferences("the CIN census import", cin_differences);
    const char* kCin = "safeguarding.cin_count";
    const char* kAssessments = "safeguarding.assessments_completed_within_45wd";
    cin_figures
        .Set("children_in_need_31_march",
             Json::Object()
                 .Set("imported", FigureAt(from_census->response, kCin, year_last).first)
                 .Set("generated", FigureAt(from_generated->response, kCin, year_last).first)
                 .Set("generated_all_records",
                      FigureAt(safeguarding_all->response, kCin, year_last).first))
        .Set("assessments_completed_in_year",
             Json::Object()
                 .Set("imported", SumOf(from_census->response, kAssessments, false))
                 .Set("generated", SumOf(from_generated->response, kAssessments, false)))
        .Set("assessments_within_45wd_in_year",
             Json::Object()
                 .Set("imported", SumOf(from_census->response, kAssessments, true))
                 .Set("generated", SumOf(from_generated->response, kAssessments, true)));
  }
  Json cin_checked = Json::Array();
  for (const char* id : kCinCensusCheckedMeasureIds) cin_checked.Push(id);
  out.Set("cin_census_import",
          cin_import->ToJson("children")
              .Set("children_rejected", cin_import->children_rejected)
              .Set("checked_measures", std::move(cin_checked))
              .Set("checked_months", (year_last - year_first) + 1)
              .Set("figures", std::move(cin_figures))
              .Set("figures_match", cin_differences.empty())
              .Set("differences", DifferencesJson(cin_differences)));

  std::cout << "measure_bench: workforce census import...\n";
  absl::StatusOr<CensusImportFigures> workforce_import =
      ImportWorkforceCensusHistory(data, options, (dir / "workforce_census").string(),
                                   (dir / "workforce-census.sqlite").string(), services);
  if (!workforce_import.ok()) return fail(workforce_import.status());
  // The months a census describes: from the records' first to the last census's September
  // (what happens after it is in no census yet).
  const std::vector<int> census_years = WorkforceCensusYears(options);
  const Month census_last(census_years.empty() ? workforce_first.year() : census_years.back(), 9);
  std::vector<std::string> workforce_differences;
  Json workforce_figures = Json::Object();
  {
    absl::StatusOr<std::unique_ptr<VersionedRecordStore>> imported =
        VersionedRecordStore::Open((dir / "workforce-census.sqlite").string());
    if (!imported.ok()) return fail(imported.status());
    const std::vector<std::string> ids = IdList(kWorkforceCensusCheckedMeasureIds);
    absl::StatusOr<MeasureFigures> from_census = TimeMeasures<workforce::WorkforceTraits>(
        **imported, authority, workforce_first, census_last, ids, 1);
    if (!from_census.ok()) return fail(from_census.status());
    // Every record kind the census carries is as generated, so the figures are the
    // workforce service's own from all the generated records.
    absl::StatusOr<MeasureFigures> from_generated = TimeMeasures<workforce::WorkforceTraits>(
        *workforce->store, authority, workforce_first, census_last, ids, 1);
    if (!from_generated.ok()) return fail(from_generated.status());
    FigureMap expected_figures, via_census;
    AddFigures(from_generated->response, expected_figures);
    AddFigures(from_census->response, via_census);
    workforce_differences =
        Differences(expected_figures, via_census, "workforce census import", 1e-9);
    PrintDifferences("the workforce census import", workforce_differences);
    const auto at_last_census = [&](const MeasureFigures& f, const char* id) {
      return PairJson(FigureAt(f.response, id, census_last));
    };
    workforce_figures.Set("month", FormatMonth(census_last))
        .Set("agency_fte_of_all_fte",
             Json::Object()
                 .Set("imported", at_last_census(*from_census, "workforce.agency_rate"))
                 .Set("generated", at_last_census(*from_generated, "workforce.agency_rate")))
        .Set("agency_workers_of_all_workers",
             Json::Object()
                 .Set("imported", at_last_census(*from_census, "workforce.agency_headcount_rate"))
                 .Set("generated",
                      at_last_census(*from_generated, "workforce.agency_headcount_rate")));
  }
  Json workforce_checked = Json::Array();
  for (const char* id : kWorkforceCensusCheckedMeasureIds) workforce_checked.Push(id);
  out.Set("workforce_census_import",
          workforce_import->ToJson("roles")
              .Set("checked_measures", std::move(workforce_checked))
              .Set("checked_months", (census_last - workforce_first) + 1)
              .Set("figures", std::move(workforce_figures))
              .Set("figures_match", workforce_differences.empty())
              .Set("differences", DifferencesJson(workforce_differences)));
  out.Set("load_average_after", LoadAverage());

  // 7. The table.
  const auto row = [](absl::string_view what, const Timings& load, const Timings& compute,
                      const Timings& total, double target) {
    std::printf("  %-34s %9.1f %9.1f %9.1f %9.1f %9.1f   < %.0f ms\n", std::string(what).c_str(),
                load.wall.median_ms, compute.wall.min_ms, compute.wall.median_ms,
                compute.cpu.median_ms, total.wall.median_ms, target);
  };
  std::printf("\nmeasure_bench: %s, authority %s, %d-%02d, %d runs (ms; median unless min)\n",
              scale.c_str(), authority.c_str(), options.year, (options.year + 1) % 100, runs);
  std::printf("  %-34s %9s %9s %9s %9s %9s   %s\n", "", "load", "comp min", "compute",
              "comp CPU", "load+comp", "target");
  row(absl::StrFormat("safeguarding, %d measures x %d mo", safeguarding_all->measures,
                      safeguarding_all->months),
      safeguarding_all->load, safeguarding_all->compute, safeguarding_all->total,
      kSafeguardingTargetMs);
  row(absl::StrFormat("placement, %d measures x %d mo", placement_all->measures,
                      placement_all->months),
      placement_all->load, placement_all->compute, placement_all->total, kPlacementTargetMs);
  row(absl::StrFormat("workforce, %d measures x %d mo", workforce_all->measures,
                      workforce_all->months),
      workforce_all->load, workforce_all->compute, workforce_all->total, kWorkforceTargetMs);
  std::printf(
      "  load = SQLite read + protobuf parse + dataset build (ms, medians; build from records "
      "already decoded, as the services run, with its process CPU):\n");
  for (const auto& [name, parts] : {std::make_pair("safeguarding", *safeguarding_parts),
                                    std::make_pair("placement", *placement_parts),
                                    std::make_pair("workforce", *workforce_parts)}) {
    std::printf("    %-13s %7zu records, %6.1f MB: read %6.1f, parse %6.1f, build %6.1f (CPU %.1f)\n",
                name, parts.records, parts.payload_bytes / 1e6, parts.read_ms, parts.parse_ms,
                parts.build_ms, parts.build_cpu_ms);
  }
  std::printf("  in-process ingest (records/s): workforce %.0f, safeguarding %.0f, placement %.0f\n",
              workforce_in->records / workforce_in->seconds,
              safeguarding_in->records / safeguarding_in->seconds,
              placement_in->records / placement_in->seconds);
  std::printf(
      "  SQL baseline, 4 key measures x 12 months: SQL %.1f ms; ours %.1f ms compute, %.1f ms "
      "load+compute: %.1fx / %.1fx faster (target 20x); figures %s\n",
      sql_timings.wall.median_ms, ours_compute_ms, ours_total_ms,
      ours_compute_ms > 0 ? sql_timings.wall.median_ms / ours_compute_ms : 0.0,
      ours_total_ms > 0 ? sql_timings.wall.median_ms / ours_total_ms : 0.0,
      sql_differences.empty() ? "identical" : "DIFFER (see above)");
  std::printf(
      "  SSDA903 import, %d returns: %.2f s (convert %.2f s, store %.2f s), %zu records, %d "
      "children held back (target < 30 s); LAC figures %s\n",
      import->years, import->seconds, import->convert_seconds, import->ingest_seconds,
      import->records, import->children_rejected,
      import_differences.empty() ? "identical" : "DIFFER (see above)");
  for (const auto& [name, items_name, figures, same] :
       {std::make_tuple("CIN census", "children", *cin_import, cin_differences.empty()),
        std::make_tuple("workforce census", "roles", *workforce_import,
                        workforce_differences.empty())}) {
    std::printf(
        "  %s import, %d files, %lld %s: %.2f s (read+check %.2f s, store %.2f s; CPU %.2f s), "
        "%zu records (%lld new, %lld repeated), %.0f records/s; figures %s\n",
        name, figures.files, static_cast<long long>(figures.items), items_name, figures.seconds,
        figures.convert_seconds, figures.ingest_seconds, figures.cpu_seconds,
        figures.stored.records, static_cast<long long>(figures.stored.new_versions),
        static_cast<long long>(figures.stored.unchanged),
        figures.seconds > 0 ? figures.stored.records / figures.seconds : 0.0,
        same ? "identical" : "DIFFER (see above)");
  }

  const std::string json_path = absl::GetFlag(FLAGS_json);
  if (!json_path.empty()) {
    if (absl::Status s = WriteFileAtomically(json_path, out.Dump()); !s.ok()) return fail(s);
    std::cout << "measure_bench: wrote " << json_path << "\n";
  }
  return sql_differences.empty() && import_differences.empty() && cin_differences.empty() &&
                 workforce_differences.empty()
             ? 0
             : 1;
}

}  // namespace
}  // namespace scorecard::benchmark

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "In-process benchmark of the measures, the SQL baseline and the SSDA903, CIN census and "
      "workforce census imports.\n"
      "  measure_bench --scale=small|large [--runs=7] [--json=FILE] [--quick]");
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  if (args.size() > 1) {
    std::cerr << "measure_bench: unexpected argument " << args[1] << "\n";
    return 2;
  }
  return scorecard::benchmark::Run();
}
