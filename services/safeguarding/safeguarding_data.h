// The safeguarding records a measure reads, decoded from the store into plain structs so
// the counting rules are pure functions over civil dates.
//
//   SCORECARD_ASSIGN_OR_RETURN(SafeguardingData data,
//                              LoadSafeguardingData(store, "869", std::nullopt));
//   for (const ReferralFacts& r : data.referrals) ...
#ifndef SCORECARD_SERVICES_SAFEGUARDING_SAFEGUARDING_DATA_H_
#define SCORECARD_SERVICES_SAFEGUARDING_SAFEGUARDING_DATA_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/store/record_store.h"
#include "common/time/civil_date.h"

namespace scorecard::safeguarding {

struct ContactFacts {
  std::string child_id;
  Date contact_date;
  std::string source_agency;
  std::optional<Date> decision_date;
};

struct ReferralFacts {
  std::string child_id;
  Date referral_date;
  bool no_further_action = false;
  std::optional<Date> decision_date;
  std::string team;
};

struct Section47Facts {
  std::string child_id;
  // The strategy discussion at which the enquiry was initiated: the ICPC clock's start.
  Date strategy_discussion_date;
  std::optional<Date> icpc_date;
  bool icpc_not_required = false;
  std::optional<Date> icpc_report_shared_date;
  std::string team;
};

struct SafeguardingData {
  std::vector<ContactFacts> contacts;
  std::vector<ReferralFacts> referrals;
  std::vector<Section47Facts> section47s;
};

// The authority's records as recorded at `as_at` (nullopt: now).
[[nodiscard]] absl::StatusOr<SafeguardingData> LoadSafeguardingData(
    const VersionedRecordStore& store, const std::string& authority,
    std::optional<absl::Time> as_at);

}  // namespace scorecard::safeguarding

#endif  // SCORECARD_SERVICES_SAFEGUARDING_SAFEGUARDING_DATA_H_
