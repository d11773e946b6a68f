#include "common/store/current_mirror.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace scorecard {
namespace {

// Rough heap cost of one overlay record beyond its strings (b-tree slot, string headers).
constexpr size_t kOverlayRecordOverhead = 128;
// The overlay is folded into the base once it holds more than this many records and more
// than an eighth of the base: reads stay a cheap merge, and compaction stays rare.
constexpr size_t kMinOverlayToCompact = 64;

// <0, 0 or >0 as (system_a, id_a) sorts before, with or after (system_b, id_b), byte-wise
// as SQLite's BINARY collation orders the primary key.
int CompareKeys(absl::string_view system_a, absl::string_view id_a, absl::string_view system_b,
                absl::string_view id_b) {
  if (const int by_system = system_a.compare(system_b); by_system != 0) return by_system;
  return id_a.compare(id_b);
}

}  // namespace

void CurrentRecordMirror::KindRecords::AddNext(const CurrentRecordView& record) {
  Entry& entry = entries_.emplace_back();
  entry.offset = bytes_.size();
  entry.system_size = static_cast<uint32_t>(record.source_system.size());
  entry.id_size = static_cast<uint32_t>(record.source_id.size());
  entry.payload_size = record.payload.size();
  entry.version = record.version;
  entry.sequence = record.sequence;
  entry.recorded_at_us = absl::ToUnixMicros(record.recorded_at);
  bytes_.append(record.source_system.data(), record.source_system.size());
  bytes_.append(record.source_id.data(), record.source_id.size());
  bytes_.append(record.payload.data(), record.payload.size());
}

void CurrentRecordMirror::KindRecords::ShrinkToFit() {
  bytes_.shrink_to_fit();
  entries_.shrink_to_fit();
}

CurrentRecordView CurrentRecordMirror::KindRecords::ViewOf(const Entry& entry) const {
  const absl::string_view all(bytes_);
  CurrentRecordView view;
  view.source_system = all.substr(entry.offset, entry.system_size);
  view.source_id = all.substr(entry.offset + entry.system_size, entry.id_size);
  view.payload = all.substr(entry.offset + entry.system_size + entry.id_size, entry.payload_size);
  view.version = entry.version;
  view.sequence = entry.sequence;
  view.recorded_at = absl::FromUnixMicros(entry.recorded_at_us);
  return view;
}

absl::Status CurrentRecordMirror::KindRecords::VisitDescending(
    absl::FunctionRef<absl::Status(const CurrentRecordView&)> visit) const {
  size_t next_base = 0;
  auto next_changed = overlay_.rbegin();
  while (next_base < entries_.size() || next_changed != overlay_.rend()) {
    int order;  // > 0: the base record comes first (its key is the greater).
    if (next_changed == overlay_.rend()) {
      order = 1;
    } else if (next_base == entries_.size()) {
      order = -1;
    } else {
      const CurrentRecordView base = ViewOf(entries_[next_base]);
      order = CompareKeys(base.source_system, base.source_id, next_changed->first.first,
                          next_changed->first.second);
    }
    if (order > 0) {
      if (absl::Status s = visit(ViewOf(entries_[next_base])); !s.ok()) return s;
      ++next_base;
      continue;
    }
    if (order == 0) ++next_base;  // Replaced or hidden by the later version.
    const Changed& changed = next_changed->second;
    if (!changed.deleted) {
      CurrentRecordView view;
      view.source_system = next_changed->first.first;
      view.source_id = next_changed->first.second;
      view.payload = changed.payload;
      view.version = changed.version;
      view.sequence = changed.sequence;
      view.recorded_at = absl::FromUnixMicros(changed.recorded_at_us);
      if (absl::Status s = visit(view); !s.ok()) return s;
    }
    ++next_changed;
  }
  return absl::OkStatus();
}

void CurrentRecordMirror::KindRecords::Apply(absl::string_view source_system,
                                             absl::string_view source_id, bool deleted,
                                             absl::string_view payload, int64_t version,
                                             int64_t sequence, int64_t recorded_at_us) {
  auto [it, added] =
      overlay_.try_emplace(Key(std::string(source_system), std::string(source_id)));
  if (added) {
    overlay_bytes_ += kOverlayRecordOverhead + source_system.size() + source_id.size();
  }
  overlay_bytes_ -= it->second.payload.size();
  overlay_bytes_ += payload.size();
  it->second.deleted = deleted;
  it->second.payload.assign(payload.data(), payload.size());
  it->second.version = version;
  it->second.sequence = sequence;
  it->second.recorded_at_us = recorded_at_us;
  if (overlay_.size() > kMinOverlayToCompact && overlay_.size() > entries_.size() / 8) Compact();
}

void CurrentRecordMirror::KindRecords::Compact() {
  KindRecords merged;
  merged.bytes_.reserve(bytes_.size() + overlay_bytes_);
  merged.entries_.reserve(entries_.size() + overlay_.size());
  // Cannot fail: the visitor always returns OK.
  (void)VisitDescending([&merged](const CurrentRecordView& record) {
    merged.AddNext(record);
    return absl::OkStatus();
  });
  merged.ShrinkToFit();
  *this = std::move(merged);
}

const CurrentRecordMirror::KindRecords* CurrentRecordMirror::Find(absl::string_view authority,
                                                                  absl::string_view kind) {
  Authority* held = authorities_.Find(authority);
  if (held == nullptr) return nullptr;
  auto records = held->kinds.find(kind);
  return records == held->kinds.end() ? nullptr : &records->second;
}

bool CurrentRecordMirror::AdmitOnRead(absl::string_view authority, absl::string_view kind) {
  Authority& held = authorities_.FindOrAdd(authority);
  const bool first_read = held.read_once.emplace(kind).second;
  return !first_read;
}

void CurrentRecordMirror::Insert(absl::string_view authority, absl::string_view kind,
                                 KindRecords records) {
  Authority& held = authorities_.FindOrAdd(authority);
  held.read_once.erase(kind);
  records.ShrinkToFit();
  auto [slot, new_kind] = held.kinds.try_emplace(kind);
  if (!new_kind) bytes_ -= slot->second.bytes();
  bytes_ += records.bytes();
  slot->second = std::move(records);
  EvictOverBudget();
}

void CurrentRecordMirror::Apply(const RecordKey& key, bool deleted, absl::string_view payload,
                                int64_t version, int64_t sequence, int64_t recorded_at_us) {
  Authority* held = authorities_.Peek(key.authority);
  if (held == nullptr) return;
  auto records = held->kinds.find(key.kind);
  if (records == held->kinds.end()) return;  // Read from SQLite when first asked.
  bytes_ -= records->second.bytes();
  records->second.Apply(key.source_system, key.source_id, deleted, payload, version, sequence,
                        recorded_at_us);
  bytes_ += records->second.bytes();
  EvictOverBudget();
}

void CurrentRecordMirror::EvictOverBudget() {
  while (bytes_ > max_bytes_ && !authorities_.empty()) {
    const Authority victim = authorities_.PopLeastRecent();
    for (const auto& [kind, records] : victim.kinds) bytes_ -= records.bytes();
  }
}

}  // namespace scorecard
