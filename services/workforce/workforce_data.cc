#include "services/workforce/workforce_data.h"

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

}  // namespace

absl::StatusOr<WorkforceData> LoadWorkforceData(const VersionedRecordStore& store,
                                                const std::string& authority,
                                                std::optional<absl::Time> as_at) {
  WorkforceData data;

  SCORECARD_ASSIGN_OR_RETURN(std::vector<v1::Worker> workers,
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
    data.workers.push_back(std::move(facts));
  }

  SCORECARD_ASSIGN_OR_RETURN(std::vector<v1::SicknessAbsence> absences,
                             LoadCurrent<v1::SicknessAbsence>(store, authority, as_at));
  data.sickness_absences.reserve(absences.size());
  for (const v1::SicknessAbsence& a : absences) {
    SicknessAbsenceFacts facts;
    facts.worker_id = a.worker_id();
    SCORECARD_ASSIGN_OR_RETURN(facts.start_date, StoredDate(a, a.start_date(), "start_date"));
    facts.end_date = FromProtoDate(a.end_date());
    facts.first_day_fraction = a.first_day_fraction();
    facts.last_day_fraction = a.last_day_fraction();
    data.sickness_absences.push_back(std::move(facts));
  }

  SCORECARD_ASSIGN_OR_RETURN(std::vector<v1::SupervisionSession> sessions,
                             LoadCurrent<v1::SupervisionSession>(store, authority, as_at));
  data.supervisions.reserve(sessions.size());
  for (const v1::SupervisionSession& s : sessions) {
    SupervisionFacts facts;
    facts.worker_id = s.worker_id();
    SCORECARD_ASSIGN_OR_RETURN(facts.session_date,
                               StoredDate(s, s.session_date(), "session_date"));
    data.supervisions.push_back(std::move(facts));
  }

  SCORECARD_ASSIGN_OR_RETURN(std::vector<v1::CaseAllocation> allocations,
                             LoadCurrent<v1::CaseAllocation>(store, authority, as_at));
  data.case_allocations.reserve(allocations.size());
  for (const v1::CaseAllocation& c : allocations) {
    CaseAllocationFacts facts;
    facts.child_id = c.child_id();
    facts.worker_id = c.worker_id();
    SCORECARD_ASSIGN_OR_RETURN(facts.start_date, StoredDate(c, c.start_date(), "start_date"));
    facts.end_date = FromProtoDate(c.end_date());
    data.case_allocations.push_back(std::move(facts));
  }
  return data;
}

}  // namespace scorecard::workforce
