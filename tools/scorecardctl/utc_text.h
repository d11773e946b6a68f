// Instants as scorecardctl (and audit_verify) print them: UTC to the second, "Z" suffix.
//
//   UtcText(card.computed_at())   // "2017-04-03T09:15:00Z"
#ifndef SCORECARD_TOOLS_SCORECARDCTL_UTC_TEXT_H_
#define SCORECARD_TOOLS_SCORECARDCTL_UTC_TEXT_H_

#include <string>

#include "absl/time/time.h"
#include "common/records/proto_date.h"
#include "google/protobuf/timestamp.pb.h"

namespace scorecard::scorecardctl {

inline std::string UtcText(const google::protobuf::Timestamp& timestamp) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", FromProtoTimestamp(timestamp),
                          absl::UTCTimeZone());
}

}  // namespace scorecard::scorecardctl

#endif  // SCORECARD_TOOLS_SCORECARDCTL_UTC_TEXT_H_
