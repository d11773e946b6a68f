// Nothing sensitive leaks (issue 7, item 5). Records carry no names by contract, but a
// sender can put anything in a string: this test puts a recognisable child's name and
// free text in every string field of every record kind of every service (ids get
// id-shaped markers), a recognisable date of birth in the birth date, and sends them
// through every path — accepted, refused by validation, refused by authorization, a bad
// date of birth, drill-downs and measure reads with free text in their filters. Then no
// service's log, no error message and no audit event may hold the name, the free text or
// the date of birth. Ids may be echoed; content may not.
#include <grpcpp/grpcpp.h>

#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/records/proto_date.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "scorecard/aggregator/v1/aggregator_service.grpc.pb.h"
#include "scorecard/audit/v1/audit_service.grpc.pb.h"
#include "scorecard/placement/v1/placement_service.grpc.pb.h"
#include "scorecard/safeguarding/v1/safeguarding_service.grpc.pb.h"
#include "scorecard/workforce/v1/workforce_service.grpc.pb.h"
#include "tests/integration/test_stack.h"

namespace scorecard {
namespace {

namespace agg = ::scorecard::aggregator::v1;
namespace av1 = ::scorecard::audit::v1;
namespace cv1 = ::scorecard::common::v1;
namespace pv1 = ::scorecard::placement::v1;
namespace sv1 = ::scorecard::safeguarding::v1;
namespace wv1 = ::scorecard::workforce::v1;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// A child's name inside free text; a date of birth, valid and (refused) invalid.
constexpr char kChildName[] = "Jessica Leakmarker";
constexpr char kFreeText[] = "Jessica Leakmarker told her teacher about home";
const Date kBirthDate(2009, 7, 23);
// Everything that must never appear in a log line, an error message or an audit event.
const std::vector<std::string>& Forbidden() {
  static const auto* const kForbidden = new std::vector<std::string>{
      "leakmarker", "jessica",  "told her teacher", "2009-07-23", "23/07/2009",
      "2009-7-23",  "20090723", "2011-02-30",       "30/02/2011", "2011-2-30"};
  return *kForbidden;
}

// The forbidden strings found in `text` (case-insensitive).
std::vector<std::string> Leaks(const std::string& text) {
  const std::string lower = absl::AsciiStrToLower(text);
  std::vector<std::string> found;
  for (const std::string& marker : Forbidden()) {
    if (lower.find(marker) != std::string::npos) found.push_back(marker);
  }
  return found;
}

std::chrono::system_clock::time_point Deadline(int seconds = 10) {
  return std::chrono::system_clock::now() + std::chrono::seconds(seconds);
}

// Fills every string of `record` (ids with id-shaped markers, the rest with free text) and
// every date (birth dates with kBirthDate), and gives it a valid header for authority 869.
void FillWithMarkers(Message* record, int* serial) {
  const Reflection* reflection = record->GetReflection();
  const google::protobuf::Descriptor* type = record->GetDescriptor();
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* field = type->field(i);
    const bool is_id = absl::EndsWith(field->name(), "_id") || field->name() == "id";
    if (field->type() == FieldDescriptor::TYPE_STRING) {
      const std::string value = is_id ? absl::StrCat("LEAKID-", ++*serial) : kFreeText;
      if (field->is_repeated()) {
        reflection->AddString(record, field, value);
      } else {
        reflection->SetString(record, field, value);
      }
    } else if (field->type() == FieldDescriptor::TYPE_MESSAGE && !field->is_repeated()) {
      Message* child = reflection->MutableMessage(record, field);
      if (child->GetDescriptor() == cv1::Date::descriptor()) {
        const bool birth = field->name().find("birth") != std::string::npos;
        child->CopyFrom(ToProtoDate(birth ? kBirthDate : Date(2017, 4, 3)));
      } else if (child->GetDescriptor() == cv1::RecordHeader::descriptor()) {
        auto* header = static_cast<cv1::RecordHeader*>(child);
        header->set_authority("869");
        header->mutable_source()->set_system("leak-test");
        header->mutable_source()->set_id(absl::StrCat("LEAKID-", ++*serial));
      } else {
        reflection->ClearField(record, field);  // other messages (timestamps...) stay unset
      }
    }
  }
}

// One request per record kind of the service's record wrapper ("records" of `Request`),
// each record filled with markers.
template <typename Request>
std::vector<Request> OneRequestPerKind(int* serial) {
  std::vector<Request> requests;
  const google::protobuf::Descriptor* wrapper =
      Request::descriptor()->FindFieldByName("records")->message_type();
  for (int i = 0; i < wrapper->field_count(); ++i) {
    Request request;
    Message* record = request.GetReflection()->AddMessage(
        &request, Request::descriptor()->FindFieldByName("records"));
    Message* kind = record->GetReflection()->MutableMessage(record, wrapper->field(i));
    FillWithMarkers(kind, serial);
    requests.push_back(std::move(request));
  }
  return requests;
}

class NoLeaksTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    stack_ = new testing::TestStack(testing::TestStackOptions{.tls = true});
    absl::Status started = stack_->Start();
    ASSERT_TRUE(started.ok()) << started << " (logs in " << stack_->dir() << "/logs)";
  }
  static void TearDownTestSuite() {
    delete stack_;
    stack_ = nullptr;
  }

  // Keeps every error message a call returned, to check them all at the end. `audited`:
  // the call leaves one audit event (ingests and drill-downs, allowed or not).
  void Note(const std::string& what, const grpc::Status& status, bool audited) {
    if (!status.ok()) {
      errors_.push_back(absl::StrCat(what, ": ", status.error_message()));
    }
    if (audited) ++audited_calls_;
  }

  template <typename Service, typename Request>
  void IngestEach(const std::string& service, const std::string& client,
                  const std::vector<Request>& requests) {
    auto stub = Service::NewStub(stack_->ChannelAs(service, client));
    for (const Request& request : requests) {
      grpc::ClientContext context;
      context.set_deadline(Deadline());
      cv1::IngestResponse response;
      const grpc::Status status = stub->Ingest(&context, request, &response);
      if (status.ok()) ++accepted_;
      Note(absl::StrCat(service, " ingest as ", client), status, /*audited=*/true);
    }
  }

  static testing::TestStack* stack_;
  std::vector<std::string> errors_;
  int audited_calls_ = 0;
  int accepted_ = 0;
};

testing::TestStack* NoLeaksTest::stack_ = nullptr;

TEST_F(NoLeaksTest, NoNameDateOfBirthOrFreeTextInLogsErrorsOrTheAuditLog) {
  int serial = 0;
  // Every record kind of every service, as admin: some are accepted (free text in a field
  // that is not checked), some refused (free text where a code belongs).
  IngestEach<sv1::SafeguardingService>("safeguarding", "admin",
                                       OneRequestPerKind<sv1::IngestRequest>(&serial));
  IngestEach<pv1::PlacementService>("placement", "admin",
                                    OneRequestPerKind<pv1::IngestRequest>(&serial));
  IngestEach<wv1::WorkforceService>("workforce", "admin",
                                    OneRequestPerKind<wv1::IngestRequest>(&serial));

  // A looked-after child with the date of birth, accepted; then one whose date of birth is
  // not a real date, refused.
  pv1::IngestRequest child;
  pv1::LookedAfterChild* lac = child.add_records()->mutable_child();
  FillWithMarkers(lac, &serial);
  lac->clear_sex();
  lac->clear_ethnicity();
  lac->clear_uasc_ceased_date();
  pv1::IngestRequest bad_birth = child;
  bad_birth.mutable_records(0)->mutable_child()->mutable_header()->mutable_source()->set_id(
      "LEAKID-bad-birth");
  bad_birth.mutable_records(0)->mutable_child()->mutable_birth_date()->set_year(2011);
  bad_birth.mutable_records(0)->mutable_child()->mutable_birth_date()->set_month(2);
  bad_birth.mutable_records(0)->mutable_child()->mutable_birth_date()->set_day(30);
  // A care leaver who "ceased UASC" before birth: a cross-field error next to the birth date.
  pv1::IngestRequest before_birth = child;
  pv1::LookedAfterChild* early = before_birth.mutable_records(0)->mutable_child();
  early->mutable_header()->mutable_source()->set_id("LEAKID-before-birth");
  early->set_uasc(true);
  *early->mutable_uasc_ceased_date() = ToProtoDate(Date(2008, 1, 1));
  IngestEach<pv1::PlacementService>(
      "placement", "admin", std::vector<pv1::IngestRequest>{child, bad_birth, before_birth});
  EXPECT_GE(accepted_, 2) << "some marked records must be accepted: "
                          << (errors_.empty() ? "" : errors_.front());

  // A partner agency: free text where its authority code belongs is refused by
  // authorization, which logs the refusal.
  sv1::IngestRequest agency;
  sv1::Referral* referral = agency.add_records()->mutable_referral();
  FillWithMarkers(referral, &serial);
  referral->mutable_header()->set_authority(kFreeText);
  sv1::IngestRequest agency_assessment;
  FillWithMarkers(agency_assessment.add_records()->mutable_assessment(), &serial);
  IngestEach<sv1::SafeguardingService>("safeguarding", "agency-869-police",
                                       std::vector<sv1::IngestRequest>{agency, agency_assessment});

  // Reads with free text in their filters: drill-downs (allowed and denied) and measures.
  for (const std::string client : {"mash-frontend", "analyst"}) {
    for (const std::string& measure :
         {std::string("safeguarding.referrals"), std::string(kFreeText)}) {
      cv1::DrillDownRequest request;
      request.set_authority("869");
      request.set_measure_id(measure);
      *request.mutable_month() = ToProtoMonth(Month(2017, 4));
      request.set_team(kFreeText);
      grpc::ClientContext context;
      context.set_deadline(Deadline());
      cv1::DrillDownResponse response;
      Note(absl::StrCat("drill-down as ", client),
           sv1::SafeguardingService::NewStub(stack_->ChannelAs("safeguarding", client))
               ->DrillDown(&context, request, &response),
           /*audited=*/true);
    }
  }
  {
    cv1::GetMeasuresRequest request;
    request.set_authority("869");
    request.add_measure_ids(kFreeText);
    request.set_team(kFreeText);
    *request.mutable_from_month() = ToProtoMonth(Month(2017, 4));
    *request.mutable_to_month() = ToProtoMonth(Month(2017, 4));
    grpc::ClientContext context;
    context.set_deadline(Deadline());
    cv1::GetMeasuresResponse response;
    Note("measures",
         wv1::WorkforceService::NewStub(stack_->ChannelAs("workforce", "analyst"))
             ->GetMeasures(&context, request, &response),
         /*audited=*/false);
  }
  {
    agg::GetScorecardRequest request;
    request.set_authority("869");
    request.set_scorecard_id(kFreeText);
    *request.mutable_from_month() = ToProtoMonth(Month(2017, 4));
    *request.mutable_to_month() = ToProtoMonth(Month(2017, 4));
    grpc::ClientContext context;
    context.set_deadline(Deadline(20));
    agg::Scorecard card;
    Note("scorecard",
         agg::AggregatorService::NewStub(stack_->ChannelAs("aggregator", "analyst"))
             ->GetScorecard(&context, request, &card),
         /*audited=*/false);
  }
  ASSERT_GT(errors_.size(), 5u) << "the error paths must have run";

  // Wait (bounded) until the services' outboxes have delivered every call's event, so the
  // forwarders and the audit service have logged whatever they log.
  std::vector<av1::AuditEvent> events;
  const absl::Time deadline = absl::Now() + absl::Seconds(20);
  while (absl::Now() < deadline) {
    grpc::ClientContext context;
    context.set_deadline(Deadline());
    av1::QueryEventsRequest request;
    request.set_page_size(1000);
    av1::QueryEventsResponse page;
    if (av1::AuditService::NewStub(stack_->Channel("audit"))
            ->QueryEvents(&context, request, &page)
            .ok()) {
      events.assign(page.events().begin(), page.events().end());
      if (static_cast<int>(events.size()) >= audited_calls_) break;
    }
    absl::SleepFor(absl::Milliseconds(200));
  }
  EXPECT_GE(static_cast<int>(events.size()), audited_calls_) << "every call is audited";

  for (const std::string& error : errors_) {
    EXPECT_TRUE(Leaks(error).empty()) << "error message leaks " << Leaks(error)[0] << ": " << error;
  }
  for (const av1::AuditEvent& event : events) {
    std::string text;
    google::protobuf::TextFormat::PrintToString(event, &text);
    EXPECT_TRUE(Leaks(text).empty()) << "audit event leaks: " << text;
  }
  for (const char* service : {"workforce", "safeguarding", "placement", "audit", "aggregator"}) {
    const std::string log = stack_->Log(service);
    EXPECT_FALSE(log.empty()) << service;
    std::istringstream lines(log);
    std::string line;
    while (std::getline(lines, line)) {
      const std::vector<std::string> leaks = Leaks(line);
      EXPECT_TRUE(leaks.empty()) << service << " log leaks \"" << leaks[0] << "\": " << line;
    }
  }
}

}  // namespace
}  // namespace scorecard
