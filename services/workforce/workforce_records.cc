#include "services/workforce/workforce_records.h"

#include <algorithm>
#include <cmath>
#include <map>
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
// A person inside an authority: (authority, worker_id).
using PersonKey = std::pair<std::string, std::string>;

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

std::string Describe(Date start, std::optional<Date> end) {
  return absl::StrCat(FormatIsoDate(start), " to ",
                      end.has_value() ? FormatIsoDate(*end) : std::string("open"));
}

// One kind of dated record per worker (sickness absences; days-lost returns) whose periods
// must not share a day, judged on what the store will hold once the batch is applied:
// stored records, replaced by the batch's versions of the same source key, less the
// batch's deletions. Only problems a batch record takes part in are reported; stored
// records that already overlap are not the batch's doing.
class PeriodOverlaps {
 public:
  // `noun` names the kind in messages, e.g. "absence".
  explicit PeriodOverlaps(std::string noun) : noun_(std::move(noun)) {}

  void AddStored(const common::v1::RecordHeader& header, const std::string& worker_id,
                 const common::v1::Date& start, const common::v1::Date& end) {
    Put(/*index=*/-1, header, worker_id, start, end);
  }

  // A batch record, in batch order. A deletion, or a record with dates that cannot be
  // judged (reported on their own), takes the key out of the comparison.
  void AddBatch(int index, const common::v1::RecordHeader& header, const std::string& worker_id,
                const common::v1::Date& start, const common::v1::Date& end) {
    if (header.deleted()) {
      entries_.erase(KeyOf(header));
      return;
    }
    Put(index, header, worker_id, start, end);
  }

  // Each batch record's problems, by batch index: the other records it shares a day with.
  std::map<int, std::vector<std::string>> Problems() const {
    std::map<PersonKey, std::vector<const Entry*>> by_person;
    for (const auto& [key, entry] : entries_) by_person[entry.person].push_back(&entry);
    std::map<int, std::vector<std::string>> problems;
    for (auto& [person, entries] : by_person) {
      std::sort(entries.begin(), entries.end(), [](const Entry* a, const Entry* b) {
        return std::tie(a->start, a->index) < std::tie(b->start, b->index);
      });
      for (size_t i = 0; i < entries.size(); ++i) {
        for (size_t j = i + 1; j < entries.size(); ++j) {
          const Entry& a = *entries[i];
          const Entry& b = *entries[j];
          if (b.start > a.end.value_or(b.start)) break;  // sorted by start: none later overlap a
          if (a.index < 0 && b.index < 0) continue;
          // Reported on the later batch record, naming the other.
          const Entry& reported = a.index > b.index ? a : b;
          const Entry& other = &reported == &a ? b : a;
          problems[reported.index].push_back(absl::StrCat(
              noun_, " ", Describe(reported.start, reported.end), " overlaps ", other.name, " (",
              Describe(other.start, other.end), ") for the same worker"));
        }
      }
    }
    return problems;
  }

 private:
  struct Entry {
    int index;  // -1: stored
    std::string name;  // "records[3]" or "stored record hr/A1"
    PersonKey person;
    Date start;
    std::optional<Date> end;
  };

  void Put(int index, const common::v1::RecordHeader& header, const std::string& worker_id,
           const common::v1::Date& start_date, const common::v1::Date& end_date) {
    const SourceKey key = KeyOf(header);
    const std::optional<Date> start = FromProtoDate(start_date);
    const std::optional<Date> end = FromProtoDate(end_date);
    const bool usable = !worker_id.empty() && start.has_value() &&
                        (IsUnset(end_date) || (end.has_value() && *end >= *start));
    if (!usable) {
      entries_.erase(key);
      return;
    }
    std::string name = index >= 0 ? absl::StrCat("records[", index, "]")
                                  : absl::StrCat("stored record ", header.source().system(),
                                                 "/", header.source().id());
    entries_[key] = Entry{index, std::move(name), {header.authority(), worker_id}, *start, end};
  }

  std::string noun_;
  std::map<SourceKey, Entry> entries_;
};

// What the store holds that a batch is judged against. Absent when validating the batch
// alone.
struct StoredState {
  KnownWorkers known;
  std::vector<v1::SicknessAbsence> absences;
  std::vector<v1::SicknessDaysLostReturn> returns;
};

void ValidateFractionOfDay(absl::string_view field, double value, Scope& s) {
  // Written so that NaN fails too.
  if (!(value >= 0 && value <= 1)) s.Problem(field, absl::StrCat(value, " is not in [0, 1]"));
}

void ValidateKnownWorker(const common::v1::RecordHeader& header, const std::string& worker_id,
                         const KnownWorkers* known, Scope& s) {
  if (known == nullptr || worker_id.empty() || header.deleted()) return;
  auto it = known->find(header.authority());
  if (it == known->end() || !it->second.contains(worker_id)) {
    s.Problem("worker_id", "unknown worker (not in this batch nor stored)");
  }
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

void ValidateSicknessAbsence(const v1::SicknessAbsence& r, const KnownWorkers* known, Scope& s) {
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
  // A one-day absence has one day to take a fraction of: two different ones contradict.
  if (start.has_value() && start == end && r.first_day_fraction() != 0 &&
      r.last_day_fraction() != 0 && r.first_day_fraction() != r.last_day_fraction()) {
    s.Problem("last_day_fraction",
              absl::StrCat(r.last_day_fraction(), " differs from first_day_fraction ",
                           r.first_day_fraction(), " on a one-day absence"));
  }
  ValidateKnownWorker(r.header(), r.worker_id(), known, s);
}

void ValidateSupervision(const v1::SupervisionSession& r, const KnownWorkers* known, Scope& s) {
  s.Header(r.header());
  s.RequiredId("worker_id", r.worker_id());
  s.RequiredDate("session_date", r.session_date());
  ValidateKnownWorker(r.header(), r.worker_id(), known, s);
}

void ValidateCaseAllocation(const v1::CaseAllocation& r, const KnownWorkers* known, Scope& s) {
  s.Header(r.header());
  s.RequiredId("child_id", r.child_id());
  s.RequiredId("worker_id", r.worker_id());
  auto start = s.RequiredDate("start_date", r.start_date());
  s.NotBefore("end_date", s.OptionalDate("end_date", r.end_date()), "start_date", start);
  ValidateKnownWorker(r.header(), r.worker_id(), known, s);
}

void ValidateVacancies(const v1::Vacancies& r, Scope& s) {
  s.Header(r.header());
  s.RequiredDate("as_of_date", r.as_of_date());
  if (!(r.vacant_fte() >= 0 && std::isfinite(r.vacant_fte()))) {
    s.Problem("vacant_fte", absl::StrCat(r.vacant_fte(), " is not a number of FTE >= 0"));
  }
}

void ValidateDaysLostReturn(const v1::SicknessDaysLostReturn& r, const KnownWorkers* known,
                            Scope& s) {
  s.Header(r.header());
  s.RequiredId("worker_id", r.worker_id());
  std::optional<Date> start = s.RequiredDate("period_start", r.period_start());
  std::optional<Date> end = s.RequiredDate("period_end", r.period_end());
  s.NotBefore("period_end", end, "period_start", start);
  const double lost = r.working_days_lost();
  if (!(lost >= 0 && std::isfinite(lost))) {
    s.Problem("working_days_lost", absl::StrCat(lost, " is not a number of days >= 0"));
  } else if (start.has_value() && end.has_value() && *end >= *start &&
             lost > static_cast<double>(*end - *start + 1)) {
    s.Problem("working_days_lost", absl::StrCat(lost, " is more than the ", *end - *start + 1,
                                                " days in the period"));
  }
  ValidateKnownWorker(r.header(), r.worker_id(), known, s);
}

void ReportOverlaps(const std::map<int, std::vector<std::string>>& problems, int index,
                    absl::string_view field, Scope& s) {
  auto it = problems.find(index);
  if (it == problems.end()) return;
  for (const std::string& problem : it->second) s.Problem(field, problem);
}

// `stored` null: the store was not consulted, so workers and records outside the batch
// are not judged.
absl::Status ValidateBatch(const v1::IngestRequest& request, const StoredState* stored) {
  // Overlaps first: they depend on the whole batch, and are then reported with each record.
  PeriodOverlaps absences("absence");
  PeriodOverlaps returns("return");
  if (stored != nullptr) {
    for (const v1::SicknessAbsence& a : stored->absences) {
      absences.AddStored(a.header(), a.worker_id(), a.start_date(), a.end_date());
    }
    for (const v1::SicknessDaysLostReturn& r : stored->returns) {
      returns.AddStored(r.header(), r.worker_id(), r.period_start(), r.period_end());
    }
  }
  for (int i = 0; i < request.records_size(); ++i) {
    const v1::WorkforceRecord& record = request.records(i);
    if (record.has_sickness_absence()) {
      const v1::SicknessAbsence& a = record.sickness_absence();
      absences.AddBatch(i, a.header(), a.worker_id(), a.start_date(), a.end_date());
    } else if (record.has_sickness_days_lost_return()) {
      const v1::SicknessDaysLostReturn& r = record.sickness_days_lost_return();
      returns.AddBatch(i, r.header(), r.worker_id(), r.period_start(), r.period_end());
    }
  }
  const std::map<int, std::vector<std::string>> absence_overlaps = absences.Problems();
  const std::map<int, std::vector<std::string>> return_overlaps = returns.Problems();

  const KnownWorkers* known = stored != nullptr ? &stored->known : nullptr;
  RecordValidator validator;
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
        ValidateSicknessAbsence(record.sickness_absence(), known, s);
        ReportOverlaps(absence_overlaps, i, "start_date", s);
        break;
      }
      case v1::WorkforceRecord::kSupervision: {
        Scope s = validator.Record(i, "supervision");
        ValidateSupervision(record.supervision(), known, s);
        break;
      }
      case v1::WorkforceRecord::kCaseAllocation: {
        Scope s = validator.Record(i, "case_allocation");
        ValidateCaseAllocation(record.case_allocation(), known, s);
        break;
      }
      case v1::WorkforceRecord::kVacancies: {
        Scope s = validator.Record(i, "vacancies");
        ValidateVacancies(record.vacancies(), s);
        break;
      }
      case v1::WorkforceRecord::kSicknessDaysLostReturn: {
        Scope s = validator.Record(i, "sickness_days_lost_return");
        ValidateDaysLostReturn(record.sickness_days_lost_return(), known, s);
        ReportOverlaps(return_overlaps, i, "period_start", s);
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

// The header of a record that names a worker, or null.
const common::v1::RecordHeader* WorkerReferenceHeader(const v1::WorkforceRecord& record) {
  switch (record.kind_case()) {
    case v1::WorkforceRecord::kSicknessAbsence:
      return &record.sickness_absence().header();
    case v1::WorkforceRecord::kSupervision:
      return &record.supervision().header();
    case v1::WorkforceRecord::kCaseAllocation:
      return &record.case_allocation().header();
    case v1::WorkforceRecord::kSicknessDaysLostReturn:
      return &record.sickness_days_lost_return().header();
    default:
      return nullptr;
  }
}

}  // namespace

absl::Status ValidateWorkforceBatch(const v1::IngestRequest& request) {
  return ValidateBatch(request, /*stored=*/nullptr);
}

absl::Status ValidateWorkforceBatch(const v1::IngestRequest& request,
                                    const VersionedRecordStore& store) {
  // Only authorities with a record naming a worker need anything read.
  absl::flat_hash_set<std::string> authorities;
  absl::flat_hash_set<std::string> with_absences;
  absl::flat_hash_set<std::string> with_returns;
  for (const v1::WorkforceRecord& record : request.records()) {
    const common::v1::RecordHeader* header = WorkerReferenceHeader(record);
    // An invalid code is reported by the header check; the store would refuse it.
    if (header == nullptr || !IsValidAuthorityCode(header->authority())) continue;
    authorities.insert(header->authority());
    if (record.has_sickness_absence()) with_absences.insert(header->authority());
    if (record.has_sickness_days_lost_return()) with_returns.insert(header->authority());
  }
  StoredState stored;
  absl::flat_hash_map<SourceKey, std::string> stored_worker_ids;
  for (const std::string& authority : authorities) {
    SCORECARD_ASSIGN_OR_RETURN(RecordList<v1::Worker> workers,
                               LoadCurrent<v1::Worker>(store, authority, std::nullopt));
    for (const v1::Worker& w : workers) stored_worker_ids[KeyOf(w.header())] = w.worker_id();
  }
  for (const std::string& authority : with_absences) {
    SCORECARD_ASSIGN_OR_RETURN(RecordList<v1::SicknessAbsence> absences,
                               LoadCurrent<v1::SicknessAbsence>(store, authority, std::nullopt));
    for (const v1::SicknessAbsence& a : absences) stored.absences.push_back(a);
  }
  for (const std::string& authority : with_returns) {
    SCORECARD_ASSIGN_OR_RETURN(
        RecordList<v1::SicknessDaysLostReturn> returns,
        LoadCurrent<v1::SicknessDaysLostReturn>(store, authority, std::nullopt));
    for (const v1::SicknessDaysLostReturn& r : returns) stored.returns.push_back(r);
  }
  stored.known = KnownAfterBatch(request, std::move(stored_worker_ids));
  return ValidateBatch(request, &stored);
}

}  // namespace scorecard::workforce
