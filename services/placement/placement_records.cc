#include "services/placement/placement_records.h"

#include <functional>
#include <map>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "common/records/proto_date.h"
#include "common/records/record_io.h"
#include "common/records/record_validator.h"
#include "services/placement/placement_settings.h"
#include "services/placement/ssda903_codes.h"

namespace scorecard::placement {
namespace {

using Scope = RecordValidator::Scope;

// Records of one kind of which an authority may hold only one per "slot" (a population
// estimate per year, settings per effective_from day), across the store and the batch in
// batch order. A record re-sent under its own source key may move to another slot; a
// tombstone frees its slot.
template <typename Record>
class OnePerSlot {
 public:
  // The record's slot, or nullopt when its fields are invalid (reported elsewhere).
  using SlotOf = std::function<std::optional<std::string>(const Record&)>;

  OnePerSlot(const VersionedRecordStore* store, SlotOf slot_of)
      : store_(store), slot_of_(std::move(slot_of)) {}

  // The source key ("system/id") already holding the record's slot when that is another
  // key; otherwise nullopt, and the slot is now the record's.
  absl::StatusOr<std::optional<std::string>> Claim(const Record& record) {
    const common::v1::RecordHeader& header = record.header();
    if (!IsValidAuthorityCode(header.authority())) return std::nullopt;  // reported already
    absl::StatusOr<Claims*> claims = ClaimsFor(header.authority());
    if (!claims.ok()) return claims.status();
    const std::string key = absl::StrCat(header.source().system(), "/", header.source().id());
    (*claims)->Release(key);
    if (header.deleted()) return std::nullopt;
    const std::optional<std::string> slot = slot_of_(record);
    if (!slot.has_value()) return std::nullopt;
    auto held = (*claims)->key_by_slot.find(*slot);
    if (held != (*claims)->key_by_slot.end()) return held->second;
    (*claims)->Take(*slot, key);
    return std::nullopt;
  }

 private:
  struct Claims {
    std::map<std::string, std::string> key_by_slot;
    std::map<std::string, std::string> slot_by_key;
    void Release(const std::string& key) {
      auto it = slot_by_key.find(key);
      if (it == slot_by_key.end()) return;
      key_by_slot.erase(it->second);
      slot_by_key.erase(it);
    }
    void Take(const std::string& slot, const std::string& key) {
      key_by_slot[slot] = key;
      slot_by_key[key] = slot;
    }
  };

  absl::StatusOr<Claims*> ClaimsFor(const std::string& authority) {
    auto [it, added] = by_authority_.try_emplace(authority);
    if (!added || store_ == nullptr) return &it->second;
    absl::StatusOr<std::vector<Record>> held =
        LoadCurrent<Record>(*store_, authority, std::nullopt);
    if (!held.ok()) {
      by_authority_.erase(it);
      return held.status();
    }
    for (const Record& r : *held) {
      const std::optional<std::string> slot = slot_of_(r);
      if (slot.has_value() && it->second.key_by_slot.count(*slot) == 0) {
        it->second.Take(*slot, absl::StrCat(r.header().source().system(), "/",
                                            r.header().source().id()));
      }
    }
    return &it->second;
  }

  const VersionedRecordStore* store_;
  SlotOf slot_of_;
  std::map<std::string, Claims> by_authority_;
};

bool ValidPopulationYear(int year) {
  return year >= kFirstPopulationYear && year <= kLastPopulationYear;
}

std::optional<std::string> PopulationSlot(const common::v1::PopulationEstimate& r) {
  if (!ValidPopulationYear(r.year())) return std::nullopt;
  return absl::StrCat(r.year());
}

std::optional<std::string> SettingsSlot(const v1::PlacementSettings& r) {
  const std::optional<Date> from = FromProtoDate(r.effective_from());
  if (!from.has_value()) return std::nullopt;
  return FormatIsoDate(*from);
}

// Proto3 enums are open: an unset field reads as 0 (UNSPECIFIED), and a newer sender may
// send a number this build does not know.
void RequiredEnum(absl::string_view field, int value, bool known, Scope& s) {
  if (value == 0) {
    s.Problem(field, "required");
  } else if (!known) {
    s.Problem(field, absl::StrCat("unknown value ", value));
  }
}

void ValidateChild(const v1::LookedAfterChild& r, Scope& s) {
  s.Header(r.header());
  s.RequiredId("child_id", r.child_id());
  auto birth = s.RequiredDate("birth_date", r.birth_date());
  s.OneOf("sex", r.sex(), ssda903::kSexCodes, /*required=*/false);
  s.OneOf("ethnicity", r.ethnicity(), ssda903::kEthnicityCodes, /*required=*/false);
  auto ceased = s.OptionalDate("uasc_ceased_date", r.uasc_ceased_date());
  s.NotBefore("uasc_ceased_date", ceased, "birth_date", birth);
  // The UASC measure reads "uasc, and not ceased by then": a ceased date on a child never
  // recorded as UASC is a contradiction the sender must resolve.
  if (ceased.has_value() && !r.uasc()) s.Problem("uasc_ceased_date", "set, but uasc is false");
}

void ValidateEpisode(const v1::Episode& r, Scope& s) {
  s.Header(r.header());
  s.RequiredId("child_id", r.child_id());
  auto start = s.RequiredDate("start_date", r.start_date());
  auto end = s.OptionalDate("end_date", r.end_date());
  s.NotBefore("end_date", end, "start_date", start);
  // RNE and LS decide periods of care and short breaks, so the measures need them.
  s.OneOf("reason_new_episode", r.reason_new_episode(), ssda903::kReasonNewEpisodeCodes,
          /*required=*/true);
  s.OneOf("legal_status", r.legal_status(), ssda903::kLegalStatusCodes, /*required=*/true);
  s.OneOf("placement", r.placement(), ssda903::kPlacementTypeCodes, /*required=*/true);
  s.OneOf("category_of_need", r.category_of_need(), ssda903::kCategoryOfNeedCodes,
          /*required=*/false);
  s.OneOf("placement_provider", r.placement_provider(), ssda903::kPlacementProviderCodes,
          /*required=*/false);
  s.OneOf("reason_ceased", r.reason_ceased(), ssda903::kReasonEpisodeCeasedCodes,
          /*required=*/false);
  s.OneOf("reason_place_change", r.reason_place_change(), ssda903::kReasonPlaceChangeCodes,
          /*required=*/false);
  // DfE 903 rule 148: DEC and REC are both coded or both blank.
  const bool has_end = !IsUnset(r.end_date());
  if (has_end && r.reason_ceased().empty()) {
    s.Problem("reason_ceased", "required when end_date is set");
  } else if (!has_end && !r.reason_ceased().empty()) {
    s.Problem("reason_ceased", "set, but end_date is not");
  }
}

void ValidateReview(const v1::LacReview& r, Scope& s) {
  s.Header(r.header());
  s.RequiredId("child_id", r.child_id());
  s.RequiredDate("review_date", r.review_date());
  s.OneOf("participation_code", r.participation_code(), ssda903::kReviewParticipationCodes,
          /*required=*/false);
}

void ValidateVisit(const v1::LacVisit& r, Scope& s) {
  s.Header(r.header());
  s.RequiredId("child_id", r.child_id());
  s.RequiredDate("visit_date", r.visit_date());
}

void ValidateHealthCheck(const v1::HealthCheck& r, Scope& s) {
  s.Header(r.header());
  s.RequiredId("child_id", r.child_id());
  RequiredEnum("kind", r.kind(), v1::HealthCheckKind_IsValid(r.kind()), s);
  s.RequiredDate("check_date", r.check_date());
}

// Milestones arrive as they happen, so each is optional; those given must be in order.
void ValidateAdoption(const v1::AdoptionMilestones& r, Scope& s) {
  s.Header(r.header());
  s.RequiredId("child_id", r.child_id());
  auto should_be_placed = s.OptionalDate("should_be_placed_date", r.should_be_placed_date());
  // A match may precede the placement order (A2 counts it as 0 days), so no order check.
  s.OptionalDate("placement_order_date", r.placement_order_date());
  auto matched = s.OptionalDate("matched_date", r.matched_date());
  auto placed = s.OptionalDate("placed_date", r.placed_date());
  // A foster carer who later adopts may have had the child before any adoption decision.
  s.OptionalDate("placed_with_adopting_foster_carer_date",
                 r.placed_with_adopting_foster_carer_date());
  auto order = s.OptionalDate("adoption_order_date", r.adoption_order_date());
  // DfE 903 rules 333 (decision on or before match) and 331 (match on or before placement).
  s.NotBefore("matched_date", matched, "should_be_placed_date", should_be_placed);
  s.NotBefore("placed_date", placed, "matched_date", matched);
  s.NotBefore("adoption_order_date", order, "placed_date", placed);
}

void ValidateProceedings(const v1::CareProceedings& r, Scope& s) {
  s.Header(r.header());
  s.RequiredId("child_id", r.child_id());
  auto issued = s.RequiredDate("issued_date", r.issued_date());
  s.NotBefore("concluded_date", s.OptionalDate("concluded_date", r.concluded_date()),
              "issued_date", issued);
}

void ValidatePreProceedings(const v1::PreProceedings& r, Scope& s) {
  s.Header(r.header());
  s.RequiredId("child_id", r.child_id());
  auto start = s.RequiredDate("start_date", r.start_date());
  s.NotBefore("end_date", s.OptionalDate("end_date", r.end_date()), "start_date", start);
  auto decision = s.OptionalDate("decision_to_issue_date", r.decision_to_issue_date());
  s.NotBefore("decision_to_issue_date", decision, "start_date", start);
  auto issued = s.OptionalDate("issued_date", r.issued_date());
  if (decision.has_value()) {
    s.NotBefore("issued_date", issued, "decision_to_issue_date", decision);
  } else {
    s.NotBefore("issued_date", issued, "start_date", start);
  }
}

void ValidateCarerApproval(const v1::CarerApproval& r, Scope& s) {
  s.Header(r.header());
  RequiredEnum("kind", r.kind(), v1::CarerKind_IsValid(r.kind()), s);
  s.RequiredDate("approval_date", r.approval_date());
}

void ValidatePopulation(const common::v1::PopulationEstimate& r, Scope& s) {
  s.Header(r.header());
  if (!ValidPopulationYear(r.year())) {
    s.Problem("year", absl::StrCat(r.year(), " is outside ", kFirstPopulationYear, "-",
                                   kLastPopulationYear));
  }
  if (r.population_0_17() <= 0) {
    s.Problem("population_0_17", absl::StrCat("must be positive, got ", r.population_0_17()));
  }
}

// A setting is 0 (the default) or in [1, max].
void SettingInRange(absl::string_view field, int value, int max, Scope& s) {
  if (value < 0 || value > max) {
    s.Problem(field, absl::StrCat("must be 0 (the default) or 1 to ", max, ", got ", value));
  }
}

void ValidateSettings(const v1::PlacementSettings& r, Scope& s) {
  s.Header(r.header());
  s.RequiredDate("effective_from", r.effective_from());
  SettingInRange("lac_visit_interval_weeks", r.lac_visit_interval_weeks(),
                 kMaxVisitIntervalWeeks, s);
  SettingInRange("initial_health_assessment_working_days",
                 r.initial_health_assessment_working_days(),
                 kMaxInitialHealthAssessmentWorkingDays, s);
  SettingInRange("long_term_placement_visit_interval_weeks",
                 r.long_term_placement_visit_interval_weeks(), kMaxVisitIntervalWeeks, s);
}

// Records a clash found by `slots` as a problem on `field`; an error reading the store is
// returned.
template <typename Record>
[[nodiscard]] absl::Status CheckOnePerSlot(OnePerSlot<Record>& slots, const Record& record,
                                           absl::string_view field, absl::string_view what,
                                           absl::string_view slot_text, Scope& s) {
  absl::StatusOr<std::optional<std::string>> holder = slots.Claim(record);
  if (!holder.ok()) return holder.status();
  if (holder->has_value()) {
    s.Problem(field, absl::StrCat(slot_text, " already has ", what, " under source ", **holder,
                                  "; correct that record (same source key) or delete it first"));
  }
  return absl::OkStatus();
}

absl::Status ValidateBatch(const v1::IngestRequest& request, const VersionedRecordStore* store) {
  OnePerSlot<common::v1::PopulationEstimate> population_years(store, PopulationSlot);
  OnePerSlot<v1::PlacementSettings> settings_days(store, SettingsSlot);
  RecordValidator validator;
  for (int i = 0; i < request.records_size(); ++i) {
    const v1::PlacementRecord& record = request.records(i);
    switch (record.kind_case()) {
      case v1::PlacementRecord::kChild: {
        Scope s = validator.Record(i, "child");
        ValidateChild(record.child(), s);
        break;
      }
      case v1::PlacementRecord::kEpisode: {
        Scope s = validator.Record(i, "episode");
        ValidateEpisode(record.episode(), s);
        break;
      }
      case v1::PlacementRecord::kReview: {
        Scope s = validator.Record(i, "review");
        ValidateReview(record.review(), s);
        break;
      }
      case v1::PlacementRecord::kVisit: {
        Scope s = validator.Record(i, "visit");
        ValidateVisit(record.visit(), s);
        break;
      }
      case v1::PlacementRecord::kHealthCheck: {
        Scope s = validator.Record(i, "health_check");
        ValidateHealthCheck(record.health_check(), s);
        break;
      }
      case v1::PlacementRecord::kAdoption: {
        Scope s = validator.Record(i, "adoption");
        ValidateAdoption(record.adoption(), s);
        break;
      }
      case v1::PlacementRecord::kProceedings: {
        Scope s = validator.Record(i, "proceedings");
        ValidateProceedings(record.proceedings(), s);
        break;
      }
      case v1::PlacementRecord::kPreProceedings: {
        Scope s = validator.Record(i, "pre_proceedings");
        ValidatePreProceedings(record.pre_proceedings(), s);
        break;
      }
      case v1::PlacementRecord::kCarerApproval: {
        Scope s = validator.Record(i, "carer_approval");
        ValidateCarerApproval(record.carer_approval(), s);
        break;
      }
      case v1::PlacementRecord::kPopulation: {
        Scope s = validator.Record(i, "population");
        const common::v1::PopulationEstimate& r = record.population();
        ValidatePopulation(r, s);
        absl::Status checked = CheckOnePerSlot(population_years, r, "year", "an estimate",
                                               absl::StrCat(r.year()), s);
        if (!checked.ok()) return checked;
        break;
      }
      case v1::PlacementRecord::kSettings: {
        Scope s = validator.Record(i, "settings");
        const v1::PlacementSettings& r = record.settings();
        ValidateSettings(r, s);
        const std::optional<std::string> day = SettingsSlot(r);
        absl::Status checked = CheckOnePerSlot(settings_days, r, "effective_from", "settings",
                                               day.value_or(""), s);
        if (!checked.ok()) return checked;
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

absl::Status ValidatePlacementBatch(const v1::IngestRequest& request) {
  return ValidateBatch(request, nullptr);
}

absl::Status ValidatePlacementBatch(const v1::IngestRequest& request,
                                    const VersionedRecordStore& store) {
  return ValidateBatch(request, &store);
}

}  // namespace scorecard::placement
