// Safeguarding: the front door (contacts), referrals with their assessments, section 47
// enquiries, conferences and child protection plans, children in need, and the smaller
// flows (LADO, private fostering, missing episodes, CSE risk).
//
// Contacts are simulated day by day from four years before the year, so that the cases
// open on 1 April (children in need, plans, assessments still running) come from the same
// flow as the year's own. A referral's whole chain is written if it starts in the year or
// is still open on 1 April; other history is dropped.
#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "tools/demo_data/generator_context.h"

namespace scorecard::demo_data::internal {
namespace {

namespace sv1 = ::scorecard::safeguarding::v1;

// Volumes at scale 1.
constexpr double kContactsPerWorkingDay = 14.8;  // about 4,000 a year
constexpr double kWeekendShare = 0.12;           // of a working day's contacts
constexpr double kReferralShare = 0.36;          // of contacts: about 1,450 a year
// The shares of referrals going on to S47 enquiries, conferences and plans (about 450
// enquiries a year at scale 1) are GeneratorParameters.
constexpr double kLadoPerMonth = 12;
constexpr double kMissingPerMonth = 50;
constexpr double kCseFlagsPerYear = 16;
constexpr double kPrivateFosteringPerYear = 2.2;
constexpr double kEarlyHelpEpisodeShare = 0.25;  // of early-help contacts

constexpr int kHistoryMonths = 48;
constexpr int kEventHistoryDays = 91;  // CP visits and core groups before the year
// Contacts run higher in term time and lower in August and at Christmas (January first).
constexpr double kMonthFactor[12] = {1.0, 1.0,  1.0, 0.95, 1.05, 1.05,
                                     1.0, 0.85, 1.1, 1.1,  1.1,  0.85};

constexpr WeightedCode kAgency[] = {{"police", 28},      {"school", 18},     {"health", 16},
                                    {"la-services", 10}, {"individual", 12}, {"housing", 5},
                                    {"anonymous", 3},    {"other", 8}};
constexpr WeightedCode kContactOutcome[] = {
    {"referral", 100 * kReferralShare}, {"early-help", 16}, {"nfa", 38}, {"advice", 10}};
constexpr WeightedCode kFactors[] = {{"1B", 6},  {"2B", 6},  {"3A", 10},  {"3B", 12}, {"4B", 10},
                                     {"5B", 3},  {"6B", 3},  {"7A", 3},   {"10A", 3}, {"11A", 0.4},
                                     {"14A", 4}, {"15A", 4}, {"16A", 10}, {"17A", 3}, {"18A", 5}};
constexpr WeightedCode kPlanCategory[] = {
    {"NEG", 45}, {"EMO", 35}, {"PHY", 8}, {"SAB", 4}, {"MUL", 8}};

absl::string_view ReferralSourceFor(absl::string_view agency, DemoRandom& random) {
  if (agency == "police") return "6";
  if (agency == "school") return "2A";
  if (agency == "health") {
    static constexpr absl::string_view kHealth[] = {"3A", "3B", "3D", "3E", "3F"};
    return random.Pick(kHealth);
  }
  if (agency == "la-services") return "5A";
  if (agency == "individual") {
    static constexpr absl::string_view kIndividual[] = {"1A", "1B", "1D"};
    return random.Pick(kIndividual);
  }
  if (agency == "housing") return "4";
  if (agency == "anonymous") return "9";
  return "8";
}

struct ContactModel {
  int child = 0;
  Date date;
  Date decision;
  absl::string_view agency;
  absl::string_view outcome;
};

struct PlanModel {
  Date start;
  Date end;
  absl::string_view category;
  int previous_plans = 0;
  std::vector<std::pair<Date, Date>> reviews;  // (conference, report shared)
  struct Visit {
    Date date;
    bool seen;
    bool seen_alone;
  };
  std::vector<Visit> visits;
  std::vector<Date> core_groups;
};

struct ChainModel {
  ContactModel contact;
  int child = 0;
  std::string team;          // who assesses
  std::string holding_team;  // who holds the case afterwards
  Date referral;
  Date referral_decision;
  absl::string_view referral_source;
  Date assessment_start;
  Date authorised;
  std::vector<absl::string_view> factors;
  bool section47 = false;
  Date strategy;
  std::optional<Date> icpc;
  Date icpc_report;
  Date icpc_ruled_out;  // when no conference: the day that was decided
  std::optional<PlanModel> plan;
  Date cin_end;
};

struct EarlyHelpModel {
  ContactModel contact;
  Date start;
  Date end;
};

// Days (working) from referral to authorisation.
int AssessmentWorkingDays(AssessmentTimeliness timeliness, DemoRandom& random) {
  switch (timeliness) {
    case AssessmentTimeliness::kDemo:
      // About nine in ten within 45.
      if (random.Chance(0.9)) return random.Int(10, 45);
      return 46 + std::min(80, static_cast<int>(std::lround(random.Exponential(12))));
    case AssessmentTimeliness::kNational: {
      // Half by day 33 (the median), 86% by day 45, a tail of late ones after.
      const double u = random.Uniform();
      if (u < 0.5) return random.Int(5, 33);
      if (u < 0.86) return random.Int(34, 45);
      return 46 + std::min(80, static_cast<int>(std::lround(random.Exponential(15))));
    }
  }
  return 45;
}

PlanModel DrawPlan(Date start, const GeneratorContext& ctx, DemoRandom& random) {
  PlanModel plan;
  plan.start = start;
  plan.category = random.PickWeighted(kPlanCategory);
  const double u = random.Uniform();
  plan.previous_plans = u < 0.8 ? 0 : (u < 0.95 ? 1 : 2);
  const double months = random.Chance(0.55) ? random.Real(3, 9) : random.Real(9, 18);
  const Date drawn_end = start + static_cast<int>(std::lround(months * 30.44));
  // Most plans end at the review conference nearest the drawn length; some end between
  // conferences (a move away, care proceedings).
  const bool ends_at_review = random.Chance(0.8);
  Date conference = ctx.WorkingDayOnOrBefore(AddCalendarMonths(start, 3) - random.Int(0, 14));
  for (;;) {
    if (random.Chance(0.015)) conference = ctx.WorkingDayOnOrAfter(conference + random.Int(1, 10));
    // Most review reports reach the family at least 5 working days before.
    const int ahead = random.Chance(0.77) ? random.Int(5, 8) : random.Int(1, 4);
    const Date report = std::max(start, ctx.AddWorkingDays(conference, -ahead));
    if (conference > drawn_end) {
      const bool nearer_than_last =
          plan.reviews.empty() || conference - drawn_end < drawn_end - plan.reviews.back().first;
      if (ends_at_review && nearer_than_last) plan.reviews.push_back({conference, report});
      break;
    }
    plan.reviews.push_back({conference, report});
    conference = ctx.WorkingDayOnOrBefore(AddCalendarMonths(conference, 6) - random.Int(0, 21));
  }
  plan.end = ends_at_review && !plan.reviews.empty() ? plan.reviews.back().first : drawn_end;
  if (!ends_at_review) {
    // Conferences after the plan has ended do not happen.
    while (!plan.reviews.empty() && plan.reviews.back().first > plan.end) plan.reviews.pop_back();
  }
  // Statutory visits, mostly within 10 working days of the last.
  for (Date visit = ctx.AddWorkingDays(start, random.Int(1, 5)); visit <= plan.end;
       visit =
           ctx.AddWorkingDays(visit, random.Chance(0.9) ? random.Int(5, 10) : random.Int(11, 14))) {
    const bool seen = random.Chance(0.96);
    plan.visits.push_back({visit, seen, seen && random.Chance(0.6)});
  }
  // The first core group within 10 working days, then every four to six weeks.
  for (Date meeting = ctx.AddWorkingDays(start, random.Int(3, 10)); meeting <= plan.end;
       meeting = ctx.WorkingDayOnOrAfter(
           meeting + (random.Chance(0.96) ? random.Int(28, 42) : random.Int(43, 60)))) {
    plan.core_groups.push_back(meeting);
  }
  return plan;
}

ChainModel DrawChain(const ContactModel& contact, const GeneratorContext& ctx, DemoRandom& random) {
  const GeneratorParameters& params = ctx.parameters();
  ChainModel c;
  c.contact = contact;
  c.child = contact.child;
  c.team = random.Chance(0.04) ? "DCT" : "Assessment";
  c.referral = contact.decision;
  c.referral_decision = ctx.AddWorkingDays(c.referral, random.Chance(0.85) ? 0 : 1);
  c.referral_source = ReferralSourceFor(contact.agency, random);
  const int start_after = random.Chance(0.6) ? 0 : random.Int(1, 3);
  c.assessment_start = ctx.AddWorkingDays(c.referral, start_after);
  c.authorised =
      ctx.AddWorkingDays(c.referral, std::max(start_after, AssessmentWorkingDays(
                                                               params.assessment_timeliness, random)));
  const int factors = random.Int(1, 3);
  for (int i = 0; i < factors; ++i) {
    absl::string_view code = random.PickWeighted(kFactors);
    if (std::find(c.factors.begin(), c.factors.end(), code) == c.factors.end()) {
      c.factors.push_back(code);
    }
  }
  c.section47 = random.Chance(params.section47_share);
  if (c.section47) {
    c.strategy = ctx.AddWorkingDays(c.referral, random.Chance(0.5) ? 0 : random.Int(1, 8));
    if (random.Chance(params.icpc_share)) {
      const int days =
          random.Chance(params.icpc_within_15wd_share) ? random.Int(5, 15) : random.Int(16, 20);
      c.icpc = ctx.AddWorkingDays(c.strategy, days);
      // Most reports reach the family at least 3 working days before the conference.
      const int ahead = random.Chance(0.8) ? random.Int(3, 5) : random.Int(0, 2);
      c.icpc_report = std::max(c.strategy, ctx.AddWorkingDays(*c.icpc, -ahead));
      if (random.Chance(params.plan_share)) c.plan = DrawPlan(*c.icpc, ctx, random);
    } else {
      c.icpc_ruled_out = ctx.AddWorkingDays(c.strategy, random.Int(3, 12));
    }
  }
  // About half close when the assessment is done; the rest stay open as children in need.
  c.cin_end = c.authorised + random.Int(0, 10);
  if (random.Chance(0.5)) {
    c.cin_end = c.cin_end + std::min(3 * 365, static_cast<int>(random.Exponential(300)));
  }
  if (c.plan.has_value()) c.cin_end = std::max(c.cin_end, c.plan->end + random.Int(10, 120));
  if (c.team == "DCT") {
    c.holding_team = "DCT";
  } else if (c.plan.has_value() || c.cin_end - c.referral > 60) {
    c.holding_team = "Child Protection";
  } else {
    c.holding_team = "Assessment";
  }
  return c;
}

// Someone a missing episode or CSE flag can be about, while their case is open.
struct AtRiskChild {
  std::string child_id;
  Date from;
  Date to;
  double weight;  // relative chance of being the one picked; 0 never
};

class SafeguardingWriter {
 public:
  explicit SafeguardingWriter(GeneratorContext& ctx) : ctx_(ctx) {}

  void Contact(const ContactModel& m) {
    sv1::Contact& r = contacts_.emplace_back();
    r.set_child_id(ctx_.ChildId(ChildOrigin::kFrontDoor, m.child));
    *r.mutable_contact_date() = ToProtoDate(m.date);
    r.set_source_agency(std::string(m.agency));
    if (m.decision <= ctx_.year_end()) {
      *r.mutable_decision_date() = ToProtoDate(m.decision);
      r.set_outcome(std::string(m.outcome));
    }
  }

  // The chain's records; its referral must be dated within the data.
  void Chain(const ChainModel& c) {
    const std::string child_id = ctx_.ChildId(ChildOrigin::kFrontDoor, c.child);
    Contact(c.contact);
    const std::string referral_id = SourceId("REF", static_cast<int>(referrals_.size()) + 1);
    {
      sv1::Referral& r = referrals_.emplace_back();
      ctx_.SetHeader(&r, referral_id);
      r.set_child_id(child_id);
      *r.mutable_referral_date() = ToProtoDate(c.referral);
      r.set_referral_source(std::string(c.referral_source));
      if (auto day = Reached(c.referral_decision)) *r.mutable_decision_date() = ToProtoDate(*day);
      r.set_team(c.team);
      if (auto day = Reached(c.cin_end)) *r.mutable_closure_date() = ToProtoDate(*day);
    }
    if (c.assessment_start <= ctx_.year_end()) {
      sv1::Assessment& r = assessments_.emplace_back();
      ctx_.SetHeader(&r, SourceId("ASM", static_cast<int>(assessments_.size())));
      r.set_child_id(child_id);
      r.set_referral_source_id(referral_id);
      *r.mutable_referral_date() = ToProtoDate(c.referral);
      *r.mutable_start_date() = ToProtoDate(c.assessment_start);
      if (auto day = Reached(c.authorised)) *r.mutable_authorisation_date() = ToProtoDate(*day);
      for (absl::string_view f : c.factors) r.add_factors(std::string(f));
      r.set_team(c.team);
    }
    if (c.section47 && c.strategy <= ctx_.year_end()) {
      sv1::Section47Enquiry& r = section47s_.emplace_back();
      ctx_.SetHeader(&r, SourceId("S47", static_cast<int>(section47s_.size())));
      r.set_child_id(child_id);
      *r.mutable_strategy_discussion_date() = ToProtoDate(c.strategy);
      *r.mutable_icpc_target_date() = ToProtoDate(ctx_.AddWorkingDays(c.strategy, 15));
      if (c.icpc.has_value() && *c.icpc <= ctx_.year_end()) {
        *r.mutable_icpc_date() = ToProtoDate(*c.icpc);
        *r.mutable_icpc_report_shared_date() = ToProtoDate(c.icpc_report);
      } else if (!c.icpc.has_value() && c.icpc_ruled_out <= ctx_.year_end()) {
        r.set_icpc_not_required(true);
      }
      r.set_team(c.team);
    }
    if (c.plan.has_value() && c.plan->start <= ctx_.year_end()) Plan(child_id, c, *c.plan);
    {
      sv1::CinEpisode& r = cin_episodes_.emplace_back();
      r.set_child_id(child_id);
      *r.mutable_start_date() = ToProtoDate(c.referral);
      if (auto day = Reached(c.cin_end)) *r.mutable_end_date() = ToProtoDate(*day);
      r.set_team(c.holding_team);
    }
  }

  // A looked-after child is a child in need for as long as they are looked after.
  void LookedAfter(const LookedAfterSummary& child) {
    sv1::CinEpisode& r = cin_episodes_.emplace_back();
    r.set_child_id(child.child_id);
    *r.mutable_start_date() = ToProtoDate(child.start);
    if (auto day = Reached(child.end)) *r.mutable_end_date() = ToProtoDate(*day);
    r.set_team(child.team);
  }

  void EarlyHelp(const EarlyHelpModel& m) {
    Contact(m.contact);
    sv1::CinEpisode& r = cin_episodes_.emplace_back();
    r.set_child_id(ctx_.ChildId(ChildOrigin::kFrontDoor, m.contact.child));
    *r.mutable_start_date() = ToProtoDate(m.start);
    if (auto day = Reached(m.end)) *r.mutable_end_date() = ToProtoDate(*day);
    r.set_early_intervention(true);
    r.set_team("Early Help");
  }

  void Lado(Date date) {
    sv1::LadoReferral& r = lado_.emplace_back();
    *r.mutable_referral_date() = ToProtoDate(date);
  }

  void PrivateFostering(const std::string& child_id, Date start, Date end) {
    sv1::PrivateFosteringArrangement& r = private_fostering_.emplace_back();
    r.set_child_id(child_id);
    *r.mutable_start_date() = ToProtoDate(start);
    if (auto day = Reached(end)) *r.mutable_end_date() = ToProtoDate(*day);
  }

  void Missing(const std::string& child_id, Date start, Date end) {
    sv1::MissingEpisode& r = missing_.emplace_back();
    r.set_child_id(child_id);
    *r.mutable_start_date() = ToProtoDate(start);
    if (auto day = Reached(end)) *r.mutable_end_date() = ToProtoDate(*day);
  }

  void Cse(const std::string& child_id, Date start, Date end) {
    sv1::CseRiskFlag& r = cse_.emplace_back();
    r.set_child_id(child_id);
    *r.mutable_start_date() = ToProtoDate(start);
    if (auto day = Reached(end)) *r.mutable_end_date() = ToProtoDate(*day);
  }

  std::vector<sv1::SafeguardingRecord> Finish() {
    std::vector<sv1::SafeguardingRecord> out;
    SortAndNumber(contacts_, ByDateAndChild(&sv1::Contact::contact_date), "CON", ctx_);
    for (auto& r : contacts_) *out.emplace_back().mutable_contact() = std::move(r);
    // Referrals, assessments, enquiries and plans are numbered as made (referral order),
    // since assessments and review conferences refer to them by id.
    for (auto& r : referrals_) *out.emplace_back().mutable_referral() = std::move(r);
    for (auto& r : assessments_) *out.emplace_back().mutable_assessment() = std::move(r);
    for (auto& r : section47s_) *out.emplace_back().mutable_section47() = std::move(r);
    for (auto& r : plans_) *out.emplace_back().mutable_cp_plan() = std::move(r);
    SortAndNumber(reviews_, ByDateAndChild(&sv1::ReviewConference::conference_date), "RCP", ctx_);
    for (auto& r : reviews_) *out.emplace_back().mutable_review_conference() = std::move(r);
    SortAndNumber(visits_, ByDateAndChild(&sv1::ChildProtectionVisit::visit_date), "CPV", ctx_);
    for (auto& r : visits_) *out.emplace_back().mutable_cp_visit() = std::move(r);
    SortAndNumber(core_groups_, ByDateAndChild(&sv1::CoreGroupMeeting::meeting_date), "CGM", ctx_);
    for (auto& r : core_groups_) *out.emplace_back().mutable_core_group() = std::move(r);
    SortAndNumber(cin_episodes_, ByDateAndChild(&sv1::CinEpisode::start_date), "CIN", ctx_);
    for (auto& r : cin_episodes_) *out.emplace_back().mutable_cin_episode() = std::move(r);
    SortAndNumber(
        lado_, [](const sv1::LadoReferral& r) { return FromProto(r.referral_date()); }, "LAD",
        ctx_);
    for (auto& r : lado_) *out.emplace_back().mutable_lado_referral() = std::move(r);
    SortAndNumber(private_fostering_, ByDateAndChild(&sv1::PrivateFosteringArrangement::start_date),
                  "PFA", ctx_);
    for (auto& r : private_fostering_)
      *out.emplace_back().mutable_private_fostering() = std::move(r);
    SortAndNumber(missing_, ByDateAndChild(&sv1::MissingEpisode::start_date), "MIS", ctx_);
    for (auto& r : missing_) *out.emplace_back().mutable_missing_episode() = std::move(r);
    SortAndNumber(cse_, ByDateAndChild(&sv1::CseRiskFlag::start_date), "CSE", ctx_);
    for (auto& r : cse_) *out.emplace_back().mutable_cse_risk() = std::move(r);
    return out;
  }

 private:
  // The date if it has happened by the year's end (the extract cannot know later ones).
  std::optional<Date> Reached(std::optional<Date> d) const { return ctx_.AsAtYearEnd(d); }

  void Plan(const std::string& child_id, const ChainModel& c, const PlanModel& plan) {
    const std::string plan_id = SourceId("CPP", static_cast<int>(plans_.size()) + 1);
    sv1::ChildProtectionPlan& r = plans_.emplace_back();
    ctx_.SetHeader(&r, plan_id);
    r.set_child_id(child_id);
    *r.mutable_start_date() = ToProtoDate(plan.start);
    if (auto day = Reached(plan.end)) *r.mutable_end_date() = ToProtoDate(*day);
    r.set_category(std::string(plan.category));
    r.set_team(c.team == "DCT" ? "DCT" : "Child Protection");
    r.set_previous_plans(plan.previous_plans);
    for (const auto& [conference, report] : plan.reviews) {
      if (conference > ctx_.year_end()) break;
      sv1::ReviewConference& review = reviews_.emplace_back();
      review.set_child_id(child_id);
      review.set_plan_source_id(plan_id);
      *review.mutable_conference_date() = ToProtoDate(conference);
      *review.mutable_report_shared_date() = ToProtoDate(report);
    }
    const Date events_from = ctx_.year_start() - kEventHistoryDays;
    for (const PlanModel::Visit& v : plan.visits) {
      if (v.date < events_from || v.date > ctx_.year_end()) continue;
      sv1::ChildProtectionVisit& visit = visits_.emplace_back();
      visit.set_child_id(child_id);
      *visit.mutable_visit_date() = ToProtoDate(v.date);
      visit.set_seen(v.seen);
      visit.set_seen_alone(v.seen_alone);
    }
    for (Date d : plan.core_groups) {
      if (d < events_from || d > ctx_.year_end()) continue;
      sv1::CoreGroupMeeting& meeting = core_groups_.emplace_back();
      meeting.set_child_id(child_id);
      *meeting.mutable_meeting_date() = ToProtoDate(d);
    }
  }

  GeneratorContext& ctx_;
  std::vector<sv1::Contact> contacts_;
  std::vector<sv1::Referral> referrals_;
  std::vector<sv1::Assessment> assessments_;
  std::vector<sv1::Section47Enquiry> section47s_;
  std::vector<sv1::ChildProtectionPlan> plans_;
  std::vector<sv1::ReviewConference> reviews_;
  std::vector<sv1::ChildProtectionVisit> visits_;
  std::vector<sv1::CoreGroupMeeting> core_groups_;
  std::vector<sv1::CinEpisode> cin_episodes_;
  std::vector<sv1::LadoReferral> lado_;
  std::vector<sv1::PrivateFosteringArrangement> private_fostering_;
  std::vector<sv1::MissingEpisode> missing_;
  std::vector<sv1::CseRiskFlag> cse_;
};

// The front door, day by day. Returns the chains written, for the at-risk pools and cases.
std::vector<ChainModel> WriteFrontDoor(GeneratorContext& ctx, SafeguardingWriter& writer) {
  DemoRandom random = ctx.Random(kStreamFrontDoor);
  std::vector<ChainModel> written;
  absl::flat_hash_map<int, Date> case_open_until;  // by child
  std::vector<int> recent_children;                // a ring of recent contacts' children
  constexpr size_t kRecent = 2000;
  size_t recent_next = 0;
  int next_child = 0;
  const Date first = AddCalendarMonths(ctx.year_start(), -kHistoryMonths);
  for (Date day = first; day <= ctx.year_end(); ++day) {
    const double rate = kContactsPerWorkingDay * ctx.safeguarding_scale() * kMonthFactor[day.month() - 1] *
                        (ctx.calendar().IsWorkingDay(day) ? 1.0 : kWeekendShare);
    const int contacts = random.Poisson(rate);
    for (int i = 0; i < contacts; ++i) {
      ContactModel contact;
      contact.date = day;
      // About one contact in six is about a child the front door has seen before.
      if (!recent_children.empty() && random.Chance(0.17)) {
        contact.child =
            recent_children[random.Int(0, static_cast<int>(recent_children.size()) - 1)];
      } else {
        contact.child = next_child++;
      }
      if (recent_children.size() < kRecent) {
        recent_children.push_back(contact.child);
      } else {
        recent_children[recent_next++ % kRecent] = contact.child;
      }
      contact.agency = random.PickWeighted(kAgency);
      contact.outcome = random.PickWeighted(kContactOutcome);
      contact.decision =
          ctx.AddWorkingDays(ctx.WorkingDayOnOrAfter(day), random.Chance(0.7) ? 0 : 1);
      auto open = case_open_until.find(contact.child);
      const bool case_open = open != case_open_until.end() && open->second >= day;
      if (case_open) contact.outcome = "open-case";  // passed to the allocated worker

      const bool in_year = ctx.InYear(day);
      if (contact.outcome == "referral" && contact.decision <= ctx.year_end()) {
        ChainModel chain = DrawChain(contact, ctx, random);
        case_open_until[contact.child] = chain.cin_end;
        if (chain.referral >= ctx.year_start() || chain.cin_end >= ctx.year_start()) {
          writer.Chain(chain);
          written.push_back(std::move(chain));
        }
      } else if (contact.outcome == "early-help" && random.Chance(kEarlyHelpEpisodeShare)) {
        EarlyHelpModel help{contact, contact.decision, contact.decision + random.Int(30, 180)};
        if (help.start <= ctx.year_end() && help.end >= ctx.year_start()) {
          writer.EarlyHelp(help);
        } else if (in_year) {
          writer.Contact(contact);
        }
      } else if (in_year) {
        writer.Contact(contact);
      }
    }
  }
  return written;
}

void WriteLado(GeneratorContext& ctx, SafeguardingWriter& writer) {
  DemoRandom random = ctx.Random(kStreamLado);
  for (Month m(ctx.year_start().year(), ctx.year_start().month()); FirstDayOf(m) <= ctx.year_end();
       m += 1) {
    const int referrals = random.Poisson(kLadoPerMonth * ctx.safeguarding_scale());
    for (int i = 0; i < referrals; ++i) {
      writer.Lado(ctx.WorkingDayOnOrBefore(random.DayBetween(FirstDayOf(m) + 2, LastDayOf(m))));
    }
  }
}

// Children who go missing are mostly a few, often; looked-after teenagers among them.
void WriteMissingAndCse(GeneratorContext& ctx, SafeguardingWriter& writer,
                        absl::Span<const ChainModel> chains,
                        absl::Span<const LookedAfterSummary> looked_after) {
  DemoRandom random = ctx.Random(kStreamMissing);
  std::vector<AtRiskChild> in_care;
  for (const LookedAfterSummary& c : looked_after) {
    const double u = random.Uniform();
    const double weight = u < 0.6 ? 0 : (u < 0.88 ? 1 : 6);
    // From the 11th birthday: younger children rarely go missing.
    const Date from = std::max(c.start, AddCalendarMonths(c.birth_date, 11 * 12));
    if (from < c.end) in_care.push_back({c.child_id, from, c.end - 1, weight});
  }
  std::vector<AtRiskChild> in_need;
  for (const ChainModel& c : chains) {
    const double u = random.Uniform();
    const double weight = u < 0.88 ? 0 : (u < 0.97 ? 1 : 6);
    in_need.push_back(
        {ctx.ChildId(ChildOrigin::kFrontDoor, c.child), c.referral, c.cin_end, weight});
  }
  const auto pick = [&random](const std::vector<AtRiskChild>& pool, Date day,
                              double extra) -> const AtRiskChild* {
    double total = 0;
    for (const AtRiskChild& c : pool) {
      if (c.from <= day && day <= c.to) total += c.weight + extra;
    }
    if (total <= 0) return nullptr;
    double at = random.Uniform() * total;
    const AtRiskChild* last = nullptr;
    for (const AtRiskChild& c : pool) {
      if (c.from > day || day > c.to || c.weight + extra <= 0) continue;
      last = &c;
      if (at < c.weight + extra) return &c;
      at -= c.weight + extra;
    }
    return last;
  };

  absl::flat_hash_map<std::string, Date> last_missing_end;
  for (Date day = ctx.year_start() - 30; day <= ctx.year_end(); ++day) {
    const int episodes = random.Poisson(kMissingPerMonth * 12 / 365.0 * ctx.safeguarding_scale());
    for (int i = 0; i < episodes; ++i) {
      const AtRiskChild* child = pick(random.Chance(0.45) ? in_care : in_need, day, 0);
      if (child == nullptr) continue;
      const double u = random.Uniform();
      const int nights =
          u < 0.4 ? 0 : (u < 0.75 ? 1 : (u < 0.92 ? random.Int(2, 3) : random.Int(4, 14)));
      auto [it, first_time] = last_missing_end.try_emplace(child->child_id, day - 1);
      if (!first_time && it->second >= day) continue;  // still missing from the last one
      it->second = day + nights;
      if (day + nights >= ctx.year_start()) writer.Missing(child->child_id, day, day + nights);
    }
  }

  // CSE risk: weighted towards children who go missing.
  DemoRandom cse_random = ctx.Random(kStreamCse);
  absl::flat_hash_map<std::string, Date> flagged_until;
  const Date first = AddCalendarMonths(ctx.year_start(), -24);
  for (Month m(first.year(), first.month()); FirstDayOf(m) <= ctx.year_end(); m += 1) {
    const int flags = cse_random.Poisson(kCseFlagsPerYear * ctx.safeguarding_scale() / 12);
    for (int i = 0; i < flags; ++i) {
      const Date start = cse_random.DayBetween(FirstDayOf(m), LastDayOf(m));
      if (start > ctx.year_end()) continue;
      const AtRiskChild* child = pick(cse_random.Chance(0.4) ? in_care : in_need, start, 0.3);
      const Date end = start + cse_random.Int(90, 450);
      if (child == nullptr) continue;
      auto [it, first_time] = flagged_until.try_emplace(child->child_id, start - 1);
      if (!first_time && it->second >= start) continue;
      it->second = end;
      if (end >= ctx.year_start()) writer.Cse(child->child_id, start, end);
    }
  }
}

void WritePrivateFostering(GeneratorContext& ctx, SafeguardingWriter& writer) {
  DemoRandom random = ctx.Random(kStreamPrivateFostering);
  const Date first = AddCalendarMonths(ctx.year_start(), -kHistoryMonths);
  int number = 0;
  for (Month m(first.year(), first.month()); FirstDayOf(m) <= ctx.year_end(); m += 1) {
    const int arrangements = random.Poisson(kPrivateFosteringPerYear * ctx.safeguarding_scale() / 12);
    for (int i = 0; i < arrangements; ++i) {
      const Date start = random.DayBetween(FirstDayOf(m), LastDayOf(m));
      const Date end = start + random.Int(90, 800);
      if (start > ctx.year_end() || end < ctx.year_start()) continue;
      writer.PrivateFostering(ctx.ChildId(ChildOrigin::kPrivateFostering, number++), start, end);
    }
  }
}

}  // namespace

SafeguardingOutput GenerateSafeguarding(GeneratorContext& ctx,
                                        absl::Span<const LookedAfterSummary> looked_after) {
  SafeguardingOutput out;
  SafeguardingWriter writer(ctx);
  const std::vector<ChainModel> chains = WriteFrontDoor(ctx, writer);
  WriteLado(ctx, writer);
  WriteMissingAndCse(ctx, writer, chains, looked_after);
  WritePrivateFostering(ctx, writer);
  for (const LookedAfterSummary& child : looked_after) {
    if (child.end >= ctx.year_start()) writer.LookedAfter(child);
  }
  for (const ChainModel& c : chains) {
    out.cases.push_back({ctx.ChildId(ChildOrigin::kFrontDoor, c.child), c.holding_team, c.referral,
                         ctx.AsAtYearEnd(c.cin_end)});
  }
  out.records = writer.Finish();
  return out;
}

}  // namespace scorecard::demo_data::internal
