// The short variant of the benchmark (small scale, quick), run through the documented
// command `tools/benchmark/run small --quick`, so that the benchmark cannot rot: every
// figure must be produced. Nothing here is about speed; the only figures checked for their
// value are correctness checks (the SQL baseline and the SSDA903, CIN census and workforce
// census imports give the services' figures exactly).
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"

namespace scorecard::benchmark {
namespace {

using ::google::protobuf::Struct;
using ::google::protobuf::Value;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The value at a dotted path ("measures.safeguarding.values"), or nullptr.
const Value* Find(const Struct& root, const std::string& path) {
  const Struct* at = &root;
  const Value* value = nullptr;
  for (absl::string_view key : absl::StrSplit(path, '.')) {
    if (at == nullptr) return nullptr;
    auto it = at->fields().find(std::string(key));
    if (it == at->fields().end()) return nullptr;
    value = &it->second;
    at = value->has_struct_value() ? &value->struct_value() : nullptr;
  }
  return value;
}

// A number, present and > 0 (a count or a time: zero would mean it was not measured).
void ExpectPositive(const Struct& root, const std::string& path) {
  const Value* v = Find(root, path);
  ASSERT_NE(v, nullptr) << path << " missing";
  ASSERT_TRUE(v->has_number_value()) << path << " is not a number";
  EXPECT_GT(v->number_value(), 0) << path;
}

// A number, present and 0 (e.g. nothing rejected).
void ExpectZero(const Struct& root, const std::string& path) {
  const Value* v = Find(root, path);
  ASSERT_NE(v, nullptr) << path << " missing";
  ASSERT_TRUE(v->has_number_value()) << path << " is not a number";
  EXPECT_EQ(v->number_value(), 0) << path;
}

void ExpectTrue(const Struct& root, const std::string& path) {
  const Value* v = Find(root, path);
  ASSERT_NE(v, nullptr) << path << " missing";
  EXPECT_TRUE(v->has_bool_value() && v->bool_value()) << path << " is not true";
}

Struct Parse(const std::string& path) {
  Struct root;
  const std::string text = ReadFile(path);
  EXPECT_FALSE(text.empty()) << path << " was not written";
  const auto status = google::protobuf::util::JsonStringToMessage(text, &root);
  EXPECT_TRUE(status.ok()) << path << ": " << status.message();
  return root;
}

class BenchmarkShortTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string pattern =
        (std::filesystem::path(::testing::TempDir()) / "benchmark_short_XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = new std::string(pattern);
    const std::string command = absl::StrCat(
        "SCORECARD_BUILD_DIR=", SCORECARD_BUILD_DIR, " ", SCORECARD_SOURCE_DIR,
        "/tools/benchmark/run small --quick --out=", *dir_, " >", *dir_, "/run.log 2>&1");
    const int status = std::system(command.c_str());
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  static void TearDownTestSuite() {
    std::error_code ignored;
    std::filesystem::remove_all(*dir_, ignored);
    delete dir_;
  }
  static std::string Log() { return ReadFile(*dir_ + "/run.log"); }

  static std::string* dir_;
  static int exit_code_;
};
std::string* BenchmarkShortTest::dir_ = nullptr;
int BenchmarkShortTest::exit_code_ = -1;

TEST_F(BenchmarkShortTest, RunsToTheEnd) { EXPECT_EQ(exit_code_, 0) << Log(); }

TEST_F(BenchmarkShortTest, MeasureBenchProducesEveryFigure) {
  const Struct m = Parse(*dir_ + "/measure.json");
  for (const char* domain : {"workforce", "safeguarding", "placement"}) {
    const std::string d(domain);
    ExpectPositive(m, "ingest_in_process." + d + ".records");
    ExpectPositive(m, "ingest_in_process." + d + ".records_per_second");
    ExpectPositive(m, "measures." + d + ".measures");
    ExpectPositive(m, "measures." + d + ".values");
    ExpectPositive(m, "measures." + d + ".load_ms.wall_median_ms");
    ExpectPositive(m, "measures." + d + ".compute_ms.wall_median_ms");
    ExpectPositive(m, "measures." + d + ".compute_ms.cpu_median_ms");
    ExpectPositive(m, "measures." + d + ".load_and_compute_ms.wall_median_ms");
    ExpectPositive(m, "measures." + d + ".target_ms");
    ExpectPositive(m, "measures." + d + ".load_breakdown.dataset_build_from_decoded_ms_median");
  }
  ExpectPositive(m, "sql_baseline.rows_loaded");
  ExpectPositive(m, "sql_baseline.sql_ms.wall_median_ms");
  ExpectPositive(m, "sql_baseline.ours_compute_ms_median");
  ExpectPositive(m, "sql_baseline.ours_load_and_compute_ms_median");
  ExpectPositive(m, "sql_baseline.ratio_sql_to_ours_compute");
  ExpectPositive(m, "sql_baseline.ratio_sql_to_ours_load_and_compute");
  // Correctness: SQL over the same records gives the services' figures, month by month.
  ExpectTrue(m, "sql_baseline.matches");
  const Value* figures = Find(m, "sql_baseline.figures");
  ASSERT_NE(figures, nullptr);
  EXPECT_EQ(figures->list_value().values_size(), 4 * 12);
  ExpectPositive(m, "ssda903_import.returns");
  ExpectPositive(m, "ssda903_import.records");
  ExpectPositive(m, "ssda903_import.seconds");
  ExpectTrue(m, "ssda903_import.lac_figures_match");
  // The census imports: every file imported whole, and figures from the imported stores
  // equal the generated records' (CIN: 7 measures x 12 months; workforce: 3 measures over
  // the 30 months from April 2023 to the last census, September 2025).
  for (const char* import : {"cin_census_import", "workforce_census_import"}) {
    const std::string i(import);
    ExpectPositive(m, i + ".files");
    ExpectPositive(m, i + ".records");
    ExpectPositive(m, i + ".new_versions");
    ExpectPositive(m, i + ".seconds");
    ExpectPositive(m, i + ".cpu_seconds");
    ExpectPositive(m, i + ".records_per_second");
    ExpectZero(m, i + ".problems");
    ExpectTrue(m, i + ".figures_match");
  }
  ExpectPositive(m, "cin_census_import.children");
  ExpectZero(m, "cin_census_import.children_rejected");
  ExpectPositive(m, "cin_census_import.figures.children_in_need_31_march.imported");
  ExpectPositive(m, "cin_census_import.figures.assessments_completed_in_year.imported");
  ExpectPositive(m, "workforce_census_import.roles");
  const Value* cin_months = Find(m, "cin_census_import.checked_months");
  ASSERT_NE(cin_months, nullptr);
  EXPECT_EQ(cin_months->number_value(), 12);
  const Value* workforce_months = Find(m, "workforce_census_import.checked_months");
  ASSERT_NE(workforce_months, nullptr);
  EXPECT_EQ(workforce_months->number_value(), 30);
  ExpectPositive(m, "machine.cores");
}

TEST_F(BenchmarkShortTest, StackBenchProducesEveryFigure) {
  const Struct s = Parse(*dir_ + "/stack.json");
  for (const char* domain : {"workforce", "safeguarding", "placement"}) {
    ExpectPositive(s, absl::StrCat("ingest_grpc.", domain, ".records"));
    ExpectPositive(s, absl::StrCat("ingest_grpc.", domain, ".records_per_second"));
  }
  ExpectPositive(s, "cold_scorecard.rows");
  ExpectPositive(s, "cold_scorecard.card_bytes");
  ExpectPositive(s, "cold_scorecard.after_write.median_ms");
  ExpectPositive(s, "cold_scorecard.after_write.cache_misses");
  // The write before each of those cards named a real record kind of each service.
  for (const char* domain : {"workforce", "safeguarding", "placement"}) {
    const Value* kind = Find(s, absl::StrCat("cold_scorecard.write_before_each_card.", domain));
    ASSERT_NE(kind, nullptr) << domain;
    EXPECT_TRUE(kind->has_string_value() && !kind->string_value().empty() &&
                kind->string_value() != "none")
        << domain;
  }
  ExpectPositive(s, "cold_scorecard.new_window_datasets_warm.median_ms");
  // Each of those cards was computed: neither cache tier can hold a window not asked before.
  ExpectPositive(s, "cold_scorecard.new_window_datasets_warm.cache_misses");
  ExpectPositive(s, "cold_all_authorities.cards");
  ExpectPositive(s, "cold_all_authorities.seconds");
  const Value* levels = Find(s, "cached_scorecard.levels");
  ASSERT_NE(levels, nullptr);
  ASSERT_EQ(levels->list_value().values_size(), 3);
  std::vector<double> in_flight;
  for (const Value& level : levels->list_value().values()) {
    const Struct& l = level.struct_value();
    in_flight.push_back(Find(l, "in_flight")->number_value());
    for (const char* server : {"scorecard", "echo"}) {
      ExpectPositive(l, absl::StrCat(server, ".requests_per_second"));
      ExpectPositive(l, absl::StrCat(server, ".latency.p50_ms"));
      ExpectPositive(l, absl::StrCat(server, ".latency.p99_ms"));
    }
    ExpectPositive(l, "share_of_echo");
  }
  EXPECT_EQ(in_flight, (std::vector<double>{1, 16, 64}));
  for (const char* process :
       {"workforce", "safeguarding", "placement", "audit", "aggregator", "redis"}) {
    ExpectPositive(s, absl::StrCat("memory.processes.", process, ".peak_rss_mib"));
  }
  ExpectPositive(s, "memory.peak_rss_total_mib");
}

}  // namespace
}  // namespace scorecard::benchmark
