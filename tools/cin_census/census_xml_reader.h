// Streams a CIN census XML file (DfE schema years 2016-17 to 2025-26) with expat and hands
// over one <Child> at a time, so memory stays bounded per child however big the file is.
//
//   CensusXmlReader reader(
//       [](const CensusHeader& header) { return CheckHeader(header); },
//       [](CensusChild child) { Import(child); return absl::OkStatus(); });
//   while (ReadChunk(&chunk)) SCORECARD_RETURN_IF_ERROR(reader.Feed(chunk, /*last=*/false));
//   SCORECARD_RETURN_IF_ERROR(reader.Feed("", /*last=*/true));
//
// The reader only collects text; it judges nothing but well-formedness and the root element.
// Elements it does not use (UPN, ChildCharacteristics, GenderCurrent or Sex, the 2026
// pre-proceedings block, anything new) are skipped, so schema additions do not break it.
// Namespace prefixes are ignored ("cin:Child" is read as "Child").
#ifndef SCORECARD_TOOLS_CIN_CENSUS_CENSUS_XML_READER_H_
#define SCORECARD_TOOLS_CIN_CENSUS_CENSUS_XML_READER_H_

#include <expat.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace scorecard::cin_census {

// One element's text as read (whitespace trimmed). `count` says how often the element
// appeared where it was expected once: 0 = absent, 2+ = a repeated element (an error).
struct CensusValue {
  std::string text;
  int count = 0;
  bool present() const { return count > 0; }
};

struct CensusHeader {
  CensusValue collection;         // CollectionDetails/Collection: "CIN"
  CensusValue year;               // CollectionDetails/Year: the year the census ends, "2017"
  CensusValue reference_date;     // CollectionDetails/ReferenceDate: "2017-03-31"
  std::vector<std::string> leas;  // Source/LEA, one per Source
};

struct CensusAssessment {
  CensusValue start_date;            // AssessmentActualStartDate
  CensusValue internal_review_date;  // AssessmentInternalReviewDate
  CensusValue authorisation_date;    // AssessmentAuthorisationDate
  std::vector<std::string> factors;  // FactorsIdentifiedAtAssessment/AssessmentFactors
};

struct CensusCinPlan {
  CensusValue start_date;  // CINPlanStartDate
  CensusValue end_date;    // CINPlanEndDate
};

struct CensusSection47 {
  CensusValue start_date;         // S47ActualStartDate
  CensusValue icpc_target_date;   // InitialCPCtarget
  CensusValue icpc_date;          // DateOfInitialCPC
  CensusValue icpc_not_required;  // ICPCnotRequired
};

struct CensusPlan {
  CensusValue start_date;                 // CPPstartDate
  CensusValue end_date;                   // CPPendDate
  CensusValue initial_category;           // InitialCategoryOfAbuse
  CensusValue latest_category;            // LatestCategoryOfAbuse
  CensusValue previous_plans;             // NumberOfPreviousCPP
  std::vector<std::string> review_dates;  // Reviews/CPPreviewDate, in file order
};

struct CensusCinDetails {
  CensusValue referral_date;      // CINreferralDate
  CensusValue referral_source;    // ReferralSource
  CensusValue primary_need;       // PrimaryNeedCode
  CensusValue closure_date;       // CINclosureDate
  CensusValue closure_reason;     // ReasonForClosure
  CensusValue no_further_action;  // ReferralNFA
  CensusValue icpc_date;          // DateOfInitialCPC (CINdetails level)
  std::vector<CensusAssessment> assessments;
  std::vector<CensusCinPlan> cin_plans;
  std::vector<CensusSection47> section47s;
  std::vector<CensusPlan> plans;
};

struct CensusChild {
  int line = 0;             // where <Child> starts
  CensusValue la_child_id;  // ChildIdentifiers/LAchildID
  CensusValue birth_date;   // ChildIdentifiers/PersonBirthDate
  std::vector<CensusCinDetails> cin_details;
  // True when the child held more than kMaxElementsPerChild elements: the rest was skipped
  // (unread), so the child must be rejected.
  bool too_large = false;
};

class CensusXmlReader {
 public:
  // A real child has a few hundred elements at most; the cap keeps one broken or hostile
  // child from exhausting memory.
  static constexpr int kMaxElementsPerChild = 20000;
  // Longer text in a used element is cut here (and no date or code is that long).
  static constexpr size_t kMaxTextBytes = 1024;

  // Called once, when <Children> starts (the header is complete by then). A non-OK status
  // stops the parse and is returned from Feed.
  using HeaderFn = std::function<absl::Status(const CensusHeader&)>;
  // Called at each </Child>. A non-OK status stops the parse and is returned from Feed.
  using ChildFn = std::function<absl::Status(CensusChild)>;

  CensusXmlReader(HeaderFn on_header, ChildFn on_child);
  ~CensusXmlReader();
  CensusXmlReader(const CensusXmlReader&) = delete;
  CensusXmlReader& operator=(const CensusXmlReader&) = delete;

  // Parses the next bytes; `last` marks the end of the input. Returns INVALID_ARGUMENT for
  // XML that is not well-formed ("line 12, column 5: mismatched tag"), for a root other than
  // <Message> and for a file without <Children>; or a callback's error. After an error the
  // reader is finished.
  [[nodiscard]] absl::Status Feed(absl::string_view bytes, bool last);

  // Children completed so far.
  int64_t children() const { return children_; }

 private:
  static void OnStart(void* self, const XML_Char* name, const XML_Char** attributes);
  static void OnEnd(void* self, const XML_Char* name);
  static void OnText(void* self, const XML_Char* text, int length);

  void Start(absl::string_view name);
  void End();
  // Stops the parser with `status` as the reason (reported by Feed).
  void Fail(absl::Status status);
  // The element `up` levels above the current one ("" above the root).
  absl::string_view Ancestor(size_t up) const;
  // The current element's text (trimmed), stored as a single-valued element.
  void Take(CensusValue& value);
  std::string TrimmedText() const;
  bool InChild() const;

  HeaderFn on_header_;
  ChildFn on_child_;
  XML_Parser parser_;
  std::vector<std::string> path_;  // open elements, local names, root first
  std::string text_;               // the current element's text so far (capped)
  CensusHeader header_;
  bool header_reported_ = false;
  CensusChild child_;
  int child_elements_ = 0;
  int64_t children_ = 0;
  absl::Status failure_;
  bool finished_ = false;
};

}  // namespace scorecard::cin_census

#endif  // SCORECARD_TOOLS_CIN_CENSUS_CENSUS_XML_READER_H_
