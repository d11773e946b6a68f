// A synthetic authority's placement records: children entering care over the years with
// episodes, visits, reviews, health checks, adoptions, proceedings and pre-proceedings, plus
// carer approvals and population estimates. Deterministic for a seed. Used by the speed test
// (at scale) and the drill-down consistency test (small and varied).
//
//   PlacementRecords records =
//       SyntheticAuthority(869).Generate(Date(2007, 4, 1), Date(2017, 3, 31), 900);
//   PlacementData data = AssemblePlacementData(records);
//
// Every record carries a header with a unique source id, as ingest requires. Besides the
// bulk (a placement move every 60-600 days, visits every 20-50 days, reviews every 90-180,
// health assessments every 150-380) a second random stream adds the rarer shapes the rules
// treat specially: short breaks, re-entries into care, adoptions by foster carers, ended or
// issued pre-proceedings, children with no child record (no team), long-term foster and
// adoptive placements. A third stream adds the history records (issue 4): OC2 outcomes for
// children looked after over a whole collection year, moves between teams, UASC periods and
// carer ids. The bulk stream is drawn exactly as before these were added.
#ifndef SCORECARD_TESTS_SERVICES_PLACEMENT_SYNTHETIC_AUTHORITY_H_
#define SCORECARD_TESTS_SERVICES_PLACEMENT_SYNTHETIC_AUTHORITY_H_

#include <string>

#include "absl/strings/str_cat.h"
#include "common/records/proto_date.h"
#include "common/time/civil_date.h"
#include "services/placement/placement_data.h"
#include "tests/services/random_choices.h"

namespace scorecard::placement::testutil {

class SyntheticAuthority {
 public:
  explicit SyntheticAuthority(unsigned seed) : rng_(seed), extras_(seed + 1), history_(seed + 2) {}

  PlacementRecords Generate(Date first_entry, Date today, int entries_per_year) {
    PlacementRecords r;
    const int days = static_cast<int>(today - first_entry);
    const int entries = entries_per_year * days / 365;
    for (int i = 0; i < entries; ++i) {
      const Date entered = first_entry + rng_.Uniform(0, days);
      AddChild(r, absl::StrCat("C", i), entered, today);
    }
    for (int year = first_entry.year(); year < today.year(); ++year) {
      common::v1::PopulationEstimate p;
      *p.mutable_header() = Header(absl::StrCat("ons-mid-", year));
      p.set_year(year);
      p.set_population_0_17(250000 + 500 * (year - first_entry.year()));
      r.populations.push_back(p);
      for (int k = 0; k < 120; ++k) {
        v1::CarerApproval a;
        *a.mutable_header() = Header(absl::StrCat("carer-", year, "-", k));
        a.set_kind(static_cast<v1::CarerKind>(1 + k % 3));
        *a.mutable_approval_date() = ToProtoDate(Date(year, 1, 1) + rng_.Uniform(0, 364));
        if (history_.Chance(0.8)) a.set_carer_id(absl::StrCat("HH-", year, "-", k));
        r.carer_approvals.push_back(a);
      }
    }
    return r;
  }

 private:
  static common::v1::RecordHeader Header(const std::string& id) {
    common::v1::RecordHeader h;
    h.set_authority("869");
    h.mutable_source()->set_system("ssda903");
    h.mutable_source()->set_id(id);
    return h;
  }

  // A yes/no OC2 flag: yes mostly, sometimes no, sometimes left blank.
  void SetFlag(v1::Oc2Outcomes& o, void (v1::Oc2Outcomes::*set)(bool)) {
    const int pick = history_.Uniform(0, 19);
    if (pick == 0) return;  // blank
    (o.*set)(pick > 3);
  }

  // The records that keep history: OC2 outcomes for each collection year the child was
  // looked after from its first day to its census day (a few missing, as returns have
  // gaps), a move between CLA and DCT for some, a UASC period for some UASC children.
  void AddHistory(PlacementRecords& r, const std::string& id, Date entered, Date until, bool open,
                  const v1::LookedAfterChild& child) {
    for (int year = entered.year() - 1; year < until.year(); ++year) {
      const DateRange collection = FinancialYear(year);
      if (entered > collection.first || (!open && until <= collection.last)) continue;
      if (history_.Chance(0.05)) continue;
      v1::Oc2Outcomes o;
      *o.mutable_header() = Header(absl::StrCat("oc2-", id, "-", year));
      o.set_child_id(id);
      o.set_collection_year(year);
      SetFlag(o, &v1::Oc2Outcomes::set_health_assessment_up_to_date);
      SetFlag(o, &v1::Oc2Outcomes::set_teeth_checked);
      SetFlag(o, &v1::Oc2Outcomes::set_immunisations_up_to_date);
      r.oc2_outcomes.push_back(o);
    }
    if (history_.Chance(0.1) && until - entered > 60) {
      v1::ChildTeamAssignment t;
      *t.mutable_header() = Header(absl::StrCat("team-", id));
      t.set_child_id(id);
      *t.mutable_from_date() = ToProtoDate(entered + history_.Uniform(30, until - entered));
      t.set_team(child.team() == "DCT" ? "CLA" : "DCT");
      r.team_assignments.push_back(t);
    }
    if (child.uasc() && history_.Chance(0.5)) {
      v1::UascPeriod u;
      *u.mutable_header() = Header(absl::StrCat("uasc-", id));
      u.set_child_id(id);
      if (history_.Chance(0.5))
        *u.mutable_ceased_date() = ToProtoDate(entered + history_.Uniform(30, 900));
      r.uasc_periods.push_back(u);
    }
  }

  // Length of a stay in days: a third short, a third medium, a third long.
  int StayDays() {
    const int kind = rng_.Uniform(0, 99);
    if (kind < 35) return rng_.Uniform(1, 180);
    if (kind < 65) return rng_.Uniform(180, 900);
    return rng_.Uniform(900, 4000);
  }

  void AddEpisode(PlacementRecords& r, const std::string& id, Date start, std::optional<Date> end,
                  const std::string& rne, const std::string& legal, const std::string& placement,
                  const std::string& ceased) {
    v1::Episode e;
    *e.mutable_header() = Header(absl::StrCat("ep-", id, "-", ++serial_));
    e.set_child_id(id);
    *e.mutable_start_date() = ToProtoDate(start);
    e.set_reason_new_episode(rne);
    e.set_legal_status(legal);
    e.set_placement(placement);
    if (end.has_value()) {
      *e.mutable_end_date() = ToProtoDate(*end);
      e.set_reason_ceased(ceased);
    }
    r.episodes.push_back(e);
  }

  void AddChild(PlacementRecords& r, const std::string& id, Date entered, Date today) {
    v1::LookedAfterChild child;
    *child.mutable_header() = Header(absl::StrCat("child-", id));
    child.set_child_id(id);
    *child.mutable_birth_date() = ToProtoDate(entered - rng_.Uniform(0, 17 * 365));
    child.set_uasc(rng_.Chance(0.05));
    child.set_team(rng_.Chance(0.1) ? "DCT" : "CLA");
    if (!extras_.Chance(0.02)) r.children.push_back(child);  // else: no child record, no team

    const Date left = entered + StayDays();
    const bool open = left > today;
    const Date until = open ? today : left;
    AddHistory(r, id, entered, until, open, child);
    // Episodes: a placement move every 60-600 days, sometimes a legal-status change.
    Date start = entered;
    std::string rne = "S";
    const bool long_term_foster = extras_.Chance(0.1);
    while (true) {
      const Date next = start + rng_.Uniform(60, 600);
      const std::string legal = rng_.Chance(0.5) ? "C2" : "V2";
      std::string placement = rng_.Chance(0.6) ? "U4" : "U6";
      if (long_term_foster && rne != "S") placement = "U1";
      if (next >= until) {
        // Some children end in an adoptive placement (counted with the one before it).
        if (rne != "S" && extras_.Chance(0.1)) placement = "A5";
        AddEpisode(r, id, start, open ? std::nullopt : std::optional<Date>(until), rne, legal,
                   placement, "E13");
        break;
      }
      AddEpisode(r, id, start, next, rne, legal, placement, "X1");
      start = next;
      rne = rng_.Chance(0.2) ? "L" : "P";
    }
    for (Date d = entered + rng_.Uniform(1, 7); d <= until; d += rng_.Uniform(20, 50)) {
      v1::LacVisit v;
      *v.mutable_header() = Header(absl::StrCat("visit-", id, "-", ++serial_));
      v.set_child_id(id);
      *v.mutable_visit_date() = ToProtoDate(d);
      v.set_seen(rng_.Chance(0.95));
      r.visits.push_back(v);
    }
    for (Date d = entered + rng_.Uniform(10, 30); d <= until; d += rng_.Uniform(90, 180)) {
      v1::LacReview rv;
      *rv.mutable_header() = Header(absl::StrCat("review-", id, "-", ++serial_));
      rv.set_child_id(id);
      *rv.mutable_review_date() = ToProtoDate(d);
      r.reviews.push_back(rv);
    }
    bool initial = true;
    for (Date d = entered + rng_.Uniform(5, 35); d <= until; d += rng_.Uniform(150, 380)) {
      v1::HealthCheck h;
      *h.mutable_header() = Header(absl::StrCat("health-", id, "-", ++serial_));
      h.set_child_id(id);
      h.set_kind(initial ? v1::HEALTH_CHECK_KIND_INITIAL_HEALTH_ASSESSMENT
                         : v1::HEALTH_CHECK_KIND_REVIEW_HEALTH_ASSESSMENT);
      *h.mutable_check_date() = ToProtoDate(d);
      r.health_checks.push_back(h);
      initial = false;
    }
    for (Date d = entered + rng_.Uniform(30, 300); d <= until; d += rng_.Uniform(300, 400)) {
      v1::HealthCheck h;
      *h.mutable_header() = Header(absl::StrCat("dental-", id, "-", ++serial_));
      h.set_child_id(id);
      h.set_kind(v1::HEALTH_CHECK_KIND_DENTAL_CHECK);
      *h.mutable_check_date() = ToProtoDate(d);
      r.health_checks.push_back(h);
    }
    if (rng_.Chance(0.3)) {
      v1::CareProceedings p;
      *p.mutable_header() = Header(absl::StrCat("proceedings-", id));
      p.set_child_id(id);
      *p.mutable_issued_date() = ToProtoDate(entered - rng_.Uniform(0, 20));
      const Date concluded = entered + rng_.Uniform(120, 400);
      if (concluded <= today) *p.mutable_concluded_date() = ToProtoDate(concluded);
      r.proceedings.push_back(p);
    }
    if (rng_.Chance(0.1)) {
      v1::PreProceedings p;
      *p.mutable_header() = Header(absl::StrCat("plo-", id));
      p.set_child_id(id);
      *p.mutable_start_date() = ToProtoDate(entered - rng_.Uniform(30, 200));
      *p.mutable_decision_to_issue_date() = ToProtoDate(entered - rng_.Uniform(0, 29));
      const int outcome = extras_.Uniform(0, 3);  // 0, 1: still open
      if (outcome == 2) *p.mutable_end_date() = ToProtoDate(entered + extras_.Uniform(0, 90));
      if (outcome == 3) *p.mutable_issued_date() = ToProtoDate(entered + extras_.Uniform(0, 90));
      r.pre_proceedings.push_back(p);
    }
    // Open pre-proceedings not yet decided, for cases open but not to issue.
    if (extras_.Chance(0.03)) {
      v1::PreProceedings p;
      *p.mutable_header() = Header(absl::StrCat("plo-undecided-", id));
      p.set_child_id(id);
      *p.mutable_start_date() = ToProtoDate(entered - extras_.Uniform(1, 60));
      r.pre_proceedings.push_back(p);
    }
    if (!open && until - entered > 300 && rng_.Chance(0.15)) {
      v1::AdoptionMilestones a;
      *a.mutable_header() = Header(absl::StrCat("adoption-", id));
      a.set_child_id(id);
      *a.mutable_placement_order_date() = ToProtoDate(entered + 150);
      *a.mutable_matched_date() = ToProtoDate(entered + rng_.Uniform(120, 250));
      *a.mutable_placed_date() = ToProtoDate(until - rng_.Uniform(30, 100));
      *a.mutable_adoption_order_date() = ToProtoDate(until);
      if (extras_.Chance(0.3)) {
        *a.mutable_placed_with_adopting_foster_carer_date() =
            ToProtoDate(entered + extras_.Uniform(20, 100));
      }
      r.adoptions.push_back(a);
    }
    // Short breaks (never looked after) and re-entries into care after leaving.
    if (extras_.Chance(0.05)) {
      const Date from = entered - extras_.Uniform(30, 400);
      AddEpisode(r, id, from, from + extras_.Uniform(1, 20), "S", extras_.Chance(0.5) ? "V3" : "V4",
                 "U6", "E8");
    }
    if (!open && extras_.Chance(0.1)) {
      const Date back = until + extras_.Uniform(20, 300);
      if (back <= today) {
        const Date out = back + extras_.Uniform(30, 500);
        AddEpisode(r, id, back, out > today ? std::nullopt : std::optional<Date>(out), "S", "C2",
                   "U4", "E13");
        if (extras_.Chance(0.5)) {  // seen and assessed in the new period, sometimes late
          v1::HealthCheck h;
          *h.mutable_header() = Header(absl::StrCat("health-", id, "-", ++serial_));
          h.set_child_id(id);
          h.set_kind(v1::HEALTH_CHECK_KIND_INITIAL_HEALTH_ASSESSMENT);
          *h.mutable_check_date() = ToProtoDate(back + extras_.Uniform(3, 45));
          r.health_checks.push_back(h);
        }
      }
    }
  }

  RandomChoices rng_;
  // The rarer shapes, from their own stream so the bulk stays as it was.
  RandomChoices extras_;
  RandomChoices history_;
  int serial_ = 0;
};

}  // namespace scorecard::placement::testutil

#endif  // SCORECARD_TESTS_SERVICES_PLACEMENT_SYNTHETIC_AUTHORITY_H_
