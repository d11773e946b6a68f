// The safeguarding service: contacts, referrals, assessments, S47 enquiries and
// child-protection plans, and the measures computed from them.
#include "common/service/domain_main.h"
#include "services/safeguarding/safeguarding_service.h"

int main(int argc, char** argv) {
  return scorecard::RunDomainServiceMain<scorecard::safeguarding::SafeguardingTraits>(argc, argv);
}
