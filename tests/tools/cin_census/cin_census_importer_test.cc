#include "tools/cin_census/cin_census_importer.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/tools/cin_census/cin_census_test_util.h"

namespace scorecard::cin_census {
namespace {

namespace v1 = ::scorecard::safeguarding::v1;
using ::scorecard::cin_census::testing::CensusXml;
using ::scorecard::cin_census::testing::ChildXml;
using ::scorecard::cin_census::testing::ParseJsonlRecords;
using ::scorecard::cin_census::testing::ReadFile;
using ::scorecard::cin_census::testing::RecordFromText;
using ::scorecard::cin_census::testing::SameRecords;
using ::scorecard::cin_census::testing::Testdata;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

CinCensusOptions Options(bool strict = false, std::string authority = "869") {
  CinCensusOptions options;
  options.authority = std::move(authority);
  options.strict = strict;
  return options;
}

// A minimal valid child.
std::string SimpleChild(const std::string& id) {
  return ChildXml(id,
                  "<CINreferralDate>2016-10-03</CINreferralDate>"
                  "<ReferralSource>2A</ReferralSource><ReferralNFA>0</ReferralNFA>");
}

TEST(CinCensusImporterTest, The2017FileGivesTheHandWrittenRecords) {
  absl::StatusOr<CinCensusImport> imported =
      ImportCinCensusFile(Testdata("good_2017.xml"), Options());
  ASSERT_TRUE(imported.ok()) << imported.status();
  EXPECT_TRUE(SameRecords(imported->records,
                          ParseJsonlRecords(ReadFile(Testdata("good_2017.expected.jsonl")))));
  EXPECT_THAT(imported->problems, IsEmpty());
  const CinCensusSummary& s = imported->summary;
  EXPECT_EQ(s.census_year, 2017);
  EXPECT_EQ(s.reference_date, "2017-03-31");
  EXPECT_EQ(s.children_read, 2);
  EXPECT_EQ(s.children_valid, 2);
  EXPECT_EQ(s.children_imported, 2);
  EXPECT_EQ(s.children_rejected, 0);
  EXPECT_EQ(s.records_imported, 12);
  EXPECT_FALSE(s.records_withheld);
}

TEST(CinCensusImporterTest, The2024FileWithSexAndLaterElementsGivesTheHandWrittenRecords) {
  absl::StatusOr<CinCensusImport> imported =
      ImportCinCensusFile(Testdata("good_2024.xml"), Options());
  ASSERT_TRUE(imported.ok()) << imported.status();
  EXPECT_EQ(imported->summary.census_year, 2024);
  const std::string source = R"(authority: "869" source { system: "cin-census" id: )";
  EXPECT_TRUE(SameRecords(
      imported->records,
      {
          RecordFromText(absl::StrCat(R"(referral { header { )", source,
                                      R"("DfE2024X1/2023-11-06" } } child_id: "DfE2024X1"
              referral_date { year: 2023 month: 11 day: 6 } referral_source: "5A" })")),
          RecordFromText(absl::StrCat(R"(cin_episode { header { )", source,
                                      R"("DfE2024X1/2023-11-06" } } child_id: "DfE2024X1"
              start_date { year: 2023 month: 11 day: 6 } })")),
          RecordFromText(absl::StrCat(R"(assessment { header { )", source,
                                      R"("DfE2024X1/2023-11-06/assessment/2023-11-07" } }
              child_id: "DfE2024X1" referral_source_id: "DfE2024X1/2023-11-06"
              referral_date { year: 2023 month: 11 day: 6 }
              start_date { year: 2023 month: 11 day: 7 }
              authorisation_date { year: 2023 month: 12 day: 15 } factors: "3A" })")),
          RecordFromText(absl::StrCat(R"(section47 { header { )", source,
                                      R"("DfE2024X1/2023-11-06/s47/2023-12-18" } }
              child_id: "DfE2024X1" strategy_discussion_date { year: 2023 month: 12 day: 18 }
              icpc_target_date { year: 2024 month: 1 day: 10 }
              icpc_date { year: 2024 month: 1 day: 10 } })")),
          RecordFromText(absl::StrCat(R"(cp_plan { header { )", source,
                                      R"("DfE2024X1/2023-11-06/cpp/2024-01-10" } }
              child_id: "DfE2024X1" start_date { year: 2024 month: 1 day: 10 }
              category: "PHY" })")),
          RecordFromText(absl::StrCat(R"(review_conference { header { )", source,
                                      R"("DfE2024X1/2023-11-06/cpp/2024-01-10/review/2024-03-28" } }
              child_id: "DfE2024X1" plan_source_id: "DfE2024X1/2023-11-06/cpp/2024-01-10"
              conference_date { year: 2024 month: 3 day: 28 } })")),
      }));
}

TEST(CinCensusImporterTest, AnUnknownYearIsAnErrorNamingIt) {
  absl::StatusOr<CinCensusImport> imported =
      ImportCinCensusFile(Testdata("unknown_year.xml"), Options());
  EXPECT_EQ(imported.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(imported.status().message(),
              HasSubstr("Header/CollectionDetails/Year \"2015\" is not a supported CIN census "
                        "year; supported: 2017 (2016-17) to 2026 (2025-26)"));
  for (int year : {2016, 2027}) {
    absl::StatusOr<CinCensusImport> outside =
        ImportCinCensusXml(CensusXml(year, SimpleChild("Y1")), Options());
    EXPECT_THAT(outside.status().message(), HasSubstr(absl::StrCat("\"", year, "\"")));
  }
  for (int year = kFirstCensusYear; year <= kLastCensusYear; ++year) {
    absl::StatusOr<CinCensusImport> inside =
        ImportCinCensusXml(CensusXml(year, SimpleChild("Y1")), Options());
    ASSERT_TRUE(inside.ok()) << year << ": " << inside.status();
    EXPECT_EQ(inside->summary.census_year, year);
  }
}

TEST(CinCensusImporterTest, HeaderFaultsEndTheImport) {
  const std::string good = CensusXml(2017, SimpleChild("H1"));
  struct Case {
    std::string xml;
    std::string message;
  };
  const std::vector<Case> cases = {
      {absl::StrReplaceAll(good, {{"<Year>2017</Year>", ""}}), "Year is missing"},
      {absl::StrReplaceAll(good, {{"<Year>2017</Year>", "<Year>twenty</Year>"}}),
       "Year \"twenty\" is not a supported"},
      {absl::StrReplaceAll(good, {{"<ReferenceDate>2017-03-31", "<ReferenceDate>2016-03-31"}}),
       "ReferenceDate \"2016-03-31\" is not 31 March of Year 2017 (expected 2017-03-31; "
       "rule 100)"},
      {absl::StrReplaceAll(good, {{"<Collection>CIN", "<Collection>SSDA903"}}),
       "Collection \"SSDA903\" is not CIN"},
      {absl::StrReplaceAll(good, {{"<LEA>869", "<LEA>201"}}),
       "Header/Source/LEA \"201\" does not match the authority being imported (869)"},
      {absl::StrReplaceAll(good, {{"<Year>2017</Year>", "<Year>2017</Year><Year>2018</Year>"}}),
       "Year appears 2 times"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<CinCensusImport> imported = ImportCinCensusXml(c.xml, Options());
    EXPECT_EQ(imported.status().code(), absl::StatusCode::kInvalidArgument) << c.message;
    EXPECT_THAT(imported.status().message(), HasSubstr(c.message));
  }
  // The header check happens before any child is handed over.
  CinCensusCallbacks callbacks;
  int children = 0;
  callbacks.on_records = [&](absl::Span<const v1::SafeguardingRecord>) {
    ++children;
    return absl::OkStatus();
  };
  EXPECT_FALSE(StreamCinCensusXml(cases[0].xml, Options(), callbacks).ok());
  EXPECT_EQ(children, 0);
  // Without a ReferenceDate or LEA the Year alone is enough.
  const std::string bare = absl::StrReplaceAll(
      good, {{"<ReferenceDate>2017-03-31</ReferenceDate>", ""}, {"<LEA>869</LEA>", ""}});
  EXPECT_TRUE(ImportCinCensusXml(bare, Options()).ok());
}

TEST(CinCensusImporterTest, TheAuthorityMustBeThreeDigits) {
  absl::StatusOr<CinCensusImport> imported =
      ImportCinCensusFile(Testdata("good_2017.xml"), Options(false, "86"));
  EXPECT_EQ(imported.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(CinCensusImporterTest, NotWellFormedIsFatalInEitherMode) {
  for (bool strict : {false, true}) {
    absl::StatusOr<CinCensusImport> imported =
        ImportCinCensusFile(Testdata("not_well_formed.xml"), Options(strict));
    EXPECT_EQ(imported.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(imported.status().message(), HasSubstr("line 12, column 29"));
  }
}

TEST(CinCensusImporterTest, AMissingFileIsNotFound) {
  EXPECT_EQ(ImportCinCensusFile(Testdata("no_such_file.xml"), Options()).status().code(),
            absl::StatusCode::kNotFound);
}

TEST(CinCensusImporterTest, ByDefaultValidChildrenAreImportedAndRejectedOnesListed) {
  absl::StatusOr<CinCensusImport> imported =
      ImportCinCensusFile(Testdata("authorised_before_start.xml"), Options());
  ASSERT_TRUE(imported.ok()) << imported.status();
  ASSERT_THAT(imported->records, SizeIs(3));
  for (const v1::SafeguardingRecord& r : imported->records) {
    EXPECT_EQ(r.has_referral()      ? r.referral().child_id()
              : r.has_cin_episode() ? r.cin_episode().child_id()
                                    : r.assessment().child_id(),
              "C200001");
  }
  ASSERT_THAT(imported->problems, SizeIs(1));
  const ImportProblem& p = imported->problems[0];
  EXPECT_EQ(p.child_id, "C200002");
  EXPECT_EQ(p.line, 26);
  EXPECT_EQ(FormatProblem(p),
            "child C200002: CINdetails[0]/Assessments[0]/AssessmentAuthorisationDate: "
            "2017-02-01 is before AssessmentActualStartDate 2017-02-03 (rule 8608)");
  EXPECT_EQ(imported->summary.children_read, 2);
  EXPECT_EQ(imported->summary.children_imported, 1);
  EXPECT_EQ(imported->summary.children_rejected, 1);
  EXPECT_EQ(imported->summary.problems, 1);
  EXPECT_FALSE(imported->summary.records_withheld);
}

TEST(CinCensusImporterTest, IcpcBeforeSection47IsListed) {
  absl::StatusOr<CinCensusImport> imported =
      ImportCinCensusFile(Testdata("icpc_before_s47.xml"), Options());
  ASSERT_TRUE(imported.ok()) << imported.status();
  ASSERT_THAT(imported->problems, SizeIs(1));
  EXPECT_EQ(FormatProblem(imported->problems[0]),
            "child C300001: CINdetails[0]/Section47[0]/DateOfInitialCPC: 2017-04-01 is before "
            "S47ActualStartDate 2017-04-10 (rule 8615)");
  EXPECT_EQ(imported->summary.children_imported, 1);
  EXPECT_THAT(imported->records, SizeIs(3));  // C300002: referral, episode, section 47
}

TEST(CinCensusImporterTest, StrictModeWithholdsEveryRecordWhenAChildIsRejected) {
  for (const char* file : {"authorised_before_start.xml", "icpc_before_s47.xml"}) {
    absl::StatusOr<CinCensusImport> imported = ImportCinCensusFile(Testdata(file), Options(true));
    ASSERT_TRUE(imported.ok()) << imported.status();
    EXPECT_THAT(imported->records, IsEmpty()) << file;
    EXPECT_THAT(imported->problems, SizeIs(1)) << file;
    EXPECT_TRUE(imported->summary.records_withheld) << file;
    EXPECT_EQ(imported->summary.children_valid, 1) << file;
    EXPECT_EQ(imported->summary.children_imported, 0) << file;
    EXPECT_EQ(imported->summary.records_imported, 0) << file;
  }
  absl::StatusOr<CinCensusImport> clean =
      ImportCinCensusFile(Testdata("good_2017.xml"), Options(true));
  ASSERT_TRUE(clean.ok());
  EXPECT_THAT(clean->records, SizeIs(12));
  EXPECT_FALSE(clean->summary.records_withheld);
}

TEST(CinCensusImporterTest, StrictModeStopsHandingOverRecordsAtTheFirstRejection) {
  const std::string xml = CensusXml(
      2017, absl::StrCat(SimpleChild("S1"), ChildXml("S2", "<ReferralSource>1A</ReferralSource>"),
                         SimpleChild("S3")));
  std::vector<std::string> handed_over;
  CinCensusCallbacks callbacks;
  callbacks.on_records = [&](absl::Span<const v1::SafeguardingRecord> records) {
    handed_over.push_back(records[0].referral().child_id());
    return absl::OkStatus();
  };
  absl::StatusOr<CinCensusSummary> summary = StreamCinCensusXml(xml, Options(true), callbacks);
  ASSERT_TRUE(summary.ok());
  EXPECT_THAT(handed_over, ::testing::ElementsAre("S1"));
  EXPECT_TRUE(summary->records_withheld);
  EXPECT_EQ(summary->children_valid, 2);
}

TEST(CinCensusImporterTest, ARepeatedChildIdIsRejected) {
  absl::StatusOr<CinCensusImport> imported = ImportCinCensusXml(
      CensusXml(2017, absl::StrCat(SimpleChild("D1"), SimpleChild("D2"), SimpleChild("D1"))),
      Options());
  ASSERT_TRUE(imported.ok());
  ASSERT_THAT(imported->problems, SizeIs(1));
  EXPECT_EQ(FormatProblem(imported->problems[0]),
            "child D1: ChildIdentifiers/LAchildID: repeats the child at line 4; each child may "
            "appear once");
  EXPECT_EQ(imported->summary.children_imported, 2);
}

TEST(CinCensusImporterTest, ImportingTwiceGivesIdenticalRecords) {
  absl::StatusOr<CinCensusImport> first = ImportCinCensusFile(Testdata("good_2017.xml"), Options());
  absl::StatusOr<CinCensusImport> second =
      ImportCinCensusFile(Testdata("good_2017.xml"), Options());
  ASSERT_TRUE(first.ok() && second.ok());
  ASSERT_EQ(first->records.size(), second->records.size());
  for (size_t i = 0; i < first->records.size(); ++i) {
    EXPECT_EQ(first->records[i].SerializeAsString(), second->records[i].SerializeAsString());
  }
}

TEST(CinCensusImporterTest, NextYearsCensusResendsTheSameKeysForTheSameItems) {
  // 2016-17: an episode with two assessments, the second still open at 31 March.
  const std::string this_year =
      CensusXml(2017, ChildXml("N1",
                               "<CINreferralDate>2016-05-03</CINreferralDate>"
                               "<ReferralSource>2A</ReferralSource>"
                               "<Assessments><AssessmentActualStartDate>2016-05-04"
                               "</AssessmentActualStartDate><AssessmentAuthorisationDate>2016-06-20"
                               "</AssessmentAuthorisationDate></Assessments>"
                               "<Assessments><AssessmentActualStartDate>2017-03-01"
                               "</AssessmentActualStartDate></Assessments>"
                               "<ReferralNFA>0</ReferralNFA>"));
  // 2017-18: the first assessment ended last year and is not returned again; the second
  // is now authorised.
  const std::string next_year =
      CensusXml(2018, ChildXml("N1",
                               "<CINreferralDate>2016-05-03</CINreferralDate>"
                               "<ReferralSource>2A</ReferralSource>"
                               "<Assessments><AssessmentActualStartDate>2017-03-01"
                               "</AssessmentActualStartDate><AssessmentAuthorisationDate>2017-04-12"
                               "</AssessmentAuthorisationDate></Assessments>"
                               "<ReferralNFA>0</ReferralNFA>"));
  absl::StatusOr<CinCensusImport> first = ImportCinCensusXml(this_year, Options());
  absl::StatusOr<CinCensusImport> second = ImportCinCensusXml(next_year, Options());
  ASSERT_TRUE(first.ok() && second.ok());
  ASSERT_THAT(first->records, SizeIs(4));
  ASSERT_THAT(second->records, SizeIs(3));
  // Referral and episode: same keys, same content (the ingest is a no-op for them).
  EXPECT_EQ(first->records[0].SerializeAsString(), second->records[0].SerializeAsString());
  EXPECT_EQ(first->records[1].SerializeAsString(), second->records[1].SerializeAsString());
  // The open assessment keeps its key and gains its authorisation: a new version.
  const v1::Assessment& before = first->records[3].assessment();
  const v1::Assessment& after = second->records[2].assessment();
  EXPECT_EQ(before.header().source().id(), "N1/2016-05-03/assessment/2017-03-01");
  EXPECT_EQ(after.header().source().id(), before.header().source().id());
  EXPECT_FALSE(before.has_authorisation_date());
  EXPECT_EQ(after.authorisation_date().month(), 4);
}

TEST(CinCensusImporterTest, StreamingHandsOverOneChildAtATimeAndReportsProgress) {
  const std::string xml = ReadFile(Testdata("good_2017.xml"));
  std::vector<size_t> batch_sizes;
  uint64_t last_done = 0;
  uint64_t last_total = 0;
  CinCensusCallbacks callbacks;
  callbacks.on_records = [&](absl::Span<const v1::SafeguardingRecord> records) {
    batch_sizes.push_back(records.size());
    return absl::OkStatus();
  };
  callbacks.on_progress = [&](uint64_t done, uint64_t total) {
    EXPECT_GE(done, last_done);
    last_done = done;
    last_total = total;
  };
  absl::StatusOr<CinCensusSummary> summary = StreamCinCensusXml(xml, Options(), callbacks);
  ASSERT_TRUE(summary.ok());
  EXPECT_THAT(batch_sizes, ::testing::ElementsAre(8u, 4u));
  EXPECT_EQ(last_done, xml.size());
  EXPECT_EQ(last_total, xml.size());
  // A failing consumer ends the import with its error.
  callbacks.on_records = [](absl::Span<const v1::SafeguardingRecord>) {
    return absl::DataLossError("disk full");
  };
  EXPECT_EQ(StreamCinCensusXml(xml, Options(), callbacks).status(),
            absl::DataLossError("disk full"));
}

}  // namespace
}  // namespace scorecard::cin_census
