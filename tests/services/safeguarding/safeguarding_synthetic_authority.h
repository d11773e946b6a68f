// A synthetic authority for tests that need many varied records: two financial years
// (2015-16 and 2016-17) of contacts, referrals, assessments, S47 enquiries, plans with their
// reviews, visits and core groups, CIN episodes (some looked after), missing episodes, CSE
// flags, private fostering and LADO referrals; a tenth of the teamed records belong to
// "DCT". A fixed-seed generator, so every run builds the same authority.
//
//   SafeguardingRecords large = SyntheticAuthority(1);    // 15,000 children (scale test)
//   SafeguardingRecords small = SyntheticAuthority(20);   // a twentieth of that
#ifndef SCORECARD_TESTS_SERVICES_SAFEGUARDING_SAFEGUARDING_SYNTHETIC_AUTHORITY_H_
#define SCORECARD_TESTS_SERVICES_SAFEGUARDING_SAFEGUARDING_SYNTHETIC_AUTHORITY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "services/safeguarding/safeguarding_data.h"
#include "tests/services/safeguarding/safeguarding_test_util.h"

namespace scorecard::safeguarding::testing {

// A linear congruential generator with a fixed seed.
class Lcg {
 public:
  int Below(int n) {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<int>((state_ >> 33) % static_cast<uint64_t>(n));
  }
  bool OneIn(int n) { return Below(n) == 0; }

 private:
  uint64_t state_ = 20170331;
};

// Every volume divided by `divisor` (1: 15,000 children, 40,000 contacts, 20,000 referrals,
// 18,000 assessments, 5,000 S47 enquiries, 4,000 plans, 10,000 CIN episodes). Each record
// gets a record id of its kind's letter and number, e.g. "A17" for an assessment.
inline SafeguardingRecords SyntheticAuthority(int divisor) {
  const int children = 15000 / divisor;
  const Date history_start(2015, 4, 1);
  constexpr int kDays = 731;
  const Date today(2017, 3, 31);
  Lcg random;
  auto child = [&] { return "C" + std::to_string(random.Below(children)); };
  auto team = [&] { return random.OneIn(10) ? std::string("DCT") : std::string(); };
  auto id = [](const char* kind, int i) { return kind + std::to_string(i); };

  SafeguardingRecords r;
  r.population.Add(2015, 35000);
  r.population.Add(2016, 35570);
  for (int i = 0; i < 40000 / divisor; ++i) {
    const Date d = history_start + random.Below(kDays);
    r.contacts.push_back(Contact(child(), d, d + random.Below(4)));
    r.contacts.back().record_id = id("K", i);
  }
  for (int i = 0; i < 20000 / divisor; ++i) {
    r.referrals.push_back(Referral(child(), history_start + random.Below(kDays), team()));
    r.referrals.back().record_id = id("R", i);
  }
  for (int i = 0; i < 18000 / divisor; ++i) {
    const Date referral = history_start + random.Below(kDays);
    const Date start = referral + random.Below(5);
    std::optional<Date> authorised = start + random.Below(80);
    if (random.OneIn(25)) *authorised += 30;  // a long tail, past 60 working days
    if (*authorised > today || random.OneIn(12)) authorised = std::nullopt;
    std::vector<std::string> factors = {"1A"};
    if (random.OneIn(20)) factors.push_back("11A");
    if (random.OneIn(30)) factors.push_back("10A");
    if (random.OneIn(200)) factors.push_back("8C");
    r.assessments.push_back(Assessment(child(), referral, start, authorised, factors, team()));
    r.assessments.back().record_id = id("A", i);
  }
  for (int i = 0; i < 5000 / divisor; ++i) {
    const Date strategy = history_start + random.Below(kDays);
    const Date icpc = strategy + random.Below(25);
    r.section47s.push_back(Enquiry(strategy, icpc, team(), icpc - random.Below(8)));
    r.section47s.back().record_id = id("S", i);
  }
  for (int i = 0; i < 4000 / divisor; ++i) {
    const std::string c = child();
    const Date start = history_start + random.Below(kDays);
    std::optional<Date> end;
    if (!random.OneIn(3)) end = start + 30 + random.Below(800);
    const Date last = end.has_value() && *end < today ? *end : today;
    const std::string plan_id = id("P", i);
    r.plans.push_back(Plan(c, plan_id, start, end, team(), random.OneIn(5) ? 1 : 0));
    for (Date d = start + 80 + random.Below(15); d <= last; d += 170 + random.Below(20)) {
      r.review_conferences.push_back(Review(c, plan_id, d, d - random.Below(9)));
      r.review_conferences.back().record_id =
          id("V", static_cast<int>(r.review_conferences.size()));
    }
    for (Date d = start + random.Below(7); d <= last; d += 7 + random.Below(8)) {
      r.visits.push_back(Visit(c, d, !random.OneIn(20)));
    }
    for (Date d = start + random.Below(12); d <= last; d += 30 + random.Below(20)) {
      r.core_groups.push_back(CoreGroup(c, d));
    }
  }
  for (int i = 0; i < 10000 / divisor; ++i) {
    const Date start = history_start + random.Below(kDays);
    std::optional<Date> end;
    if (random.OneIn(2)) end = start + random.Below(400);
    CinEpisodeFacts e = Episode(child(), start, end, team(), random.OneIn(10));
    if (random.OneIn(20)) e.looked_after = {Period(e.child_id, start + random.Below(60))};
    e.record_id = id("E", i);
    r.cin_episodes.push_back(std::move(e));
  }
  for (int i = 0; i < 1500 / divisor; ++i) {
    const Date start = history_start + random.Below(kDays);
    r.missing_episodes.push_back(Period(child(), start, start + random.Below(3)));
    r.missing_episodes.back().record_id = id("M", i);
  }
  for (int i = 0; i < 100 / divisor; ++i) {
    const Date start = history_start + random.Below(kDays);
    r.cse_risks.push_back(Period(child(), start, start + random.Below(300)));
    r.cse_risks.back().record_id = id("X", i);
    r.private_fostering.push_back(Period(child(), start, start + random.Below(500)));
    r.private_fostering.back().record_id = id("F", i);
    r.lado_referrals.push_back({id("L", i), start});
  }
  return r;
}

}  // namespace scorecard::safeguarding::testing

#endif  // SCORECARD_TESTS_SERVICES_SAFEGUARDING_SAFEGUARDING_SYNTHETIC_AUTHORITY_H_
