// Workforce: social workers (permanent and agency), their sickness absence and supervision.
//
// Starters and leavers per month come from the card's month and year-to-date rows; agency
// workers come and go so that agency FTE / all FTE shows the month's agency rate; sickness
// absences add up, in working days, to each quarter's days lost; and each month the fewest
// case holders go unsupervised for the mean of the teams' rates to show the card's figure.
// Everyone is full time, so FTE-weighted figures are whole working days.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "tools/seed_card/seed_context.h"

namespace scorecard::seed_card::internal {
namespace {

namespace wv1 = ::scorecard::workforce::v1;

constexpr const char* kTeams[] = {"Assessment", "Child in Need", "Child Protection",
                                  "Looked After", "DCT"};
constexpr int kTeamCount = 5;
// Permanent social workers in post on the day before the year starts.
constexpr int kPermanentAtStart = 82;
constexpr int kLongestAbsenceWorkingDays = 10;

struct Role {
  std::string worker_id;
  std::string team;
  bool agency = false;
  Date start;
  std::optional<Date> end;  // last day worked
  bool InPostOn(Date d) const { return start <= d && (!end.has_value() || *end >= d); }
};

class WorkforceSeed {
 public:
  explicit WorkforceSeed(SeedContext& ctx)
      : ctx_(ctx), random_(ctx.Random(kStreamStaff)), sickness_random_(ctx.Random(kStreamSickness)),
        supervision_random_(ctx.Random(kStreamSupervision)) {
    roles_.reserve(1000);  // Role pointers are held while hiring
  }

  std::vector<wv1::WorkforceRecord> Generate() {
    PlaceStaff();
    PlaceSickness();
    PlaceSupervision();
    return std::move(records_);
  }

 private:
  std::string NextTeam() { return kTeams[(next_team_++) % kTeamCount]; }

  Role& Hire(bool agency, Date start) {
    roles_.push_back({ctx_.NewId("W"), NextTeam(), agency, start, std::nullopt});
    return roles_.back();
  }

  int InPost(Date d, bool agency) const {
    int n = 0;
    for (const Role& r : roles_) n += r.InPostOn(d) && r.agency == agency;
    return n;
  }

  void PlaceStaff() {
    const Date before = ctx_.MonthStart(0) - 1;
    for (int i = 0; i < kPermanentAtStart; ++i) {
      Hire(false, before - random_.Int(60, 3650));
    }
    const std::vector<int> starters = BestCountSeries(
        ctx_.Row(kWorkforce, "Starters - during the month"), ctx_.Row(kWorkforce, "Starters - year to date"));
    const std::vector<int> leavers = BestCountSeries(
        ctx_.Row(kWorkforce, "Leavers - during the month"), ctx_.Row(kWorkforce, "Leavers - year to date"));
    const Series agency_rate = ctx_.Row(kWorkforce, "Agency Worker Rate (snapshot)");
    int agency = 0;
    for (int i = 0; i < kYearMonths; ++i) {
      const Date end = ctx_.MonthEnd(i);
      // Leavers go from those in post before the year, on working days spread over the
      // month, never its last day (so the month-end snapshot has them gone).
      std::vector<Role*> stayers;
      for (Role& r : roles_) {
        if (!r.agency && !r.end.has_value() && r.start < ctx_.MonthStart(0)) {
          stayers.push_back(&r);
        }
      }
      for (int k = 0; k < leavers[i] && k < static_cast<int>(stayers.size()); ++k) {
        Role* r = stayers[k];
        r->end = std::min(ctx_.Spread(i, k, leavers[i]), ctx_.AddWorkingDays(end, -1));
      }
      for (int k = 0; k < starters[i]; ++k) Hire(false, ctx_.Spread(i, k, starters[i]));
      // Agency workers to the rate: new ones start, or the latest arrivals leave.
      const int permanent = InPost(end, false);
      const std::string cell = NearestCell(agency_rate, i);
      const std::optional<int> wanted = AgencyFor(permanent, cell, agency);
      if (!wanted.has_value()) {
        ctx_.Fail(absl::InternalError(
            absl::StrCat("workforce: no agency headcount shows ", cell, "% in month ", i)));
        continue;
      }
      std::vector<Role*> open;
      for (Role& r : roles_) {
        if (r.agency && !r.end.has_value()) open.push_back(&r);
      }
      const int have = static_cast<int>(open.size());
      for (int k = have; k < *wanted; ++k) {
        Hire(true, i == 0 ? before - random_.Int(20, 500) : ctx_.Spread(i, k - have, *wanted - have));
      }
      for (int k = 0; k < have - *wanted; ++k) {
        open[have - 1 - k]->end = ctx_.AddWorkingDays(end, -1 - k % 5);
      }
      agency = *wanted;
    }
    for (const Role& r : roles_) {
      wv1::Worker* w = records_.emplace_back().mutable_worker();
      ctx_.SetHeader(w, "role-" + r.worker_id);
      w->set_worker_id(r.worker_id);
      w->set_employment(r.agency ? wv1::EMPLOYMENT_TYPE_AGENCY : wv1::EMPLOYMENT_TYPE_PERMANENT);
      w->set_fte(1.0);
      w->set_team(r.team);
      w->set_role("social-worker");
      w->set_case_holding(true);
      Set(w->mutable_start_date(), r.start);
      Set(w->mutable_end_date(), r.end.has_value() && *r.end <= ctx_.Horizon()
                                     ? r.end
                                     : std::optional<Date>());
      if (r.end.has_value() && *r.end <= ctx_.Horizon()) {
        w->set_reason_leaving(r.agency ? "contract-ended" : "resigned");
      }
    }
  }

  // The month's cell, or the nearest published one: months past the card keep its last
  // figure.
  static std::string NearestCell(const Series& cells, int i) {
    for (int d = 0; d < kYearMonths; ++d) {
      if (i - d >= 0 && !cells[i - d].empty()) return cells[i - d];
      if (i + d < kYearMonths && !cells[i + d].empty()) return cells[i + d];
    }
    return "";
  }

  // Whole-day absences, one working-day run each, that add up to each quarter's days lost;
  // a half day (first_day_fraction 0.5) carries a .5. Only permanent workers in post the
  // whole year are absent, so no absence meets a day out of post.
  void PlaceSickness() {
    std::vector<const Role*> absent_pool;
    for (const Role& r : roles_) {
      if (!r.agency && r.start < ctx_.MonthStart(0) && !r.end.has_value()) absent_pool.push_back(&r);
    }
    if (absent_pool.empty()) {
      ctx_.Fail(absl::InternalError("workforce: nobody in post all year to be absent"));
      return;
    }
    size_t next_worker = 0;
    std::vector<Date> free_from(absent_pool.size(), ctx_.MonthStart(0));
    for (int quarter = 0; quarter < kYearMonths / 3; ++quarter) {
      const int last_month = 3 * quarter + 2;
      const double days = ctx_.Target(kWorkforce, "Sickness Absence - days lost in Quarter", last_month);
      const Date q_start = ctx_.MonthStart(3 * quarter);
      const Date q_end = ctx_.MonthEnd(last_month);
      int whole = static_cast<int>(days);
      const bool half = days - whole >= 0.25;
      // Each worker's absences in the quarter start after their previous one.
      std::fill(free_from.begin(), free_from.end(), q_start);
      int absence = 0;
      while (whole > 0 || half) {
        const bool this_half = whole == 0;
        int length = this_half ? 1 : std::min(whole, sickness_random_.Int(1, kLongestAbsenceWorkingDays));
        const size_t w = next_worker++ % absent_pool.size();
        Date start = ctx_.WorkingDayOnOrAfter(
            std::max(free_from[w], q_start + sickness_random_.Int(0, 60)));
        Date end = ctx_.AddWorkingDays(start, length - 1);
        if (end > q_end) {
          // No room left after this worker's last absence: try the next worker.
          if (absence++ > 10000) break;
          continue;
        }
        wv1::SicknessAbsence* a = records_.emplace_back().mutable_sickness_absence();
        ctx_.SetHeader(a, ctx_.NewId("SA"));
        a->set_worker_id(absent_pool[w]->worker_id);
        Set(a->mutable_start_date(), start);
        Set(a->mutable_end_date(), end);
        if (this_half) {
          a->set_first_day_fraction(0.5);
          break;
        }
        free_from[w] = end + 2;
        whole -= length;
      }
      if (whole > 0) {
        ctx_.Fail(absl::InternalError(
            absl::StrCat("workforce: could not place the sickness of quarter ", quarter + 1)));
      }
    }
  }

  // One session in the month for every case holder in post at its end except the fewest
  // unsupervised the mean of team rates allows.
  void PlaceSupervision() {
    const Series cells = ctx_.Row(kWorkforce,
        "Supervision - staff supervised in the last month (snapshot - average across all teams)");
    for (int i = 0; i < kYearMonths; ++i) {
      const Date end = ctx_.MonthEnd(i);
      std::vector<std::string> teams;
      std::vector<std::vector<const Role*>> members;
      for (const char* team : kTeams) {
        std::vector<const Role*> in_team;
        for (const Role& r : roles_) {
          if (r.team == team && r.InPostOn(end)) in_team.push_back(&r);
        }
        if (in_team.empty()) continue;
        teams.push_back(team);
        members.push_back(std::move(in_team));
      }
      std::vector<int> sizes;
      for (const auto& m : members) sizes.push_back(static_cast<int>(m.size()));
      const std::string cell = NearestCell(cells, i);
      const std::optional<std::vector<int>> missed = UnsupervisedFor(sizes, cell);
      if (!missed.has_value()) {
        ctx_.Fail(absl::InternalError(
            absl::StrCat("workforce: no supervision pattern shows ", cell, "% in month ", i)));
        continue;
      }
      const std::vector<Date> days = ctx_.WorkingDaysOf(i);
      for (size_t t = 0; t < members.size(); ++t) {
        std::vector<const Role*> people = members[t];
        // Who goes without: a different few each month.
        for (size_t k = people.size(); k > 1; --k) {
          std::swap(people[k - 1], people[supervision_random_.Int(0, static_cast<int>(k) - 1)]);
        }
        for (size_t k = (*missed)[t]; k < people.size(); ++k) {
          std::vector<Date> possible;
          for (Date d : days) {
            if (d >= people[k]->start) possible.push_back(d);
          }
          if (possible.empty()) possible.push_back(end);
          wv1::SupervisionSession* s = records_.emplace_back().mutable_supervision();
          ctx_.SetHeader(s, ctx_.NewId("SUP"));
          s->set_worker_id(people[k]->worker_id);
          Set(s->mutable_session_date(),
              possible[supervision_random_.Int(0, static_cast<int>(possible.size()) - 1)]);
        }
      }
    }
  }

  SeedContext& ctx_;
  demo_data::DemoRandom random_;
  demo_data::DemoRandom sickness_random_;
  demo_data::DemoRandom supervision_random_;
  std::vector<Role> roles_;
  std::vector<wv1::WorkforceRecord> records_;
  int next_team_ = 0;
};

}  // namespace

std::vector<wv1::WorkforceRecord> GenerateWorkforce(SeedContext& ctx) {
  return WorkforceSeed(ctx).Generate();
}

}  // namespace scorecard::seed_card::internal
