// The SSDA903 (looked-after children return) code lists, in one place so that ingest
// validation, the 903 importer and the counting rules agree on them.
//
//   RecordValidator::Scope s = validator.Record(i, "episode");
//   s.OneOf("legal_status", episode.legal_status(), ssda903::kLegalStatusCodes,
//           /*required=*/true);
//   if (ssda903::IsShortBreak(episode.legal_status())) ...  // V3, V4: not counted as LAC
//
// Source: the DfE SSDA903 2024-25 specification as transcribed in
// SocialFinanceDigitalLabs/liia-tools liiatools/spec/s903/SSDA903_schema_2024.yml (Episodes,
// Header and Reviews tables). Cross-checked against the DfE 903 validator rules for 2024-25
// (rules 143, 144, 146, 149, 178, 1009 reject codes outside these lists; rules 445/446 keep D1
// and E1 both valid, by date; 516 names E45/E46 and U1-U6; 580 names E8; 379 names T4).
// The lists change by collection year: update them with the DfE's yearly guidance.
#ifndef SCORECARD_SERVICES_PLACEMENT_SSDA903_CODES_H_
#define SCORECARD_SERVICES_PLACEMENT_SSDA903_CODES_H_

#include <array>
#include <cstddef>

#include "absl/strings/string_view.h"

namespace scorecard::placement::ssda903 {

// RNE: reason for new episode. "S": started to be looked after (a new period of care); the
// others record a change of legal status, placement or carer within a period of care.
inline constexpr std::array<absl::string_view, 6> kReasonNewEpisodeCodes = {"S", "L", "P",
                                                                            "T", "U", "B"};
inline constexpr absl::string_view kStartedToBeLookedAfter = "S";
// "L": change of legal status only; the child stays in the same placement. Every other
// reason starts a placement (placement counts, long-term stability).
inline constexpr absl::string_view kLegalStatusChangeOnly = "L";

// LS: legal status.
inline constexpr std::array<absl::string_view, 13> kLegalStatusCodes = {
    "C1", "C2", "D1", "E1", "J1", "J2", "J3", "L1", "L2", "L3", "V2", "V3", "V4"};

// V3 and V4: accommodated under an agreement for short breaks. The DfE leaves these
// children out of its looked-after counts (and its "continuously looked after" cohort).
inline constexpr std::array<absl::string_view, 2> kShortBreakLegalStatusCodes = {"V3", "V4"};

// CIN: category of need.
inline constexpr std::array<absl::string_view, 8> kCategoryOfNeedCodes = {
    "N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8"};

// PLACE: placement type.
inline constexpr std::array<absl::string_view, 27> kPlacementTypeCodes = {
    "A3", "A4", "A5", "A6", "H5", "K1", "K2", "P1", "P2", "P3", "R1", "R2", "R3", "R5",
    "S1", "T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z1"};

// Placed for adoption: A3/A4 with parental consent, A5/A6 under a placement order (A3 and
// A5 with the child's current foster carers).
inline constexpr std::array<absl::string_view, 4> kAdoptionPlacementCodes = {"A3", "A4", "A5",
                                                                             "A6"};
// Long-term fostering: U1 with a relative or friend, U4 with another foster carer. The
// placements regulation 28(3)'s less frequent visits can apply to.
inline constexpr std::array<absl::string_view, 2> kLongTermFosterPlacementCodes = {"U1", "U4"};

// PLACE_PROVIDER.
inline constexpr std::array<absl::string_view, 6> kPlacementProviderCodes = {
    "PR0", "PR1", "PR2", "PR3", "PR4", "PR5"};

// REC: reason episode ceased. "X1": the episode ceased but the period of care continues.
inline constexpr std::array<absl::string_view, 22> kReasonEpisodeCeasedCodes = {
    "E11", "E12", "E13", "E14", "E15", "E16", "E17", "E2", "E3", "E4A", "E4B",
    "E41", "E45", "E46", "E47", "E48", "E5",  "E6",  "E7", "E8", "E9",  "X1"};
inline constexpr absl::string_view kEpisodeCeasesCareContinues = "X1";

// REASON_PLACE_CHANGE.
inline constexpr std::array<absl::string_view, 12> kReasonPlaceChangeCodes = {
    "CARPL", "CLOSE", "ALLEG", "STAND", "APPRR", "CREQB",
    "CREQO", "CHILD", "LAREQ", "PLACE", "CUSTOD", "OTHER"};

// REVIEW_CODE: participation in the review (PN0: child under 4).
inline constexpr std::array<absl::string_view, 8> kReviewParticipationCodes = {
    "PN0", "PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7"};

// SEX (Header): "1" male, "2" female.
inline constexpr std::array<absl::string_view, 2> kSexCodes = {"1", "2"};

// ETHNIC (Header).
inline constexpr std::array<absl::string_view, 20> kEthnicityCodes = {
    "WBRI", "WIRI", "WOTH", "WIRT", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND",
    "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT"};

// True when `code` is one of `codes`.
template <size_t N>
bool IsOneOf(absl::string_view code, const std::array<absl::string_view, N>& codes) {
  for (absl::string_view c : codes) {
    if (code == c) return true;
  }
  return false;
}

// True for a short-break legal status (V3, V4).
inline bool IsShortBreak(absl::string_view legal_status) {
  return IsOneOf(legal_status, kShortBreakLegalStatusCodes);
}

// True for a placement for adoption (A3-A6).
inline bool IsAdoptionPlacement(absl::string_view placement) {
  return IsOneOf(placement, kAdoptionPlacementCodes);
}

// True for a long-term foster placement (U1, U4).
inline bool IsLongTermFosterPlacement(absl::string_view placement) {
  return IsOneOf(placement, kLongTermFosterPlacementCodes);
}

}  // namespace scorecard::placement::ssda903

#endif  // SCORECARD_SERVICES_PLACEMENT_SSDA903_CODES_H_
