// Internal to seed_card_lib: what the three domain generators share. Months are numbered
// from the card's first (0 = April 2016 for the 2016-17 card; negative = before it), and the
// plan covers that financial year, months 0 to 11.
#ifndef SCORECARD_TOOLS_SEED_CARD_SEED_CONTEXT_H_
#define SCORECARD_TOOLS_SEED_CARD_SEED_CONTEXT_H_

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "common/records/proto_date.h"
#include "common/time/civil_date.h"
#include "common/time/working_days.h"
#include "scorecard/common/v1/common.pb.h"
#include "scorecard/placement/v1/placement_service.pb.h"
#include "scorecard/safeguarding/v1/safeguarding_service.pb.h"
#include "scorecard/workforce/v1/workforce_service.pb.h"
#include "tools/demo_data/demo_random.h"
#include "tools/seed_card/card_figures.h"
#include "tools/seed_card/published_card.h"
#include "tools/seed_card/seed_generator.h"

namespace scorecard::seed_card::internal {

// Months planned: the card's financial year.
inline constexpr int kYearMonths = 12;

// The card's sections, as the CSV and the definition name them.
inline constexpr char kWorkforce[] = "objective-1-workforce";
inline constexpr char kSafeguarding[] = "objective-2-safeguarding";
inline constexpr char kVolume[] = "context-volume";

// Random streams, one per part of the data, so tuning one part does not move another.
enum Stream : uint64_t {
  kStreamStaff = 1,
  kStreamSickness,
  kStreamSupervision,
  kStreamFrontDoor,
  kStreamConferences,
  kStreamPlans,
  kStreamAssessments,
  kStreamCases,
  kStreamSmallFlows,
  kStreamLookedAfter,
  kStreamLacEvents,
  kStreamCourts,
};

class SeedContext {
 public:
  SeedContext(const PublishedCard& card, const SeedOptions& options);

  const SeedOptions& options() const { return options_; }
  const WorkingDayCalendar& calendar() const { return *calendar_; }
  demo_data::DemoRandom Random(Stream stream) const {
    return demo_data::DemoRandom::ForStream(options_.seed, stream);
  }

  // Month i of the plan and its first and last days.
  Month MonthAt(int i) const { return first_month_ + i; }
  Date MonthStart(int i) const { return FirstDayOf(MonthAt(i)); }
  Date MonthEnd(int i) const { return LastDayOf(MonthAt(i)); }
  // The plan's month holding d (negative before the card).
  int MonthIndex(Date d) const;
  // The last day records may carry: the financial year's end. Anything later is unknown.
  Date Horizon() const { return MonthEnd(kYearMonths - 1); }
  std::vector<Date> WorkingDaysOf(int i) const;
  // The k-th of `count` working days spread evenly over month i (k from 0).
  Date Spread(int i, int k, int count) const;
  Date WorkingDayOnOrBefore(Date d) const;
  Date WorkingDayOnOrAfter(Date d) const;
  int WorkingDaysBetween(Date a, Date b) const { return calendar_->WorkingDaysBetween(a, b); }
  Date AddWorkingDays(Date d, int n) const { return calendar_->AddWorkingDays(d, n); }

  // A published row's cells for months 0..11 ("" beyond the card). Records a problem (see
  // status()) and gives blanks when the card lacks the row.
  Series Row(absl::string_view section, absl::string_view title);
  // The row's figure for month i, or the nearest published one (earlier first) when blank.
  double Target(absl::string_view section, absl::string_view title, int i);
  int Count(absl::string_view section, absl::string_view title, int i) {
    return static_cast<int>(Target(section, title, i) + 0.5);
  }

  // Ids unique within a prefix: "C000123".
  std::string NewId(absl::string_view prefix);

  template <typename Record>
  void SetHeader(Record* record, const std::string& id) const {
    common::v1::RecordHeader* header = record->mutable_header();
    header->set_authority(options_.authority);
    header->mutable_source()->set_system(kSourceSystem);
    header->mutable_source()->set_id(id);
  }

  // The first problem met (INVALID_ARGUMENT for the card, INTERNAL for the plan); OK when
  // none. Generation carries on after a problem so that one run names it.
  const absl::Status& status() const { return status_; }
  void Fail(absl::Status problem) {
    if (status_.ok()) status_ = std::move(problem);
  }

 private:
  const PublishedCard& card_;
  SeedOptions options_;
  Month first_month_;
  const WorkingDayCalendar* calendar_;
  std::map<std::string, int> next_id_;
  absl::Status status_;
};

// Writes a date field.
inline void Set(common::v1::Date* field, Date d) { *field = ToProtoDate(d); }
inline void Set(common::v1::Date* field, const std::optional<Date>& d) {
  if (d.has_value()) *field = ToProtoDate(*d);
}

// The figures decided for the whole authority, handed between domains (e.g. the looked-after
// children safeguarding must count among its children in need).
struct LookedAfterSpan {
  std::string child_id;
  Date start;
  std::optional<Date> end;  // nullopt: still looked after at the horizon
};

struct PlacementOutput {
  std::vector<placement::v1::PlacementRecord> records;
  // The looked-after children at each month end of the plan (placement's count).
  std::vector<int> looked_after;
  std::vector<LookedAfterSpan> spans;
};
PlacementOutput GeneratePlacement(SeedContext& ctx, int population);

struct SafeguardingOutput {
  // Known at the first run (April's), with every later month's records known at its own.
  std::vector<safeguarding::v1::SafeguardingRecord> records;
  // By run (month index): records of earlier months that arrive before it, and tombstones
  // of those withdrawn before it.
  std::map<int, std::vector<safeguarding::v1::SafeguardingRecord>> late;
};
SafeguardingOutput GenerateSafeguarding(SeedContext& ctx, int population,
                                        const PlacementOutput& placement);

std::vector<workforce::v1::WorkforceRecord> GenerateWorkforce(SeedContext& ctx);

// The population the rates are calibrated to (card_figures.h ChoosePopulation over the
// card's snapshot counts and rates).
int ChooseSeedPopulation(SeedContext& ctx);

}  // namespace scorecard::seed_card::internal

#endif  // SCORECARD_TOOLS_SEED_CARD_SEED_CONTEXT_H_
