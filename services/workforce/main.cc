// The workforce service: social-work staff and their roles, sickness absence, supervision
// and case allocations, and the measures computed from them.
#include "common/service/domain_main.h"
#include "services/workforce/workforce_service.h"

int main(int argc, char** argv) {
  return scorecard::RunDomainServiceMain<scorecard::workforce::WorkforceTraits>(argc, argv);
}
