// The placement service: looked-after children's episodes, reviews, visits and health,
// adoption milestones, care proceedings and carer approvals, and the measures computed
// from them.
#include "common/service/domain_main.h"
#include "services/placement/placement_service.h"

int main(int argc, char** argv) {
  return scorecard::RunDomainServiceMain<scorecard::placement::PlacementTraits>(argc, argv);
}
