// Safeguarding counting rules: pure functions from records to a numerator and denominator.
//
//   MeasureContext ctx = ...;  // month 2017-05, basis month
//   Fraction f = IcpcsWithin15WorkingDays(data, ctx);
//   // f.denominator: ICPCs held in May 2017; f.numerator: of them, held within 15 working
//   // days of the strategy discussion.
#ifndef SCORECARD_SERVICES_SAFEGUARDING_SAFEGUARDING_MEASURES_H_
#define SCORECARD_SERVICES_SAFEGUARDING_SAFEGUARDING_MEASURES_H_

#include "common/measures/measure_registry.h"
#include "common/measures/measure_value.h"
#include "services/safeguarding/safeguarding_data.h"

namespace scorecard::safeguarding {

// Working Together: the ICPC within 15 working days of the strategy discussion at which
// the S47 enquiry was initiated.
inline constexpr int kIcpcTimescaleWorkingDays = 15;

// safeguarding.contacts: contacts received in the period.
Fraction Contacts(const SafeguardingData& data, const MeasureContext& ctx);
// safeguarding.referrals: referrals received in the period.
Fraction Referrals(const SafeguardingData& data, const MeasureContext& ctx);
// safeguarding.s47_started: S47 enquiries whose strategy discussion fell in the period.
Fraction Section47sStarted(const SafeguardingData& data, const MeasureContext& ctx);
// safeguarding.icpc_within_15wd: of ICPCs held in the period, those held within 15 working
// days of the strategy discussion.
Fraction IcpcsWithin15WorkingDays(const SafeguardingData& data, const MeasureContext& ctx);

// Every safeguarding measure, by id.
const MeasureRegistry<SafeguardingData>& SafeguardingMeasures();

}  // namespace scorecard::safeguarding

#endif  // SCORECARD_SERVICES_SAFEGUARDING_SAFEGUARDING_MEASURES_H_
