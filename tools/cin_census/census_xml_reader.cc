#include "tools/cin_census/census_xml_reader.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace scorecard::cin_census {
namespace {

// expat takes int lengths; larger inputs are fed in pieces.
constexpr size_t kMaxPiece = size_t{1} << 30;

// "cin:Child" and "Child" are the same element to us.
absl::string_view LocalName(absl::string_view name) {
  const size_t colon = name.rfind(':');
  return colon == absl::string_view::npos ? name : name.substr(colon + 1);
}

// The single-valued elements of each group, by name. nullptr: not one we use.
CensusValue* CollectionField(CensusHeader& h, absl::string_view name) {
  if (name == "Collection") return &h.collection;
  if (name == "Year") return &h.year;
  if (name == "ReferenceDate") return &h.reference_date;
  return nullptr;
}

CensusValue* IdentifierField(CensusChild& c, absl::string_view name) {
  if (name == "LAchildID") return &c.la_child_id;
  if (name == "PersonBirthDate") return &c.birth_date;
  return nullptr;
}

CensusValue* CinDetailsField(CensusCinDetails& d, absl::string_view name) {
  if (name == "CINreferralDate") return &d.referral_date;
  if (name == "ReferralSource") return &d.referral_source;
  if (name == "PrimaryNeedCode") return &d.primary_need;
  if (name == "CINclosureDate") return &d.closure_date;
  if (name == "ReasonForClosure") return &d.closure_reason;
  if (name == "ReferralNFA") return &d.no_further_action;
  if (name == "DateOfInitialCPC") return &d.icpc_date;
  return nullptr;
}

CensusValue* AssessmentField(CensusAssessment& a, absl::string_view name) {
  if (name == "AssessmentActualStartDate") return &a.start_date;
  if (name == "AssessmentInternalReviewDate") return &a.internal_review_date;
  if (name == "AssessmentAuthorisationDate") return &a.authorisation_date;
  return nullptr;
}

CensusValue* CinPlanField(CensusCinPlan& p, absl::string_view name) {
  if (name == "CINPlanStartDate") return &p.start_date;
  if (name == "CINPlanEndDate") return &p.end_date;
  return nullptr;
}

CensusValue* Section47Field(CensusSection47& s, absl::string_view name) {
  if (name == "S47ActualStartDate") return &s.start_date;
  if (name == "InitialCPCtarget") return &s.icpc_target_date;
  if (name == "DateOfInitialCPC") return &s.icpc_date;
  if (name == "ICPCnotRequired") return &s.icpc_not_required;
  return nullptr;
}

CensusValue* PlanField(CensusPlan& p, absl::string_view name) {
  if (name == "CPPstartDate") return &p.start_date;
  if (name == "CPPendDate") return &p.end_date;
  if (name == "InitialCategoryOfAbuse") return &p.initial_category;
  if (name == "LatestCategoryOfAbuse") return &p.latest_category;
  if (name == "NumberOfPreviousCPP") return &p.previous_plans;
  return nullptr;
}

}  // namespace

CensusXmlReader::CensusXmlReader(HeaderFn on_header, ChildFn on_child)
    : on_header_(std::move(on_header)),
      on_child_(std::move(on_child)),
      parser_(XML_ParserCreate(nullptr)) {
  XML_SetUserData(parser_, this);
  XML_SetElementHandler(parser_, &CensusXmlReader::OnStart, &CensusXmlReader::OnEnd);
  XML_SetCharacterDataHandler(parser_, &CensusXmlReader::OnText);
}

CensusXmlReader::~CensusXmlReader() { XML_ParserFree(parser_); }

void CensusXmlReader::OnStart(void* self, const XML_Char* name, const XML_Char** /*attributes*/) {
  static_cast<CensusXmlReader*>(self)->Start(LocalName(name));
}

void CensusXmlReader::OnEnd(void* self, const XML_Char* /*name*/) {
  // expat has already matched the end tag to the open element, so path_ says which it is.
  static_cast<CensusXmlReader*>(self)->End();
}

void CensusXmlReader::OnText(void* self, const XML_Char* text, int length) {
  auto* reader = static_cast<CensusXmlReader*>(self);
  const size_t room = kMaxTextBytes - std::min(kMaxTextBytes, reader->text_.size());
  reader->text_.append(text, std::min(room, static_cast<size_t>(length)));
}

void CensusXmlReader::Fail(absl::Status status) {
  if (failure_.ok()) failure_ = std::move(status);
  XML_StopParser(parser_, XML_FALSE);
}

absl::string_view CensusXmlReader::Ancestor(size_t up) const {
  return up < path_.size() ? absl::string_view(path_[path_.size() - 1 - up]) : "";
}

bool CensusXmlReader::InChild() const {
  return path_.size() >= 3 && path_[0] == "Message" && path_[1] == "Children" &&
         path_[2] == "Child";
}

std::string CensusXmlReader::TrimmedText() const {
  return std::string(absl::StripAsciiWhitespace(text_));
}

void CensusXmlReader::Take(CensusValue& value) {
  // A repeated element keeps its first text; the count makes the repeat an error later.
  if (value.count++ == 0) value.text = TrimmedText();
}

void CensusXmlReader::Start(absl::string_view name) {
  text_.clear();
  path_.emplace_back(name);
  const size_t depth = path_.size();
  if (depth == 1) {
    if (name != "Message") {
      Fail(absl::InvalidArgumentError(absl::StrCat("the root element is <", name.substr(0, 40),
                                                   ">, not <Message>: not a CIN census file")));
    }
    return;
  }
  if (depth == 2 && name == "Children" && !header_reported_) {
    header_reported_ = true;
    if (absl::Status status = on_header_(header_); !status.ok()) Fail(std::move(status));
    return;
  }
  if (!InChild()) return;
  if (depth == 3) {
    child_ = CensusChild();
    child_.line = static_cast<int>(XML_GetCurrentLineNumber(parser_));
    child_elements_ = 0;
    return;
  }
  if (child_.too_large) return;
  if (++child_elements_ > kMaxElementsPerChild) {
    child_.too_large = true;
    return;
  }
  if (depth == 4 && name == "CINdetails") {
    child_.cin_details.emplace_back();
  } else if (depth == 5 && Ancestor(1) == "CINdetails") {
    CensusCinDetails& details = child_.cin_details.back();
    if (name == "Assessments") details.assessments.emplace_back();
    if (name == "CINPlanDates") details.cin_plans.emplace_back();
    if (name == "Section47") details.section47s.emplace_back();
    if (name == "ChildProtectionPlans") details.plans.emplace_back();
  }
}

void CensusXmlReader::End() {
  const size_t depth = path_.size();
  const absl::string_view name = Ancestor(0);
  if (depth == 4 && path_[1] == "Header") {
    if (Ancestor(1) == "CollectionDetails") {
      if (CensusValue* value = CollectionField(header_, name)) Take(*value);
    } else if (Ancestor(1) == "Source" && name == "LEA") {
      header_.leas.push_back(TrimmedText());
    }
  } else if (InChild() && depth == 3) {
    ++children_;
    if (absl::Status status = on_child_(std::move(child_)); !status.ok()) Fail(std::move(status));
    child_ = CensusChild();
  } else if (InChild() && !child_.too_large && depth >= 5) {
    // Groups exist here: Start created them for every container on the way down.
    const absl::string_view group = path_[3];
    if (depth == 5 && group == "ChildIdentifiers") {
      if (CensusValue* value = IdentifierField(child_, name)) Take(*value);
    } else if (group == "CINdetails") {
      CensusCinDetails& details = child_.cin_details.back();
      const absl::string_view item = path_[4];
      if (depth == 5) {
        if (CensusValue* value = CinDetailsField(details, name)) Take(*value);
      } else if (item == "Assessments") {
        if (depth == 6) {
          if (CensusValue* value = AssessmentField(details.assessments.back(), name)) Take(*value);
        } else if (depth == 7 && Ancestor(1) == "FactorsIdentifiedAtAssessment" &&
                   name == "AssessmentFactors") {
          details.assessments.back().factors.push_back(TrimmedText());
        }
      } else if (item == "CINPlanDates" && depth == 6) {
        if (CensusValue* value = CinPlanField(details.cin_plans.back(), name)) Take(*value);
      } else if (item == "Section47" && depth == 6) {
        if (CensusValue* value = Section47Field(details.section47s.back(), name)) Take(*value);
      } else if (item == "ChildProtectionPlans") {
        if (depth == 6) {
          if (CensusValue* value = PlanField(details.plans.back(), name)) Take(*value);
        } else if (depth == 7 && Ancestor(1) == "Reviews" && name == "CPPreviewDate") {
          details.plans.back().review_dates.push_back(TrimmedText());
        }
      }
    }
  }
  path_.pop_back();
  text_.clear();
}

absl::Status CensusXmlReader::Feed(absl::string_view bytes, bool last) {
  if (finished_) return absl::FailedPreconditionError("the CIN census reader has finished");
  do {
    const absl::string_view piece = bytes.substr(0, kMaxPiece);
    bytes.remove_prefix(piece.size());
    const bool final_piece = last && bytes.empty();
    if (XML_Parse(parser_, piece.data(), static_cast<int>(piece.size()), final_piece) ==
        XML_STATUS_ERROR) {
      finished_ = true;
      if (!failure_.ok()) return failure_;
      return absl::InvalidArgumentError(absl::StrCat("not well-formed XML at line ",
                                                     XML_GetCurrentLineNumber(parser_), ", column ",
                                                     XML_GetCurrentColumnNumber(parser_) + 1, ": ",
                                                     XML_ErrorString(XML_GetErrorCode(parser_))));
    }
  } while (!bytes.empty());
  if (last) {
    finished_ = true;
    if (!header_reported_) {
      return absl::InvalidArgumentError(
          "no <Children> element under <Message>: not a CIN census file");
    }
  }
  return absl::OkStatus();
}

}  // namespace scorecard::cin_census
