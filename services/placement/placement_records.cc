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
    absl::StatusOr<RecordList<Record>> held =
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
  auto reversed = s.OptionalDate("decision_reversed_date", r.decision_reversed_date());
  s.NotBefore("decision_reversed_date", reversed, "should_be_placed_date", should_be_placed);
  s.OneOf("decision_reversed_reason", r.decision_reversed_reason(),
          ssda903::kReasonPlacedCeasedCodes, /*required=*/false);
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
  // Optional: older senders have none (rows then fall back to the record's id).
  if (!r.carer_id().empty()) s.RequiredId("carer_id", r.carer_id());
}

void ValidateUascPeriod(const v1::UascPeriod& r, Scope& s) {
  s.Header(r.header());
  s.RequiredId("child_id", r.child_id());
  auto from = s.OptionalDate("from_date", r.from_date());
  s.NotBefore("ceased_date", s.OptionalDate("ceased_date", r.ceased_date()), "from_date", from);
}

void ValidateTeamAssignment(const v1::ChildTeamAssignment& r, Scope& s) {
  s.Header(r.header());
  s.RequiredId("child_id", r.child_id());
  s.RequiredDate("from_date", r.from_date());
  // A team name may hold spaces ("CIN 2"), as LookedAfterChild.team may.
  if (r.team().empty()) s.Problem("team", "required");
}

void CollectionYearInRange(int year, Scope& s) {
  if (year == 0) {
    s.Problem("collection_year", "required");
  } else if (year < kFirstCollectionYear || year > kLastCollectionYear) {
    s.Problem("collection_year",
              absl::StrCat(year, " is outside ", kFirstCollectionYear, "-", kLastCollectionYear));
  }
}

void ValidateOc2(const v1::Oc2Outcomes& r, Scope& s) {
  s.Header(r.header());
  s.RequiredId("child_id", r.child_id());
  CollectionYearInRange(r.collection_year(), s);
  if (r.has_sdq_score() &&
      (r.sdq_score() < ssda903::kMinSdqScore || r.sdq_score() > ssda903::kMaxSdqScore)) {
    s.Problem("sdq_score", absl::StrCat(r.sdq_score(), " is outside ", ssda903::kMinSdqScore, "-",
                                        ssda903::kMaxSdqScore));
  }
  s.OneOf("sdq_reason", r.sdq_reason(), ssda903::kSdqReasonCodes, /*required=*/false);
}

void ValidateCareLeaverOutcome(const v1::CareLeaverOutcome& r, Scope& s) {
  s.Header(r.header());
  s.RequiredId("child_id", r.child_id());
  CollectionYearInRange(r.collection_year(), s);
  s.OneOf("in_touch", r.in_touch(), ssda903::kInTouchCodes, /*required=*/true);
  s.OneOf("activity", r.activity(), ssda903::kCareLeaverActivityCodes, /*required=*/false);
  s.OneOf("accommodation", r.accommodation(), ssda903::kCareLeaverAccommodationCodes,
          /*required=*/false);
}

// Checks each part of a partial date; returns the day when every part is known and real.
std::optional<Date> CheckPartialDate(absl::string_view field, const v1::PartialDate& d, Scope& s) {
  bool parts_ok = true;
  auto part = [&](absl::string_view name, int value, int low, int high) {
    if (value != 0 && (value < low || value > high)) {
      s.Problem(absl::StrCat(field, ".", name),
                absl::StrCat(value, " is neither 0 (not known) nor ", low, "-", high));
      parts_ok = false;
    }
  };
  part("year", d.year(), 1900, 2100);
  part("month", d.month(), 1, 12);
  part("day", d.day(), 1, 31);
  if (!parts_ok) return std::nullopt;
  const std::optional<Date> known = KnownDate(d);
  if (d.year() != 0 && d.month() != 0 && d.day() != 0 && !known.has_value()) {
    s.Problem(field, absl::StrCat(d.year(), "-", d.month(), "-", d.day(), " is not a real date"));
  }
  return known;
}

void ValidatePreviousPermanence(const v1::PreviousPermanence& r, Scope& s) {
  s.Header(r.header());
  s.RequiredId("child_id", r.child_id());
  s.OneOf("previous_permanence", r.previous_permanence(), ssda903::kPreviousPermanenceCodes,
          /*required=*/true);
  if (!r.arranged_by_authority().empty()) {
    s.RequiredId("arranged_by_authority", r.arranged_by_authority());
  }
  if (r.has_order_date()) CheckPartialDate("order_date", r.order_date(), s);
  // DfE 903 rule 635: "none" has no order, so no authority or date.
  if (r.previous_permanence() == ssda903::kNoPreviousPermanence) {
    if (!r.arranged_by_authority().empty()) {
      s.Problem("arranged_by_authority", "set, but previous_permanence is Z1 (none)");
    }
    if (r.has_order_date()) s.Problem("order_date", "set, but previous_permanence is Z1 (none)");
  }
}

void ValidateSocialWorkerEpisode(const v1::SocialWorkerEpisode& r, Scope& s) {
  s.Header(r.header());
  s.RequiredId("child_id", r.child_id());
  s.RequiredId("worker_id", r.worker_id());
  std::optional<Date> start;
  if (!r.has_start_date()) {
    s.Problem("start_date", "required");
  } else {
    start = CheckPartialDate("start_date", r.start_date(), s);
  }
  std::optional<Date> end;
  if (r.has_end_date()) end = CheckPartialDate("end_date", r.end_date(), s);
  s.NotBefore("end_date", end, "start_date", start);
  s.OneOf("reason", r.reason(), ssda903::kSocialWorkerChangeReasonCodes, /*required=*/false);
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
      case v1::PlacementRecord::kUascPeriod: {
        Scope s = validator.Record(i, "uasc_period");
        ValidateUascPeriod(record.uasc_period(), s);
        break;
      }
      case v1::PlacementRecord::kTeamAssignment: {
        Scope s = validator.Record(i, "team_assignment");
        ValidateTeamAssignment(record.team_assignment(), s);
        break;
      }
      case v1::PlacementRecord::kOc2Outcomes: {
        Scope s = validator.Record(i, "oc2_outcomes");
        ValidateOc2(record.oc2_outcomes(), s);
        break;
      }
      case v1::PlacementRecord::kCareLeaverOutcome: {
        Scope s = validator.Record(i, "care_leaver_outcome");
        ValidateCareLeaverOutcome(record.care_leaver_outcome(), s);
        break;
      }
      case v1::PlacementRecord::kPreviousPermanence: {
        Scope s = validator.Record(i, "previous_permanence");
        ValidatePreviousPermanence(record.previous_permanence(), s);
        break;
      }
      case v1::PlacementRecord::kSocialWorkerEpisode: {
        Scope s = validator.Record(i, "social_worker_episode");
        ValidateSocialWorkerEpisode(record.social_worker_episode(), s);
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

std::optional<Date> KnownDate(const v1::PartialDate& date) {
  if (date.year() == 0 || date.month() == 0 || date.day() == 0 ||
      !IsValidDate(date.year(), date.month(), date.day())) {
    return std::nullopt;
  }
  return Date(date.year(), date.month(), date.day());
}

absl::Status ValidatePlacementBatch(const v1::IngestRequest& request) {
  return ValidateBatch(request, nullptr);
}

absl::Status ValidatePlacementBatch(const v1::IngestRequest& request,
                                    const VersionedRecordStore& store) {
  return ValidateBatch(request, &store);
}

}  // namespace scorecard::placement
