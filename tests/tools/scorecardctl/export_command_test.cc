// `scorecardctl export`'s command line (export_command.cc): it asks the aggregator's
// ExportScorecard and writes what comes back; the export formats themselves are tested in
// tests/services/aggregator/export, the RPC in tests/services/aggregator.
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scorecard/aggregator/v1/aggregator_service.grpc.pb.h"
#include "services/aggregator/export/csv_export.h"
#include "services/aggregator/export/scorecard_export.h"
#include "tests/services/aggregator/export/test_card.h"
#include "tools/scorecardctl/commands.h"

namespace scorecard::scorecardctl {
namespace {

using ::testing::HasSubstr;

ExportFlags Flags() {
  ExportFlags flags;
  flags.authority = "869";
  flags.from = "2016-04";
  flags.to = "2017-03";
  flags.output = "card.xlsx";
  return flags;
}

TEST(ParseExportOptionsTest, FormatComesFromTheFlagOrTheOutputsExtension) {
  absl::StatusOr<ExportOptions> options = ParseExportOptions(Flags());
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->format, aggregator::ExportFormat::kXlsx);
  EXPECT_EQ(options->months.from, Month(2016, 4));
  EXPECT_EQ(options->months.to, Month(2017, 3));
  EXPECT_EQ(options->output, "card.xlsx");

  ExportFlags html = Flags();
  html.output = "out/Card.HTM";
  EXPECT_EQ(ParseExportOptions(html)->format, aggregator::ExportFormat::kHtml);

  ExportFlags given = Flags();
  given.format = "csv";
  given.layout = "long";
  EXPECT_EQ(ParseExportOptions(given)->format, aggregator::ExportFormat::kCsvLong);

  ExportFlags to_stdout = Flags();
  to_stdout.output = "-";
  to_stdout.format = "json";
  EXPECT_EQ(ParseExportOptions(to_stdout)->format, aggregator::ExportFormat::kJson);
}

TEST(ParseExportOptionsTest, MissingOrWrongFlagsAreNamed) {
  ExportFlags no_format = Flags();
  no_format.output = "card.txt";
  EXPECT_THAT(ParseExportOptions(no_format).status().message(),
              HasSubstr("--format is required (csv, json, xlsx or html)"));
  ExportFlags stdout_without_format = Flags();
  stdout_without_format.output = "-";
  EXPECT_THAT(ParseExportOptions(stdout_without_format).status().message(),
              HasSubstr("--format is required"));
  // A dot in a folder name is not an extension.
  ExportFlags folder_dot = Flags();
  folder_dot.output = "v1.csv/card";
  EXPECT_THAT(ParseExportOptions(folder_dot).status().message(), HasSubstr("--format is required"));

  ExportFlags bad_format = Flags();
  bad_format.format = "pdf";
  EXPECT_EQ(
      ParseExportOptions(bad_format).status(),
      absl::InvalidArgumentError("--format: format \"pdf\" is not one of csv, json, xlsx, html"));
  ExportFlags bad_layout = Flags();
  bad_layout.layout = "long";  // with xlsx from the extension
  EXPECT_THAT(ParseExportOptions(bad_layout).status().message(),
              HasSubstr("--format/--layout: layout long is for csv only, not xlsx"));

  ExportFlags no_output = Flags();
  no_output.output = "";
  EXPECT_THAT(ParseExportOptions(no_output).status().message(), HasSubstr("--output is required"));
  ExportFlags no_authority = Flags();
  no_authority.authority = "";
  EXPECT_THAT(ParseExportOptions(no_authority).status().message(),
              HasSubstr("--authority is required"));
  ExportFlags bad_authority = Flags();
  bad_authority.authority = "86";
  EXPECT_THAT(ParseExportOptions(bad_authority).status().message(), HasSubstr("--authority"));
  ExportFlags reversed = Flags();
  reversed.from = "2017-04";
  EXPECT_EQ(ParseExportOptions(reversed).status().code(), absl::StatusCode::kInvalidArgument);
  ExportFlags bad_as_at = Flags();
  bad_as_at.as_at = "yesterday";
  EXPECT_EQ(ParseExportOptions(bad_as_at).status().code(), absl::StatusCode::kInvalidArgument);
}

// An aggregator that exports the export tests' card as the real one does (the export
// library), or answers an error.
class FakeAggregator final : public aggregator::v1::AggregatorService::Service {
 public:
  grpc::Status ExportScorecard(grpc::ServerContext*,
                               const aggregator::v1::ExportScorecardRequest* request,
                               aggregator::v1::ExportScorecardResponse* response) override {
    last_request_ = *request;
    if (request->authority() != "869") {
      return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such authority");
    }
    const aggregator::v1::Scorecard card = aggregator::testing::TestCard();
    absl::StatusOr<aggregator::ExportFormat> format =
        aggregator::ExportFormatFromProto(request->format(), request->layout());
    if (!format.ok()) return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "bad format");
    response->set_content(*aggregator::ExportScorecard(card, *format));
    response->set_scorecard_id(card.scorecard_id());
    response->set_rows(10);
    return grpc::Status::OK;
  }
  aggregator::v1::ExportScorecardRequest last_request_;
};

class RunExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(&aggregator_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    folder_ = std::filesystem::path(::testing::TempDir()) / "scorecardctl-export";
    std::filesystem::remove_all(folder_);
    std::filesystem::create_directories(folder_);
    client_.emplace(
        StackEndpoints(folder_.string(), {{"aggregator", absl::StrCat("127.0.0.1:", port)}}));
  }
  void TearDown() override {
    server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2));
    std::filesystem::remove_all(folder_);
  }
  ExportOptions Options(const std::string& file, aggregator::ExportFormat format) {
    ExportFlags flags = Flags();
    flags.output = file == "-" ? file : (folder_ / file).string();
    flags.format = "csv";  // replaced below
    absl::StatusOr<ExportOptions> options = ParseExportOptions(flags);
    EXPECT_TRUE(options.ok()) << options.status();
    options->format = format;
    return *options;
  }
  static std::string ReadFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }

  FakeAggregator aggregator_;
  std::unique_ptr<grpc::Server> server_;
  std::filesystem::path folder_;
  std::optional<StackClient> client_;
};

TEST_F(RunExportTest, AsksForTheCardAndWritesTheFile) {
  std::ostringstream out, err;
  ExportOptions options = Options("card.csv", aggregator::ExportFormat::kCsv);
  options.scorecard_id = "test-card";
  ASSERT_EQ(RunExport(*client_, options, out, err), kExitOk) << err.str();
  EXPECT_EQ(aggregator_.last_request_.authority(), "869");
  EXPECT_EQ(aggregator_.last_request_.scorecard_id(), "test-card");
  EXPECT_EQ(aggregator_.last_request_.from_month().month(), 4);
  EXPECT_EQ(aggregator_.last_request_.to_month().year(), 2017);
  EXPECT_EQ(aggregator_.last_request_.format(), aggregator::v1::EXPORT_FORMAT_CSV);
  EXPECT_EQ(aggregator_.last_request_.layout(), aggregator::v1::EXPORT_LAYOUT_UNSPECIFIED);
  EXPECT_EQ(ReadFile(folder_ / "card.csv"),
            *aggregator::ExportCsv(aggregator::testing::TestCard()));
  EXPECT_THAT(out.str(), HasSubstr("wrote "));
  EXPECT_THAT(out.str(), HasSubstr("card.csv (csv, "));
  EXPECT_THAT(out.str(), HasSubstr("test-card, authority 869, 2016-04 to 2017-03, 10 rows"));

  ASSERT_EQ(RunExport(*client_, Options("card.xlsx", aggregator::ExportFormat::kXlsx), out, err),
            kExitOk);
  EXPECT_EQ(aggregator_.last_request_.format(), aggregator::v1::EXPORT_FORMAT_XLSX);
  EXPECT_EQ(ReadFile(folder_ / "card.xlsx").substr(0, 4), std::string("PK\x03\x04", 4));
}

TEST_F(RunExportTest, TheLongLayoutIsAskedFor) {
  std::ostringstream out, err;
  ASSERT_EQ(RunExport(*client_, Options("long.csv", aggregator::ExportFormat::kCsvLong), out, err),
            kExitOk)
      << err.str();
  EXPECT_EQ(aggregator_.last_request_.format(), aggregator::v1::EXPORT_FORMAT_CSV);
  EXPECT_EQ(aggregator_.last_request_.layout(), aggregator::v1::EXPORT_LAYOUT_LONG);
  EXPECT_EQ(ReadFile(folder_ / "long.csv"),
            *aggregator::ExportCsv(aggregator::testing::TestCard(), aggregator::CsvLayout::kLong));
}

TEST_F(RunExportTest, DashWritesToStdoutOnly) {
  std::ostringstream out, err;
  ASSERT_EQ(RunExport(*client_, Options("-", aggregator::ExportFormat::kHtml), out, err), kExitOk);
  EXPECT_EQ(out.str().rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_FALSE(std::filesystem::exists(folder_ / "-"));
}

TEST_F(RunExportTest, AFailedCallWritesNothingAndLeavesAnOldFileAlone) {
  std::ofstream(folder_ / "card.csv") << "old";
  std::ostringstream out, err;
  ExportOptions options = Options("card.csv", aggregator::ExportFormat::kCsv);
  options.authority = "999";
  EXPECT_EQ(RunExport(*client_, options, out, err), kExitFailure);
  EXPECT_THAT(err.str(), HasSubstr("NOT_FOUND"));
  EXPECT_THAT(err.str(), HasSubstr("no such authority"));
  EXPECT_EQ(ReadFile(folder_ / "card.csv"), "old");

  // A folder that does not exist: the error names the file.
  std::ostringstream err2;
  ExportOptions missing = Options("no/such/folder/card.csv", aggregator::ExportFormat::kCsv);
  EXPECT_EQ(RunExport(*client_, missing, out, err2), kExitFailure);
  EXPECT_THAT(err2.str(), HasSubstr("error: writing "));
  EXPECT_THAT(err2.str(), HasSubstr("no/such/folder/card.csv"));
}

}  // namespace
}  // namespace scorecard::scorecardctl
