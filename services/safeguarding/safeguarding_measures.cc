#include "services/safeguarding/safeguarding_measures.h"

namespace scorecard::safeguarding {
namespace {

namespace cv1 = ::scorecard::common::v1;

bool InTeam(const std::string& team, const MeasureContext& ctx) {
  return ctx.team.empty() || team == ctx.team;
}

}  // namespace

Fraction Contacts(const SafeguardingData& data, const MeasureContext& ctx) {
  int n = 0;
  for (const ContactFacts& c : data.contacts) {
    if (ctx.period.Contains(c.contact_date)) ++n;
  }
  // Contacts precede allocation, so they have no team: a team breakdown counts none.
  return Count(ctx.team.empty() ? n : 0);
}

Fraction Referrals(const SafeguardingData& data, const MeasureContext& ctx) {
  int n = 0;
  for (const ReferralFacts& r : data.referrals) {
    if (ctx.period.Contains(r.referral_date) && InTeam(r.team, ctx)) ++n;
  }
  return Count(n);
}

Fraction Section47sStarted(const SafeguardingData& data, const MeasureContext& ctx) {
  int n = 0;
  for (const Section47Facts& s : data.section47s) {
    if (ctx.period.Contains(s.strategy_discussion_date) && InTeam(s.team, ctx)) ++n;
  }
  return Count(n);
}

Fraction IcpcsWithin15WorkingDays(const SafeguardingData& data, const MeasureContext& ctx) {
  Fraction f;
  for (const Section47Facts& s : data.section47s) {
    if (!s.icpc_date.has_value() || !ctx.period.Contains(*s.icpc_date) || !InTeam(s.team, ctx)) {
      continue;
    }
    f.denominator += 1;
    if (ctx.calendar->WorkingDaysBetween(s.strategy_discussion_date, *s.icpc_date) <=
        kIcpcTimescaleWorkingDays) {
      f.numerator += 1;
    }
  }
  return f;
}

const MeasureRegistry<SafeguardingData>& SafeguardingMeasures() {
  static const MeasureRegistry<SafeguardingData>* const registry = [] {
    auto* r = new MeasureRegistry<SafeguardingData>();
    const std::vector<cv1::Basis> volume_bases = {cv1::BASIS_MONTH, cv1::BASIS_YTD,
                                                  cv1::BASIS_QUARTER,
                                                  cv1::BASIS_ROLLING_12_MONTHS};
    r->Add({"safeguarding.contacts", cv1::UNIT_COUNT, volume_bases,
            "Contacts (enquiries) received by the front door in the period."},
           Contacts);
    r->Add({"safeguarding.referrals", cv1::UNIT_COUNT, volume_bases,
            "Referrals to children's social care received in the period."},
           Referrals);
    r->Add({"safeguarding.s47_started", cv1::UNIT_COUNT, volume_bases,
            "Section 47 enquiries initiated (strategy discussion) in the period."},
           Section47sStarted);
    r->Add({"safeguarding.icpc_within_15wd", cv1::UNIT_PERCENT,
            {cv1::BASIS_MONTH, cv1::BASIS_YTD, cv1::BASIS_QUARTER, cv1::BASIS_ROLLING_12_MONTHS},
            "ICPCs held in the period within 15 working days of the strategy discussion that "
            "initiated the S47 enquiry, as a percentage of ICPCs held in the period."},
           IcpcsWithin15WorkingDays);
    return r;
  }();
  return *registry;
}

}  // namespace scorecard::safeguarding
