// The scorecard as a product, end to end on the real stack: a month is published and a
// second publication refused; a source record is corrected and the restatement lists the
// changed cells with both values, while as_at the publication's instant still gives what
// was published; an explicit republication keeps the first; a local measure's value is
// entered and audited with who entered it; comparators come from loaded reference
// figures; the cache statistics move; bad requests say why; the card exports as the
// published CSV.
#include <grpcpp/grpcpp.h>

#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/files/csv_reader.h"
#include "common/records/proto_date.h"
#include "gtest/gtest.h"
#include "scorecard/aggregator/v1/aggregator_service.grpc.pb.h"
#include "scorecard/audit/v1/audit_service.grpc.pb.h"
#include "scorecard/safeguarding/v1/safeguarding_service.grpc.pb.h"
#include "tests/integration/test_stack.h"

namespace scorecard {
namespace {

namespace agg = ::scorecard::aggregator::v1;
namespace av1 = ::scorecard::audit::v1;
namespace cv1 = ::scorecard::common::v1;
namespace sv1 = ::scorecard::safeguarding::v1;

constexpr char kAuthority[] = "869";
const Month kApril(2017, 4);

std::chrono::system_clock::time_point Deadline(int seconds = 20) {
  return std::chrono::system_clock::now() + std::chrono::seconds(seconds);
}

void AddReferral(sv1::IngestRequest* request, const std::string& id, Date date) {
  sv1::Referral* r = request->add_records()->mutable_referral();
  r->mutable_header()->set_authority(kAuthority);
  r->mutable_header()->mutable_source()->set_system("product-test");
  r->mutable_header()->mutable_source()->set_id(id);
  r->set_child_id("C" + id);
  *r->mutable_referral_date() = ToProtoDate(date);
}

const agg::Row* FindRow(const agg::Scorecard& card, const std::string& row_id) {
  for (const agg::Section& section : card.sections()) {
    for (const agg::Row& row : section.rows()) {
      if (row.id() == row_id) return &row;
    }
  }
  return nullptr;
}

class ScorecardProductTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    stack_ = new testing::TestStack();
    absl::Status started = stack_->Start();
    ASSERT_TRUE(started.ok()) << started << " (logs in " << stack_->dir() << "/logs)";
  }
  static void TearDownTestSuite() {
    delete stack_;
    stack_ = nullptr;
  }

  static std::unique_ptr<agg::AggregatorService::Stub> Aggregator() {
    return agg::AggregatorService::NewStub(stack_->Channel("aggregator"));
  }

  static void Ingest(const sv1::IngestRequest& request) {
    auto stub = sv1::SafeguardingService::NewStub(stack_->Channel("safeguarding"));
    grpc::ClientContext context;
    context.set_deadline(Deadline());
    cv1::IngestResponse response;
    grpc::Status status = stub->Ingest(&context, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  static grpc::Status GetCard(const agg::GetScorecardRequest& request, agg::Scorecard* card) {
    grpc::ClientContext context;
    context.set_deadline(Deadline());
    return Aggregator()->GetScorecard(&context, request, card);
  }

  static agg::GetScorecardRequest CardRequest(Month from, Month to) {
    agg::GetScorecardRequest request;
    request.set_authority(kAuthority);
    *request.mutable_from_month() = ToProtoMonth(from);
    *request.mutable_to_month() = ToProtoMonth(to);
    return request;
  }

  static agg::Scorecard April() {
    agg::Scorecard card;
    grpc::Status status = GetCard(CardRequest(kApril, kApril), &card);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return card;
  }

  static grpc::Status Publish(bool republish, agg::RepublishReason reason,
                              agg::Publication* out) {
    agg::PublishScorecardRequest request;
    request.set_authority(kAuthority);
    *request.mutable_month() = ToProtoMonth(kApril);
    request.set_republish(republish);
    request.set_reason(reason);
    grpc::ClientContext context;
    context.set_deadline(Deadline());
    return Aggregator()->PublishScorecard(&context, request, out);
  }

  static agg::CacheStats CacheStats() {
    grpc::ClientContext context;
    context.set_deadline(Deadline());
    agg::CacheStats stats;
    grpc::Status status = Aggregator()->GetCacheStats(&context, agg::GetCacheStatsRequest(), &stats);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return stats;
  }

  // Audit events with `action`, waiting (bounded) until at least `at_least` have arrived:
  // the aggregator's outbox forwards them in the background.
  static std::vector<av1::AuditEvent> AuditEvents(const std::string& action, size_t at_least) {
    auto audit = av1::AuditService::NewStub(stack_->Channel("audit"));
    std::vector<av1::AuditEvent> events;
    const absl::Time deadline = absl::Now() + absl::Seconds(20);
    while (absl::Now() < deadline) {
      grpc::ClientContext context;
      context.set_deadline(Deadline(5));
      av1::QueryEventsRequest request;
      request.set_action(action);
      request.set_page_size(1000);
      av1::QueryEventsResponse response;
      grpc::Status status = audit->QueryEvents(&context, request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      events.assign(response.events().begin(), response.events().end());
      if (events.size() >= at_least) break;
      absl::SleepFor(absl::Milliseconds(100));
    }
    return events;
  }

  static testing::TestStack* stack_;
  // Kept from test to test (they run in declaration order and share one stack).
  static agg::Publication* published_;
};

testing::TestStack* ScorecardProductTest::stack_ = nullptr;
agg::Publication* ScorecardProductTest::published_ = new agg::Publication();

TEST_F(ScorecardProductTest, A_CardCarriesDirectionRatingFieldsAndEarlierMonths) {
  // Referrals: 15 March 2017 (March: 1); 3 and 28 April 2017 (April: 2).
  sv1::IngestRequest request;
  AddReferral(&request, "R0", Date(2017, 3, 15));
  AddReferral(&request, "R1", Date(2017, 4, 3));
  AddReferral(&request, "R2", Date(2017, 4, 28));
  Ingest(request);

  const agg::Scorecard card = April();
  const agg::Row* referrals = FindRow(card, "referrals-month");
  ASSERT_NE(referrals, nullptr);
  ASSERT_EQ(referrals->cells_size(), 1);  // only the month asked for
  EXPECT_EQ(referrals->cells(0).value(), 2);
  // March's figure came in the same call, for the direction of travel: 1 -> 2, a volume.
  EXPECT_EQ(referrals->cells(0).previous_month_value(), 1);
  EXPECT_EQ(referrals->cells(0).vs_previous_month(), agg::DIRECTION_UP);
  EXPECT_EQ(referrals->polarity(), agg::POLARITY_NEUTRAL);
  // The adoption row carries its national threshold.
  const agg::Row* a1 = FindRow(card, "adoption-a1");
  ASSERT_NE(a1, nullptr);
  EXPECT_EQ(a1->green_threshold(), 426);
  EXPECT_EQ(a1->polarity(), agg::POLARITY_LOWER_IS_BETTER);
  // Nothing entered yet for the pilot: not available, no value.
  EXPECT_EQ(FindRow(card, "personal-budget-pilot")->status(), agg::ROW_STATUS_NOT_YET_AVAILABLE);
}

TEST_F(ScorecardProductTest, B_PublishingFreezesTheMonthAndASecondPublicationIsRefused) {
  grpc::Status status = Publish(false, agg::REPUBLISH_REASON_UNSPECIFIED, published_);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(published_->revision(), 1);
  EXPECT_EQ(published_->month().month(), 4);
  EXPECT_FALSE(published_->published_by().empty());
  EXPECT_TRUE(published_->has_as_at());
  EXPECT_EQ(FindRow(published_->card(), "referrals-month")->cells(0).value(), 2);

  agg::Publication again;
  status = Publish(false, agg::REPUBLISH_REASON_UNSPECIFIED, &again);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(status.error_message().find("already published (revision 1"), std::string::npos)
      << status.error_message();
  status = Publish(true, agg::REPUBLISH_REASON_UNSPECIFIED, &again);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("reason"), std::string::npos);
}

TEST_F(ScorecardProductTest, C_ACorrectionShowsInTheRestatementWithBothValues) {
  // R2 was really received on 2 May: a new version of the same source record.
  sv1::IngestRequest correction;
  AddReferral(&correction, "R2", Date(2017, 5, 2));
  Ingest(correction);
  const agg::Scorecard now = April();
  EXPECT_EQ(FindRow(now, "referrals-month")->cells(0).value(), 1);
  EXPECT_NE(now.cache(), agg::CACHE_OUTCOME_HIT) << "a read after a write reflects it";

  agg::GetRestatementRequest request;
  request.set_authority(kAuthority);
  *request.mutable_from_month() = ToProtoMonth(Month(2017, 3));
  *request.mutable_to_month() = ToProtoMonth(kApril);
  agg::Restatement restatement;
  grpc::ClientContext context;
  context.set_deadline(Deadline());
  grpc::Status status = Aggregator()->GetRestatement(&context, request, &restatement);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(restatement.publications_size(), 1);  // March was never published
  bool month_listed = false;
  bool ytd_listed = false;
  for (const agg::RestatedCell& cell : restatement.cells()) {
    EXPECT_EQ(cell.month().month(), 4);
    EXPECT_EQ(cell.published_revision(), 1);
    EXPECT_NE(cell.has_published_value() ? cell.published_value() : -1,
              cell.has_current_value() ? cell.current_value() : -1)
        << cell.row_id() << ": listed but unchanged";
    if (cell.row_id() == "referrals-month" || cell.row_id() == "referrals-ytd") {
      EXPECT_EQ(cell.published_value(), 2) << cell.row_id();
      EXPECT_EQ(cell.current_value(), 1) << cell.row_id();
      (cell.row_id() == "referrals-month" ? month_listed : ytd_listed) = true;
    }
  }
  EXPECT_TRUE(month_listed);
  EXPECT_TRUE(ytd_listed);
}

TEST_F(ScorecardProductTest, D_AsAtThePublishedInstantReproducesThePublication) {
  agg::GetScorecardRequest request = CardRequest(kApril, kApril);
  *request.mutable_as_at() = published_->as_at();
  agg::Scorecard then;
  grpc::Status status = GetCard(request, &then);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const agg::Scorecard& card = published_->card();
  ASSERT_EQ(then.sections_size(), card.sections_size());
  int compared = 0;
  for (int s = 0; s < card.sections_size(); ++s) {
    ASSERT_EQ(then.sections(s).rows_size(), card.sections(s).rows_size());
    for (int r = 0; r < card.sections(s).rows_size(); ++r) {
      const agg::Row& was = card.sections(s).rows(r);
      const agg::Row& is = then.sections(s).rows(r);
      EXPECT_EQ(is.status(), was.status()) << was.id();
      EXPECT_EQ(is.cells(0).has_value(), was.cells(0).has_value()) << was.id();
      if (was.cells(0).has_value()) {
        EXPECT_DOUBLE_EQ(is.cells(0).value(), was.cells(0).value()) << was.id();
        ++compared;
      }
    }
  }
  EXPECT_GT(compared, 0);
  EXPECT_EQ(FindRow(then, "referrals-month")->cells(0).value(), 2);
}

TEST_F(ScorecardProductTest, E_AnExplicitRepublicationKeepsTheFirst) {
  agg::Publication second;
  grpc::Status status = Publish(true, agg::REPUBLISH_REASON_DATA_CORRECTION, &second);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(second.revision(), 2);
  EXPECT_EQ(FindRow(second.card(), "referrals-month")->cells(0).value(), 1);

  agg::ListPublicationsRequest request;
  request.set_authority(kAuthority);
  agg::ListPublicationsResponse listed;
  grpc::ClientContext context;
  context.set_deadline(Deadline());
  status = Aggregator()->ListPublications(&context, request, &listed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(listed.publications_size(), 2);
  EXPECT_EQ(listed.publications(0).revision(), 1);
  EXPECT_EQ(listed.publications(1).reason(), agg::REPUBLISH_REASON_DATA_CORRECTION);

  // Both publications and the refusals are on the audit record.
  const std::vector<av1::AuditEvent> events = AuditEvents("publish", 4);
  int ok = 0;
  for (const av1::AuditEvent& event : events) {
    EXPECT_EQ(event.authority(), kAuthority);
    EXPECT_FALSE(event.actor().empty());
    if (event.outcome() == av1::OUTCOME_OK) ++ok;
  }
  EXPECT_EQ(events.size(), 4u);
  EXPECT_EQ(ok, 2);
}

TEST_F(ScorecardProductTest, F_ALocalValueIsEnteredAuditedAndShown) {
  agg::EnterLocalValueRequest request;
  request.set_authority(kAuthority);
  request.set_measure_id("local.personal_budget_pilot_families");
  *request.mutable_month() = ToProtoMonth(kApril);
  request.set_value(20);
  agg::LocalValue entered;
  grpc::ClientContext context;
  context.set_deadline(Deadline());
  grpc::Status status = Aggregator()->EnterLocalValue(&context, request, &entered);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_FALSE(entered.entered_by().empty());

  const agg::Scorecard card_now = April();
  const agg::Row* pilot = FindRow(card_now, "personal-budget-pilot");
  ASSERT_NE(pilot, nullptr);
  EXPECT_EQ(pilot->status(), agg::ROW_STATUS_AVAILABLE);
  EXPECT_EQ(pilot->cells(0).value(), 20);

  const std::vector<av1::AuditEvent> events = AuditEvents("enter-local-value", 1);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].actor(), entered.entered_by());
  ASSERT_EQ(events[0].measure_ids_size(), 1);
  EXPECT_EQ(events[0].measure_ids(0), "local.personal_budget_pilot_families");
  EXPECT_EQ(events[0].detail(), "OK month=2017-04 revision=1");

  // Another authority's card does not show West Berkshire's pilot at all.
  agg::GetScorecardRequest other = CardRequest(kApril, kApril);
  other.set_authority("870");
  agg::Scorecard card;
  ASSERT_TRUE(GetCard(other, &card).ok());
  EXPECT_EQ(FindRow(card, "personal-budget-pilot")->status(), agg::ROW_STATUS_NOT_APPLICABLE);
}

TEST_F(ScorecardProductTest, G_ComparatorsComeFromLoadedReferenceFigures) {
  agg::LoadReferenceValuesRequest request;
  agg::ReferenceValue* england = request.add_values();
  england->set_comparator_key("cin-rate");
  england->set_source("england");
  england->set_period("2016-17");
  england->set_value(330.4);
  // A test fixture, not a published figure: West Berkshire's statistical neighbours.
  agg::ReferenceValue* neighbours = request.add_values();
  neighbours->set_comparator_key("cin-rate");
  neighbours->set_source("statistical-neighbours");
  neighbours->set_period("2016-17");
  neighbours->set_value(301.5);
  neighbours->set_authority(kAuthority);
  agg::LoadReferenceValuesResponse loaded;
  grpc::ClientContext context;
  context.set_deadline(Deadline());
  grpc::Status status = Aggregator()->LoadReferenceValues(&context, request, &loaded);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(loaded.new_versions(), 2);

  // April 2017 lies after 2016-17, the latest period published: compared with it.
  const agg::Scorecard card = April();
  const agg::Row* cin = FindRow(card, "cin-rate");
  ASSERT_NE(cin, nullptr);
  ASSERT_EQ(cin->cells(0).comparators_size(), 2) << cin->DebugString();
  EXPECT_EQ(cin->cells(0).comparators(0).source(), "england");
  EXPECT_EQ(cin->cells(0).comparators(0).period(), "2016-17");
  EXPECT_EQ(cin->cells(0).comparators(0).value(), 330.4);
  EXPECT_EQ(cin->cells(0).comparators(1).value(), 301.5);
}

TEST_F(ScorecardProductTest, H_CacheStatisticsMove) {
  const agg::CacheStats before = CacheStats();
  EXPECT_TRUE(before.redis_configured());
  const agg::Scorecard first = April();
  const agg::Scorecard second = April();
  EXPECT_EQ(second.cache(), agg::CACHE_OUTCOME_HIT);
  const agg::CacheStats after = CacheStats();
  EXPECT_GE(after.hits(), before.hits() + 1);
  EXPECT_GE(after.hits() + after.misses(), before.hits() + before.misses() + 2);
  EXPECT_GT(after.redis_sets(), 0);
  EXPECT_EQ(after.ttl_seconds(), 24 * 3600);
}

TEST_F(ScorecardProductTest, I_BadRequestsSayWhy) {
  agg::Scorecard card;
  agg::GetScorecardRequest request = CardRequest(kApril, kApril);
  request.set_scorecard_id("no-such-card");
  grpc::Status status = GetCard(request, &card);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_NE(status.error_message().find("no scorecard"), std::string::npos);

  request = CardRequest(Month(2017, 5), kApril);
  status = GetCard(request, &card);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "to_month 2017-04 is before from_month 2017-05");

  request = CardRequest(Month(2007, 1), kApril);
  status = GetCard(request, &card);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("longer than 120 months"), std::string::npos);

  request = CardRequest(kApril, kApril);
  request.set_authority("Berkshire");
  status = GetCard(request, &card);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("authority"), std::string::npos);

  // West Berkshire's own card: its derived rows for 869, nothing for anyone else.
  request = CardRequest(kApril, kApril);
  request.set_scorecard_id("getting-to-good-869");
  ASSERT_TRUE(GetCard(request, &card).ok());
  ASSERT_NE(FindRow(card, "referral-conversion-month"), nullptr);
  request.set_authority("870");
  EXPECT_EQ(GetCard(request, &card).error_code(), grpc::StatusCode::NOT_FOUND);
}

// Issue 6 item 5 through the API: the real card as the published CSV's shape, served from
// the cache GetScorecard fills.
TEST_F(ScorecardProductTest, J_TheCardExportsAsThePublishedCsv) {
  const agg::GetScorecardRequest card_request = CardRequest(Month(2016, 4), Month(2017, 1));
  agg::Scorecard card;
  ASSERT_TRUE(GetCard(card_request, &card).ok());

  agg::ExportScorecardRequest request;
  request.set_authority(kAuthority);
  *request.mutable_from_month() = card_request.from_month();
  *request.mutable_to_month() = card_request.to_month();
  request.set_format(agg::EXPORT_FORMAT_CSV);
  agg::ExportScorecardResponse exported;
  grpc::ClientContext context;
  context.set_deadline(Deadline());
  grpc::Status status = Aggregator()->ExportScorecard(&context, request, &exported);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(exported.cache(), agg::CACHE_OUTCOME_HIT) << "the card GetScorecard just cached";
  EXPECT_EQ(exported.definition_hash(), card.definition_hash());
  EXPECT_EQ(exported.content_type(), "text/csv; charset=utf-8; header=present");
  EXPECT_EQ(exported.file_name(), "getting-to-good-869-2016-04-to-2017-01.csv");

  std::ifstream seed_file(std::string(SCORECARD_SOURCE_DIR) +
                          "/tests/data/getting-to-good-2016-17.csv");
  ASSERT_TRUE(seed_file.good());
  std::vector<std::string> seed;
  for (std::string line; std::getline(seed_file, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) seed.push_back(line);
  }
  ASSERT_EQ(seed.size(), 62u);  // header and the published card's 61 rows

  const std::string& csv = exported.content();
  ASSERT_GE(csv.size(), 2u);
  EXPECT_EQ(csv.substr(csv.size() - 2), "\r\n");
  const std::vector<std::string> lines =
      absl::StrSplit(csv.substr(0, csv.size() - 2), "\r\n");
  EXPECT_EQ(lines[0], seed[0]) << "the seed's header: section,measure,basis,unit,2016-04...";
  ASSERT_GE(lines.size(), seed.size());
  EXPECT_EQ(static_cast<int>(lines.size()) - 1, exported.rows());
  // The seed's rows in order, each with its section, title, basis and unit words.
  for (size_t i = 1; i < seed.size(); ++i) {
    absl::StatusOr<std::vector<CsvRow>> want = ReadCsv(seed[i]);
    absl::StatusOr<std::vector<CsvRow>> got = ReadCsv(lines[i]);
    ASSERT_TRUE(want.ok() && got.ok()) << lines[i];
    ASSERT_EQ(want->size(), 1u) << seed[i];
    ASSERT_EQ(got->size(), 1u) << lines[i];
    const std::vector<std::string>& want_fields = want->front().fields;
    const std::vector<std::string>& got_fields = got->front().fields;
    ASSERT_EQ(got_fields.size(), want_fields.size()) << lines[i];
    for (size_t field = 0; field < 4; ++field) {
      EXPECT_EQ(got_fields[field], want_fields[field]) << "row " << i << " field " << field;
    }
  }
}

}  // namespace
}  // namespace scorecard
