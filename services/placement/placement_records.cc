#include "services/placement/placement_records.h"

#include "absl/strings/str_cat.h"
#include "common/records/proto_date.h"
#include "common/records/record_validator.h"
#include "services/placement/ssda903_codes.h"

namespace scorecard::placement {
namespace {

using Scope = RecordValidator::Scope;

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

}  // namespace

absl::Status ValidatePlacementBatch(const v1::IngestRequest& request) {
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
      default: {
        Scope s = validator.Record(i, "record");
        s.Problem("kind", "no record kind set");
        break;
      }
    }
  }
  return validator.ToStatus();
}

}  // namespace scorecard::placement
