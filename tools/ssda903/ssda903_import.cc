#include "tools/ssda903/ssda903_import.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>
#include <tuple>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/records/proto_date.h"
#include "common/records/record_validator.h"
#include "common/time/civil_date.h"
#include "services/placement/placement_records.h"
#include "services/placement/ssda903_codes.h"
#include "services/safeguarding/safeguarding_records.h"
#include "tools/ssda903/table_rows.h"

namespace scorecard::ssda903 {
namespace {

namespace pv1 = ::scorecard::placement::v1;
namespace sv1 = ::scorecard::safeguarding::v1;

// The source id of a record keyed by child and a date: "C1001/2016-05-03". The date is
// normalised (ISO), so the same day always gives the same key.
std::string ChildDateKey(absl::string_view child, Date d) {
  return absl::StrCat(child, "/", FormatIsoDate(d));
}

// ---------------------------------------------------------------------------------------
// Checks across one child's rows.

// Where each of a child's rows is: indices into the ReturnRows vectors.
struct ChildRows {
  std::vector<int> header, episodes, reviews, uasc, oc2, oc3, ad1, placed_adoption, prev_perm,
      missing, sw_episodes;
};

struct Period {
  int line;
  Date start;
  std::optional<Date> end;  // open when absent
};

// Periods (episodes, adoption decisions, missing spells) may touch (one ends the day the
// next starts) but not overlap, and two may not start on the same day (their key).
void CheckPeriods(std::vector<Period> periods, Table table, absl::string_view start_column,
                  absl::string_view what, const std::string& child, Problems& problems) {
  std::sort(periods.begin(), periods.end(), [](const Period& a, const Period& b) {
    return std::tie(a.start, a.line) < std::tie(b.start, b.line);
  });
  const Period* reaching_furthest = nullptr;
  for (size_t i = 0; i < periods.size(); ++i) {
    const Period& p = periods[i];
    if (i > 0 && periods[i - 1].start == p.start) {
      problems.Add(table, p.line, start_column, child,
                   absl::StrCat("another ", what, " of this child has the same ", start_column,
                                " (line ", periods[i - 1].line, ")"));
      continue;
    }
    if (reaching_furthest != nullptr) {
      const Period& q = *reaching_furthest;
      if (!q.end.has_value()) {
        problems.Add(table, p.line, start_column, child,
                     absl::StrCat("overlaps the ", what, " from ", UkDate(q.start), " (line ",
                                  q.line, "), which is still open"));
      } else if (p.start < *q.end) {
        problems.Add(table, p.line, start_column, child,
                     absl::StrCat("overlaps the ", what, " from ", UkDate(q.start), " (line ",
                                  q.line, "), which ends on ", UkDate(*q.end)));
      }
    }
    if (reaching_furthest == nullptr ||
        (reaching_furthest->end.has_value() &&
         (!p.end.has_value() || *p.end > *reaching_furthest->end))) {
      reaching_furthest = &p;
    }
  }
}

template <typename Row>
void CheckOnePerChild(const std::vector<Row>& all, const std::vector<int>& mine, Table table,
                      const std::string& child, Problems& problems) {
  for (size_t i = 1; i < mine.size(); ++i) {
    problems.Add(table, all[mine[i]].line, "CHILD", child,
                 absl::StrCat("this child already has a row in ", TableName(table), " (line ",
                              all[mine.front()].line, ")"));
  }
}

template <typename Row>
void RequireHeader(const std::vector<Row>& all, const std::vector<int>& mine, Table table,
                   const std::string& child, Problems& problems) {
  for (int i : mine) {
    problems.Add(table, all[i].line, "CHILD", child, "this child is not in the Header table");
  }
}

void CheckChild(const std::string& child, const ChildRows& mine, const ReturnRows& rows,
                Problems& problems) {
  CheckOnePerChild(rows.header, mine.header, Table::kHeader, child, problems);
  if (mine.header.empty()) {
    RequireHeader(rows.episodes, mine.episodes, Table::kEpisodes, child, problems);
    RequireHeader(rows.reviews, mine.reviews, Table::kReviews, child, problems);
    RequireHeader(rows.uasc, mine.uasc, Table::kUasc, child, problems);
    RequireHeader(rows.ad1, mine.ad1, Table::kAd1, child, problems);
    RequireHeader(rows.placed_adoption, mine.placed_adoption, Table::kPlacedAdoption, child,
                  problems);
    RequireHeader(rows.missing, mine.missing, Table::kMissing, child, problems);
    RequireHeader(rows.oc2, mine.oc2, Table::kOc2, child, problems);
    RequireHeader(rows.oc3, mine.oc3, Table::kOc3, child, problems);
    RequireHeader(rows.prev_perm, mine.prev_perm, Table::kPrevPerm, child, problems);
    RequireHeader(rows.sw_episodes, mine.sw_episodes, Table::kSwEpisodes, child, problems);
  }
  std::optional<Date> birth;
  if (!mine.header.empty()) birth = rows.header[mine.header.front()].birth;

  // The UASC period has no birth date to check DUC against (the service cannot), so here.
  for (int i : mine.uasc) {
    const UascRow& u = rows.uasc[i];
    if (birth.has_value() && u.ceased.has_value() && *u.ceased < *birth) {
      problems.Add(Table::kUasc, u.line, "DUC", child, "is before the child's date of birth");
    }
  }

  std::vector<Period> episodes;
  for (int i : mine.episodes) {
    const EpisodeRow& e = rows.episodes[i];
    if (!e.dates_ok) continue;
    if (birth.has_value() && *e.start < *birth) {
      problems.Add(Table::kEpisodes, e.line, "DECOM", child, "is before the child's date of birth");
      continue;
    }
    episodes.push_back({e.line, *e.start, e.end});
  }
  CheckPeriods(std::move(episodes), Table::kEpisodes, "DECOM", "episode", child, problems);

  for (int i : mine.reviews) {
    if (mine.episodes.empty()) {
      problems.Add(Table::kReviews, rows.reviews[i].line, "CHILD", child,
                   "review for a child with no episode in this return (never looked after)");
    }
  }
  std::vector<Period> review_days;
  for (int i : mine.reviews) {
    const ReviewRow& r = rows.reviews[i];
    if (r.dates_ok) review_days.push_back({r.line, *r.date, *r.date});
  }
  CheckPeriods(std::move(review_days), Table::kReviews, "REVIEW", "review", child, problems);

  CheckOnePerChild(rows.uasc, mine.uasc, Table::kUasc, child, problems);
  CheckOnePerChild(rows.ad1, mine.ad1, Table::kAd1, child, problems);
  // One OC2 and OC3 row per child and year, one previous permanence per child: each is one
  // record, keyed by the child (and year).
  CheckOnePerChild(rows.oc2, mine.oc2, Table::kOc2, child, problems);
  CheckOnePerChild(rows.oc3, mine.oc3, Table::kOc3, child, problems);
  CheckOnePerChild(rows.prev_perm, mine.prev_perm, Table::kPrevPerm, child, problems);

  // Social worker episodes are keyed by SW_DECOM as written (parts may be unknown), so two
  // with the same SW_DECOM would be one record.
  absl::flat_hash_map<std::string, int> sw_line_by_start;
  for (int i : mine.sw_episodes) {
    const SwEpisodeRow& w = rows.sw_episodes[i];
    if (!w.start.has_value()) continue;
    auto [it, added] = sw_line_by_start.try_emplace(PartialIsoDate(*w.start), w.line);
    if (!added) {
      problems.Add(Table::kSwEpisodes, w.line, "SW_DECOM", child,
                   absl::StrCat("another social worker episode of this child has the same "
                                "SW_DECOM (line ",
                                it->second, ")"));
    }
  }

  std::vector<Period> decisions;
  for (int i : mine.placed_adoption) {
    const PlacedAdoptionRow& p = rows.placed_adoption[i];
    if (p.dates_ok) decisions.push_back({p.line, *p.decision, p.ceased});
  }
  CheckPeriods(std::move(decisions), Table::kPlacedAdoption, "DATE_PLACED",
               "decision to place for adoption", child, problems);

  std::vector<Period> missing;
  for (int i : mine.missing) {
    const MissingRow& m = rows.missing[i];
    if (m.dates_ok) missing.push_back({m.line, *m.start, m.end});
  }
  CheckPeriods(std::move(missing), Table::kMissing, "MIS_START", "missing episode", child,
               problems);
}

// ---------------------------------------------------------------------------------------
// Records, and the services' own validation of them.

// Where a record field's value came from, so the services' findings point at a cell.
struct FieldOrigin {
  absl::string_view field;
  Table table;
  int line;
  absl::string_view column;
};

template <typename Record>
struct BuiltRecord {
  Record record;
  Table table;  // the row the record came from (header.* and child_id problems point here)
  int line;
  std::vector<FieldOrigin> fields;
};

common::v1::RecordHeader MakeHeader(const std::string& authority, std::string id) {
  common::v1::RecordHeader header;
  header.set_authority(authority);
  header.mutable_source()->set_system(std::string(kSourceSystem));
  header.mutable_source()->set_id(std::move(id));
  return header;
}

// Sets a date field only when there is a date: an unset field must stay absent (a present
// but empty Date would be a different record, and not a real date).
template <typename MutableDate>
void SetDate(std::optional<Date> d, MutableDate mutable_date) {
  if (d.has_value()) *mutable_date() = ToProtoDate(*d);
}

template <typename Row>
std::vector<const Row*> OkRows(const std::vector<Row>& all, const std::vector<int>& mine,
                               Table table, const Problems& problems) {
  std::vector<const Row*> out;
  for (int i : mine) {
    if (!problems.RowHasProblem(table, all[i].line)) out.push_back(&all[i]);
  }
  return out;
}

void SetPartialDate(const PartialDay& d, pv1::PartialDate* out) {
  out->set_year(d.year);
  out->set_month(d.month);
  out->set_day(d.day);
}

// The child's placement records: the child, its UASC period, episodes by DECOM, reviews
// by date, adoption milestones, previous permanence, OC2 and OC3 outcomes (keyed by
// `year`, the collection year) and social worker episodes by SW_DECOM.
std::vector<BuiltRecord<pv1::PlacementRecord>> BuildPlacementRecords(
    const std::string& child, const ChildRows& mine, const ReturnRows& rows,
    const Problems& problems, const std::string& authority, int year) {
  std::vector<BuiltRecord<pv1::PlacementRecord>> out;

  std::vector<const HeaderRow*> header = OkRows(rows.header, mine.header, Table::kHeader, problems);
  if (!header.empty()) {
    const HeaderRow& h = *header.front();
    BuiltRecord<pv1::PlacementRecord> built{{}, Table::kHeader, h.line, {}};
    pv1::LookedAfterChild* c = built.record.mutable_child();
    *c->mutable_header() = MakeHeader(authority, child);
    c->set_child_id(child);
    SetDate(h.birth, [&] { return c->mutable_birth_date(); });
    c->set_sex(h.sex);
    c->set_ethnicity(h.ethnicity);
    // UASC status goes in a UascPeriod (below), which keeps history; the team is not in
    // the return and is left empty, which never replaces another source's team.
    built.fields = {{"child_id", Table::kHeader, h.line, "CHILD"},
                    {"birth_date", Table::kHeader, h.line, "DOB"},
                    {"sex", Table::kHeader, h.line, "SEX"},
                    {"ethnicity", Table::kHeader, h.line, "ETHNIC"}};
    out.push_back(std::move(built));
  }

  // A row in UASC is the return's way of saying the child is (or was, this year) UASC. The
  // return gives no start, so one period per child, restated by each later return that
  // lists the child (e.g. with its DUC); a return that does not list it sends nothing.
  std::vector<const UascRow*> uasc = OkRows(rows.uasc, mine.uasc, Table::kUasc, problems);
  if (!uasc.empty()) {
    const UascRow& u = *uasc.front();
    BuiltRecord<pv1::PlacementRecord> built{{}, Table::kUasc, u.line, {}};
    pv1::UascPeriod* r = built.record.mutable_uasc_period();
    *r->mutable_header() = MakeHeader(authority, child);
    r->set_child_id(child);
    SetDate(u.ceased, [&] { return r->mutable_ceased_date(); });
    built.fields = {{"child_id", Table::kUasc, u.line, "CHILD"},
                    {"ceased_date", Table::kUasc, u.line, "DUC"}};
    out.push_back(std::move(built));
  }

  std::vector<const EpisodeRow*> episodes =
      OkRows(rows.episodes, mine.episodes, Table::kEpisodes, problems);
  std::sort(episodes.begin(), episodes.end(),
            [](const EpisodeRow* a, const EpisodeRow* b) { return *a->start < *b->start; });
  for (const EpisodeRow* e : episodes) {
    BuiltRecord<pv1::PlacementRecord> built{{}, Table::kEpisodes, e->line, {}};
    pv1::Episode* r = built.record.mutable_episode();
    *r->mutable_header() = MakeHeader(authority, ChildDateKey(child, *e->start));
    r->set_child_id(child);
    SetDate(e->start, [&] { return r->mutable_start_date(); });
    r->set_reason_new_episode(e->rne);
    r->set_legal_status(e->ls);
    r->set_category_of_need(e->cin);
    r->set_placement(e->place);
    r->set_placement_provider(e->provider);
    SetDate(e->end, [&] { return r->mutable_end_date(); });
    r->set_reason_ceased(e->rec);
    r->set_reason_place_change(e->place_change);
    const int l = e->line;
    built.fields = {{"child_id", Table::kEpisodes, l, "CHILD"},
                    {"start_date", Table::kEpisodes, l, "DECOM"},
                    {"reason_new_episode", Table::kEpisodes, l, "RNE"},
                    {"legal_status", Table::kEpisodes, l, "LS"},
                    {"category_of_need", Table::kEpisodes, l, "CIN"},
                    {"placement", Table::kEpisodes, l, "PLACE"},
                    {"placement_provider", Table::kEpisodes, l, "PLACE_PROVIDER"},
                    {"end_date", Table::kEpisodes, l, "DEC"},
                    {"reason_ceased", Table::kEpisodes, l, "REC"},
                    {"reason_place_change", Table::kEpisodes, l, "REASON_PLACE_CHANGE"}};
    out.push_back(std::move(built));
  }

  std::vector<const ReviewRow*> reviews =
      OkRows(rows.reviews, mine.reviews, Table::kReviews, problems);
  std::sort(reviews.begin(), reviews.end(),
            [](const ReviewRow* a, const ReviewRow* b) { return *a->date < *b->date; });
  for (const ReviewRow* v : reviews) {
    BuiltRecord<pv1::PlacementRecord> built{{}, Table::kReviews, v->line, {}};
    pv1::LacReview* r = built.record.mutable_review();
    *r->mutable_header() = MakeHeader(authority, ChildDateKey(child, *v->date));
    r->set_child_id(child);
    SetDate(v->date, [&] { return r->mutable_review_date(); });
    r->set_participation_code(v->participation);
    built.fields = {{"child_id", Table::kReviews, v->line, "CHILD"},
                    {"review_date", Table::kReviews, v->line, "REVIEW"},
                    {"participation_code", Table::kReviews, v->line, "REVIEW_CODE"}};
    out.push_back(std::move(built));
  }

  std::vector<const Ad1Row*> ad1 = OkRows(rows.ad1, mine.ad1, Table::kAd1, problems);
  std::vector<const PlacedAdoptionRow*> placed =
      OkRows(rows.placed_adoption, mine.placed_adoption, Table::kPlacedAdoption, problems);
  if (!ad1.empty() || !placed.empty()) {
    const Table table = !ad1.empty() ? Table::kAd1 : Table::kPlacedAdoption;
    const int line = !ad1.empty() ? ad1.front()->line : placed.front()->line;
    BuiltRecord<pv1::PlacementRecord> built{{}, table, line, {}};
    pv1::AdoptionMilestones* r = built.record.mutable_adoption();
    *r->mutable_header() = MakeHeader(authority, child);
    r->set_child_id(child);
    built.fields.push_back({"child_id", table, line, "CHILD"});
    if (!ad1.empty()) {
      const Ad1Row& a = *ad1.front();
      SetDate(a.decision, [&] { return r->mutable_should_be_placed_date(); });
      SetDate(a.matched, [&] { return r->mutable_matched_date(); });
      built.fields.push_back({"matched_date", Table::kAd1, a.line, "DATE_MATCH"});
      if (a.decision.has_value()) {
        built.fields.push_back({"should_be_placed_date", Table::kAd1, a.line, "DATE_INT"});
      }
    }
    // Without AD1's decision date, the latest decision in PlacedAdoption is the one sent.
    // Either way, the PlacedAdoption row of the decision sent gives its reversal, if any
    // (DATE_PLACED_CEASED, REASON_PLACED_CEASED). An earlier decision of the same return
    // is not kept: the record holds one decision (README, "Known limits").
    if (!r->has_should_be_placed_date() && !placed.empty()) {
      const PlacedAdoptionRow* latest = *std::max_element(
          placed.begin(), placed.end(), [](const PlacedAdoptionRow* a, const PlacedAdoptionRow* b) {
            return *a->decision < *b->decision;
          });
      SetDate(latest->decision, [&] { return r->mutable_should_be_placed_date(); });
      built.fields.push_back(
          {"should_be_placed_date", Table::kPlacedAdoption, latest->line, "DATE_PLACED"});
    }
    const std::optional<Date> decision = FromProtoDate(r->should_be_placed_date());
    for (const PlacedAdoptionRow* p : placed) {
      if (!decision.has_value() || *p->decision != *decision || !p->ceased.has_value()) continue;
      SetDate(p->ceased, [&] { return r->mutable_decision_reversed_date(); });
      r->set_decision_reversed_reason(p->ceased_reason);
      built.fields.push_back(
          {"decision_reversed_date", Table::kPlacedAdoption, p->line, "DATE_PLACED_CEASED"});
      built.fields.push_back(
          {"decision_reversed_reason", Table::kPlacedAdoption, p->line, "REASON_PLACED_CEASED"});
    }
    out.push_back(std::move(built));
  }

  std::vector<const PrevPermRow*> prev =
      OkRows(rows.prev_perm, mine.prev_perm, Table::kPrevPerm, problems);
  if (!prev.empty()) {
    const PrevPermRow& p = *prev.front();
    BuiltRecord<pv1::PlacementRecord> built{{}, Table::kPrevPerm, p.line, {}};
    pv1::PreviousPermanence* r = built.record.mutable_previous_permanence();
    *r->mutable_header() = MakeHeader(authority, child);
    r->set_child_id(child);
    r->set_previous_permanence(p.previous_permanence);
    r->set_arranged_by_authority(p.arranged_by);
    if (p.order_date.has_value()) SetPartialDate(*p.order_date, r->mutable_order_date());
    built.fields = {{"child_id", Table::kPrevPerm, p.line, "CHILD"},
                    {"previous_permanence", Table::kPrevPerm, p.line, "PREV_PERM"},
                    {"arranged_by_authority", Table::kPrevPerm, p.line, "LA_PERM"},
                    {"order_date", Table::kPrevPerm, p.line, "DATE_PERM"}};
    out.push_back(std::move(built));
  }

  std::vector<const Oc2Row*> oc2 = OkRows(rows.oc2, mine.oc2, Table::kOc2, problems);
  if (!oc2.empty()) {
    const Oc2Row& o = *oc2.front();
    BuiltRecord<pv1::PlacementRecord> built{{}, Table::kOc2, o.line, {}};
    pv1::Oc2Outcomes* r = built.record.mutable_oc2_outcomes();
    *r->mutable_header() = MakeHeader(authority, absl::StrCat(child, "/", year));
    r->set_child_id(child);
    r->set_collection_year(year);
    if (o.sdq_score.has_value()) r->set_sdq_score(*o.sdq_score);
    r->set_sdq_reason(o.sdq_reason);
    auto flag = [](const std::optional<bool>& value, auto set) {
      if (value.has_value()) set(*value);
    };
    flag(o.convicted, [r](bool v) { r->set_convicted(v); });
    flag(o.health_check, [r](bool v) { r->set_development_checks_up_to_date(v); });
    flag(o.immunisations, [r](bool v) { r->set_immunisations_up_to_date(v); });
    flag(o.teeth_check, [r](bool v) { r->set_teeth_checked(v); });
    flag(o.health_assessment, [r](bool v) { r->set_health_assessment_up_to_date(v); });
    flag(o.substance_misuse, [r](bool v) { r->set_substance_misuse(v); });
    flag(o.intervention_received, [r](bool v) { r->set_intervention_received(v); });
    flag(o.intervention_offered, [r](bool v) { r->set_intervention_offered(v); });
    built.fields = {{"child_id", Table::kOc2, o.line, "CHILD"},
                    {"sdq_score", Table::kOc2, o.line, "SDQ_SCORE"},
                    {"sdq_reason", Table::kOc2, o.line, "SDQ_REASON"}};
    out.push_back(std::move(built));
  }

  std::vector<const Oc3Row*> oc3 = OkRows(rows.oc3, mine.oc3, Table::kOc3, problems);
  if (!oc3.empty()) {
    const Oc3Row& o = *oc3.front();
    BuiltRecord<pv1::PlacementRecord> built{{}, Table::kOc3, o.line, {}};
    pv1::CareLeaverOutcome* r = built.record.mutable_care_leaver_outcome();
    *r->mutable_header() = MakeHeader(authority, absl::StrCat(child, "/", year));
    r->set_child_id(child);
    r->set_collection_year(year);
    r->set_in_touch(o.in_touch);
    r->set_activity(o.activity);
    r->set_accommodation(o.accommodation);
    built.fields = {{"child_id", Table::kOc3, o.line, "CHILD"},
                    {"in_touch", Table::kOc3, o.line, "IN_TOUCH"},
                    {"activity", Table::kOc3, o.line, "ACTIV"},
                    {"accommodation", Table::kOc3, o.line, "ACCOM"}};
    out.push_back(std::move(built));
  }

  std::vector<const SwEpisodeRow*> workers =
      OkRows(rows.sw_episodes, mine.sw_episodes, Table::kSwEpisodes, problems);
  std::sort(workers.begin(), workers.end(), [](const SwEpisodeRow* a, const SwEpisodeRow* b) {
    return PartialIsoDate(*a->start) < PartialIsoDate(*b->start);
  });
  for (const SwEpisodeRow* w : workers) {
    BuiltRecord<pv1::PlacementRecord> built{{}, Table::kSwEpisodes, w->line, {}};
    pv1::SocialWorkerEpisode* r = built.record.mutable_social_worker_episode();
    *r->mutable_header() =
        MakeHeader(authority, absl::StrCat(child, "/", PartialIsoDate(*w->start)));
    r->set_child_id(child);
    r->set_worker_id(w->worker);
    SetPartialDate(*w->start, r->mutable_start_date());
    if (w->end.has_value()) SetPartialDate(*w->end, r->mutable_end_date());
    r->set_reason(w->reason);
    const int l = w->line;
    built.fields = {{"child_id", Table::kSwEpisodes, l, "CHILD"},
                    {"worker_id", Table::kSwEpisodes, l, "SW_ID"},
                    {"start_date", Table::kSwEpisodes, l, "SW_DECOM"},
                    {"end_date", Table::kSwEpisodes, l, "SW_DEC"},
                    {"reason", Table::kSwEpisodes, l, "SW_REASON"}};
    out.push_back(std::move(built));
  }
  return out;
}

std::vector<BuiltRecord<sv1::SafeguardingRecord>> BuildSafeguardingRecords(
    const std::string& child, const ChildRows& mine, const ReturnRows& rows,
    const Problems& problems, const std::string& authority) {
  std::vector<BuiltRecord<sv1::SafeguardingRecord>> out;
  std::vector<const MissingRow*> missing =
      OkRows(rows.missing, mine.missing, Table::kMissing, problems);
  std::sort(missing.begin(), missing.end(),
            [](const MissingRow* a, const MissingRow* b) { return *a->start < *b->start; });
  for (const MissingRow* m : missing) {
    BuiltRecord<sv1::SafeguardingRecord> built{{}, Table::kMissing, m->line, {}};
    sv1::MissingEpisode* r = built.record.mutable_missing_episode();
    *r->mutable_header() = MakeHeader(authority, ChildDateKey(child, *m->start));
    r->set_child_id(child);
    SetDate(m->start, [&] { return r->mutable_start_date(); });
    SetDate(m->end, [&] { return r->mutable_end_date(); });
    if (m->kind == placement::ssda903::kMissingFromPlacement) {
      r->set_kind(sv1::MISSING_KIND_MISSING);
    } else if (m->kind == placement::ssda903::kAwayWithoutAuthorisation) {
      r->set_kind(sv1::MISSING_KIND_AWAY_WITHOUT_AUTHORISATION);
    }  // blank: the export did not say
    built.fields = {{"child_id", Table::kMissing, m->line, "CHILD"},
                    {"start_date", Table::kMissing, m->line, "MIS_START"},
                    {"end_date", Table::kMissing, m->line, "MIS_END"},
                    {"kind", Table::kMissing, m->line, "MISSING"}};
    out.push_back(std::move(built));
  }
  return out;
}

// One finding of a service validator: "records[3].episode.legal_status: unknown code ...".
struct ServiceFinding {
  int index = -1;
  std::string field;  // "legal_status", "header.source.id"
  std::string reason;
};

// Splits RecordValidator's message ("N invalid records; nothing was written; records[i].
// kind.field: reason; ...") into findings. A part that does not parse keeps index -1.
std::vector<ServiceFinding> ParseServiceFindings(absl::string_view message) {
  constexpr absl::string_view kPreamble = "nothing was written; ";
  if (size_t at = message.find(kPreamble); at != absl::string_view::npos) {
    message.remove_prefix(at + kPreamble.size());
  }
  // Each finding starts with "records[" at the start or after "; ".
  std::vector<size_t> starts;
  for (size_t at = message.find("records["); at != absl::string_view::npos;
       at = message.find("records[", at + 1)) {
    if (at == 0 || (at >= 2 && message.substr(at - 2, 2) == "; ")) starts.push_back(at);
  }
  std::vector<ServiceFinding> findings;
  for (size_t i = 0; i < starts.size(); ++i) {
    const size_t end = i + 1 < starts.size() ? starts[i + 1] - 2 : message.size();
    absl::string_view part = message.substr(starts[i], end - starts[i]);
    if (size_t more = part.find("; and "); more != absl::string_view::npos) {
      part = part.substr(0, more);
    }
    ServiceFinding finding;
    finding.reason = std::string(part);
    const size_t close = part.find(']');
    const size_t colon = part.find(": ");
    int index = 0;
    if (close != absl::string_view::npos && colon != absl::string_view::npos && close < colon &&
        absl::SimpleAtoi(part.substr(8, close - 8), &index)) {
      // After "]." comes "kind.field".
      absl::string_view path = part.substr(close + 2, colon - close - 2);
      const size_t dot = path.find('.');
      if (dot != absl::string_view::npos) {
        finding.index = index;
        finding.field = std::string(path.substr(dot + 1));
        finding.reason = std::string(part.substr(colon + 2));
      }
    }
    findings.push_back(std::move(finding));
  }
  if (findings.empty()) findings.push_back({-1, "", std::string(message)});
  return findings;
}

// Runs the service's own ingest validation over one child's records, so that what the
// importer passes the service will accept; findings are reported against their cells.
template <typename Record, typename Request, typename Validate>
void ValidateWithService(const std::vector<BuiltRecord<Record>>& built, Validate validate,
                         absl::string_view service, const std::string& child, Problems& problems) {
  if (built.empty()) return;
  Request request;
  for (const BuiltRecord<Record>& b : built) *request.add_records() = b.record;
  const absl::Status status = validate(request);
  if (status.ok()) return;
  for (const ServiceFinding& f : ParseServiceFindings(status.message())) {
    if (f.index < 0 || static_cast<size_t>(f.index) >= built.size()) {
      problems.Add(built.front().table, built.front().line, "", child,
                   absl::StrCat("rejected by the ", service, " service's checks: ", f.reason));
      continue;
    }
    const BuiltRecord<Record>& b = built[f.index];
    FieldOrigin origin{f.field, b.table, b.line, ""};
    if (absl::StartsWith(f.field, "header.")) origin.column = "CHILD";  // the key is CHILD's
    for (const FieldOrigin& o : b.fields) {
      if (o.field == f.field) origin = o;
    }
    problems.Add(origin.table, origin.line, origin.column, child,
                 absl::StrCat(f.field, ": ", f.reason, " (", service, " service check)"));
  }
}

bool EntryBefore(const ReportEntry& a, const ReportEntry& b) {
  // Fatal first; then the return-wide ones (no table), then by table order, line, column.
  auto table_rank = [](const ReportEntry& e) {
    for (const TableSpec& spec : AllTables()) {
      if (spec.name == e.table) return static_cast<int>(spec.table);
    }
    return -1;
  };
  return std::make_tuple(!a.fatal, table_rank(a), a.line, !a.is_problem) <
         std::make_tuple(!b.fatal, table_rank(b), b.line, !b.is_problem);
}

}  // namespace

absl::Status ValidateImportOptions(const ImportOptions& options) {
  if (absl::Status s = ValidateAuthorityCode("authority", options.authority); !s.ok()) return s;
  if (options.year < kFirstYear || options.year > kLastYear) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "year %d is outside the layouts this importer knows: %d (for %d-%02d) to %d (for "
        "%d-%02d)",
        options.year, kFirstYear, kFirstYear, (kFirstYear + 1) % 100, kLastYear, kLastYear,
        (kLastYear + 1) % 100));
  }
  return absl::OkStatus();
}

absl::StatusOr<ImportResult> ImportReturn(absl::Span<const InputFile> files,
                                          const ImportOptions& options) {
  if (absl::Status s = ValidateImportOptions(options); !s.ok()) return s;
  const absl::Time began = absl::Now();
  const DateRange year = FinancialYear(options.year);
  ImportResult result;
  Problems problems;

  // 1. Files to tables; each table's columns; rows, cell by cell.
  const ReturnRows rows = ReadReturn(files, year, problems, result.stats);

  if (!problems.has_fatal()) {
    // 2. Each child's rows together.
    absl::flat_hash_map<std::string, ChildRows> by_child;
    auto index = [&](const auto& all, std::vector<int> ChildRows::*member) {
      for (size_t i = 0; i < all.size(); ++i) {
        (by_child[all[i].child].*member).push_back(static_cast<int>(i));
      }
    };
    index(rows.header, &ChildRows::header);
    index(rows.episodes, &ChildRows::episodes);
    index(rows.reviews, &ChildRows::reviews);
    index(rows.uasc, &ChildRows::uasc);
    index(rows.ad1, &ChildRows::ad1);
    index(rows.placed_adoption, &ChildRows::placed_adoption);
    index(rows.missing, &ChildRows::missing);
    index(rows.oc2, &ChildRows::oc2);
    index(rows.oc3, &ChildRows::oc3);
    index(rows.prev_perm, &ChildRows::prev_perm);
    index(rows.sw_episodes, &ChildRows::sw_episodes);
    std::vector<const std::string*> children;
    children.reserve(by_child.size());
    for (const auto& [child, unused] : by_child) children.push_back(&child);
    std::sort(children.begin(), children.end(),
              [](const std::string* a, const std::string* b) { return *a < *b; });
    result.stats.children = static_cast<int>(children.size());

    // 3. Per child: checks, records, the services' checks; then all or nothing.
    for (const std::string* child_ptr : children) {
      const std::string& child = *child_ptr;
      const ChildRows& mine = by_child.at(child);
      CheckChild(child, mine, rows, problems);
      auto placement_records =
          BuildPlacementRecords(child, mine, rows, problems, options.authority, options.year);
      auto safeguarding_records =
          BuildSafeguardingRecords(child, mine, rows, problems, options.authority);
      ValidateWithService<pv1::PlacementRecord, pv1::IngestRequest>(
          placement_records,
          [](const pv1::IngestRequest& r) { return placement::ValidatePlacementBatch(r); },
          "placement", child, problems);
      ValidateWithService<sv1::SafeguardingRecord, sv1::IngestRequest>(
          safeguarding_records,
          [](const sv1::IngestRequest& r) { return safeguarding::ValidateSafeguardingBatch(r); },
          "safeguarding", child, problems);
      if (!problems.ChildHasProblem(child)) {
        ++result.stats.children_imported;
        for (auto& b : placement_records) result.placement.push_back(std::move(b.record));
        for (auto& b : safeguarding_records) result.safeguarding.push_back(std::move(b.record));
        continue;
      }
      ++result.stats.children_rejected;
      // Every row held back is in the report: with its own problem, or as collateral.
      const std::string why =
          absl::StrCat("not imported: held back with the rest of this child's rows (problem at ",
                       problems.FirstProblemOf(child), ")");
      auto held_back = [&](const auto& all, const std::vector<int>& mine_rows, Table table) {
        for (int i : mine_rows) {
          if (problems.RowHasProblem(table, all[i].line)) continue;
          ReportEntry e;
          e.table = std::string(TableName(table));
          e.line = all[i].line;
          e.child = child;
          e.reason = why;
          e.is_problem = false;
          result.report.push_back(std::move(e));
        }
      };
      held_back(rows.header, mine.header, Table::kHeader);
      held_back(rows.episodes, mine.episodes, Table::kEpisodes);
      held_back(rows.reviews, mine.reviews, Table::kReviews);
      held_back(rows.uasc, mine.uasc, Table::kUasc);
      held_back(rows.ad1, mine.ad1, Table::kAd1);
      held_back(rows.placed_adoption, mine.placed_adoption, Table::kPlacedAdoption);
      held_back(rows.missing, mine.missing, Table::kMissing);
      held_back(rows.oc2, mine.oc2, Table::kOc2);
      held_back(rows.oc3, mine.oc3, Table::kOc3);
      held_back(rows.prev_perm, mine.prev_perm, Table::kPrevPerm);
      held_back(rows.sw_episodes, mine.sw_episodes, Table::kSwEpisodes);
    }
  }

  result.stats.problems = static_cast<int>(problems.size());
  if (problems.empty()) {
    result.outcome = ImportOutcome::kComplete;
  } else if (problems.has_fatal() || options.strict) {
    result.outcome = ImportOutcome::kNothingImported;
    result.placement.clear();
    result.safeguarding.clear();
    result.report.clear();  // everything is held back: the problems say why
    result.stats.children_imported = 0;
    result.stats.children_rejected = result.stats.children;
  } else {
    result.outcome = ImportOutcome::kPartial;
  }
  std::vector<ReportEntry>& found = problems.entries();
  result.report.insert(result.report.begin(), std::make_move_iterator(found.begin()),
                       std::make_move_iterator(found.end()));
  std::stable_sort(result.report.begin(), result.report.end(), EntryBefore);
  result.stats.elapsed = absl::Now() - began;
  return result;
}

absl::StatusOr<std::vector<InputFile>> ReadReturnFolder(const std::string& folder) {
  namespace fs = std::filesystem;
  std::error_code error;
  fs::directory_iterator it(folder, error);
  if (error) {
    return absl::NotFoundError(absl::StrCat("cannot read folder ", folder, ": ", error.message()));
  }
  std::vector<fs::path> paths;
  for (const fs::directory_entry& entry : it) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name[0] == '.') continue;
    if (!absl::EndsWithIgnoreCase(name, ".csv")) continue;
    if (!entry.is_regular_file(error)) continue;
    paths.push_back(entry.path());
  }
  if (paths.empty()) return absl::NotFoundError(absl::StrCat("no .csv files in ", folder));
  std::sort(paths.begin(), paths.end());
  std::vector<InputFile> files;
  for (const fs::path& path : paths) {
    std::ifstream in(path, std::ios::binary);
    if (!in.is_open()) return absl::UnavailableError(absl::StrCat("cannot open ", path.string()));
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return absl::UnavailableError(absl::StrCat("cannot read ", path.string()));
    files.push_back({path.filename().string(), text.str()});
  }
  return files;
}

absl::StatusOr<ImportResult> ImportFolder(const std::string& folder, const ImportOptions& options) {
  if (absl::Status s = ValidateImportOptions(options); !s.ok()) return s;
  absl::StatusOr<std::vector<InputFile>> files = ReadReturnFolder(folder);
  if (!files.ok()) return files.status();
  return ImportReturn(*files, options);
}

}  // namespace scorecard::ssda903
