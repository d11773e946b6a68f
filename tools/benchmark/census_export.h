// Writes generated records as the census returns an authority would have sent, so the
// benchmark can time the census importers on a realistic run of returns: safeguarding
// records as CIN census XML (tools/cin_census), one collection year at a time, and staff
// records as the children's social work workforce census XML (tools/workforce_census), one
// 30 September at a time.
//
// CIN census
//
//   for (int year : CinCensusYears(data.safeguarding)) {
//     CinCensusFile census = ExportCinCensus(data.safeguarding, "869", year);
//     // census.xml: the 2024-25 return for year 2024 (Header Year 2025, ReferenceDate
//     // 2025-03-31), in the layout cin_census_import reads
//   }
//
// A return for year Y (1 April Y to 31 March Y+1) holds each referral (a CINdetails) that is
// open at some time in the year, i.e. referred by 31 March Y+1 and neither it nor any of its
// items over before 1 April Y; and inside it each assessment, section 47 enquiry and plan
// open at some time in the year (an assessment until authorised, an enquiry until its ICPC
// or the decision that none is needed, a plan until it ends) with the plan's reviews held
// in the year. A date after 31 March Y+1 (closure, authorisation, ICPC, plan end) is left
// blank, as the return could not know it; the next year's return restates the item with it.
//
// Records have no link from an enquiry or plan to their referral, so each is placed in the
// child's latest referral on or before its start (a child's referrals do not overlap in the
// generated data); an assessment goes to the referral it names. A review goes to the plan
// it names.
//
// What the census cannot carry is left out: contacts, CP visits, core groups, LADO, private
// fostering, missing and CSE records; CIN episodes that do not begin with a referral (looked
// after children's and early help episodes); teams, referral decision dates and report
// shared dates. The importer makes each referral's CIN episode from CINreferralDate and
// CINclosureDate, which is how the generator's referral episodes are dated.
//
// Workforce census
//
//   WorkforceCensusFile census = ExportWorkforceCensus(data.workforce, "869", 2024);
//   // census.xml: ReferenceDate 2024-09-30, a CSWWWorker for each role
//
// The census of 30 September Y holds every role (Worker record) in post at some time in the
// census year, 1 October Y-1 to 30 September Y: those in post on the reference date and
// those that ended in the year. An end after the reference date is left blank; a role
// starting after it is in a later census. Fields: SWENo (worker id), AgencyWorker, FTE,
// OrgRole (from the role: social-worker 5, senior-practitioner 4, team-manager 3,
// middle-manager 2, senior-manager 1, qualified-without-cases 6; another role has none),
// RoleStartDate (always given, agency workers too), RoleEndDate, and Cases30: the case
// allocations open on the reference date, for a case-holding role in post then.
//
// Left out: teams (not a census element), sickness (absences with dates are not in the
// census; its WorkingDaysLost total would repeat the sickness rule here), supervision,
// allocations (only as Cases30), the reason for leaving (the generator's words have no
// census code) and vacancies (the generator makes none). A senior practitioner with no case
// on the reference date is not case-holding once imported (the importer reads holding cases
// from OrgRole 5 or Cases30).
#ifndef SCORECARD_TOOLS_BENCHMARK_CENSUS_EXPORT_H_
#define SCORECARD_TOOLS_BENCHMARK_CENSUS_EXPORT_H_

#include <string>
#include <vector>

#include "absl/types/span.h"
#include "scorecard/safeguarding/v1/safeguarding_service.pb.h"
#include "scorecard/workforce/v1/workforce_service.pb.h"

namespace scorecard::benchmark {

struct CinCensusFile {
  std::string xml;
  int children = 0;
  // Referrals (CINdetails) in the return.
  int referrals = 0;
};

// The collection years (by the year they start in) from the earliest referral's year to
// the year of the latest date in the records; empty without referrals.
std::vector<int> CinCensusYears(absl::Span<const safeguarding::v1::SafeguardingRecord> records);

// The return for collection year `year` (2024 is 2024-25): children ordered by id, their
// referrals and items by date.
CinCensusFile ExportCinCensus(absl::Span<const safeguarding::v1::SafeguardingRecord> records,
                              const std::string& authority, int year);

// The records a run of census returns carries, from the generated ones: referrals,
// assessments, enquiries, plans and reviews as they are, and only the CIN episodes that
// begin with a referral of the same child on the same day (not early help). What the
// imported returns must give the same figures as.
std::vector<safeguarding::v1::SafeguardingRecord> CinCensusCarriedRecords(
    absl::Span<const safeguarding::v1::SafeguardingRecord> records);

struct WorkforceCensusFile {
  std::string xml;
  // CSWWWorker elements: roles.
  int roles = 0;
};

// The census with reference date 30 September `year`.
WorkforceCensusFile ExportWorkforceCensus(absl::Span<const workforce::v1::WorkforceRecord> records,
                                          const std::string& authority, int year);

}  // namespace scorecard::benchmark

#endif  // SCORECARD_TOOLS_BENCHMARK_CENSUS_EXPORT_H_
