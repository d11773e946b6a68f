// Times reading and decoding one service's current records from a store file, the generic
// half of a cold dataset load (LoadCurrent). Not a test: run by hand on a store written by
// `measure_bench --work_dir=DIR`, e.g.
//
//   record_load_bench --db=DIR/placement.sqlite --service=placement --authority=999
//
// Prints thread-CPU medians (ms) for: the previous read (forward scan copying every
// version into StoredRecords, reproduced here with raw SQLite) and its parse; ReadCurrent;
// ForEachCurrent alone (read); and ForEachCurrent parsing each payload (read + parse).
// These reads bypass the decoded-record cache (RecordStoreOptions::decoded_cache_max_bytes 0).
//
// --after_write (placement only) instead times LoadCurrent of every placement kind with the
// decoded-record cache: the first load, a load after appending one LacVisit (only that kind
// is parsed again), and a load with nothing changed. It APPENDS to the store file.
#include <google/protobuf/arena.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <sqlite3.h>
#include <time.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/store/decoded_cache.h"
#include "common/records/record_io.h"
#include "common/store/record_store.h"
#include "scorecard/placement/v1/placement_service.pb.h"
#include "scorecard/safeguarding/v1/safeguarding_service.pb.h"
#include "scorecard/workforce/v1/workforce_service.pb.h"

ABSL_FLAG(std::string, db, "", "Store file to read.");
ABSL_FLAG(std::string, service, "placement", "safeguarding, placement or workforce.");
ABSL_FLAG(std::string, authority, "999", "Authority to read.");
ABSL_FLAG(int, runs, 5, "Timed runs; medians are printed.");
ABSL_FLAG(bool, typed_only, false, "Time LoadCurrent<T> alone (for a profiler).");
ABSL_FLAG(bool, stream_only, false, "Time ForEachCurrent alone (for a profiler).");
ABSL_FLAG(int64_t, mirror_mib, -1,
          "RecordStoreOptions.current_mirror_max_bytes in MiB; -1 keeps the default.");
ABSL_FLAG(int64_t, cache_mib, -1, "SqliteOptions.cache_size_kib / 1024; -1 keeps the default.");
ABSL_FLAG(bool, after_write, false,
          "Time placement loads with the decoded-record cache around one appended LacVisit "
          "(writes to --db).");

namespace scorecard {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::Message;
using google::protobuf::MessageFactory;

double ThreadCpuMs() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * 1e3 + now.tv_nsec / 1e6;
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values.empty() ? 0 : values[values.size() / 2];
}

// The record_store.cc read before ForEachCurrent: forward scan, every version's payload
// copied, tombstones dropped at the end.
std::vector<StoredRecord> PreviousReadCurrent(sqlite3* db, const std::string& authority,
                                              const std::string& kind) {
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db,
                     "SELECT source_system, source_id, version, recorded_at_us, deleted, payload"
                     " FROM record_versions WHERE authority = ?1 AND kind = ?2"
                     " AND recorded_at_us <= ?3 ORDER BY source_system, source_id, version",
                     -1, &stmt, nullptr);
  sqlite3_bind_text(stmt, 1, authority.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(stmt, 2, kind.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(stmt, 3, INT64_MAX);
  std::vector<StoredRecord> records;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    const absl::string_view system(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)),
                                   sqlite3_column_bytes(stmt, 0));
    const absl::string_view id(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 1)),
                               sqlite3_column_bytes(stmt, 1));
    if (records.empty() || records.back().key.source_system != system ||
        records.back().key.source_id != id) {
      StoredRecord& added = records.emplace_back();
      added.key = RecordKey{authority, kind, std::string(system), std::string(id)};
    }
    StoredRecord& record = records.back();
    record.version = sqlite3_column_int64(stmt, 2);
    record.recorded_at = absl::FromUnixMicros(sqlite3_column_int64(stmt, 3));
    record.deleted = sqlite3_column_int64(stmt, 4) != 0;
    record.payload.assign(static_cast<const char*>(sqlite3_column_blob(stmt, 5)),
                          sqlite3_column_bytes(stmt, 5));
  }
  sqlite3_finalize(stmt);
  records.erase(std::remove_if(records.begin(), records.end(),
                               [](const StoredRecord& r) { return r.deleted; }),
                records.end());
  return records;
}

// LoadCurrent<T> itself (vector<T>, parsed in place) for the largest placement kinds.
template <typename... RecordProtos>
void TimeLoadCurrent(const VersionedRecordStore& store, const std::string& authority, int runs) {
  std::vector<double> load, generic;
  size_t records = 0;
  for (int run = 0; run < runs; ++run) {
    records = 0;
    double t = ThreadCpuMs();
    ((records += LoadCurrent<RecordProtos>(store, authority, std::nullopt)->size()), ...);
    load.push_back(ThreadCpuMs() - t);
  }
  std::vector<double> arena_load;
  for (int run = 0; run < runs; ++run) {
    double t = ThreadCpuMs();
    {
      google::protobuf::Arena arena;
      size_t n = 0;
      const auto load = [&](auto* type_tag) {
        using T = std::remove_pointer_t<decltype(type_tag)>;
        std::vector<T*> out;
        (void)store.ForEachCurrent(authority, T::descriptor()->full_name(), std::nullopt,
                                   [&](const CurrentRecordView& v) {
                                     T* m = google::protobuf::Arena::CreateMessage<T>(&arena);
                                     m->ParseFromArray(v.payload.data(), v.payload.size());
                                     out.push_back(m);
                                     return absl::OkStatus();
                                   });
        n += out.size();
      };
      (load(static_cast<RecordProtos*>(nullptr)), ...);
    }
    arena_load.push_back(ThreadCpuMs() - t);
  }
  std::printf("  same on an arena: %.1f ms CPU median\n", Median(arena_load));
  std::printf("  LoadCurrent<T> of %zu largest kinds (%zu records): %.1f ms CPU median\n",
              sizeof...(RecordProtos), records, Median(load));
}

// Every placement kind the placement service loads, through LoadCurrent; the record count.
size_t LoadEveryPlacementKind(const VersionedRecordStore& store, const std::string& authority) {
  namespace pv1 = placement::v1;
  size_t records = 0;
  const auto load = [&](auto* type_tag) {
    using T = std::remove_pointer_t<decltype(type_tag)>;
    absl::StatusOr<RecordList<T>> loaded = LoadCurrent<T>(store, authority, std::nullopt);
    if (loaded.ok()) records += loaded->size();
  };
  load(static_cast<pv1::LookedAfterChild*>(nullptr));
  load(static_cast<pv1::Episode*>(nullptr));
  load(static_cast<pv1::LacReview*>(nullptr));
  load(static_cast<pv1::LacVisit*>(nullptr));
  load(static_cast<pv1::HealthCheck*>(nullptr));
  load(static_cast<pv1::AdoptionMilestones*>(nullptr));
  load(static_cast<pv1::CareProceedings*>(nullptr));
  load(static_cast<pv1::PreProceedings*>(nullptr));
  load(static_cast<pv1::CarerApproval*>(nullptr));
  load(static_cast<common::v1::PopulationEstimate*>(nullptr));
  load(static_cast<pv1::PlacementSettings*>(nullptr));
  load(static_cast<pv1::UascPeriod*>(nullptr));
  load(static_cast<pv1::ChildTeamAssignment*>(nullptr));
  load(static_cast<pv1::Oc2Outcomes*>(nullptr));
  return records;
}

int TimeAfterWrite(const std::string& path, const std::string& authority, int runs) {
  absl::StatusOr<std::unique_ptr<VersionedRecordStore>> opened = VersionedRecordStore::Open(path);
  if (!opened.ok()) {
    std::fprintf(stderr, "%s\n", std::string(opened.status().message()).c_str());
    return 1;
  }
  const VersionedRecordStore& store = **opened;
  double t = ThreadCpuMs();
  const size_t records = LoadEveryPlacementKind(store, authority);
  const double first = ThreadCpuMs() - t;
  absl::StatusOr<RecordList<placement::v1::LacVisit>> visits =
      LoadCurrent<placement::v1::LacVisit>(store, authority, std::nullopt);
  if (!visits.ok() || visits->empty()) {
    std::fprintf(stderr, "no LacVisit to copy for authority %s\n", authority.c_str());
    return 1;
  }
  std::vector<double> after_write, unchanged;
  for (int run = 0; run < runs; ++run) {
    placement::v1::LacVisit visit = visits->front();
    visit.mutable_header()->mutable_source()->set_id(
        absl::StrCat("decoded-cache-bench-", absl::ToUnixMicros(absl::Now())));
    const google::protobuf::Message* batch[] = {&visit};
    if (!AppendRecords(**opened, batch).ok()) return 1;
    t = ThreadCpuMs();
    LoadEveryPlacementKind(store, authority);
    after_write.push_back(ThreadCpuMs() - t);
    t = ThreadCpuMs();
    LoadEveryPlacementKind(store, authority);
    unchanged.push_back(ThreadCpuMs() - t);
  }
  std::printf(
      "placement, %zu records of 14 kinds, LoadCurrent CPU ms: first load %.1f; after appending "
      "one LacVisit %.1f (median of %d); unchanged %.2f; decoded cache holds %.1f MB\n",
      records, first, Median(after_write), runs, Median(unchanged),
      store.decoded_cache()->bytes() / 1e6);
  return 0;
}

int Run() {
  const std::string path = absl::GetFlag(FLAGS_db);
  const std::string authority = absl::GetFlag(FLAGS_authority);
  const std::string service = absl::GetFlag(FLAGS_service);
  if (absl::GetFlag(FLAGS_after_write)) {
    return TimeAfterWrite(path, authority, std::max(1, absl::GetFlag(FLAGS_runs)));
  }
  const Descriptor* wrapper = service == "safeguarding"
                                  ? safeguarding::v1::SafeguardingRecord::descriptor()
                              : service == "workforce" ? workforce::v1::WorkforceRecord::descriptor()
                                                       : placement::v1::PlacementRecord::descriptor();
  RecordStoreOptions options;
  options.decoded_cache_max_bytes = 0;  // Every LoadCurrent here parses.
  if (absl::GetFlag(FLAGS_mirror_mib) >= 0) {
    options.current_mirror_max_bytes = static_cast<size_t>(absl::GetFlag(FLAGS_mirror_mib)) << 20;
  }
  if (absl::GetFlag(FLAGS_cache_mib) >= 0) {
    options.sqlite.cache_size_kib = absl::GetFlag(FLAGS_cache_mib) * 1024;
  }
  absl::StatusOr<std::unique_ptr<VersionedRecordStore>> store =
      VersionedRecordStore::Open(path, std::move(options));
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", std::string(store.status().message()).c_str());
    return 1;
  }
  sqlite3* raw = nullptr;
  sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);

  std::vector<const Descriptor*> kinds;
  const google::protobuf::OneofDescriptor* oneof = wrapper->FindOneofByName("kind");
  for (int i = 0; i < oneof->field_count(); ++i) kinds.push_back(oneof->field(i)->message_type());

  if (absl::GetFlag(FLAGS_typed_only)) {
    namespace pv1 = placement::v1;
    TimeLoadCurrent<pv1::LacVisit, pv1::LacReview, pv1::HealthCheck, pv1::Episode>(
        **store, authority, absl::GetFlag(FLAGS_runs));
    return 0;
  }
  // The first current read of each kind scans SQLite (and fills the mirror, if kept).
  double first_read = 0;
  for (const Descriptor* type : kinds) {
    const double t = ThreadCpuMs();
    absl::Status s = (*store)->ForEachCurrent(authority, type->full_name(), std::nullopt,
                                              [](const CurrentRecordView&) {
                                                return absl::OkStatus();
                                              });
    first_read += ThreadCpuMs() - t;
    if (!s.ok()) return 1;
  }
  std::printf("  first read of every kind: %.1f ms CPU\n", first_read);
  std::vector<double> old_read, old_parse, read_current, stream_read, stream_parse;
  size_t records = 0;
  for (int run = 0; run < std::max(1, absl::GetFlag(FLAGS_runs)); ++run) {
    double t_old_read = 0, t_old_parse = 0, t_read_current = 0, t_stream = 0, t_stream_parse = 0;
    records = 0;
    for (const Descriptor* type : kinds) {
      const Message* prototype = MessageFactory::generated_factory()->GetPrototype(type);
      double t = ThreadCpuMs();
      if (absl::GetFlag(FLAGS_stream_only)) {
        size_t bytes = 0;
        absl::Status s = (*store)->ForEachCurrent(authority, type->full_name(), std::nullopt,
                                                  [&](const CurrentRecordView& v) {
                                                    bytes += v.payload.size();
                                                    return absl::OkStatus();
                                                  });
        t_stream += ThreadCpuMs() - t;
        continue;
      }
      std::vector<StoredRecord> stored = PreviousReadCurrent(raw, authority, type->full_name());
      t_old_read += ThreadCpuMs() - t;
      t = ThreadCpuMs();
      {
        std::vector<std::unique_ptr<Message>> parsed;
        for (const StoredRecord& r : stored) {
          parsed.emplace_back(prototype->New())->ParseFromString(r.payload);
        }
      }
      t_old_parse += ThreadCpuMs() - t;
      records += stored.size();
      stored.clear();

      t = ThreadCpuMs();
      (void)(*store)->ReadCurrent(authority, type->full_name());
      t_read_current += ThreadCpuMs() - t;

      t = ThreadCpuMs();
      size_t bytes = 0;
      absl::Status s = (*store)->ForEachCurrent(authority, type->full_name(), std::nullopt,
                                                [&](const CurrentRecordView& v) {
                                                  bytes += v.payload.size();
                                                  return absl::OkStatus();
                                                });
      t_stream += ThreadCpuMs() - t;

      t = ThreadCpuMs();
      {
        std::vector<std::unique_ptr<Message>> parsed;
        s.Update((*store)->ForEachCurrent(
            authority, type->full_name(), std::nullopt, [&](const CurrentRecordView& v) {
              parsed.emplace_back(prototype->New())
                  ->ParseFromArray(v.payload.data(), static_cast<int>(v.payload.size()));
              return absl::OkStatus();
            }));
      }
      t_stream_parse += ThreadCpuMs() - t;
      if (!s.ok()) {
        std::fprintf(stderr, "%s\n", std::string(s.message()).c_str());
        return 1;
      }
    }
    old_read.push_back(t_old_read);
    old_parse.push_back(t_old_parse);
    read_current.push_back(t_read_current);
    stream_read.push_back(t_stream);
    stream_parse.push_back(t_stream_parse);
  }
  sqlite3_close_v2(raw);
  if (service == "placement") {
    namespace pv1 = placement::v1;
    TimeLoadCurrent<pv1::LacVisit, pv1::LacReview, pv1::HealthCheck, pv1::Episode>(
        **store, authority, absl::GetFlag(FLAGS_runs));
  }
  std::printf(
      "%s: %zu records, CPU ms medians: previous read %.1f + parse %.1f = %.1f; "
      "ReadCurrent %.1f; ForEachCurrent read %.1f, read+parse %.1f\n",
      service.c_str(), records, Median(old_read), Median(old_parse),
      Median(old_read) + Median(old_parse), Median(read_current), Median(stream_read),
      Median(stream_parse));
  return 0;
}

}  // namespace
}  // namespace scorecard

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return scorecard::Run();
}
