// publish, publications, restatement, local-value, reference load and status's cache
// statistics: their flags, and each against a stand-in aggregator on a loopback port that
// answers as the contract says and records what it was asked.
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/records/proto_date.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scorecard/aggregator/v1/aggregator_service.grpc.pb.h"
#include "tests/common/store/scoped_temp_dir.h"
#include "tests/tools/scorecardctl/command_output.h"
#include "tests/tools/scorecardctl/in_process_server.h"
#include "tools/scorecardctl/commands.h"

namespace scorecard::scorecardctl {
namespace {

namespace v1 = ::scorecard::aggregator::v1;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::Finish;
using testing::InProcessServer;
using testing::Output;

// --- Flags -------------------------------------------------------------------------------

AggregatorFlags Flags() {
  AggregatorFlags flags;
  flags.authority = "869";
  flags.month = "2017-04";
  return flags;
}

TEST(ParsePublishOptionsTest, ARepublicationNeedsAReasonAndOnlyItHasOne) {
  absl::StatusOr<PublishOptions> first = ParsePublishOptions(Flags());
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->month, Month(2017, 4));
  EXPECT_FALSE(first->republish);
  EXPECT_EQ(first->reason, v1::REPUBLISH_REASON_UNSPECIFIED);

  AggregatorFlags again = Flags();
  again.republish = true;
  again.reason = "late-data";
  EXPECT_EQ(ParsePublishOptions(again)->reason, v1::REPUBLISH_REASON_LATE_DATA);

  again.reason = "";
  EXPECT_THAT(ParsePublishOptions(again).status().message(),
              HasSubstr("--republish needs --reason"));
  AggregatorFlags reason_only = Flags();
  reason_only.reason = "data-correction";
  EXPECT_THAT(ParsePublishOptions(reason_only).status().message(),
              HasSubstr("--reason is only for a republication"));
  again.reason = "because";
  EXPECT_THAT(ParsePublishOptions(again).status().message(),
              HasSubstr("--reason: unknown reason \"because\""));
  AggregatorFlags no_month = Flags();
  no_month.month = "";
  EXPECT_THAT(ParsePublishOptions(no_month).status().message(), HasSubstr("--month"));
  AggregatorFlags no_authority = Flags();
  no_authority.authority = "";
  EXPECT_THAT(ParsePublishOptions(no_authority).status().message(),
              HasSubstr("--authority is required"));
}

TEST(ParseRestatementOptionsTest, OneMonthOrARangeNotBoth) {
  absl::StatusOr<RestatementOptions> one = ParseRestatementOptions(Flags());
  ASSERT_TRUE(one.ok()) << one.status();
  EXPECT_EQ(one->months.from, Month(2017, 4));
  EXPECT_EQ(one->months.to, Month(2017, 4));

  AggregatorFlags range = Flags();
  range.month = "";
  range.from = "2017-04";
  range.to = "2017-06";
  EXPECT_EQ(ParseRestatementOptions(range)->months.to, Month(2017, 6));
  range.month = "2017-04";
  EXPECT_EQ(ParseRestatementOptions(range).status(),
            absl::InvalidArgumentError("give --month, or --from and --to, not both"));
  AggregatorFlags neither = Flags();
  neither.month = "";
  EXPECT_THAT(ParseRestatementOptions(neither).status().message(), HasSubstr("is required"));
}

TEST(ParseLocalValueOptionsTest, ALocalMeasureAndAValueOrWithdraw) {
  AggregatorFlags flags = Flags();
  flags.measure = "local.pilot_families";
  flags.value = "20.5";
  absl::StatusOr<LocalValueOptions> entered = ParseLocalValueOptions(flags);
  ASSERT_TRUE(entered.ok()) << entered.status();
  EXPECT_EQ(entered->value, 20.5);

  flags.value = "";
  flags.withdraw = true;
  EXPECT_EQ(ParseLocalValueOptions(flags)->value, std::nullopt);
  flags.value = "3";
  EXPECT_THAT(ParseLocalValueOptions(flags).status().message(), HasSubstr("one of them"));
  flags.withdraw = false;
  flags.value = "";
  EXPECT_THAT(ParseLocalValueOptions(flags).status().message(), HasSubstr("one of them"));
  flags.value = "twenty";
  EXPECT_EQ(ParseLocalValueOptions(flags).status(),
            absl::InvalidArgumentError("--value: \"twenty\" is not a number"));
  flags.value = "inf";
  EXPECT_EQ(ParseLocalValueOptions(flags).status().code(), absl::StatusCode::kInvalidArgument);
  flags.value = "1";
  flags.measure = "safeguarding.referrals";
  EXPECT_THAT(ParseLocalValueOptions(flags).status().message(),
              HasSubstr("--measure must be a local measure (local....)"));
}

// --- Against a stand-in aggregator ---------------------------------------------------------

// Answers each RPC as the real one would for a small story (April 2017 published once),
// recording the requests; `refuse` makes every call fail with that status.
class FakeAggregator final : public v1::AggregatorService::CallbackService {
 public:
  grpc::ServerUnaryReactor* PublishScorecard(grpc::CallbackServerContext* context,
                                             const v1::PublishScorecardRequest* request,
                                             v1::Publication* response) override {
    std::lock_guard<std::mutex> lock(mu_);
    publish_ = *request;
    if (!refuse_.ok()) return Finish(context, refuse_);
    response->set_authority(request->authority());
    response->set_scorecard_id("getting-to-good");
    *response->mutable_month() = request->month();
    response->set_revision(request->republish() ? 2 : 1);
    response->set_reason(request->reason());
    response->set_published_by("local-dev");
    return Finish(context, grpc::Status::OK);
  }
  grpc::ServerUnaryReactor* ListPublications(grpc::CallbackServerContext* context,
                                             const v1::ListPublicationsRequest* request,
                                             v1::ListPublicationsResponse* response) override {
    std::lock_guard<std::mutex> lock(mu_);
    list_ = *request;
    v1::Publication* p = response->add_publications();
    p->set_scorecard_id("getting-to-good");
    *p->mutable_month() = ToProtoMonth(Month(2017, 4));
    p->set_revision(1);
    p->set_published_by("local-dev");
    return Finish(context, grpc::Status::OK);
  }
  grpc::ServerUnaryReactor* GetRestatement(grpc::CallbackServerContext* context,
                                           const v1::GetRestatementRequest* request,
                                           v1::Restatement* response) override {
    std::lock_guard<std::mutex> lock(mu_);
    restatement_ = *request;
    response->set_authority(request->authority());
    response->set_scorecard_id("getting-to-good");
    *response->mutable_from_month() = request->from_month();
    *response->mutable_to_month() = request->to_month();
    v1::Publication* april = response->add_publications();
    *april->mutable_month() = ToProtoMonth(Month(2017, 4));
    april->set_revision(1);
    v1::RestatedCell* cell = response->add_cells();
    cell->set_section_id("objective-2");
    cell->set_row_title("Referrals");
    *cell->mutable_month() = ToProtoMonth(Month(2017, 4));
    cell->set_unit(common::v1::UNIT_COUNT);
    cell->set_published_value(2);
    cell->set_current_value(1);
    return Finish(context, grpc::Status::OK);
  }
  grpc::ServerUnaryReactor* EnterLocalValue(grpc::CallbackServerContext* context,
                                            const v1::EnterLocalValueRequest* request,
                                            v1::LocalValue* response) override {
    std::lock_guard<std::mutex> lock(mu_);
    local_ = *request;
    response->set_authority(request->authority());
    response->set_measure_id(request->measure_id());
    *response->mutable_month() = request->month();
    if (request->has_value()) response->set_value(request->value());
    response->set_entered_by("local-dev");
    response->set_revision(1);
    return Finish(context, grpc::Status::OK);
  }
  grpc::ServerUnaryReactor* LoadReferenceValues(
      grpc::CallbackServerContext* context, const v1::LoadReferenceValuesRequest* request,
      v1::LoadReferenceValuesResponse* response) override {
    std::lock_guard<std::mutex> lock(mu_);
    loads_.push_back(*request);
    // The first figure of each call is already stored, the rest are new.
    response->set_unchanged(1);
    response->set_new_versions(request->values_size() - 1);
    return Finish(context, grpc::Status::OK);
  }
  grpc::ServerUnaryReactor* GetCacheStats(grpc::CallbackServerContext* context,
                                          const v1::GetCacheStatsRequest*,
                                          v1::CacheStats* response) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (!refuse_.ok()) return Finish(context, refuse_);
    response->set_hits(5);
    response->set_misses(2);
    response->set_ttl_seconds(3600);
    return Finish(context, grpc::Status::OK);
  }

  void Refuse(grpc::Status status) {
    std::lock_guard<std::mutex> lock(mu_);
    refuse_ = std::move(status);
  }

  std::mutex mu_;
  grpc::Status refuse_;
  v1::PublishScorecardRequest publish_;
  v1::ListPublicationsRequest list_;
  v1::GetRestatementRequest restatement_;
  v1::EnterLocalValueRequest local_;
  std::vector<v1::LoadReferenceValuesRequest> loads_;
};

class AggregatorCommandsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // `status` asks every endpoint's gRPC health: the stand-in serves it too.
    grpc::EnableDefaultHealthCheckService(true);
    server_ = std::make_unique<InProcessServer>(std::vector<grpc::Service*>{&aggregator_});
    ASSERT_TRUE(server_->ok());
    ASSERT_TRUE(dir_.ok());
  }

  StackClient Client() const {
    return StackClient(StackEndpoints(dir_.path(), {{"aggregator", server_->address()}}));
  }

  template <typename Options, typename RunFn>
  Output Invoke(RunFn run, const Options& options) {
    return testing::Invoke(run, Client(), options);
  }

  FakeAggregator aggregator_;
  std::unique_ptr<InProcessServer> server_;
  ScopedTempDir dir_;
};

TEST_F(AggregatorCommandsTest, PublishSendsTheMonthAndSaysWhatWasPublished) {
  AggregatorFlags flags = Flags();
  flags.republish = true;
  flags.reason = "data-correction";
  Output output = Invoke(RunPublish, *ParsePublishOptions(flags));
  ASSERT_EQ(output.exit_code, kExitOk) << output.err;
  EXPECT_EQ(aggregator_.publish_.authority(), "869");
  EXPECT_EQ(aggregator_.publish_.scorecard_id(), "");
  EXPECT_EQ(aggregator_.publish_.month().month(), 4);
  EXPECT_TRUE(aggregator_.publish_.republish());
  EXPECT_EQ(aggregator_.publish_.reason(), v1::REPUBLISH_REASON_DATA_CORRECTION);
  EXPECT_THAT(output.out, HasSubstr("published 2017-04 of getting-to-good for 869: revision 2\n"));
  EXPECT_THAT(output.out, HasSubstr("  reason:        data-correction\n"));

  flags.format = "json";
  output = Invoke(RunPublish, *ParsePublishOptions(flags));
  ASSERT_EQ(output.exit_code, kExitOk) << output.err;
  EXPECT_THAT(output.out, HasSubstr("\"reason\": \"REPUBLISH_REASON_DATA_CORRECTION\""));
}

TEST_F(AggregatorCommandsTest, ARefusalIsTheServersMessageAndExitOne) {
  aggregator_.Refuse(grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                                  "2017-04 of getting-to-good for 869 is already published"));
  Output output = Invoke(RunPublish, *ParsePublishOptions(Flags()));
  EXPECT_EQ(output.exit_code, kExitFailure);
  EXPECT_THAT(output.err, HasSubstr("error: FAILED_PRECONDITION: aggregator at 127.0.0.1:"));
  EXPECT_THAT(output.err, HasSubstr("is already published"));
  EXPECT_EQ(output.out, "");
}

TEST_F(AggregatorCommandsTest, PublicationsAndRestatement) {
  AggregatorFlags flags = Flags();
  flags.id = "getting-to-good-869";
  Output listed = Invoke(RunPublications, *ParsePublicationsOptions(flags));
  ASSERT_EQ(listed.exit_code, kExitOk) << listed.err;
  EXPECT_EQ(aggregator_.list_.scorecard_id(), "getting-to-good-869");
  EXPECT_THAT(listed.out, HasSubstr("getting-to-good  2017-04  1"));

  flags.month = "";
  flags.from = "2017-03";
  flags.to = "2017-05";
  Output restated = Invoke(RunRestatement, *ParseRestatementOptions(flags));
  ASSERT_EQ(restated.exit_code, kExitOk) << restated.err;
  EXPECT_EQ(aggregator_.restatement_.from_month().month(), 3);
  EXPECT_EQ(aggregator_.restatement_.to_month().month(), 5);
  EXPECT_THAT(restated.out, HasSubstr("objective-2  Referrals  2017-04  2          1\n"));

  flags.format = "json";
  restated = Invoke(RunRestatement, *ParseRestatementOptions(flags));
  EXPECT_THAT(restated.out, HasSubstr("\"current_value\": 1"));
}

TEST_F(AggregatorCommandsTest, LocalValueEnteredAndWithdrawn) {
  AggregatorFlags flags = Flags();
  flags.measure = "local.pilot_families";
  flags.value = "20";
  Output entered = Invoke(RunLocalValue, *ParseLocalValueOptions(flags));
  ASSERT_EQ(entered.exit_code, kExitOk) << entered.err;
  EXPECT_EQ(aggregator_.local_.measure_id(), "local.pilot_families");
  EXPECT_EQ(aggregator_.local_.value(), 20);
  EXPECT_THAT(entered.out, HasSubstr("local.pilot_families for 869, 2017-04: 20 (revision 1"));

  flags.value = "";
  flags.withdraw = true;
  Output withdrawn = Invoke(RunLocalValue, *ParseLocalValueOptions(flags));
  ASSERT_EQ(withdrawn.exit_code, kExitOk) << withdrawn.err;
  EXPECT_FALSE(aggregator_.local_.has_value());
  EXPECT_THAT(withdrawn.out, HasSubstr(": withdrawn"));
}

constexpr char kReferenceHeader[] = "comparator_key,source,period,value,authority,citation\n";

TEST_F(AggregatorCommandsTest, ReferenceLoadSendsTheCheckedFile) {
  const std::string path = dir_.File("reference.csv");
  std::ofstream(path) << kReferenceHeader
                      << "cin-rate,england,2016-17,330.4,,\"DfE CIN 2016-17, table A\"\n"
                      << "cin-rate,statistical-neighbours,2016-17,301.5,869,fixture\n";
  Output output = Invoke(RunReferenceLoad, ReferenceLoadOptions{path});
  ASSERT_EQ(output.exit_code, kExitOk) << output.err;
  ASSERT_EQ(aggregator_.loads_.size(), 1u);
  ASSERT_EQ(aggregator_.loads_[0].values_size(), 2);
  EXPECT_EQ(aggregator_.loads_[0].values(0).citation(), "DfE CIN 2016-17, table A");
  EXPECT_EQ(aggregator_.loads_[0].values(1).authority(), "869");
  EXPECT_EQ(aggregator_.loads_[0].values(1).value(), 301.5);
  EXPECT_EQ(output.out,
            absl::StrCat("loaded 2 reference figure(s) from ", path, ": 1 new, 1 unchanged\n"));
}

TEST_F(AggregatorCommandsTest, ABadReferenceLineSendsNothing) {
  const std::string path = dir_.File("bad.csv");
  std::ofstream(path) << kReferenceHeader << "cin-rate,england,2016-17,330.4,,ok\n"
                      << "cin-rate,england,2016,330.4,,bad period\n";
  Output output = Invoke(RunReferenceLoad, ReferenceLoadOptions{path});
  EXPECT_EQ(output.exit_code, kExitFailure);
  EXPECT_THAT(output.err, HasSubstr(absl::StrCat("error: ", path, ":3: period")));
  EXPECT_THAT(output.err, HasSubstr("nothing was sent"));
  EXPECT_TRUE(aggregator_.loads_.empty());

  Output missing = Invoke(RunReferenceLoad, ReferenceLoadOptions{dir_.File("none.csv")});
  EXPECT_EQ(missing.exit_code, kExitFailure);
  EXPECT_THAT(missing.err, HasSubstr("cannot read"));
}

// 10,001 figures: one call of the most a call may carry (10,000), then one of 1.
TEST_F(AggregatorCommandsTest, ReferenceLoadSplitsALargeFileIntoCalls) {
  const std::string path = dir_.File("many.csv");
  {
    std::ofstream csv(path);
    csv << kReferenceHeader;
    for (int i = 0; i < 10001; ++i) csv << "key-" << i << ",england,2016-17," << i << ",,\n";
  }
  Output output = Invoke(RunReferenceLoad, ReferenceLoadOptions{path});
  ASSERT_EQ(output.exit_code, kExitOk) << output.err;
  ASSERT_EQ(aggregator_.loads_.size(), 2u);
  EXPECT_EQ(aggregator_.loads_[0].values_size(), 10000);
  EXPECT_EQ(aggregator_.loads_[1].values_size(), 1);
  EXPECT_EQ(aggregator_.loads_[1].values(0).comparator_key(), "key-10000");
  // Each call: 1 unchanged, the rest new: 9,999 + 0 new, 2 unchanged.
  EXPECT_THAT(output.out, HasSubstr(": 9999 new, 2 unchanged\n"));
}

TEST_F(AggregatorCommandsTest, StatusShowsTheCacheStatisticsOrWhyNot) {
  std::ostringstream out, err;
  EXPECT_EQ(RunStatus(Client(), out, err), kExitOk) << err.str();
  EXPECT_THAT(out.str(), HasSubstr("SERVING"));
  EXPECT_THAT(out.str(), HasSubstr("aggregator cache: 5 hits, 2 misses, 0 bypasses"));
  EXPECT_THAT(out.str(), HasSubstr("entries kept 1h\n"));

  // An analyst may not read them: said, and still exit 0 (status is about health).
  aggregator_.Refuse(grpc::Status(grpc::StatusCode::PERMISSION_DENIED, "admin only"));
  std::ostringstream out2, err2;
  EXPECT_EQ(RunStatus(Client(), out2, err2), kExitOk) << err2.str();
  EXPECT_THAT(out2.str(),
              HasSubstr("aggregator cache: not read (PERMISSION_DENIED: aggregator at 127.0.0.1:"));
  EXPECT_THAT(out2.str(), HasSubstr(": admin only)\n"));
  EXPECT_THAT(out2.str(), Not(HasSubstr("hits")));
}

}  // namespace
}  // namespace scorecard::scorecardctl
