// The seed reproduced (issue 6 item 6), end to end on the real stack: the seed card's
// records (tools/seed_card) are ingested, the aggregator's card for 2016-04..2017-01 is
// compared with every published cell of tests/data/getting-to-good-2016-17.csv at the
// card's display precision, and every cell that differs must be on the reasoned exceptions
// list tests/data/seed-card-exceptions.csv. An exception that no longer applies fails too,
// so the list stays honest.
//
// Display precision (services/aggregator/export CardValueText, the card's own rendering):
// percentages, counts, rates per 10,000, days and weeks as whole numbers, working days to
// one decimal, halves away from zero. A blank published cell is not a published figure and
// is not compared.
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/records/proto_date.h"
#include "gtest/gtest.h"
#include "scorecard/aggregator/v1/aggregator_service.grpc.pb.h"
#include "scorecard/placement/v1/placement_service.grpc.pb.h"
#include "scorecard/safeguarding/v1/safeguarding_service.grpc.pb.h"
#include "scorecard/workforce/v1/workforce_service.grpc.pb.h"
#include "services/aggregator/export/card_grid.h"
#include "tests/integration/test_stack.h"
#include "common/files/csv_reader.h"
#include "tools/seed_card/csv_table.h"
#include "tools/seed_card/local_values.h"
#include "tools/seed_card/published_card.h"
#include "tools/seed_card/seed_generator.h"

namespace scorecard {
namespace {

namespace agg = ::scorecard::aggregator::v1;
namespace cv1 = ::scorecard::common::v1;
using seed_card::PublishedCard;
using seed_card::PublishedRow;

constexpr char kCard[] = SCORECARD_SOURCE_DIR "/tests/data/getting-to-good-2016-17.csv";
constexpr char kDefinition[] = SCORECARD_SOURCE_DIR "/deploy/scorecards/getting-to-good.textproto";
constexpr char kExceptions[] = SCORECARD_SOURCE_DIR "/tests/data/seed-card-exceptions.csv";
constexpr size_t kBatch = 4000;

std::chrono::system_clock::time_point Deadline(int seconds) {
  return std::chrono::system_clock::now() + std::chrono::seconds(seconds);
}

template <typename Stub, typename Request, typename Record>
void IngestAll(Stub& stub, const std::vector<Record>& records) {
  for (size_t from = 0; from < records.size(); from += kBatch) {
    Request request;
    for (size_t i = from; i < std::min(records.size(), from + kBatch); ++i) {
      *request.add_records() = records[i];
    }
    grpc::ClientContext context;
    context.set_deadline(Deadline(60));
    cv1::IngestResponse response;
    const grpc::Status status = stub.Ingest(&context, request, &response);
    ASSERT_TRUE(status.ok()) << "records " << from << "+: " << status.error_message();
  }
}

// One listed exception: a row's month ("" for every published month of the row).
struct Exception {
  std::string section;
  std::string title;
  std::string month;
  std::string published;
  std::string reason;
};

std::vector<Exception> ReadExceptions() {
  absl::StatusOr<std::string> text = seed_card::ReadTextFile(kExceptions);
  EXPECT_TRUE(text.ok()) << text.status();
  absl::StatusOr<std::vector<CsvRow>> lines = ReadCsv(text.value_or(""));
  EXPECT_TRUE(lines.ok()) << lines.status();
  std::vector<Exception> out;
  if (!lines.ok() || lines->empty()) return out;
  EXPECT_EQ(lines->front().fields,
            (std::vector<std::string>{"section", "measure", "month", "published", "reason"}));
  for (size_t i = 1; i < lines->size(); ++i) {
    const CsvRow& line = (*lines)[i];
    EXPECT_EQ(line.fields.size(), 5u) << kExceptions << ":" << line.line;
    if (line.fields.size() != 5) continue;
    EXPECT_FALSE(line.fields[4].empty()) << kExceptions << ":" << line.line << ": no reason";
    out.push_back({line.fields[0], line.fields[1], line.fields[2], line.fields[3], line.fields[4]});
  }
  return out;
}

const agg::Row* FindRow(const agg::Scorecard& card, const std::string& section,
                        const std::string& title) {
  for (const agg::Section& s : card.sections()) {
    if (s.id() != section) continue;
    for (const agg::Row& row : s.rows()) {
      if (row.title() == title) return &row;
    }
  }
  return nullptr;
}

// The row's figure for `month` as the card shows it; "" for no figure.
std::string Shown(const agg::Row& row, Month month) {
  if (row.status() != agg::ROW_STATUS_AVAILABLE) return "";
  for (const agg::Cell& cell : row.cells()) {
    if (FromProtoMonth(cell.month()).value_or(Month()) == month && cell.has_value()) {
      return aggregator::CardValueText(row.unit(), cell.value());
    }
  }
  return "";
}

TEST(SeedCardTest, ReproducesThePublishedCardExceptTheListedCells) {
  absl::StatusOr<PublishedCard> published = seed_card::ReadPublishedCard(kCard);
  ASSERT_TRUE(published.ok()) << published.status();
  absl::StatusOr<seed_card::SeedData> data =
      seed_card::GenerateSeed(*published, seed_card::SeedOptions());
  ASSERT_TRUE(data.ok()) << data.status();

  testing::TestStack stack;
  absl::Status started = stack.Start();
  ASSERT_TRUE(started.ok()) << started << " (logs in " << stack.dir() << "/logs)";
  {
    auto workforce = workforce::v1::WorkforceService::NewStub(stack.Channel("workforce"));
    IngestAll<workforce::v1::WorkforceService::Stub, workforce::v1::IngestRequest>(
        *workforce, data->workforce);
    auto safeguarding = safeguarding::v1::SafeguardingService::NewStub(stack.Channel("safeguarding"));
    IngestAll<safeguarding::v1::SafeguardingService::Stub, safeguarding::v1::IngestRequest>(
        *safeguarding, data->safeguarding);
    auto placement = placement::v1::PlacementService::NewStub(stack.Channel("placement"));
    IngestAll<placement::v1::PlacementService::Stub, placement::v1::IngestRequest>(
        *placement, data->placement);
  }
  if (HasFatalFailure()) return;
  // The figures the authority entered by hand, entered as deploy/up enters them.
  {
    absl::StatusOr<agg::ScorecardDefinition> definition = seed_card::ReadDefinition(kDefinition);
    ASSERT_TRUE(definition.ok()) << definition.status();
    auto aggregator = agg::AggregatorService::NewStub(stack.Channel("aggregator"));
    for (const seed_card::LocalValueEntry& entry :
         seed_card::LocalValuesFromCard(*published, *definition)) {
      agg::EnterLocalValueRequest enter;
      enter.set_authority("869");
      enter.set_measure_id(entry.measure_id);
      *enter.mutable_month() = ToProtoMonth(entry.month);
      enter.set_value(entry.value);
      grpc::ClientContext context;
      context.set_deadline(Deadline(20));
      agg::LocalValue entered;
      const grpc::Status status = aggregator->EnterLocalValue(&context, enter, &entered);
      ASSERT_TRUE(status.ok()) << entry.measure_id << " " << FormatMonth(entry.month) << ": "
                               << status.error_message();
    }
  }

  agg::GetScorecardRequest request;
  request.set_authority("869");
  *request.mutable_from_month() = ToProtoMonth(published->months.front());
  *request.mutable_to_month() = ToProtoMonth(published->months.back());
  agg::Scorecard card;
  {
    grpc::ClientContext context;
    context.set_deadline(Deadline(60));
    auto aggregator = agg::AggregatorService::NewStub(stack.Channel("aggregator"));
    const grpc::Status status = aggregator->GetScorecard(&context, request, &card);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  const std::vector<Exception> exceptions = ReadExceptions();
  // (section, title, month) -> index into exceptions; month "" covers the whole row.
  std::map<std::tuple<std::string, std::string, std::string>, size_t> listed;
  for (size_t i = 0; i < exceptions.size(); ++i) {
    const Exception& e = exceptions[i];
    EXPECT_TRUE(listed.emplace(std::make_tuple(e.section, e.title, e.month), i).second)
        << "listed twice: " << e.title << " " << e.month;
    EXPECT_NE(published->Find(e.section, e.title), nullptr) << "not on the card: " << e.title;
  }
  std::set<size_t> used;
  int compared = 0;
  int reproduced = 0;
  std::vector<std::string> unexplained;
  for (const PublishedRow& row : published->rows) {
    const agg::Row* computed = FindRow(card, row.section, row.title);
    ASSERT_NE(computed, nullptr) << "the definition has no row " << row.title;
    for (size_t column = 0; column < published->months.size(); ++column) {
      const std::string& expected = row.cells[column];
      if (expected.empty()) continue;  // not published
      ++compared;
      const std::string month = FormatMonth(published->months[column]);
      const std::string actual = Shown(*computed, published->months[column]);
      auto it = listed.find(std::make_tuple(row.section, row.title, month));
      if (it == listed.end()) it = listed.find(std::make_tuple(row.section, row.title, ""));
      if (actual == expected) {
        ++reproduced;
        if (it != listed.end()) {
          ADD_FAILURE() << "exception no longer applies: " << row.title << " " << month
                        << " now shows the published " << expected;
        }
        continue;
      }
      if (it == listed.end()) {
        unexplained.push_back(absl::StrCat(row.section, ",\"", row.title, "\",", month, ",",
                                           expected, " (system shows \"", actual, "\")"));
        continue;
      }
      used.insert(it->second);
      const Exception& e = exceptions[it->second];
      if (!e.month.empty()) {
        EXPECT_EQ(e.published, expected) << "exception's published figure: " << row.title << " " << month;
      }
    }
  }
  for (size_t i = 0; i < exceptions.size(); ++i) {
    EXPECT_TRUE(used.count(i) > 0) << "exception matches no differing cell: "
                                   << exceptions[i].title << " " << exceptions[i].month;
  }
  std::string list;
  for (const std::string& u : unexplained) absl::StrAppend(&list, "\n  ", u);
  EXPECT_TRUE(unexplained.empty()) << unexplained.size() << " cells differ and are not listed:"
                                   << list;
  std::cout << "seed card: " << reproduced << " of " << compared
            << " published cells reproduced; " << compared - reproduced
            << " listed as exceptions\n";
}

}  // namespace
}  // namespace scorecard
