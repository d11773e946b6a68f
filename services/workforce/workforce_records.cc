#include "services/workforce/workforce_records.h"

#include <algorithm>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "common/records/proto_date.h"
#include "common/records/record_io.h"
#include "common/records/record_validator.h"
#include "common/status/status_macros.h"

namespace scorecard::workforce {
namespace {

using Scope = RecordValidator::Scope;

// A record's identity in the store: (authority, source system, source id).
using SourceKey = std::tuple<std::string, std::string, std::string>;

SourceKey KeyOf(const common::v1::RecordHeader& h) {
  return {h.authority(), h.source().system(), h.source().id()};
}

// Worker ids each authority holds once the batch is applied.
using KnownWorkers = absl::flat_hash_map<std::string, absl::flat_hash_set<std::string>>;

// Replays the batch's Worker records over the stored ones (keyed by source key), so a
// correction that changes a worker_id or a deletion is seen as the store will see it.
KnownWorkers KnownAfterBatch(const v1::IngestRequest& request,
                             absl::flat_hash_map<SourceKey, std::string> worker_id_by_key) {
  for (const v1::WorkforceRecord& record : request.records()) {
    if (!record.has_worker()) continue;
    const v1::Worker& w = record.worker();
    if (w.header().deleted()) {
      worker_id_by_key.erase(KeyOf(w.header()));
    } else {
      worker_id_by_key[KeyOf(w.header())] = w.worker_id();
    }
  }
  KnownWorkers known;
  for (const auto& [key, worker_id] : worker_id_by_key) {
    known[std::get<0>(key)].insert(worker_id);
  }
  return known;
}

void ValidateFractionOfDay(absl::string_view field, double value, Scope& s) {
  // Written so that NaN fails too.
  if (!(value >= 0 && value <= 1)) s.Problem(field, absl::StrCat(value, " is not in [0, 1]"));
}

void ValidateWorker(const v1::Worker& r, Scope& s) {
  s.Header(r.header());
  s.RequiredId("worker_id", r.worker_id());
  switch (r.employment()) {
    case v1::EMPLOYMENT_TYPE_PERMANENT:
    case v1::EMPLOYMENT_TYPE_AGENCY:
      break;
    case v1::EMPLOYMENT_TYPE_UNSPECIFIED:
      s.Problem("employment", "required (permanent or agency)");
      break;
    default:
      s.Problem("employment", absl::StrCat("unknown value ", r.employment()));
      break;
  }
  if (!(r.fte() > 0 && r.fte() <= kMaxFte)) {
    s.Problem("fte", absl::StrCat(r.fte(), " is not in (0, ", kMaxFte, "]"));
  }
  auto start = s.RequiredDate("start_date", r.start_date());
  s.NotBefore("end_date", s.OptionalDate("end_date", r.end_date()), "start_date", start);
}

void ValidateSupervision(const v1::SupervisionSession& r, Scope& s) {
  s.Header(r.header());
  s.RequiredId("worker_id", r.worker_id());
  s.RequiredDate("session_date", r.session_date());
}

void ValidateCaseAllocation(const v1::CaseAllocation& r, Scope& s) {
  s.Header(r.header());
  s.RequiredId("child_id", r.child_id());
  s.RequiredId("worker_id", r.worker_id());
  auto start = s.RequiredDate("start_date", r.start_date());
  s.NotBefore("end_date", s.OptionalDate("end_date", r.end_date()), "start_date", start);
}

// One worker's sickness absences seen so far in the batch, to find two sharing a day.
class AbsenceOverlaps {
 public:
  // Records a problem on `s` for each earlier absence of the same worker that shares a day
  // with this one, then remembers this one (replacing an earlier version of the same
  // record: a batch may carry a record and its correction).
  void Check(int index, const v1::SicknessAbsence& r, Date start, std::optional<Date> end,
             Scope& s) {
    std::vector<Seen>& seen = by_worker_[{r.header().authority(), r.worker_id()}];
    const SourceKey key = KeyOf(r.header());
    Forget(seen, key);
    for (const Seen& other : seen) {
      const bool share_a_day = (!other.end.has_value() || start <= *other.end) &&
                               (!end.has_value() || other.start <= *end);
      if (share_a_day) {
        s.Problem("start_date",
                  absl::StrCat("absence ", Describe(start, end), " overlaps records[",
                               other.index, "] (", Describe(other.start, other.end),
                               ") for the same worker"));
      }
    }
    seen.push_back({index, key, start, end});
  }

  // A deletion in the batch takes its record out of the comparison.
  void Delete(const v1::SicknessAbsence& r) {
    auto it = by_worker_.find(std::make_pair(r.header().authority(), r.worker_id()));
    if (it != by_worker_.end()) Forget(it->second, KeyOf(r.header()));
  }

 private:
  struct Seen {
    int index;
    SourceKey key;
    Date start;
    std::optional<Date> end;
  };

  static void Forget(std::vector<Seen>& seen, const SourceKey& key) {
    seen.erase(std::remove_if(seen.begin(), seen.end(),
                              [&key](const Seen& other) { return other.key == key; }),
               seen.end());
  }

  static std::string Describe(Date start, std::optional<Date> end) {
    return absl::StrCat(FormatIsoDate(start), " to ",
                        end.has_value() ? FormatIsoDate(*end) : std::string("open"));
  }

  // By (authority, worker_id).
  absl::flat_hash_map<std::pair<std::string, std::string>, std::vector<Seen>> by_worker_;
};

void ValidateSicknessAbsence(int index, const v1::SicknessAbsence& r, const KnownWorkers* known,
                             AbsenceOverlaps& overlaps, Scope& s) {
  s.Header(r.header());
  s.RequiredId("worker_id", r.worker_id());
  std::optional<Date> start = s.RequiredDate("start_date", r.start_date());
  std::optional<Date> end = s.OptionalDate("end_date", r.end_date());
  s.NotBefore("end_date", end, "start_date", start);
  ValidateFractionOfDay("first_day_fraction", r.first_day_fraction(), s);
  ValidateFractionOfDay("last_day_fraction", r.last_day_fraction(), s);
  if (r.last_day_fraction() != 0 && IsUnset(r.end_date())) {
    s.Problem("last_day_fraction", "set, but the absence has no end_date");
  }

  // A deletion removes a record: it cannot overlap anything or leave an absence orphaned.
  if (r.header().deleted()) {
    overlaps.Delete(r);
    return;
  }
  if (known != nullptr && !r.worker_id().empty()) {
    auto it = known->find(r.header().authority());
    if (it == known->end() || !it->second.contains(r.worker_id())) {
      s.Problem("worker_id", "unknown worker (not in this batch nor stored)");
    }
  }
  const bool dates_usable = start.has_value() && !(end.has_value() && *end < *start) &&
                            (end.has_value() || IsUnset(r.end_date()));
  if (dates_usable && !r.worker_id().empty()) overlaps.Check(index, r, *start, end, s);
}

// `known` null: the store was not consulted, so workers outside the batch are not judged.
absl::Status ValidateBatch(const v1::IngestRequest& request, const KnownWorkers* known) {
  RecordValidator validator;
  AbsenceOverlaps overlaps;
  for (int i = 0; i < request.records_size(); ++i) {
    const v1::WorkforceRecord& record = request.records(i);
    switch (record.kind_case()) {
      case v1::WorkforceRecord::kWorker: {
        Scope s = validator.Record(i, "worker");
        ValidateWorker(record.worker(), s);
        break;
      }
      case v1::WorkforceRecord::kSicknessAbsence: {
        Scope s = validator.Record(i, "sickness_absence");
        ValidateSicknessAbsence(i, record.sickness_absence(), known, overlaps, s);
        break;
      }
      case v1::WorkforceRecord::kSupervision: {
        Scope s = validator.Record(i, "supervision");
        ValidateSupervision(record.supervision(), s);
        break;
      }
      case v1::WorkforceRecord::kCaseAllocation: {
        Scope s = validator.Record(i, "case_allocation");
        ValidateCaseAllocation(record.case_allocation(), s);
        break;
      }
      default: {
        Scope s = validator.Record(i, "record");
        s.Problem("kind", "no record kind set");
        break;
      }
    }
  }
  return validator.ToStatus();
}

}  // namespace

absl::Status ValidateWorkforceBatch(const v1::IngestRequest& request) {
  return ValidateBatch(request, /*known=*/nullptr);
}

absl::Status ValidateWorkforceBatch(const v1::IngestRequest& request,
                                    const VersionedRecordStore& store) {
  // Only authorities with a sickness absence in the batch need their workers read.
  absl::flat_hash_set<std::string> authorities;
  for (const v1::WorkforceRecord& record : request.records()) {
    if (!record.has_sickness_absence()) continue;
    const std::string& authority = record.sickness_absence().header().authority();
    // An invalid code is reported by the header check; the store would refuse it.
    if (IsValidAuthorityCode(authority)) authorities.insert(authority);
  }
  absl::flat_hash_map<SourceKey, std::string> stored_worker_ids;
  for (const std::string& authority : authorities) {
    SCORECARD_ASSIGN_OR_RETURN(std::vector<v1::Worker> stored,
                               LoadCurrent<v1::Worker>(store, authority, std::nullopt));
    for (const v1::Worker& w : stored) stored_worker_ids[KeyOf(w.header())] = w.worker_id();
  }
  const KnownWorkers known = KnownAfterBatch(request, std::move(stored_worker_ids));
  return ValidateBatch(request, &known);
}

}  // namespace scorecard::workforce
