// Text for people from the aggregator's publication, restatement, local value and cache
// RPCs (`scorecardctl publish`, `publications`, `restatement`, `local-value`, `status`).
//
//   std::cout << FormatPublication(publication);
//   // published 2017-04 of getting-to-good for 869: revision 1
//   //   published at:  2017-05-03T10:00:00Z by admin
//   //   ...
//   std::cout << FormatRestatement(restatement);
//
// Ids, titles and figures only: no child's details ever reach these messages.
#ifndef SCORECARD_TOOLS_SCORECARDCTL_AGGREGATOR_FORMAT_H_
#define SCORECARD_TOOLS_SCORECARDCTL_AGGREGATOR_FORMAT_H_

#include <string>

#include "scorecard/aggregator/v1/aggregator_service.pb.h"

namespace scorecard::scorecardctl {

// What was published: month, scorecard, authority and revision on the first line, then
// when and by whom, as at, the reason (a republication), the definition and data versions.
std::string FormatPublication(const aggregator::v1::Publication& publication);

// One line per revision: scorecard, month, revision, published (UTC), by, reason, as at,
// definition (first 12 hex digits). "(no publications)" when there are none.
std::string FormatPublicationsTable(
    const google::protobuf::RepeatedPtrField<aggregator::v1::Publication>& publications);

// The publications compared, then one line per restated cell: section, row, month, the
// published and the current value. Each value as the card shows it (CardValueText); where
// both would show the same text, both exactly (ExactNumberText), so a line never reads
// "96 -> 96". "-" for no value.
std::string FormatRestatement(const aggregator::v1::Restatement& restatement);

// "local.pilot_families for 869, 2017-04: 20 (revision 1, entered by admin at ...)", or
// "withdrawn" for a version without a value.
std::string FormatLocalValue(const aggregator::v1::LocalValue& value);

// Two lines: the aggregator's counters, then Redis's (or that none is configured).
std::string FormatCacheStats(const aggregator::v1::CacheStats& stats);

}  // namespace scorecard::scorecardctl

#endif  // SCORECARD_TOOLS_SCORECARDCTL_AGGREGATOR_FORMAT_H_
