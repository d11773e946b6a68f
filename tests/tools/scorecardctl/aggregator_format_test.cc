#include "tools/scorecardctl/aggregator_format.h"

#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "common/records/proto_date.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace scorecard::scorecardctl {
namespace {

namespace v1 = ::scorecard::aggregator::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kHash[] = "0123456789abcdef0123456789abcdef";

google::protobuf::Timestamp At(int day, int hour, int minute, int second) {
  return ToProtoTimestamp(
      absl::FromCivil(absl::CivilSecond(2017, 5, day, hour, minute, second), absl::UTCTimeZone()));
}

v1::Publication Published(int revision, v1::RepublishReason reason) {
  v1::Publication p;
  p.set_authority("869");
  p.set_scorecard_id("getting-to-good");
  *p.mutable_month() = ToProtoMonth(Month(2017, 4));
  p.set_revision(revision);
  *p.mutable_published_at() = At(3, 10, 0, 0);
  p.set_published_by("admin");
  p.set_reason(reason);
  *p.mutable_as_at() = At(3, 9, 59, 59);
  p.set_definition_hash(kHash);
  v1::ServiceDataVersion* workforce = p.add_data_versions();
  workforce->set_service("workforce");
  workforce->set_version(3);
  workforce->set_available(true);
  v1::ServiceDataVersion* own = p.add_data_versions();
  own->set_service("aggregator");
  own->set_version(2);
  own->set_available(true);
  return p;
}

// Whitespace-separated words of each line: column widths are FormatColumns' business.
std::vector<std::vector<std::string>> Words(const std::string& text) {
  std::vector<std::vector<std::string>> lines;
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipEmpty())) {
    lines.push_back(absl::StrSplit(line, ' ', absl::SkipEmpty()));
  }
  return lines;
}

TEST(FormatPublicationTest, WhatWhenByWhomAndWhy) {
  EXPECT_EQ(FormatPublication(Published(2, v1::REPUBLISH_REASON_DATA_CORRECTION)),
            "published 2017-04 of getting-to-good for 869: revision 2\n"
            "  published at:  2017-05-03T10:00:00Z by admin\n"
            "  reason:        data-correction\n"
            "  as at:         2017-05-03T09:59:59Z\n"
            "  definition:    0123456789ab\n"
            "  data versions: workforce 3, aggregator 2\n");
  // A first publication has no reason line.
  EXPECT_THAT(FormatPublication(Published(1, v1::REPUBLISH_REASON_UNSPECIFIED)),
              ::testing::Not(HasSubstr("reason")));
}

TEST(FormatPublicationsTableTest, OneLinePerRevision) {
  v1::ListPublicationsResponse listed;
  *listed.add_publications() = Published(1, v1::REPUBLISH_REASON_UNSPECIFIED);
  v1::Publication second = Published(2, v1::REPUBLISH_REASON_LATE_DATA);
  second.set_published_by("performance-lead");
  *second.mutable_published_at() = At(10, 8, 0, 0);
  *listed.add_publications() = second;
  const auto lines = Words(FormatPublicationsTable(listed.publications()));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_THAT(lines[0], ElementsAre("scorecard", "month", "revision", "published", "by",
                                    "reason", "as", "at", "definition"));
  EXPECT_THAT(lines[1], ElementsAre("getting-to-good", "2017-04", "1", "2017-05-03T10:00:00Z",
                                    "admin", "-", "2017-05-03T09:59:59Z", "0123456789ab"));
  EXPECT_THAT(lines[2], ElementsAre("getting-to-good", "2017-04", "2", "2017-05-10T08:00:00Z",
                                    "performance-lead", "late-data", "2017-05-03T09:59:59Z",
                                    "0123456789ab"));
  EXPECT_EQ(FormatPublicationsTable(v1::ListPublicationsResponse().publications()),
            "(no publications)\n");
}

v1::RestatedCell Restated(const std::string& row_id, const std::string& title,
                          common::v1::Unit unit, std::optional<double> published,
                          std::optional<double> current) {
  v1::RestatedCell cell;
  cell.set_section_id("objective-2");
  cell.set_row_id(row_id);
  cell.set_row_title(title);
  *cell.mutable_month() = ToProtoMonth(Month(2017, 4));
  cell.set_unit(unit);
  if (published.has_value()) cell.set_published_value(*published);
  if (current.has_value()) cell.set_current_value(*current);
  cell.set_published_revision(1);
  return cell;
}

v1::Restatement RestatementOfApril() {
  v1::Restatement restatement;
  restatement.set_authority("869");
  restatement.set_scorecard_id("getting-to-good");
  *restatement.mutable_from_month() = ToProtoMonth(Month(2017, 3));
  *restatement.mutable_to_month() = ToProtoMonth(Month(2017, 4));
  restatement.set_definition_hash(kHash);
  *restatement.mutable_computed_at() = At(12, 9, 0, 0);
  v1::Publication april = Published(1, v1::REPUBLISH_REASON_UNSPECIFIED);
  april.clear_data_versions();
  *restatement.add_publications() = april;
  return restatement;
}

// Each side as the card shows it; a change the card's rounding would hide (96.43% and
// 96.2% both show as 96) is shown exactly instead.
TEST(FormatRestatementTest, BothValuesAsTheCardShowsThemOrExactly) {
  v1::Restatement restatement = RestatementOfApril();
  *restatement.add_cells() =
      Restated("referrals-month", "Referrals", common::v1::UNIT_COUNT, 2, 1);
  *restatement.add_cells() = Restated("icpc-month", "ICPCs within 15 days",
                                      common::v1::UNIT_PERCENT, 100.0 * 27 / 28, 96.2);
  *restatement.add_cells() =
      Restated("sickness", "Sickness days", common::v1::UNIT_WORKING_DAYS, std::nullopt, 312.46);
  const std::string text = FormatRestatement(restatement);
  const auto lines = Words(text);
  ASSERT_EQ(lines.size(), 7u) << text;
  EXPECT_EQ(text.substr(0, text.find('\n')),
            "restatement of getting-to-good for 869, 2017-03 to 2017-04 (computed "
            "2017-05-12T09:00:00Z)");
  EXPECT_THAT(text, HasSubstr("compared with 2017-04 revision 1 (published 2017-05-03T10:00:00Z "
                              "by admin)\n\n"));
  EXPECT_THAT(lines[2], ElementsAre("section", "row", "month", "published", "now"));
  EXPECT_THAT(lines[3], ElementsAre("objective-2", "Referrals", "2017-04", "2", "1"));
  EXPECT_THAT(lines[4], ElementsAre("objective-2", "ICPCs", "within", "15", "days", "2017-04",
                                    "96.42857142857143", "96.2"));
  EXPECT_THAT(lines[5], ElementsAre("objective-2", "Sickness", "days", "2017-04", "-", "312.5"));
  EXPECT_THAT(lines[6], ElementsAre("3", "restated", "figure(s)"));
}

TEST(FormatRestatementTest, NothingPublishedNothingChangedADefinitionChanged) {
  v1::Restatement none = RestatementOfApril();
  none.clear_publications();
  EXPECT_THAT(FormatRestatement(none),
              HasSubstr("no month in the range is published: nothing to compare\n"));
  v1::Restatement unchanged = RestatementOfApril();
  EXPECT_THAT(FormatRestatement(unchanged), HasSubstr("no published figure has changed\n"));
  v1::Restatement redefined = RestatementOfApril();
  redefined.set_definition_hash("ffff");
  EXPECT_THAT(FormatRestatement(redefined),
              HasSubstr("; the definition has changed since: rows in both compared\n"));
}

TEST(FormatLocalValueTest, TheValueAsStoredOrWithdrawn) {
  v1::LocalValue value;
  value.set_authority("869");
  value.set_measure_id("local.personal_budget_pilot_families");
  *value.mutable_month() = ToProtoMonth(Month(2017, 4));
  value.set_value(20.5);
  value.set_entered_by("admin");
  *value.mutable_entered_at() = At(3, 10, 0, 0);
  value.set_revision(2);
  EXPECT_EQ(FormatLocalValue(value),
            "local.personal_budget_pilot_families for 869, 2017-04: 20.5 (revision 2, entered by "
            "admin at 2017-05-03T10:00:00Z)\n");
  value.clear_value();
  EXPECT_THAT(FormatLocalValue(value), HasSubstr(", 2017-04: withdrawn (revision 2,"));
}

TEST(FormatCacheStatsTest, CountersThenRedis) {
  v1::CacheStats stats;
  stats.set_hits(5);
  stats.set_misses(2);
  stats.set_bypasses(1);
  stats.set_single_flight_joins(1);
  stats.set_ttl_seconds(24 * 3600);
  EXPECT_EQ(FormatCacheStats(stats),
            "aggregator cache: 5 hits, 2 misses, 1 bypasses, 0 uncacheable, 1 single-flight "
            "joins; entries kept 24h\n"
            "  redis: not configured (every card is computed)\n");
  stats.set_redis_configured(true);
  stats.set_breaker_state("open");
  stats.set_redis_degraded(true);
  stats.set_redis_sets(2);
  stats.set_redis_errors(3);
  stats.set_redis_rejected(4);
  EXPECT_THAT(FormatCacheStats(stats),
              HasSubstr("\n  redis: breaker open (degraded: cards computed without it), 2 sets, "
                        "3 errors, 4 rejected\n"));
  stats.set_memory_hits(4);
  stats.set_memory_entries(1);
  stats.set_memory_bytes(55000);
  stats.set_memory_evictions(0);
  stats.set_version_calls(9);
  EXPECT_THAT(FormatCacheStats(stats),
              HasSubstr("\n  memory: 4 of the hits, 1 cards in 55000 bytes, 0 evicted; 9 "
                        "data-version calls\n"));
}

}  // namespace
}  // namespace scorecard::scorecardctl
