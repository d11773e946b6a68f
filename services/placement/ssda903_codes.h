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
// Header, Reviews, Missing, PlacedAdoption, OC2, OC3, PrevPerm and SocialWorker tables).
// Cross-checked against the DfE 903 validator rules for 2024-25 (rules 143, 144, 146, 149,
// 178, 1009 reject codes outside these lists; rules 445/446 keep D1 and E1 both valid, by
// date; 516 names E45/E46 and U1-U6; 580 names E8; 379 names T4; SW13 lists SW_REASON).
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

// MISSING (Missing): "M" missing from placement, "A" away from placement without
// authorisation.
inline constexpr std::array<absl::string_view, 2> kMissingKindCodes = {"M", "A"};
inline constexpr absl::string_view kMissingFromPlacement = "M";
inline constexpr absl::string_view kAwayWithoutAuthorisation = "A";

// REASON_PLACED_CEASED (PlacedAdoption): why a decision to place for adoption was reversed.
inline constexpr std::array<absl::string_view, 4> kReasonPlacedCeasedCodes = {"RD1", "RD2", "RD3",
                                                                              "RD4"};

// OC2 yes/no columns (CONVICTED, HEALTH_CHECK, IMMUNISATIONS, TEETH_CHECK, ...): "1" yes,
// "0" no, blank not recorded.
inline constexpr std::array<absl::string_view, 2> kOc2FlagCodes = {"0", "1"};
inline constexpr absl::string_view kOc2Yes = "1";
// SDQ_SCORE: the questionnaire's total difficulties score.
inline constexpr int kMinSdqScore = 0;
inline constexpr int kMaxSdqScore = 40;
// SDQ_REASON: why no SDQ score was returned.
inline constexpr std::array<absl::string_view, 5> kSdqReasonCodes = {"SDQ1", "SDQ2", "SDQ3", "SDQ4",
                                                                     "SDQ5"};

// OC3 (care leavers). IN_TOUCH: whether the authority was in touch.
inline constexpr std::array<absl::string_view, 6> kInTouchCodes = {"YES",  "NO",   "DIED",
                                                                   "REFU", "NREQ", "RHOM"};
// ACTIV: main activity.
inline constexpr std::array<absl::string_view, 12> kCareLeaverActivityCodes = {
    "F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5", "G4", "G5", "G6", "0"};
// ACCOM: accommodation type (letter) and suitability (1 suitable, 2 not).
inline constexpr std::array<absl::string_view, 33> kCareLeaverAccommodationCodes = {
    "B1", "B2", "C1", "C2", "D1", "D2", "E1", "E2", "G1", "G2", "H1",
    "H2", "K1", "K2", "R1", "R2", "S1", "S2", "T1", "T2", "U1", "U2",
    "V1", "V2", "W1", "W2", "X1", "X2", "Y1", "Y2", "Z1", "Z2", "0"};

// PREV_PERM (PrevPerm): the permanence option the child had before; Z1 none. With Z1,
// LA_PERM and DATE_PERM stay blank (903 validator rule 635).
inline constexpr std::array<absl::string_view, 5> kPreviousPermanenceCodes = {"P1", "P2", "P3",
                                                                              "P4", "Z1"};
inline constexpr absl::string_view kNoPreviousPermanence = "Z1";

// SW_REASON (SWEpisodes, 2023-24 on): the reason for the change of social worker (903
// validator rule SW13).
inline constexpr std::array<absl::string_view, 10> kSocialWorkerChangeReasonCodes = {
    "MANAGE", "FCONTA", "LEFTRL", "ORGRST", "TSPROC",
    "ABSENC", "CHCHAN", "PCCHAN", "SWDIED", "OTHERS"};

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
