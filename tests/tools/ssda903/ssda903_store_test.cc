// The importer's records through the services' own ingest checks into their stores, and
// counted from there: what an authority loading its returns year after year gets. Hand-worked
// from the fixture (testdata/good_2016): at 30/11/2016 C001 (since 14/09/2016), C002 (since
// 10/10/2016), C003 (since 15/11/2016, in care since 20/01/2015) and C004 (until 20/12/2016)
// are looked after; at 31/03/2017 only C001, C002 and C003 are, and of them only C003 has
// been looked after since before 01/04/2016 with no break (the OC2 cohort).
#include <google/protobuf/util/json_util.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/measures/drill_down.h"
#include "common/records/proto_date.h"
#include "common/records/record_io.h"
#include "gtest/gtest.h"
#include "services/placement/placement_data.h"
#include "services/placement/placement_measures.h"
#include "services/placement/placement_records.h"
#include "services/safeguarding/safeguarding_records.h"
#include "tests/common/store/scoped_temp_dir.h"
#include "tests/services/placement/placement_test_util.h"
#include "tests/tools/ssda903/ssda903_test_support.h"
#include "tools/ssda903/import_output.h"
#include "tools/ssda903/ssda903_import.h"

namespace scorecard::ssda903 {
namespace {

namespace pv1 = ::scorecard::placement::v1;
namespace sv1 = ::scorecard::safeguarding::v1;

using placement::PlacementData;
using placement::testutil::Snapshot;
using testing::EditFile;
using testing::GoodReturn;
using testing::Import;
using testing::Options;
using testing::Problems;

class Ssda903StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(dir_.ok());
    absl::StatusOr<std::unique_ptr<VersionedRecordStore>> store =
        VersionedRecordStore::Open(dir_.File("placement.sqlite"));
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }

  // What the placement service's Ingest does with the import's records: its checks, then
  // one durable append.
  common::v1::IngestResponse Ingest(const ImportResult& result) {
    EXPECT_NE(result.outcome, ImportOutcome::kNothingImported) << Problems(result);
    pv1::IngestRequest request;
    for (const pv1::PlacementRecord& r : result.placement) *request.add_records() = r;
    const absl::Status valid = placement::ValidatePlacementBatch(request, *store_);
    EXPECT_TRUE(valid.ok()) << valid;
    absl::StatusOr<common::v1::IngestResponse> stored =
        AppendRecords(*store_, RecordsInOneofs(request.records()));
    EXPECT_TRUE(stored.ok()) << stored.status();
    return stored.ok() ? *stored : common::v1::IngestResponse{};
  }

  // The records as they stood at `as_at` (nullopt: now).
  PlacementData Load(std::optional<absl::Time> as_at = std::nullopt) {
    absl::StatusOr<PlacementData> data = placement::LoadPlacementData(*store_, "869", as_at);
    EXPECT_TRUE(data.ok()) << data.status();
    return data.ok() ? *std::move(data) : PlacementData{};
  }

  ScopedTempDir dir_;
  std::unique_ptr<VersionedRecordStore> store_;
};

// As published right after `response`'s batch.
absl::Time RecordedAt(const common::v1::IngestResponse& response) {
  return FromProtoTimestamp(response.recorded_at());
}

double UascAt(const PlacementData& data, Month month) {
  return placement::LookedAfterUasc(data, Snapshot(month)).numerator;
}

// The 2017-18 return: C002 still looked after, no longer listed in UASC.
std::vector<InputFile> Return2017WithoutUasc() {
  return {
      {"header.csv", "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nC002,1,02/02/2001,AOTH,UN1,,\n"},
      {"episodes.csv",
       "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,"
       "PL_POST,URN\n"
       "C002,10/10/2016,S,V2,N8,U6,PR1,,,,,RG1 4DD,XXXXXXX\n"},
  };
}

// Issue 4: a later return's child record used to say "not UASC" and so erase the earlier
// year's UASC status from restated figures. The UASC period keeps it.
TEST_F(Ssda903StoreTest, AUascChildDroppedByTheNextReturnStaysUascInEarlierMonths) {
  std::vector<InputFile> files = GoodReturn();
  EditFile(files, "uasc.csv", "02/02/2019", "15/01/2017");  // ceased to be UASC mid-year
  const absl::Time first_loaded = RecordedAt(Ingest(Import(files, Options(2016))));
  // Looked after at 30/11/2016: C001..C004; UASC: C002 (ceases 15/01/2017). 31/01/2017: none.
  EXPECT_EQ(UascAt(Load(), Month(2016, 11)), 1);
  EXPECT_EQ(UascAt(Load(), Month(2017, 1)), 0);

  const ImportResult next = Import(Return2017WithoutUasc(), Options(2017));
  ASSERT_EQ(next.outcome, ImportOutcome::kComplete) << Problems(next);
  for (const pv1::PlacementRecord& r : next.placement) EXPECT_FALSE(r.has_uasc_period());
  Ingest(next);
  // As first published and as now: November's count is unchanged.
  EXPECT_EQ(UascAt(Load(first_loaded), Month(2016, 11)), 1);
  EXPECT_EQ(UascAt(Load(), Month(2016, 11)), 1);
  EXPECT_EQ(UascAt(Load(), Month(2017, 1)), 0);
  EXPECT_EQ(UascAt(Load(), Month(2017, 6)), 0);
}

// A later return that corrects DUC restates the months it changes; as_at still shows them
// as first published.
TEST_F(Ssda903StoreTest, ACorrectedDateCeasedRestatesOnlyTheMonthsItChanges) {
  std::vector<InputFile> files = GoodReturn();
  EditFile(files, "uasc.csv", "02/02/2019", "15/01/2017");
  const absl::Time first_loaded = RecordedAt(Ingest(Import(files, Options(2016))));

  std::vector<InputFile> next = Return2017WithoutUasc();
  next.push_back({"uasc.csv", "CHILD,SEX,DOB,DUC\nC002,1,02/02/2001,15/02/2017\n"});
  ASSERT_EQ(Ingest(Import(next, Options(2017))).new_versions(), 1);  // the UASC period only
  // 31/01/2017: ceased 15/02/2017 is after it, so UASC now; as published, not.
  EXPECT_EQ(UascAt(Load(first_loaded), Month(2017, 1)), 0);
  EXPECT_EQ(UascAt(Load(), Month(2017, 1)), 1);
  EXPECT_EQ(UascAt(Load(), Month(2017, 2)), 0);  // 28/02/2017: ceased 15/02
  EXPECT_EQ(UascAt(Load(), Month(2016, 11)), 1);
}

TEST_F(Ssda903StoreTest, ImportingTheSameReturnAgainChangesNothing) {
  const ImportResult result = Import(GoodReturn(), Options(2016));
  EXPECT_EQ(Ingest(result).new_versions(), static_cast<int>(result.placement.size()));
  const int64_t version = store_->DataVersion("869");

  const common::v1::IngestResponse again = Ingest(Import(GoodReturn(), Options(2016)));
  EXPECT_EQ(again.new_versions(), 0);
  EXPECT_EQ(again.unchanged(), static_cast<int>(result.placement.size()));
  EXPECT_EQ(store_->DataVersion("869"), version);
}

// OC2 for 2016-17: the cohort at 31/03/2017 is C003 alone, whose row says immunisations and
// health assessment up to date, teeth not checked (edited to 0).
TEST_F(Ssda903StoreTest, AnOc2RowIsImportedAndCounted) {
  std::vector<InputFile> files = GoodReturn();
  EditFile(files, "oc2.csv", ",SDQ1,0,1,1,1,1,0,", ",SDQ1,0,1,1,0,1,0,");
  Ingest(Import(files, Options(2016)));
  const PlacementData data = Load();
  for (Month m : {Month(2017, 3), Month(2017, 5)}) {  // both read the 2016-17 year
    const Fraction teeth = placement::Oc2TeethChecked(data, Snapshot(m));
    EXPECT_EQ(teeth.numerator, 0) << FormatMonth(m);
    EXPECT_EQ(teeth.denominator, 1) << FormatMonth(m);
    const Fraction immunisations = placement::Oc2ImmunisationsUpToDate(data, Snapshot(m));
    EXPECT_EQ(immunisations.numerator, 1);
    EXPECT_EQ(immunisations.denominator, 1);
    const Fraction assessed = placement::Oc2HealthAssessmentUpToDate(data, Snapshot(m));
    EXPECT_EQ(assessed.numerator, 1);
    EXPECT_EQ(assessed.denominator, 1);
  }
  // February 2017 reads 2015-16, which was never returned: no value.
  EXPECT_EQ(placement::Oc2TeethChecked(data, Snapshot(Month(2017, 2))).denominator, 0);

  // The case behind the figure names the child, its OC2 record and why.
  std::vector<CaseRow> rows;
  MeasureContext ctx = Snapshot(Month(2017, 3));
  ctx.cases = &rows;
  placement::Oc2TeethChecked(data, ctx);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].subject_id, "C003");
  EXPECT_EQ(rows[0].record_id, "C003/2016");
  EXPECT_EQ(rows[0].reason, "teeth-not-checked");
  EXPECT_FALSE(rows[0].in_numerator);
}

// MISSING "A" (away without authorisation) survives the JSON Lines file and the
// safeguarding service's store.
TEST_F(Ssda903StoreTest, TheMissingTypeMakesTheRoundTrip) {
  std::vector<InputFile> files = GoodReturn();
  EditFile(files, "missing.csv", ",M,", ",A,");
  const ImportResult result = Import(files, Options(2016));
  ASSERT_EQ(result.safeguarding.size(), 1u);
  absl::StatusOr<std::string> jsonl = ToJsonLines(result.safeguarding);
  ASSERT_TRUE(jsonl.ok()) << jsonl.status();
  EXPECT_NE(jsonl->find("MISSING_KIND_AWAY_WITHOUT_AUTHORISATION"), std::string::npos) << *jsonl;

  sv1::IngestRequest request;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(
                  absl::StrCat("{\"records\":[", absl::StripTrailingAsciiWhitespace(*jsonl), "]}"),
                  &request)
                  .ok());
  ASSERT_TRUE(safeguarding::ValidateSafeguardingBatch(request).ok());
  absl::StatusOr<std::unique_ptr<VersionedRecordStore>> safeguarding_store =
      VersionedRecordStore::Open(dir_.File("safeguarding.sqlite"));
  ASSERT_TRUE(safeguarding_store.ok()) << safeguarding_store.status();
  ASSERT_TRUE(AppendRecords(**safeguarding_store, RecordsInOneofs(request.records())).ok());
  absl::StatusOr<RecordList<sv1::MissingEpisode>> stored =
      LoadCurrent<sv1::MissingEpisode>(**safeguarding_store, "869", std::nullopt);
  ASSERT_TRUE(stored.ok()) << stored.status();
  ASSERT_EQ(stored->size(), 1u);
  EXPECT_EQ((*stored)[0].kind(), sv1::MISSING_KIND_AWAY_WITHOUT_AUTHORISATION);
  EXPECT_EQ((*stored)[0].child_id(), "C001");

  // A kind this build does not know is refused by the safeguarding service, by field.
  request.mutable_records(0)->mutable_missing_episode()->set_kind(static_cast<sv1::MissingKind>(7));
  EXPECT_NE(safeguarding::ValidateSafeguardingBatch(request).message().find(
                "records[0].missing_episode.kind: unknown value 7"),
            std::string::npos);
}

}  // namespace
}  // namespace scorecard::ssda903
