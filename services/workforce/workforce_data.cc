#include "services/workforce/workforce_data.h"

#include <algorithm>
#include <cstddef>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/records/proto_date.h"
#include "common/records/record_io.h"
#include "common/status/status_macros.h"
#include "scorecard/workforce/v1/workforce_service.pb.h"

namespace scorecard::workforce {
namespace {

namespace v1 = ::scorecard::workforce::v1;

// Names a stored record by kind and source key only: its content may be personal data.
template <typename RecordProto>
absl::Status Corrupt(const RecordProto& record, absl::string_view problem) {
  return absl::DataLossError(absl::StrCat("stored ", RecordProto::descriptor()->name(), " ",
                                          record.header().source().system(), "/",
                                          record.header().source().id(), ": ", problem));
}

// Validation on ingest makes these dates present, so a missing one means the store was
// written some other way: refuse to count from it rather than guess.
template <typename RecordProto>
absl::StatusOr<Date> StoredDate(const RecordProto& record, const common::v1::Date& date,
                                absl::string_view field) {
  std::optional<Date> parsed = FromProtoDate(date);
  if (!parsed.has_value()) return Corrupt(record, absl::StrCat(field, " is missing or not real"));
  return *parsed;
}

absl::StatusOr<Employment> StoredEmployment(const v1::Worker& w) {
  switch (w.employment()) {
    case v1::EMPLOYMENT_TYPE_PERMANENT:
      return Employment::kPermanent;
    case v1::EMPLOYMENT_TYPE_AGENCY:
      return Employment::kAgency;
    default:
      return Corrupt(w, "employment is not permanent or agency");
  }
}

// Sorts each group's positions by the date `date_of` gives for a position.
template <typename Map, typename DateOf>
void SortGroups(Map& groups, DateOf date_of) {
  for (auto& [key, positions] : groups) {
    std::stable_sort(positions.begin(), positions.end(),
                     [&](size_t a, size_t b) { return date_of(a) < date_of(b); });
  }
}

template <typename RecordProto>
const std::string& RecordId(const RecordProto& record) {
  return record.header().source().id();
}

}  // namespace

WorkforceIndex BuildWorkforceIndex(const WorkforceData& data) {
  WorkforceIndex index;
  for (size_t i = 0; i < data.workers.size(); ++i) {
    index.roles_by_worker[data.workers[i].worker_id].push_back(i);
  }
  SortGroups(index.roles_by_worker, [&](size_t i) { return data.workers[i].start_date; });

  absl::flat_hash_map<absl::string_view, int32_t> person_numbers;
  absl::flat_hash_map<absl::string_view, int32_t> team_numbers;
  for (const WorkerFacts& w : data.workers) {
    auto [person, added] = person_numbers.try_emplace(
        w.worker_id, static_cast<int32_t>(index.person_ids.size()));
    if (added) index.person_ids.push_back(w.worker_id);
    index.role_person.push_back(person->second);
    if (team_numbers.try_emplace(w.team, 0).second) index.team_names.push_back(w.team);
  }
  std::sort(index.team_names.begin(), index.team_names.end());
  for (size_t t = 0; t < index.team_names.size(); ++t) {
    team_numbers[index.team_names[t]] = static_cast<int32_t>(t);
  }
  for (const WorkerFacts& w : data.workers) index.role_team.push_back(team_numbers.at(w.team));
  // Sessions grouped by person (a counting sort), then by date; sessions of a worker id
  // with no role are never read.
  const size_t people = index.person_ids.size();
  std::vector<int32_t> session_person;
  session_person.reserve(data.supervisions.size());
  index.person_session_starts.assign(people + 1, 0);
  for (const SupervisionFacts& session : data.supervisions) {
    auto person = person_numbers.find(session.worker_id);
    session_person.push_back(person == person_numbers.end() ? -1 : person->second);
    if (person != person_numbers.end()) ++index.person_session_starts[person->second + 1];
  }
  for (size_t p = 1; p <= people; ++p) {
    index.person_session_starts[p] += index.person_session_starts[p - 1];
  }
  index.person_session_dates.resize(index.person_session_starts[people]);
  std::vector<uint32_t> next_session(index.person_session_starts.begin(),
                                     index.person_session_starts.end() - 1);
  for (size_t i = 0; i < data.supervisions.size(); ++i) {
    if (session_person[i] < 0) continue;
    index.person_session_dates[next_session[session_person[i]]++] =
        data.supervisions[i].session_date;
  }
  for (size_t p = 0; p < people; ++p) {
    std::sort(index.person_session_dates.begin() + index.person_session_starts[p],
              index.person_session_dates.begin() + index.person_session_starts[p + 1]);
  }

  for (size_t i = 0; i < data.sickness_absences.size(); ++i) {
    index.absences_by_worker[data.sickness_absences[i].worker_id].push_back(i);
  }
  SortGroups(index.absences_by_worker,
             [&](size_t i) { return data.sickness_absences[i].start_date; });

  // Children and workers numbered in order of first sight; spans sorted by child, then
  // start, then position (a stable, deterministic order).
  const size_t allocations = data.case_allocations.size();
  absl::flat_hash_map<absl::string_view, uint32_t> child_numbers;
  child_numbers.reserve(allocations);
  absl::flat_hash_map<std::string, int32_t>& worker_numbers = index.allocation_worker_numbers;
  std::vector<uint32_t> child_of(allocations);
  std::vector<AllocationSpan> spans;  // in record order
  spans.reserve(allocations);
  for (size_t i = 0; i < allocations; ++i) {
    const CaseAllocationFacts& a = data.case_allocations[i];
    child_of[i] = child_numbers.try_emplace(a.child_id, child_numbers.size()).first->second;
    auto [worker, added] = worker_numbers.try_emplace(
        a.worker_id, static_cast<int32_t>(index.allocation_worker_ids.size()));
    if (added) index.allocation_worker_ids.push_back(a.worker_id);
    spans.push_back(AllocationSpan{ToDayNumber(a.start_date),
                                   a.end_date.has_value() ? ToDayNumber(*a.end_date) : kOpenEnd,
                                   worker->second, static_cast<uint32_t>(i)});
  }
  // Grouped by child (a counting sort, positions ascending within a child), then each
  // child's few spans by start.
  const size_t children = child_numbers.size();
  index.child_starts.assign(children + 1, 0);
  for (uint32_t child : child_of) ++index.child_starts[child + 1];
  for (size_t c = 1; c <= children; ++c) index.child_starts[c] += index.child_starts[c - 1];
  index.allocation_spans.resize(allocations);
  {
    std::vector<uint32_t> next(index.child_starts.begin(), index.child_starts.end() - 1);
    for (const AllocationSpan& span : spans) {
      index.allocation_spans[next[child_of[span.position]]++] = span;
    }
  }
  index.child_bounds.reserve(children);
  for (size_t c = 0; c < children; ++c) {
    const auto first = index.allocation_spans.begin() + index.child_starts[c];
    const auto last = index.allocation_spans.begin() + index.child_starts[c + 1];
    std::sort(first, last, [](const AllocationSpan& a, const AllocationSpan& b) {
      return std::tie(a.first_day, a.position) < std::tie(b.first_day, b.position);
    });
    DayNumber latest = first->last_day;
    for (auto span = first; span != last; ++span) latest = std::max(latest, span->last_day);
    index.child_bounds.emplace_back(first->first_day, latest);  // earliest start
  }

  for (size_t c = 0; c + 1 < index.child_starts.size(); ++c) {
    const AllocationSpan* const spans = index.allocation_spans.data();
    bool one_worker_no_gap = true;
    DayNumber covered_to = spans[index.child_starts[c]].last_day;
    for (uint32_t i = index.child_starts[c] + 1; i < index.child_starts[c + 1]; ++i) {
      const bool gap = covered_to != kOpenEnd && spans[i].first_day > covered_to + 1;
      if (gap || spans[i].worker != spans[i - 1].worker) {
        one_worker_no_gap = false;
        break;
      }
      covered_to = std::max(covered_to, spans[i].last_day);
    }
    if (one_worker_no_gap) {
      index.one_worker_child_first_days.push_back(index.child_bounds[c].first);
      index.one_worker_child_last_days.push_back(index.child_bounds[c].second);
    } else {
      index.other_children.push_back(static_cast<uint32_t>(c));
    }
  }
  std::sort(index.one_worker_child_first_days.begin(), index.one_worker_child_first_days.end());
  std::sort(index.one_worker_child_last_days.begin(), index.one_worker_child_last_days.end());

  index.role_allocation_worker.reserve(data.workers.size());
  for (const WorkerFacts& w : data.workers) {
    auto number = worker_numbers.find(w.worker_id);
    index.role_allocation_worker.push_back(number == worker_numbers.end() ? -1 : number->second);
  }

  // Counting sort of the spans' days by worker number.
  index.worker_allocation_starts.assign(index.allocation_worker_ids.size() + 1, 0);
  for (const AllocationSpan& span : index.allocation_spans) {
    ++index.worker_allocation_starts[span.worker + 1];
  }
  for (size_t w = 1; w < index.worker_allocation_starts.size(); ++w) {
    index.worker_allocation_starts[w] += index.worker_allocation_starts[w - 1];
  }
  index.worker_first_days.resize(index.allocation_spans.size());
  index.worker_last_days.resize(index.allocation_spans.size());
  std::vector<uint32_t> next(index.worker_allocation_starts.begin(),
                             index.worker_allocation_starts.end() - 1);
  for (const AllocationSpan& span : index.allocation_spans) {
    const uint32_t at = next[span.worker]++;
    index.worker_first_days[at] = span.first_day;
    index.worker_last_days[at] = span.last_day;
  }
  for (size_t w = 0; w + 1 < index.worker_allocation_starts.size(); ++w) {
    const auto from = static_cast<std::ptrdiff_t>(index.worker_allocation_starts[w]);
    const auto to = static_cast<std::ptrdiff_t>(index.worker_allocation_starts[w + 1]);
    std::sort(index.worker_first_days.begin() + from, index.worker_first_days.begin() + to);
    std::sort(index.worker_last_days.begin() + from, index.worker_last_days.begin() + to);
  }

  index.workers = data.workers.size();
  index.sickness_absences = data.sickness_absences.size();
  index.supervisions = data.supervisions.size();
  index.case_allocations = data.case_allocations.size();
  return index;
}

void IndexWorkforceData(WorkforceData& data) { data.index = BuildWorkforceIndex(data); }

bool IndexDescribes(const WorkforceIndex& index, const WorkforceData& data) {
  return index.workers == data.workers.size() &&
         index.sickness_absences == data.sickness_absences.size() &&
         index.supervisions == data.supervisions.size() &&
         index.case_allocations == data.case_allocations.size();
}

absl::StatusOr<WorkforceData> LoadWorkforceData(const VersionedRecordStore& store,
                                                const std::string& authority,
                                                std::optional<absl::Time> as_at) {
  WorkforceData data;
  // The decoded protos are shared with the store's decoded-record cache, so facts copy
  // from them.
  {
    SCORECARD_ASSIGN_OR_RETURN(RecordList<v1::Worker> workers,
                               LoadCurrent<v1::Worker>(store, authority, as_at));
    data.workers.reserve(workers.size());
    for (const v1::Worker& w : workers) {
      WorkerFacts facts;
      facts.worker_id = w.worker_id();
      SCORECARD_ASSIGN_OR_RETURN(facts.employment, StoredEmployment(w));
      facts.fte = w.fte();
      facts.team = w.team();
      facts.role = w.role();
      SCORECARD_ASSIGN_OR_RETURN(facts.start_date, StoredDate(w, w.start_date(), "start_date"));
      facts.end_date = FromProtoDate(w.end_date());
      facts.reason_leaving = w.reason_leaving();
      facts.case_holding = w.case_holding();
      facts.record_id = RecordId(w);
      data.workers.push_back(std::move(facts));
    }
  }

  {
    SCORECARD_ASSIGN_OR_RETURN(RecordList<v1::SicknessAbsence> absences,
                               LoadCurrent<v1::SicknessAbsence>(store, authority, as_at));
    data.sickness_absences.reserve(absences.size());
    for (const v1::SicknessAbsence& a : absences) {
      SicknessAbsenceFacts facts;
      facts.worker_id = a.worker_id();
      SCORECARD_ASSIGN_OR_RETURN(facts.start_date, StoredDate(a, a.start_date(), "start_date"));
      facts.end_date = FromProtoDate(a.end_date());
      facts.first_day_fraction = a.first_day_fraction();
      facts.last_day_fraction = a.last_day_fraction();
      facts.record_id = RecordId(a);
      data.sickness_absences.push_back(std::move(facts));
    }
  }

  {
    SCORECARD_ASSIGN_OR_RETURN(RecordList<v1::SupervisionSession> sessions,
                               LoadCurrent<v1::SupervisionSession>(store, authority, as_at));
    data.supervisions.reserve(sessions.size());
    for (const v1::SupervisionSession& s : sessions) {
      SupervisionFacts facts;
      facts.worker_id = s.worker_id();
      SCORECARD_ASSIGN_OR_RETURN(facts.session_date,
                                 StoredDate(s, s.session_date(), "session_date"));
      data.supervisions.push_back(std::move(facts));
    }
  }

  {
    SCORECARD_ASSIGN_OR_RETURN(RecordList<v1::CaseAllocation> allocations,
                               LoadCurrent<v1::CaseAllocation>(store, authority, as_at));
    data.case_allocations.reserve(allocations.size());
    for (const v1::CaseAllocation& c : allocations) {
      CaseAllocationFacts facts;
      facts.child_id = c.child_id();
      facts.worker_id = c.worker_id();
      SCORECARD_ASSIGN_OR_RETURN(facts.start_date, StoredDate(c, c.start_date(), "start_date"));
      facts.end_date = FromProtoDate(c.end_date());
      facts.record_id = RecordId(c);
      data.case_allocations.push_back(std::move(facts));
    }
  }

  {
    SCORECARD_ASSIGN_OR_RETURN(RecordList<v1::Vacancies> vacancies,
                               LoadCurrent<v1::Vacancies>(store, authority, as_at));
    data.vacancies.reserve(vacancies.size());
    for (const v1::Vacancies& v : vacancies) {
      VacanciesFacts facts;
      facts.team = v.team();
      SCORECARD_ASSIGN_OR_RETURN(facts.as_of_date, StoredDate(v, v.as_of_date(), "as_of_date"));
      facts.vacant_fte = v.vacant_fte();
      facts.record_id = RecordId(v);
      data.vacancies.push_back(std::move(facts));
    }
  }

  {
    SCORECARD_ASSIGN_OR_RETURN(RecordList<v1::SicknessDaysLostReturn> returns,
                               LoadCurrent<v1::SicknessDaysLostReturn>(store, authority, as_at));
    data.sickness_days_lost_returns.reserve(returns.size());
    for (const v1::SicknessDaysLostReturn& r : returns) {
      SicknessDaysLostFacts facts;
      facts.worker_id = r.worker_id();
      SCORECARD_ASSIGN_OR_RETURN(facts.period.first,
                                 StoredDate(r, r.period_start(), "period_start"));
      SCORECARD_ASSIGN_OR_RETURN(facts.period.last, StoredDate(r, r.period_end(), "period_end"));
      facts.working_days_lost = r.working_days_lost();
      facts.record_id = RecordId(r);
      data.sickness_days_lost_returns.push_back(std::move(facts));
    }
  }

  IndexWorkforceData(data);
  return data;
}

}  // namespace scorecard::workforce
