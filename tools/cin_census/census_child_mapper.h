// Checks one CIN census child and turns it into safeguarding records.
//
//   MappedChild mapped = MapCensusChild(child, "869");
//   if (!mapped.ok()) {
//     for (const ChildProblem& p : mapped.problems) std::cerr << p.element << ": " << p.reason;
//     // CINdetails[0]/Assessments[0]/AssessmentAuthorisationDate: 2017-02-01 is before
//     // AssessmentActualStartDate 2017-02-03 (rule 8608)
//   }
//
// Each CINdetails becomes a Referral and, unless it was a referral with no further action,
// a CinEpisode; each item inside it becomes its own record (see README.md for the table).
// Source keys (system "cin-census") are built from the LAchildID, the CINreferralDate and
// the item's own start date, e.g. "C123/2016-05-03/assessment/2016-05-04", so the same item
// gets the same key whenever it is sent again, this year or in next year's census (which
// drops items that ended before its year and would shift any positional numbering).
// Changed content under the same key is stored by the service as a new version.
//
// A child is accepted whole or rejected whole. Problems name the element by its path inside
// <Child> with 0-based positions, and the DfE validation rule where there is one. A child
// that passes the importer's own checks is then checked by ValidateSafeguardingBatch, the
// safeguarding service's own ingest validation, so nothing accepted here is refused there.
#ifndef SCORECARD_TOOLS_CIN_CENSUS_CENSUS_CHILD_MAPPER_H_
#define SCORECARD_TOOLS_CIN_CENSUS_CENSUS_CHILD_MAPPER_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "scorecard/safeguarding/v1/safeguarding_service.pb.h"
#include "tools/cin_census/census_xml_reader.h"

namespace scorecard::cin_census {

// SourceKey.system of every record the importer makes.
inline constexpr absl::string_view kSourceSystem = "cin-census";

struct ChildProblem {
  // Path inside <Child>, e.g. "CINdetails[0]/Section47[1]/DateOfInitialCPC".
  std::string element;
  // Why, e.g. "2017-04-01 is before S47ActualStartDate 2017-04-10 (rule 8615)".
  std::string reason;
};

struct MappedChild {
  // The LAchildID as given (empty when missing).
  std::string child_id;
  // Empty unless the child is accepted.
  std::vector<safeguarding::v1::SafeguardingRecord> records;
  // Empty when the child is accepted.
  std::vector<ChildProblem> problems;
  bool ok() const { return problems.empty(); }
};

// `authority` goes into every record header; it is not checked here.
MappedChild MapCensusChild(const CensusChild& child, absl::string_view authority);

}  // namespace scorecard::cin_census

#endif  // SCORECARD_TOOLS_CIN_CENSUS_CENSUS_CHILD_MAPPER_H_
