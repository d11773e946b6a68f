#include "tools/benchmark/census_export.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/files/markup_escape.h"
#include "common/records/proto_date.h"
#include "common/time/civil_date.h"

namespace scorecard::benchmark {
namespace {

namespace sv1 = ::scorecard::safeguarding::v1;
namespace wv1 = ::scorecard::workforce::v1;

// "<Name>text</Name>" on its own line, indented; nothing for empty text.
void Element(std::string& xml, int depth, absl::string_view name, const std::string& text) {
  if (text.empty()) return;
  absl::StrAppend(&xml, std::string(2 * depth, ' '), "<", name, ">", EscapeMarkup(text), "</", name,
                  ">\n");
}

void Open(std::string& xml, int depth, absl::string_view name) {
  absl::StrAppend(&xml, std::string(2 * depth, ' '), "<", name, ">\n");
}

void Close(std::string& xml, int depth, absl::string_view name) {
  absl::StrAppend(&xml, std::string(2 * depth, ' '), "</", name, ">\n");
}

// YYYY-MM-DD if the date is known by `last` (the return's last day), else empty.
std::string DateKnownBy(std::optional<Date> d, Date last) {
  return d.has_value() && *d <= last ? FormatIsoDate(*d) : "";
}

std::string IsoDate(const common::v1::Date& d) {
  const std::optional<Date> date = FromProtoDate(d);
  return date.has_value() ? FormatIsoDate(*date) : "";
}

// When a span of days ends: nullopt while it is open.
using End = std::optional<Date>;

// Whether [start, end] (end nullopt: still open) meets `range`.
bool Meets(Date start, End end, const DateRange& range) {
  return start <= range.last && (!end.has_value() || *end >= range.first);
}

// The later end: open beats any date.
End LaterEnd(End a, End b) {
  if (!a.has_value() || !b.has_value()) return std::nullopt;
  return std::max(*a, *b);
}

// --- CIN census ------------------------------------------------------------------------

struct PlanItem {
  const sv1::ChildProtectionPlan* plan;
  std::vector<Date> reviews;  // sorted
};

// One referral (CINdetails) with everything placed in it.
struct ReferralItem {
  const sv1::Referral* referral;
  Date date;
  std::vector<const sv1::Assessment*> assessments;
  std::vector<const sv1::Section47Enquiry*> section47s;
  std::vector<PlanItem> plans;
  // The last day anything in it is open: nullopt while something still is.
  End last_day;
};

Date StartOf(const sv1::Assessment& a) { return *FromProtoDate(a.start_date()); }
Date StartOf(const sv1::Section47Enquiry& s) {
  return *FromProtoDate(s.strategy_discussion_date());
}
Date StartOf(const sv1::ChildProtectionPlan& p) { return *FromProtoDate(p.start_date()); }

End EndOf(const sv1::Assessment& a) { return FromProtoDate(a.authorisation_date()); }
End EndOf(const sv1::Section47Enquiry& s) {
  if (std::optional<Date> icpc = FromProtoDate(s.icpc_date())) return icpc;
  // Decided that no conference is needed: over (the decision's own date is not recorded).
  if (s.icpc_not_required()) return StartOf(s);
  return std::nullopt;
}
End EndOf(const sv1::ChildProtectionPlan& p) { return FromProtoDate(p.end_date()); }

// Every child's referrals, by child id then date, with their items placed.
std::map<std::string, std::vector<ReferralItem>> PlaceItems(
    absl::Span<const sv1::SafeguardingRecord> records) {
  std::map<std::string, std::vector<ReferralItem>> children;
  for (const sv1::SafeguardingRecord& r : records) {
    if (!r.has_referral()) continue;
    const std::optional<Date> date = FromProtoDate(r.referral().referral_date());
    if (!date.has_value()) continue;
    children[r.referral().child_id()].push_back(
        {&r.referral(), *date, {}, {}, {}, FromProtoDate(r.referral().closure_date())});
  }
  absl::flat_hash_map<std::string, ReferralItem*> by_id;
  for (auto& [child, referrals] : children) {
    std::stable_sort(referrals.begin(), referrals.end(),
                     [](const ReferralItem& a, const ReferralItem& b) { return a.date < b.date; });
    for (ReferralItem& item : referrals) by_id[item.referral->header().source().id()] = &item;
  }
  // The child's latest referral on or before `day`, or nullptr.
  const auto referral_on = [&children](const std::string& child, Date day) -> ReferralItem* {
    auto it = children.find(child);
    if (it == children.end()) return nullptr;
    ReferralItem* found = nullptr;
    for (ReferralItem& item : it->second) {
      if (item.date <= day) found = &item;
    }
    return found;
  };
  absl::flat_hash_map<std::string, PlanItem*> plans_by_id;
  std::vector<const sv1::ReviewConference*> reviews;
  for (const sv1::SafeguardingRecord& r : records) {
    ReferralItem* item = nullptr;
    if (r.has_assessment()) {
      auto named = by_id.find(r.assessment().referral_source_id());
      item = named != by_id.end() ? named->second
                                  : referral_on(r.assessment().child_id(), StartOf(r.assessment()));
      if (item == nullptr) continue;
      item->assessments.push_back(&r.assessment());
      item->last_day = LaterEnd(item->last_day, EndOf(r.assessment()));
    } else if (r.has_section47()) {
      item = referral_on(r.section47().child_id(), StartOf(r.section47()));
      if (item == nullptr) continue;
      item->section47s.push_back(&r.section47());
      item->last_day = LaterEnd(item->last_day, EndOf(r.section47()));
    } else if (r.has_cp_plan()) {
      item = referral_on(r.cp_plan().child_id(), StartOf(r.cp_plan()));
      if (item == nullptr) continue;
      item->plans.push_back({&r.cp_plan(), {}});
      item->last_day = LaterEnd(item->last_day, EndOf(r.cp_plan()));
    } else if (r.has_review_conference()) {
      reviews.push_back(&r.review_conference());
    }
  }
  // Plans are placed; their addresses are now stable.
  for (auto& [child, referrals] : children) {
    for (ReferralItem& item : referrals) {
      for (PlanItem& plan : item.plans) plans_by_id[plan.plan->header().source().id()] = &plan;
    }
  }
  for (const sv1::ReviewConference* review : reviews) {
    auto plan = plans_by_id.find(review->plan_source_id());
    const std::optional<Date> held = FromProtoDate(review->conference_date());
    if (plan != plans_by_id.end() && held.has_value()) plan->second->reviews.push_back(*held);
  }
  for (auto& [child, referrals] : children) {
    for (ReferralItem& item : referrals) {
      const auto by_start = [](const auto* a, const auto* b) { return StartOf(*a) < StartOf(*b); };
      std::stable_sort(item.assessments.begin(), item.assessments.end(), by_start);
      std::stable_sort(item.section47s.begin(), item.section47s.end(), by_start);
      std::stable_sort(
          item.plans.begin(), item.plans.end(),
          [](const PlanItem& a, const PlanItem& b) { return StartOf(*a.plan) < StartOf(*b.plan); });
      for (PlanItem& plan : item.plans) std::sort(plan.reviews.begin(), plan.reviews.end());
    }
  }
  return children;
}

void WriteReferral(std::string& xml, const ReferralItem& item, const DateRange& year) {
  const sv1::Referral& referral = *item.referral;
  Open(xml, 3, "CINdetails");
  Element(xml, 4, "CINreferralDate", FormatIsoDate(item.date));
  Element(xml, 4, "ReferralSource", referral.referral_source());
  Element(xml, 4, "CINclosureDate", DateKnownBy(FromProtoDate(referral.closure_date()), year.last));
  Element(xml, 4, "ReferralNFA", referral.no_further_action() ? "true" : "false");
  for (const sv1::Assessment* a : item.assessments) {
    if (!Meets(StartOf(*a), EndOf(*a), year)) continue;
    Open(xml, 4, "Assessments");
    Element(xml, 5, "AssessmentActualStartDate", FormatIsoDate(StartOf(*a)));
    Element(xml, 5, "AssessmentAuthorisationDate", DateKnownBy(EndOf(*a), year.last));
    if (a->factors().empty()) {
      absl::StrAppend(&xml, std::string(10, ' '), "<FactorsIdentifiedAtAssessment/>\n");
    } else {
      Open(xml, 5, "FactorsIdentifiedAtAssessment");
      for (const std::string& factor : a->factors()) Element(xml, 6, "AssessmentFactors", factor);
      Close(xml, 5, "FactorsIdentifiedAtAssessment");
    }
    Close(xml, 4, "Assessments");
  }
  for (const sv1::Section47Enquiry* s : item.section47s) {
    if (!Meets(StartOf(*s), EndOf(*s), year)) continue;
    Open(xml, 4, "Section47");
    Element(xml, 5, "S47ActualStartDate", FormatIsoDate(StartOf(*s)));
    Element(xml, 5, "InitialCPCtarget", IsoDate(s->icpc_target_date()));
    Element(xml, 5, "DateOfInitialCPC", DateKnownBy(FromProtoDate(s->icpc_date()), year.last));
    Element(xml, 5, "ICPCnotRequired", s->icpc_not_required() ? "true" : "false");
    Close(xml, 4, "Section47");
  }
  for (const PlanItem& plan : item.plans) {
    const sv1::ChildProtectionPlan& p = *plan.plan;
    if (!Meets(StartOf(p), EndOf(p), year)) continue;
    Open(xml, 4, "ChildProtectionPlans");
    Element(xml, 5, "CPPstartDate", FormatIsoDate(StartOf(p)));
    Element(xml, 5, "CPPendDate", DateKnownBy(EndOf(p), year.last));
    Element(xml, 5, "InitialCategoryOfAbuse", p.category());
    Element(xml, 5, "NumberOfPreviousCPP", absl::StrCat(p.previous_plans()));
    std::string reviews;
    for (Date held : plan.reviews) {
      if (year.Contains(held)) Element(reviews, 6, "CPPreviewDate", FormatIsoDate(held));
    }
    if (!reviews.empty()) {
      Open(xml, 5, "Reviews");
      absl::StrAppend(&xml, reviews);
      Close(xml, 5, "Reviews");
    }
    Close(xml, 4, "ChildProtectionPlans");
  }
  Close(xml, 3, "CINdetails");
}

// --- Workforce census ------------------------------------------------------------------

// OrgRole codes of the census, by the Worker.role the workforce census importer maps them to.
constexpr std::pair<absl::string_view, absl::string_view> kOrgRoles[] = {
    {"senior-manager", "1"},      {"middle-manager", "2"}, {"team-manager", "3"},
    {"senior-practitioner", "4"}, {"social-worker", "5"},  {"qualified-without-cases", "6"}};

std::string OrgRole(const std::string& role) {
  for (const auto& [name, code] : kOrgRoles) {
    if (name == role) return std::string(code);
  }
  return "";
}

}  // namespace

std::vector<int> CinCensusYears(absl::Span<const sv1::SafeguardingRecord> records) {
  std::optional<Date> first, last;
  const auto see = [&last](const common::v1::Date& d) {
    const std::optional<Date> date = FromProtoDate(d);
    if (date.has_value() && (!last.has_value() || *date > *last)) last = date;
  };
  for (const sv1::SafeguardingRecord& r : records) {
    if (r.has_referral()) {
      const std::optional<Date> date = FromProtoDate(r.referral().referral_date());
      if (date.has_value() && (!first.has_value() || *date < *first)) first = date;
      see(r.referral().referral_date());
      see(r.referral().closure_date());
    } else if (r.has_assessment()) {
      see(r.assessment().authorisation_date());
    } else if (r.has_section47()) {
      see(r.section47().icpc_date());
    } else if (r.has_cp_plan()) {
      see(r.cp_plan().end_date());
    } else if (r.has_review_conference()) {
      see(r.review_conference().conference_date());
    }
  }
  std::vector<int> years;
  if (!first.has_value()) return years;
  for (int y = FinancialYearOf(*first); y <= FinancialYearOf(*last); ++y) years.push_back(y);
  return years;
}

CinCensusFile ExportCinCensus(absl::Span<const sv1::SafeguardingRecord> records,
                              const std::string& authority, int year) {
  const DateRange collection = FinancialYear(year);
  CinCensusFile out;
  std::string& xml = out.xml;
  absl::StrAppend(&xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Message>\n");
  Open(xml, 1, "Header");
  Open(xml, 2, "CollectionDetails");
  Element(xml, 3, "Collection", "CIN");
  Element(xml, 3, "Year", absl::StrCat(year + 1));
  Element(xml, 3, "ReferenceDate", FormatIsoDate(collection.last));
  Close(xml, 2, "CollectionDetails");
  Open(xml, 2, "Source");
  Element(xml, 3, "SourceLevel", "L");
  Element(xml, 3, "LEA", authority);
  Element(xml, 3, "SoftwareCode", "measure_bench");
  Close(xml, 2, "Source");
  Close(xml, 1, "Header");
  Open(xml, 1, "Children");
  for (const auto& [child, referrals] : PlaceItems(records)) {
    std::vector<const ReferralItem*> in_year;
    for (const ReferralItem& item : referrals) {
      if (Meets(item.date, item.last_day, collection)) in_year.push_back(&item);
    }
    if (in_year.empty()) continue;
    ++out.children;
    Open(xml, 2, "Child");
    Open(xml, 3, "ChildIdentifiers");
    Element(xml, 4, "LAchildID", child);
    Close(xml, 3, "ChildIdentifiers");
    for (const ReferralItem* item : in_year) {
      WriteReferral(xml, *item, collection);
      ++out.referrals;
    }
    Close(xml, 2, "Child");
  }
  Close(xml, 1, "Children");
  absl::StrAppend(&xml, "</Message>\n");
  return out;
}

std::vector<sv1::SafeguardingRecord> CinCensusCarriedRecords(
    absl::Span<const sv1::SafeguardingRecord> records) {
  absl::flat_hash_set<std::pair<std::string, std::string>> referral_days;  // child, date
  for (const sv1::SafeguardingRecord& r : records) {
    if (r.has_referral()) {
      referral_days.insert({r.referral().child_id(), IsoDate(r.referral().referral_date())});
    }
  }
  std::vector<sv1::SafeguardingRecord> out;
  for (const sv1::SafeguardingRecord& r : records) {
    switch (r.kind_case()) {
      case sv1::SafeguardingRecord::kReferral:
      case sv1::SafeguardingRecord::kAssessment:
      case sv1::SafeguardingRecord::kSection47:
      case sv1::SafeguardingRecord::kCpPlan:
      case sv1::SafeguardingRecord::kReviewConference:
        out.push_back(r);
        break;
      case sv1::SafeguardingRecord::kCinEpisode:
        if (!r.cin_episode().early_intervention() &&
            referral_days.contains(
                {r.cin_episode().child_id(), IsoDate(r.cin_episode().start_date())})) {
          out.push_back(r);
        }
        break;
      default:
        break;
    }
  }
  return out;
}

WorkforceCensusFile ExportWorkforceCensus(absl::Span<const wv1::WorkforceRecord> records,
                                          const std::string& authority, int year) {
  const Date reference(year, 9, 30);
  const DateRange census_year{Date(year - 1, 10, 1), reference};
  // Cases held on the reference date, by worker.
  absl::flat_hash_map<std::string, int> cases;
  for (const wv1::WorkforceRecord& r : records) {
    if (!r.has_case_allocation()) continue;
    const std::optional<Date> start = FromProtoDate(r.case_allocation().start_date());
    if (start.has_value() && Meets(*start, FromProtoDate(r.case_allocation().end_date()),
                                   DateRange{reference, reference})) {
      ++cases[r.case_allocation().worker_id()];
    }
  }
  std::vector<const wv1::Worker*> roles;
  for (const wv1::WorkforceRecord& r : records) {
    if (!r.has_worker()) continue;
    const std::optional<Date> start = FromProtoDate(r.worker().start_date());
    if (start.has_value() && Meets(*start, FromProtoDate(r.worker().end_date()), census_year)) {
      roles.push_back(&r.worker());
    }
  }
  std::stable_sort(roles.begin(), roles.end(), [](const wv1::Worker* a, const wv1::Worker* b) {
    return std::make_tuple(a->worker_id(), *FromProtoDate(a->start_date())) <
           std::make_tuple(b->worker_id(), *FromProtoDate(b->start_date()));
  });

  WorkforceCensusFile out;
  std::string& xml = out.xml;
  absl::StrAppend(&xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Message>\n");
  Open(xml, 1, "Header");
  Open(xml, 2, "CollectionDetails");
  Element(xml, 3, "Collection", "CSWW");
  Element(xml, 3, "Year", absl::StrCat(year));
  Element(xml, 3, "ReferenceDate", FormatIsoDate(reference));
  Close(xml, 2, "CollectionDetails");
  Open(xml, 2, "Source");
  Element(xml, 3, "SourceLevel", "L");
  Element(xml, 3, "LEA", authority);
  Close(xml, 2, "Source");
  Close(xml, 1, "Header");
  for (const wv1::Worker* w : roles) {
    const std::optional<Date> end = FromProtoDate(w->end_date());
    const bool in_post_on_reference = !end.has_value() || *end >= reference;
    Open(xml, 1, "CSWWWorker");
    Element(xml, 2, "AgencyWorker", w->employment() == wv1::EMPLOYMENT_TYPE_AGENCY ? "1" : "0");
    Element(xml, 2, "SWENo", w->worker_id());
    Element(xml, 2, "FTE", absl::StrFormat("%.6f", w->fte()));
    Element(xml, 2, "OrgRole", OrgRole(w->role()));
    Element(xml, 2, "RoleStartDate", IsoDate(w->start_date()));
    Element(xml, 2, "RoleEndDate", DateKnownBy(end, reference));
    if (in_post_on_reference && w->case_holding()) {
      auto held = cases.find(w->worker_id());
      Element(xml, 2, "Cases30", absl::StrCat(held == cases.end() ? 0 : held->second));
    }
    Close(xml, 1, "CSWWWorker");
    ++out.roles;
  }
  absl::StrAppend(&xml, "</Message>\n");
  return out;
}

}  // namespace scorecard::benchmark
