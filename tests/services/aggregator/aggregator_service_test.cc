// The aggregator's RPC work without a network: fake domain services stand in for the
// real ones (MeasureSource), the store is a real SQLite file, the audit sink in memory.
#include "services/aggregator/aggregator_service.h"

#include <thread>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "common/audit/in_memory_audit_sink.h"
#include "common/records/proto_date.h"
#include "gtest/gtest.h"
#include "tests/common/cache/redis_test_server.h"
#include "tests/common/store/scoped_temp_dir.h"

namespace scorecard::aggregator {
namespace {

namespace cv1 = ::scorecard::common::v1;

// One domain service answering from a table of values, inline on the caller's thread.
class FakeSource final : public MeasureSource {
 public:
  explicit FakeSource(std::string name) : name_(std::move(name)) {}

  const std::string& name() const override { return name_; }
  void GetDataVersion(const std::string&, Callback<int64_t> done) override {
    ++version_calls_;
    if (down_) return done(absl::UnavailableError("down"));
    {
      absl::MutexLock lock(&held_mu_);
      if (hold_versions_) {
        // Answered later with the version as it was now, like a reply in flight.
        held_.emplace_back(version_.load(), std::move(done));
        return;
      }
    }
    done(version_.load());
  }
  void ListMeasures(Callback<cv1::ListMeasuresResponse> done) override {
    if (down_) return done(absl::UnavailableError("down"));
    cv1::ListMeasuresResponse response;
    for (const auto& [id, bases] : catalogue_) {
      cv1::MeasureDescriptor* d = response.add_measures();
      d->set_measure_id(id);
      for (cv1::Basis b : bases) d->add_bases(b);
    }
    done(response);
  }
  void GetMeasures(const cv1::GetMeasuresRequest& request,
                   Callback<cv1::GetMeasuresResponse> done) override {
    ++measure_calls_;
    if (entered_ != nullptr) {
      if (!entered_->HasBeenNotified()) entered_->Notify();
      release_->WaitForNotification();
    }
    if (down_) return done(absl::UnavailableError("down"));
    cv1::GetMeasuresResponse response;
    const Month from = *FromProtoMonth(request.from_month());
    const Month to = *FromProtoMonth(request.to_month());
    for (const std::string& id : request.measure_ids()) {
      for (const auto& [month, value] : values_[id]) {
        if (month < from || month > to) continue;
        cv1::MeasureValue* v = response.add_values();
        v->set_measure_id(id);
        *v->mutable_month() = ToProtoMonth(month);
        v->set_numerator(value);
        v->set_denominator(1);
        v->set_value(value);
      }
    }
    done(response);
  }

  // A count measure on the month basis; each call is a new data version.
  void Set(const std::string& id, Month month, double value) {
    catalogue_[id] = {cv1::BASIS_MONTH};
    values_[id][month] = value;
    ++version_;
  }
  void set_down(bool down) { down_ = down; }
  // While held, data versions are answered only by AnswerHeldVersions (from any thread).
  void HoldVersions(bool hold) {
    absl::MutexLock lock(&held_mu_);
    hold_versions_ = hold;
  }
  int held_versions() {
    absl::MutexLock lock(&held_mu_);
    return static_cast<int>(held_.size());
  }
  void AnswerHeldVersions() {
    std::vector<std::pair<int64_t, Callback<int64_t>>> held;
    {
      absl::MutexLock lock(&held_mu_);
      held.swap(held_);
    }
    for (auto& [version, done] : held) done(version);
  }
  void BlockMeasures(absl::Notification* entered, absl::Notification* release) {
    entered_ = entered;
    release_ = release;
  }
  int version_calls() const { return version_calls_; }
  int measure_calls() const { return measure_calls_; }

 private:
  std::string name_;
  std::map<std::string, std::set<cv1::Basis>> catalogue_;
  std::map<std::string, std::map<Month, double>> values_;
  std::atomic<int64_t> version_{1};
  bool down_ = false;
  absl::Mutex held_mu_;
  bool hold_versions_ ABSL_GUARDED_BY(held_mu_) = false;
  std::vector<std::pair<int64_t, Callback<int64_t>>> held_ ABSL_GUARDED_BY(held_mu_);
  std::atomic<int> version_calls_{0};
  std::atomic<int> measure_calls_{0};
  absl::Notification* entered_ = nullptr;
  absl::Notification* release_ = nullptr;
};

constexpr char kCard[] = R"pb(
  id: "getting-to-good"
  title: "Card"
  sections {
    id: "s"
    title: "S"
    rows { id: "referrals-month" title: "Referrals" measure_id: "safeguarding.referrals" basis: BASIS_MONTH unit: UNIT_COUNT polarity: POLARITY_NEUTRAL }
    rows { id: "contacts-month" title: "Contacts" measure_id: "safeguarding.contacts" basis: BASIS_MONTH unit: UNIT_COUNT polarity: POLARITY_NEUTRAL }
    rows { id: "pilot" title: "Pilot" measure_id: "local.pilot_families" basis: BASIS_SNAPSHOT unit: UNIT_COUNT authorities: "869" }
  }
)pb";

constexpr char kOverlay[] = R"pb(
  id: "getting-to-good-869" extends: "getting-to-good" authorities: "869"
  sections { id: "s" rows { id: "conversion" title: "Conversion" formula: "100 * [referrals-month] / [contacts-month]" unit: UNIT_PERCENT } }
)pb";

CallerIdentity Caller(const std::string& principal) {
  CallerIdentity caller;
  caller.principal = principal;
  caller.roles = {"admin"};
  caller.authenticated = true;
  return caller;
}

class AggregatorServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(dir_.ok());
    absl::StatusOr<LoadedDefinition> base = ParseDefinition(kCard, "card");
    ASSERT_TRUE(base.ok()) << base.status();
    absl::StatusOr<v1::ScorecardDefinition> overlay = ParseDefinitionText(kOverlay, "overlay");
    ASSERT_TRUE(overlay.ok());
    absl::StatusOr<LoadedDefinition> local =
        FinishDefinition(*ApplyOverlay(base->definition, *overlay), "overlay");
    ASSERT_TRUE(local.ok()) << local.status();
    ASSERT_TRUE(definitions_.Add(*std::move(base)).ok());
    ASSERT_TRUE(definitions_.Add(*std::move(local)).ok());
    absl::StatusOr<std::unique_ptr<VersionedRecordStore>> records =
        VersionedRecordStore::Open(dir_.File("aggregator.sqlite"));
    ASSERT_TRUE(records.ok());
    records_ = *std::move(records);
    store_ = std::make_unique<AggregatorStore>(records_.get());
    safeguarding_.Set("safeguarding.referrals", Month(2017, 4), 118);
    safeguarding_.Set("safeguarding.contacts", Month(2017, 4), 298);
    service_ = std::make_unique<AggregatorServiceImpl>(
        &definitions_, std::vector<MeasureSource*>{&safeguarding_}, store_.get(),
        /*cache=*/nullptr, &executor_, /*authorizer=*/nullptr, &audit_, AggregatorOptions{});
  }

  static v1::GetScorecardRequest Request(Month from, Month to, const std::string& id = "") {
    v1::GetScorecardRequest request;
    request.set_authority("869");
    request.set_scorecard_id(id);
    *request.mutable_from_month() = ToProtoMonth(from);
    *request.mutable_to_month() = ToProtoMonth(to);
    return request;
  }

  static v1::PublishScorecardRequest PublishRequest(Month month, bool republish = false,
                                                    v1::RepublishReason reason =
                                                        v1::REPUBLISH_REASON_UNSPECIFIED) {
    v1::PublishScorecardRequest request;
    request.set_authority("869");
    *request.mutable_month() = ToProtoMonth(month);
    request.set_republish(republish);
    request.set_reason(reason);
    return request;
  }

  static const v1::Row& RowOf(const v1::Scorecard& card, const std::string& id) {
    for (const v1::Section& section : card.sections()) {
      for (const v1::Row& row : section.rows()) {
        if (row.id() == id) return row;
      }
    }
    ADD_FAILURE() << "no row " << id;
    return card.sections(0).rows(0);
  }

  std::vector<audit::v1::AuditEvent> EventsWithAction(const std::string& action) const {
    std::vector<audit::v1::AuditEvent> out;
    for (const auto& e : audit_.events()) {
      if (e.action() == action) out.push_back(e);
    }
    return out;
  }

  ScopedTempDir dir_;
  DefinitionSet definitions_;
  std::unique_ptr<VersionedRecordStore> records_;
  std::unique_ptr<AggregatorStore> store_;
  FakeSource safeguarding_{"safeguarding"};
  Executor executor_{1};
  audit::InMemoryAuditSink audit_{"aggregator"};
  std::unique_ptr<AggregatorServiceImpl> service_;
};

TEST_F(AggregatorServiceTest, BadRequestsSayWhy) {
  v1::GetScorecardRequest request = Request(Month(2017, 4), Month(2017, 4), "no-such-card");
  absl::StatusOr<v1::Scorecard> card = service_->BuildScorecard(request);
  EXPECT_EQ(card.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(card.status().message(), "scorecard_id: no scorecard \"no-such-card\"");

  request = Request(Month(2017, 4), Month(2017, 4));
  request.set_authority("86A");
  card = service_->BuildScorecard(request);
  EXPECT_EQ(card.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(card.status().message().find("authority: \"86A\" is not a DfE local authority code"),
            std::string::npos)
      << card.status();

  card = service_->BuildScorecard(Request(Month(2017, 5), Month(2017, 4)));
  EXPECT_EQ(card.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(card.status().message(), "to_month 2017-04 is before from_month 2017-05");

  // 2007-04 to 2017-04 is 121 months: one too many.
  card = service_->BuildScorecard(Request(Month(2007, 4), Month(2017, 4)));
  EXPECT_EQ(card.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(card.status().message().find("longer than 120 months"), std::string::npos);
  EXPECT_TRUE(service_->BuildScorecard(Request(Month(2007, 5), Month(2017, 4))).ok());

  request = Request(Month(2017, 4), Month(2017, 4), "getting-to-good-869");
  EXPECT_TRUE(service_->BuildScorecard(request).ok());
  request.set_authority("870");
  EXPECT_EQ(service_->BuildScorecard(request).status().message(),
            "scorecard_id: scorecard \"getting-to-good-869\" is not defined for authority 870");
}

TEST_F(AggregatorServiceTest, PublishingFreezesTheMonthAndRefusesASecondTimeUnlessRepublished) {
  const CallerIdentity admin = Caller("admin");
  absl::StatusOr<v1::Publication> first = service_->Publish(admin, PublishRequest(Month(2017, 4)));
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->revision(), 1);
  EXPECT_EQ(first->published_by(), "admin");
  EXPECT_EQ(first->scorecard_id(), "getting-to-good");
  EXPECT_TRUE(first->has_as_at());
  EXPECT_FALSE(first->definition_hash().empty());
  EXPECT_EQ(RowOf(first->card(), "referrals-month").cells(0).value(), 118);
  ASSERT_EQ(first->data_versions_size(), 2);  // safeguarding and the aggregator's own

  absl::StatusOr<v1::Publication> again = service_->Publish(admin, PublishRequest(Month(2017, 4)));
  EXPECT_EQ(again.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(again.status().message().find("2017-04 of getting-to-good for 869 is already published (revision 1"),
            std::string::npos)
      << again.status();

  EXPECT_EQ(service_->Publish(admin, PublishRequest(Month(2017, 4), true)).status().code(),
            absl::StatusCode::kInvalidArgument);  // no reason
  EXPECT_EQ(service_->Publish(admin, PublishRequest(Month(2017, 5), true,
                                                     v1::REPUBLISH_REASON_LATE_DATA))
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);  // nothing to republish

  safeguarding_.Set("safeguarding.referrals", Month(2017, 4), 120);  // a correction
  absl::StatusOr<v1::Publication> second = service_->Publish(
      Caller("performance-lead"),
      PublishRequest(Month(2017, 4), true, v1::REPUBLISH_REASON_DATA_CORRECTION));
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->revision(), 2);
  EXPECT_EQ(RowOf(second->card(), "referrals-month").cells(0).value(), 120);

  // The first publication is kept.
  v1::GetPublicationRequest get;
  get.set_authority("869");
  *get.mutable_month() = ToProtoMonth(Month(2017, 4));
  get.set_revision(1);
  absl::StatusOr<v1::Publication> kept = service_->ReadPublication(get);
  ASSERT_TRUE(kept.ok()) << kept.status();
  EXPECT_EQ(RowOf(kept->card(), "referrals-month").cells(0).value(), 118);
  get.set_revision(0);
  EXPECT_EQ(service_->ReadPublication(get)->revision(), 2);
  get.set_revision(3);
  EXPECT_EQ(service_->ReadPublication(get).status().code(), absl::StatusCode::kNotFound);

  v1::ListPublicationsRequest list;
  list.set_authority("869");
  absl::StatusOr<v1::ListPublicationsResponse> listed = service_->ReadPublications(list);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->publications_size(), 2);
  EXPECT_FALSE(listed->publications(0).has_card());

  // Every attempt is on the audit record: two publications, three refusals.
  const auto events = EventsWithAction(audit::kActionPublish);
  ASSERT_EQ(events.size(), 5u);
  EXPECT_EQ(events[0].detail(), "OK month=2017-04 revision=1");
  EXPECT_EQ(events[0].scorecard_id(), "getting-to-good");
  EXPECT_EQ(events[0].actor(), "admin");
  EXPECT_EQ(events[1].detail(), "FAILED_PRECONDITION month=2017-04");
  EXPECT_EQ(events[4].detail(),
            "OK month=2017-04 revision=2 reason=REPUBLISH_REASON_DATA_CORRECTION");
  EXPECT_EQ(events[4].actor(), "performance-lead");
}

TEST_F(AggregatorServiceTest, PublishingNeedsEverySourceAndAMonthThatHasBegun) {
  safeguarding_.set_down(true);
  absl::StatusOr<v1::Publication> down =
      service_->Publish(Caller("admin"), PublishRequest(Month(2017, 4)));
  EXPECT_EQ(down.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(down.status().message(),
            "cannot publish while safeguarding is unavailable: its rows have no figures");
  safeguarding_.set_down(false);
  EXPECT_EQ(service_->Publish(Caller("admin"), PublishRequest(Month(2099, 1))).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(AggregatorServiceTest, RestatementListsEveryChangedCellWithBothValues) {
  ASSERT_TRUE(service_->Publish(Caller("admin"), PublishRequest(Month(2017, 4))).ok());
  safeguarding_.Set("safeguarding.referrals", Month(2017, 4), 121);
  v1::GetRestatementRequest request;
  request.set_authority("869");
  *request.mutable_from_month() = ToProtoMonth(Month(2017, 3));
  *request.mutable_to_month() = ToProtoMonth(Month(2017, 5));
  absl::StatusOr<v1::Restatement> restatement = service_->Restate(request);
  ASSERT_TRUE(restatement.ok()) << restatement.status();
  ASSERT_EQ(restatement->publications_size(), 1);  // only April was published
  ASSERT_EQ(restatement->cells_size(), 1);
  const v1::RestatedCell& cell = restatement->cells(0);
  EXPECT_EQ(cell.row_id(), "referrals-month");
  EXPECT_EQ(cell.month().month(), 4);
  EXPECT_EQ(cell.published_value(), 118);
  EXPECT_EQ(cell.current_value(), 121);
  EXPECT_EQ(cell.published_revision(), 1);
  EXPECT_EQ(cell.unit(), cv1::UNIT_COUNT);  // so a client can show it as the card does
}

TEST_F(AggregatorServiceTest, LocalValuesAreEnteredAuditedAndShown) {
  v1::EnterLocalValueRequest request;
  request.set_authority("869");
  request.set_measure_id("local.pilot_families");
  *request.mutable_month() = ToProtoMonth(Month(2017, 4));
  request.set_value(20);
  absl::StatusOr<v1::LocalValue> entered = service_->EnterValue(Caller("admin"), request);
  ASSERT_TRUE(entered.ok()) << entered.status();
  EXPECT_EQ(entered->entered_by(), "admin");
  EXPECT_EQ(entered->revision(), 1);

  absl::StatusOr<v1::Scorecard> card = service_->BuildScorecard(Request(Month(2017, 4), Month(2017, 4)));
  ASSERT_TRUE(card.ok());
  EXPECT_EQ(RowOf(*card, "pilot").status(), v1::ROW_STATUS_AVAILABLE);
  EXPECT_EQ(RowOf(*card, "pilot").cells(0).value(), 20);

  request.set_measure_id("local.typo");
  EXPECT_EQ(service_->EnterValue(Caller("admin"), request).status().code(),
            absl::StatusCode::kInvalidArgument);
  const auto events = EventsWithAction(kActionEnterLocalValue);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].actor(), "admin");
  EXPECT_EQ(events[0].authority(), "869");
  ASSERT_EQ(events[0].measure_ids_size(), 1);
  EXPECT_EQ(events[0].measure_ids(0), "local.pilot_families");
  EXPECT_EQ(events[0].detail(), "OK month=2017-04 revision=1");
  EXPECT_EQ(events[1].detail(), "INVALID_ARGUMENT");
  EXPECT_EQ(events[1].measure_ids_size(), 0) << "an unknown id is not echoed into the log";
}

TEST_F(AggregatorServiceTest, ReferenceValuesAreValidatedNamingTheValue) {
  v1::LoadReferenceValuesRequest request;
  v1::ReferenceValue* good = request.add_values();
  good->set_comparator_key("cin-rate");
  good->set_source("england");
  good->set_period("2016-17");
  good->set_value(330.4);
  *request.add_values() = *good;
  request.mutable_values(1)->set_period("2016");
  absl::StatusOr<v1::LoadReferenceValuesResponse> loaded =
      service_->LoadReference(Caller("admin"), request);
  EXPECT_EQ(loaded.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(loaded.status().message().substr(0, 17), "values[1].period:");
  request.mutable_values()->RemoveLast();
  loaded = service_->LoadReference(Caller("admin"), request);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->new_versions(), 1);
}

TEST_F(AggregatorServiceTest, WithoutRedisEveryReadIsABypass) {
  ASSERT_TRUE(service_->BuildScorecard(Request(Month(2017, 4), Month(2017, 4))).ok());
  ASSERT_TRUE(service_->BuildScorecard(Request(Month(2017, 4), Month(2017, 4))).ok());
  const v1::CacheStats stats = service_->Statistics();
  EXPECT_EQ(stats.bypasses(), 2);
  EXPECT_EQ(stats.hits(), 0);
  EXPECT_FALSE(stats.redis_configured());
  EXPECT_EQ(stats.ttl_seconds(), 24 * 3600);
}

TEST_F(AggregatorServiceTest, ConcurrentIdenticalRequestsComputeOnce) {
  absl::Notification entered;
  absl::Notification release;
  safeguarding_.BlockMeasures(&entered, &release);
  const v1::GetScorecardRequest request = Request(Month(2017, 4), Month(2017, 4));
  std::thread first([&] { EXPECT_TRUE(service_->BuildScorecard(request).ok()); });
  entered.WaitForNotification();  // the first computation is under way
  const int versions_before = safeguarding_.version_calls();
  std::thread second([&] { EXPECT_TRUE(service_->BuildScorecard(request).ok()); });
  // The second has asked for data versions; joining the flight follows at once.
  while (safeguarding_.version_calls() == versions_before) absl::SleepFor(absl::Milliseconds(1));
  absl::SleepFor(absl::Milliseconds(100));
  release.Notify();
  first.join();
  second.join();
  EXPECT_EQ(safeguarding_.measure_calls(), 1);
  EXPECT_EQ(service_->Statistics().single_flight_joins(), 1);
}

v1::ExportScorecardRequest ExportRequest(v1::ExportFormat format,
                                         v1::ExportLayout layout = v1::EXPORT_LAYOUT_UNSPECIFIED) {
  v1::ExportScorecardRequest request;
  request.set_authority("869");
  *request.mutable_from_month() = ToProtoMonth(Month(2017, 4));
  *request.mutable_to_month() = ToProtoMonth(Month(2017, 4));
  request.set_format(format);
  request.set_layout(layout);
  return request;
}

// The card of kCard for April 2017, worked by hand: referrals 118 and contacts 298 from the
// fake service; the pilot has nothing entered, so no figure (a gap, never 0).
TEST_F(AggregatorServiceTest, ExportIsTheCardGetScorecardServesAsAFile) {
  absl::StatusOr<v1::ExportScorecardResponse> csv =
      service_->Export(ExportRequest(v1::EXPORT_FORMAT_CSV));
  ASSERT_TRUE(csv.ok()) << csv.status();
  EXPECT_EQ(csv->content(),
            "section,measure,basis,unit,2017-04\r\n"
            "s,Referrals,month,count,118\r\n"
            "s,Contacts,month,count,298\r\n"
            "s,Pilot,snapshot,count,\r\n");
  EXPECT_EQ(csv->content_type(), "text/csv; charset=utf-8; header=present");
  EXPECT_EQ(csv->file_name(), "getting-to-good-869-2017-04-to-2017-04.csv");
  EXPECT_EQ(csv->scorecard_id(), "getting-to-good");
  EXPECT_EQ(csv->rows(), 3);
  EXPECT_EQ(csv->cache(), v1::CACHE_OUTCOME_BYPASSED);

  // The same path as GetScorecard: the same card, counted by the same cache statistics.
  absl::StatusOr<v1::Scorecard> card =
      service_->BuildScorecard(Request(Month(2017, 4), Month(2017, 4)));
  ASSERT_TRUE(card.ok());
  EXPECT_EQ(csv->definition_hash(), card->definition_hash());
  EXPECT_EQ(service_->Statistics().bypasses(), 2);

  absl::StatusOr<v1::ExportScorecardResponse> long_csv =
      service_->Export(ExportRequest(v1::EXPORT_FORMAT_CSV, v1::EXPORT_LAYOUT_LONG));
  ASSERT_TRUE(long_csv.ok()) << long_csv.status();
  EXPECT_NE(long_csv->content().find("s,referrals-month,Referrals,safeguarding.referrals,month,"
                                     "count,,available,2017-04,118,1,118,,"),
            std::string::npos)
      << long_csv->content();
  EXPECT_EQ(long_csv->file_name(), "getting-to-good-869-2017-04-to-2017-04-long.csv");

  v1::ExportScorecardRequest overlay = ExportRequest(v1::EXPORT_FORMAT_XLSX);
  overlay.set_scorecard_id("getting-to-good-869");
  absl::StatusOr<v1::ExportScorecardResponse> xlsx = service_->Export(overlay);
  ASSERT_TRUE(xlsx.ok()) << xlsx.status();
  EXPECT_EQ(xlsx->content().substr(0, 2), "PK");
  EXPECT_EQ(xlsx->file_name(), "getting-to-good-869-869-2017-04-to-2017-04.xlsx");
  EXPECT_EQ(xlsx->rows(), 4);  // the overlay's conversion row too
}

TEST_F(AggregatorServiceTest, ExportRefusesWhatGetScorecardRefusesAndSaysWhy) {
  EXPECT_EQ(service_->Export(ExportRequest(v1::EXPORT_FORMAT_UNSPECIFIED)).status().message(),
            "format: required: EXPORT_FORMAT_CSV, EXPORT_FORMAT_JSON, EXPORT_FORMAT_XLSX or "
            "EXPORT_FORMAT_HTML");
  EXPECT_EQ(service_->Export(ExportRequest(v1::EXPORT_FORMAT_JSON, v1::EXPORT_LAYOUT_LONG))
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  v1::ExportScorecardRequest reversed = ExportRequest(v1::EXPORT_FORMAT_CSV);
  *reversed.mutable_from_month() = ToProtoMonth(Month(2017, 5));
  EXPECT_EQ(service_->Export(reversed).status(),
            absl::InvalidArgumentError("to_month 2017-04 is before from_month 2017-05"));
  v1::ExportScorecardRequest unknown = ExportRequest(v1::EXPORT_FORMAT_CSV);
  unknown.set_scorecard_id("no-such-card");
  EXPECT_EQ(service_->Export(unknown).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(AggregatorServiceTest, AnExportTooLargeForAReplyIsRefusedSayingSo) {
  AggregatorOptions options;
  options.max_export_bytes = 100;  // the CSV above is 36 + 29 + 28 + 25 = 118 bytes
  AggregatorServiceImpl small(&definitions_, {&safeguarding_}, store_.get(), /*cache=*/nullptr,
                              &executor_, /*authorizer=*/nullptr, &audit_, options);
  absl::StatusOr<v1::ExportScorecardResponse> csv =
      small.Export(ExportRequest(v1::EXPORT_FORMAT_CSV));
  EXPECT_EQ(csv.status(), absl::ResourceExhaustedError(
                              "the csv export is 118 bytes, more than the 100 a reply may "
                              "carry: ask for fewer months"));
}

// --- The cache tiers, with a real redis-server ---------------------------------------------

// Only bounds a hang; passing tests never wait this long.
constexpr absl::Duration kBoundedWait = absl::Seconds(10);

template <typename Predicate>
bool WaitUntil(Predicate done) {
  const absl::Time deadline = absl::Now() + kBoundedWait;
  while (!done()) {
    if (absl::Now() > deadline) return false;
    absl::SleepFor(absl::Milliseconds(1));
  }
  return true;
}

class AggregatorCacheTest : public AggregatorServiceTest {
 protected:
  void SetUp() override {
    AggregatorServiceTest::SetUp();
    std::string error;
    redis_port_ = cache_testing::PickFreePort();
    ASSERT_TRUE(redis_.Start(redis_port_, &error)) << error;
    RedisOptions options;
    options.port = redis_port_;
    cache_ = std::make_unique<RedisCache>(options);
    service_ = WithCache(AggregatorOptions{});
  }
  void TearDown() override { service_.reset(); }

  std::unique_ptr<AggregatorServiceImpl> WithCache(AggregatorOptions options) {
    return std::make_unique<AggregatorServiceImpl>(
        &definitions_, std::vector<MeasureSource*>{&safeguarding_}, store_.get(), cache_.get(),
        &executor_, /*authorizer=*/nullptr, &audit_, options);
  }

  static double Referrals(const v1::Scorecard& card) {
    return RowOf(card, "referrals-month").cells(0).value();
  }

  cache_testing::RedisServerProcess redis_;
  int redis_port_ = 0;
  std::unique_ptr<RedisCache> cache_;
};

TEST_F(AggregatorCacheTest, ARepeatReadIsAnsweredFromMemoryAsAHit) {
  const v1::GetScorecardRequest request = Request(Month(2017, 4), Month(2017, 4));
  absl::StatusOr<v1::Scorecard> first = service_->BuildScorecard(request);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->cache(), v1::CACHE_OUTCOME_MISS);
  absl::StatusOr<v1::Scorecard> second = service_->BuildScorecard(request);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->cache(), v1::CACHE_OUTCOME_HIT);
  EXPECT_EQ(Referrals(*second), 118);
  EXPECT_EQ(safeguarding_.measure_calls(), 1);
  const v1::CacheStats stats = service_->Statistics();
  EXPECT_EQ(stats.misses(), 1);
  EXPECT_EQ(stats.hits(), 1);
  EXPECT_EQ(stats.memory_hits(), 1);
  EXPECT_EQ(stats.memory_entries(), 1);
  EXPECT_GT(stats.memory_bytes(), 0);
  EXPECT_EQ(stats.redis_sets(), 1) << "Redis stays the shared tier";
}

TEST_F(AggregatorCacheTest, AnotherInstanceHitsRedisThenItsOwnMemory) {
  const v1::GetScorecardRequest request = Request(Month(2017, 4), Month(2017, 4));
  ASSERT_TRUE(service_->BuildScorecard(request).ok());
  std::unique_ptr<AggregatorServiceImpl> other = WithCache(AggregatorOptions{});
  absl::StatusOr<v1::Scorecard> from_redis = other->BuildScorecard(request);
  ASSERT_TRUE(from_redis.ok()) << from_redis.status();
  EXPECT_EQ(from_redis->cache(), v1::CACHE_OUTCOME_HIT);
  EXPECT_EQ(Referrals(*from_redis), 118);
  EXPECT_EQ(other->Statistics().memory_hits(), 0);
  absl::StatusOr<v1::Scorecard> from_memory = other->BuildScorecard(request);
  ASSERT_TRUE(from_memory.ok());
  EXPECT_EQ(from_memory->cache(), v1::CACHE_OUTCOME_HIT);
  EXPECT_EQ(other->Statistics().memory_hits(), 1) << "a Redis hit fills the memory tier";
  EXPECT_EQ(safeguarding_.measure_calls(), 1);
}

TEST_F(AggregatorCacheTest, ZeroMemoryBytesLeavesOnlyRedis) {
  AggregatorOptions options;
  options.memory_cache_bytes = 0;
  service_ = WithCache(options);
  const v1::GetScorecardRequest request = Request(Month(2017, 4), Month(2017, 4));
  ASSERT_TRUE(service_->BuildScorecard(request).ok());
  absl::StatusOr<v1::Scorecard> second = service_->BuildScorecard(request);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->cache(), v1::CACHE_OUTCOME_HIT);
  EXPECT_EQ(service_->Statistics().hits(), 1);
  EXPECT_EQ(service_->Statistics().memory_hits(), 0);
  EXPECT_EQ(service_->Statistics().memory_entries(), 0);
}

TEST_F(AggregatorCacheTest, AnAsAtReadIsNeverAnsweredWithTheCurrentCard) {
  const v1::GetScorecardRequest now = Request(Month(2017, 4), Month(2017, 4));
  ASSERT_TRUE(service_->BuildScorecard(now).ok());
  v1::GetScorecardRequest as_at = now;
  *as_at.mutable_as_at() = ToProtoTimestamp(absl::Now());
  absl::StatusOr<v1::Scorecard> card = service_->BuildScorecard(as_at);
  ASSERT_TRUE(card.ok());
  EXPECT_EQ(card->cache(), v1::CACHE_OUTCOME_MISS) << "as_at is part of the key";
  EXPECT_EQ(service_->BuildScorecard(as_at)->cache(), v1::CACHE_OUTCOME_HIT);
}

TEST_F(AggregatorCacheTest, ACardWithASourceDownIsNeitherCachedNorRemembered) {
  safeguarding_.set_down(true);
  const v1::GetScorecardRequest request = Request(Month(2017, 4), Month(2017, 4));
  ASSERT_TRUE(service_->BuildScorecard(request).ok());
  absl::StatusOr<v1::Scorecard> again = service_->BuildScorecard(request);
  ASSERT_TRUE(again.ok());
  EXPECT_NE(again->cache(), v1::CACHE_OUTCOME_HIT);
  EXPECT_EQ(service_->Statistics().memory_entries(), 0);
  EXPECT_EQ(service_->Statistics().uncacheable(), 2);
}

// The read barrier end to end: a read already waiting for versions when a write is
// acknowledged, then 16 readers arriving after the write while that version call is
// still in flight. Every one of the 16 must see the write (119 referrals, not the 118
// cached before it), though a card for the old versions sits in both tiers.
TEST_F(AggregatorCacheTest, EveryReaderArrivingAfterAnAcknowledgedWriteSeesIt) {
  constexpr int kReaders = 16;
  const v1::GetScorecardRequest request = Request(Month(2017, 4), Month(2017, 4));
  ASSERT_TRUE(service_->BuildScorecard(request).ok());
  absl::StatusOr<v1::Scorecard> warm = service_->BuildScorecard(request);
  ASSERT_TRUE(warm.ok());
  ASSERT_EQ(warm->cache(), v1::CACHE_OUTCOME_HIT);
  ASSERT_EQ(Referrals(*warm), 118);

  safeguarding_.HoldVersions(true);
  std::thread earlier([&] { EXPECT_TRUE(service_->BuildScorecard(request).ok()); });
  ASSERT_TRUE(WaitUntil([&] { return safeguarding_.held_versions() == 1; }));
  safeguarding_.Set("safeguarding.referrals", Month(2017, 4), 119);  // acknowledged
  const int64_t calls_before = service_->Statistics().version_calls();

  std::atomic<int> started{0};
  std::atomic<int> finished{0};
  std::vector<absl::StatusOr<v1::Scorecard>> cards(kReaders, absl::UnknownError("not read"));
  std::vector<std::thread> readers;
  for (int i = 0; i < kReaders; ++i) {
    readers.emplace_back([&, i] {
      ++started;
      cards[i] = service_->BuildScorecard(request);
      ++finished;
    });
  }
  ASSERT_TRUE(WaitUntil([&] { return started.load() == kReaders; }));
  absl::SleepFor(absl::Milliseconds(20));  // let them reach the barrier
  EXPECT_EQ(safeguarding_.held_versions(), 1) << "readers wait; no call per reader";
  const bool all_finished = WaitUntil([&] {
    safeguarding_.AnswerHeldVersions();
    return finished.load() == kReaders;
  });
  safeguarding_.HoldVersions(false);
  safeguarding_.AnswerHeldVersions();
  earlier.join();
  for (std::thread& reader : readers) reader.join();

  ASSERT_TRUE(all_finished);
  for (int i = 0; i < kReaders; ++i) {
    ASSERT_TRUE(cards[i].ok()) << cards[i].status();
    EXPECT_EQ(Referrals(*cards[i]), 119) << "reader " << i;
  }
  // One call for all of them (a straggler that missed it may start one more).
  EXPECT_LE(service_->Statistics().version_calls() - calls_before, 3);
}

}  // namespace
}  // namespace scorecard::aggregator
