#include "services/safeguarding/safeguarding_data.h"

#include "common/records/proto_date.h"
#include "common/records/record_io.h"
#include "common/status/status_macros.h"
#include "scorecard/safeguarding/v1/safeguarding_service.pb.h"

namespace scorecard::safeguarding {

namespace v1 = ::scorecard::safeguarding::v1;

absl::StatusOr<SafeguardingData> LoadSafeguardingData(const VersionedRecordStore& store,
                                                      const std::string& authority,
                                                      std::optional<absl::Time> as_at) {
  SafeguardingData data;
  // Stored records passed validation on ingest, so their required dates are present.
  SCORECARD_ASSIGN_OR_RETURN(std::vector<v1::Contact> contacts,
                             LoadCurrent<v1::Contact>(store, authority, as_at));
  data.contacts.reserve(contacts.size());
  for (const v1::Contact& c : contacts) {
    data.contacts.push_back({c.child_id(), *FromProtoDate(c.contact_date()), c.source_agency(),
                             FromProtoDate(c.decision_date())});
  }
  SCORECARD_ASSIGN_OR_RETURN(std::vector<v1::Referral> referrals,
                             LoadCurrent<v1::Referral>(store, authority, as_at));
  data.referrals.reserve(referrals.size());
  for (const v1::Referral& r : referrals) {
    data.referrals.push_back({r.child_id(), *FromProtoDate(r.referral_date()),
                              r.no_further_action(), FromProtoDate(r.decision_date()), r.team()});
  }
  SCORECARD_ASSIGN_OR_RETURN(std::vector<v1::Section47Enquiry> enquiries,
                             LoadCurrent<v1::Section47Enquiry>(store, authority, as_at));
  data.section47s.reserve(enquiries.size());
  for (const v1::Section47Enquiry& s : enquiries) {
    data.section47s.push_back({s.child_id(), *FromProtoDate(s.strategy_discussion_date()),
                               FromProtoDate(s.icpc_date()), s.icpc_not_required(),
                               FromProtoDate(s.icpc_report_shared_date()), s.team()});
  }
  return data;
}

}  // namespace scorecard::safeguarding
