#include "tools/cin_census/import_output.h"

#include <fcntl.h>
#include <pty.h>
#include <unistd.h>

#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/tools/cin_census/cin_census_test_util.h"
#include "tools/cin_census/progress_bar.h"

namespace scorecard::cin_census {
namespace {

using ::scorecard::cin_census::testing::MakeTempDir;
using ::scorecard::cin_census::testing::ParseJsonlRecords;
using ::scorecard::cin_census::testing::ReadFile;
using ::scorecard::cin_census::testing::RecordFromText;
using ::scorecard::cin_census::testing::SameRecords;

TEST(ImportOutputTest, ReportRowsHaveChildElementAndReason) {
  ImportProblem problem;
  problem.child_id = "C1";
  problem.line = 7;
  problem.element = "CINdetails[0]/CINreferralDate";
  problem.reason = "\"2017-02-29\" is not a real date, sorry";
  EXPECT_EQ(ReportRow(problem),
            "C1,CINdetails[0]/CINreferralDate,\"\"\"2017-02-29\"\" is not a real date, sorry\"\n");
  EXPECT_EQ(kReportHeader, "child_id,element,reason\n");
}

TEST(ImportOutputTest, JsonLinesReadBackAsTheSameRecords) {
  const std::vector<safeguarding::v1::SafeguardingRecord> records = {
      RecordFromText(R"(referral { header { authority: "869" source { system: "cin-census"
          id: "C1/2017-01-09" } } child_id: "C1" referral_date { year: 2017 month: 1 day: 9 }
          no_further_action: true })"),
      RecordFromText(R"(assessment { child_id: "C1" factors: "8B" factors: "11A" })"),
  };
  const std::string dir = MakeTempDir();
  absl::StatusOr<std::unique_ptr<AtomicFileWriter>> writer =
      AtomicFileWriter::Create(dir + "/r.jsonl");
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE(AppendJsonLines(records, **writer).ok());
  ASSERT_TRUE((*writer)->Commit().ok());
  const std::string text = ReadFile(dir + "/r.jsonl");
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 2);
  EXPECT_THAT(text, ::testing::HasSubstr("\"no_further_action\":true"));  // proto names
  EXPECT_TRUE(SameRecords(ParseJsonlRecords(text), records));
}

// Sets every field of `message` (two elements for repeated ones), recursing into messages.
// Strings get `text`. Goes by reflection, so fields added to the contract are covered too.
void FillEveryField(google::protobuf::Message* message, const std::string& text, int depth = 0) {
  using google::protobuf::FieldDescriptor;
  const google::protobuf::Reflection* r = message->GetReflection();
  const google::protobuf::Descriptor* descriptor = message->GetDescriptor();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* f = descriptor->field(i);
    if (f->real_containing_oneof() != nullptr || f->is_map()) continue;
    for (int n = 0; n < (f->is_repeated() ? 2 : 1); ++n) {
      const bool rep = f->is_repeated();
      switch (f->cpp_type()) {
        case FieldDescriptor::CPPTYPE_INT32:
          rep ? r->AddInt32(message, f, -7 - n) : r->SetInt32(message, f, -7);
          break;
        case FieldDescriptor::CPPTYPE_INT64:
          rep ? r->AddInt64(message, f, 1234567890123) : r->SetInt64(message, f, 1234567890123);
          break;
        case FieldDescriptor::CPPTYPE_UINT32:
          rep ? r->AddUInt32(message, f, 7) : r->SetUInt32(message, f, 7);
          break;
        case FieldDescriptor::CPPTYPE_UINT64:
          rep ? r->AddUInt64(message, f, 7) : r->SetUInt64(message, f, 7);
          break;
        case FieldDescriptor::CPPTYPE_DOUBLE:
          rep ? r->AddDouble(message, f, 1.5) : r->SetDouble(message, f, 1.5);
          break;
        case FieldDescriptor::CPPTYPE_FLOAT:
          rep ? r->AddFloat(message, f, 2.5f) : r->SetFloat(message, f, 2.5f);
          break;
        case FieldDescriptor::CPPTYPE_BOOL:
          rep ? r->AddBool(message, f, true) : r->SetBool(message, f, true);
          break;
        case FieldDescriptor::CPPTYPE_ENUM: {
          const auto* value = f->enum_type()->value(f->enum_type()->value_count() - 1);
          rep ? r->AddEnum(message, f, value) : r->SetEnum(message, f, value);
          break;
        }
        case FieldDescriptor::CPPTYPE_STRING:
          rep ? r->AddString(message, f, text + std::to_string(n)) : r->SetString(message, f, text);
          break;
        case FieldDescriptor::CPPTYPE_MESSAGE:
          if (depth < 3) {
            FillEveryField(rep ? r->AddMessage(message, f) : r->MutableMessage(message, f), text,
                           depth + 1);
          }
          break;
      }
    }
  }
}

TEST(ImportOutputTest, JsonLinesAreByteForByteWhatProtobufPrints) {
  std::vector<safeguarding::v1::SafeguardingRecord> records =
      ParseJsonlRecords(ReadFile(testing::Testdata("good_2017.expected.jsonl")));
  // Every record kind, fully filled: with strings the fast path prints, and with strings
  // that need escaping (which protobuf must print).
  const google::protobuf::OneofDescriptor* kinds =
      safeguarding::v1::SafeguardingRecord::descriptor()->FindOneofByName("kind");
  for (const std::string text :
       {"C1/2017-01-09#2 x.y:z+", "quote\" back\\slash <b>&\t Zo\xc3\xab"}) {
    for (int i = 0; i < kinds->field_count(); ++i) {
      safeguarding::v1::SafeguardingRecord record;
      FillEveryField(record.GetReflection()->MutableMessage(&record, kinds->field(i)), text);
      records.push_back(record);
    }
  }
  // Present but empty sub-messages, and false / zero values that are set.
  records.push_back(RecordFromText(R"(referral { referral_date {} no_further_action: false })"));
  records.push_back(RecordFromText(R"(cp_plan { previous_plans: 0 category: "" })"));
  for (const safeguarding::v1::SafeguardingRecord& record : records) {
    absl::StatusOr<std::string> fast = ToJsonLine(record);
    absl::StatusOr<std::string> reference = ToJsonLineWithProtobuf(record);
    ASSERT_TRUE(fast.ok() && reference.ok());
    EXPECT_EQ(*fast, *reference);
  }
}

TEST(ProgressBarTest, RendersTheShareOfBytesRead) {
  EXPECT_EQ(ProgressBar::Render("reading x.xml", 512 << 10, 1 << 20, 10),
            "reading x.xml [#####-----]  50%    0.5 / 1.0 MiB");
  EXPECT_EQ(ProgressBar::Render("r", 3 << 20, 3 << 20, 4), "r [####] 100%    3.0 / 3.0 MiB");
  EXPECT_EQ(ProgressBar::Render("r", 0, 1, 4), "r [----]   0%    0.0 / 0.0 MiB");
  EXPECT_EQ(ProgressBar::Render("r", 5 << 20, 0, 4), "r 5.0 MiB");  // size unknown
}

// What has been written to the terminal whose master side is `master` (non-blocking).
std::string Drain(int master) {
  std::string seen;
  char buffer[1024];
  ssize_t n;
  while ((n = ::read(master, buffer, sizeof(buffer))) > 0) seen.append(buffer, n);
  return seen;
}

TEST(ProgressBarTest, DrawsOnATerminalClearsForMessagesAndStopsWhenFinished) {
  int master = -1;
  int terminal = -1;
  ASSERT_EQ(::openpty(&master, &terminal, nullptr, nullptr, nullptr), 0);
  ::fcntl(master, F_SETFL, O_NONBLOCK);
  ProgressBar bar(terminal, "reading");
  EXPECT_TRUE(bar.enabled());
  bar.Update(1 << 20, 4 << 20);
  EXPECT_THAT(Drain(master), ::testing::HasSubstr("25%"));
  bar.Update(2 << 20, 4 << 20);  // within 100 ms of the last draw: skipped
  EXPECT_EQ(Drain(master), "");
  bar.Clear();
  EXPECT_EQ(Drain(master), "\r\33[K");
  bar.Update(2 << 20, 4 << 20);  // redrawn at once after a Clear
  EXPECT_THAT(Drain(master), ::testing::HasSubstr("50%"));
  bar.Finish();
  EXPECT_EQ(Drain(master), "\r\33[K");
  bar.Update(4 << 20, 4 << 20);
  EXPECT_EQ(Drain(master), "");
  ::close(terminal);
  ::close(master);
}

TEST(ProgressBarTest, DrawsNothingWhenNotATerminal) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  {
    ProgressBar bar(fds[1], "reading");
    EXPECT_FALSE(bar.enabled());
    bar.Update(1, 2);
    bar.Update(2, 2);
  }
  ::close(fds[1]);
  char byte;
  EXPECT_EQ(::read(fds[0], &byte, 1), 0);  // end of file: nothing was written
  ::close(fds[0]);
}

}  // namespace
}  // namespace scorecard::cin_census
