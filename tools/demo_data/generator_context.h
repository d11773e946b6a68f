// Internal to demo_data_lib: what the three domain generators share, and the hand-offs
// between them (who is looked after, whose case is open), so that safeguarding's missing
// children are real looked-after children and workforce allocates the cases that exist.
//
//   GeneratorContext ctx(options);
//   PlacementOutput placement = GeneratePlacement(ctx);
//   SafeguardingOutput safeguarding = GenerateSafeguarding(ctx, placement.looked_after);
//   std::vector<CaseSpan> cases = placement.cases;  // + safeguarding.cases
//   std::vector<workforce::v1::WorkforceRecord> staff = GenerateWorkforce(ctx, cases);
#ifndef SCORECARD_TOOLS_DEMO_DATA_GENERATOR_CONTEXT_H_
#define SCORECARD_TOOLS_DEMO_DATA_GENERATOR_CONTEXT_H_

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "common/records/proto_date.h"
#include "common/time/civil_date.h"
#include "common/time/working_days.h"
#include "scorecard/common/v1/common.pb.h"
#include "scorecard/placement/v1/placement_service.pb.h"
#include "scorecard/safeguarding/v1/safeguarding_service.pb.h"
#include "scorecard/workforce/v1/workforce_service.pb.h"
#include "tools/demo_data/demo_generator.h"
#include "tools/demo_data/demo_random.h"

namespace scorecard::demo_data::internal {

// Random streams, one per part of the data. Fixed numbers: renumbering one reshuffles it.
enum Stream : uint64_t {
  kStreamLookedAfter = 1,
  kStreamShortBreaks = 2,
  kStreamPreProceedings = 3,
  kStreamCarers = 4,
  kStreamFrontDoor = 10,
  kStreamLado = 11,
  kStreamMissing = 12,
  kStreamCse = 13,
  kStreamPrivateFostering = 14,
  kStreamStaff = 20,
  kStreamSickness = 21,
  kStreamSupervision = 22,
  kStreamAllocation = 23,
};

// Where a child id comes from. Each domain numbers its children from 0; the context turns
// (origin, number) into the public "C000123" in first-use order, so published ids are dense
// however many simulated children were never written out.
enum class ChildOrigin : uint64_t {
  kLookedAfter = 1,
  kShortBreak = 2,
  kPreProceedings = 3,
  kFrontDoor = 4,
  kPrivateFostering = 5,
};

class GeneratorContext {
 public:
  explicit GeneratorContext(const DemoDataOptions& options);

  const DemoDataOptions& options() const { return options_; }
  const GeneratorParameters& parameters() const { return options_.parameters; }
  // Each domain's volume multiplier: the options' scale times the domain's own.
  double safeguarding_scale() const {
    return options_.scale * options_.parameters.safeguarding_scale;
  }
  double placement_scale() const { return options_.scale * options_.parameters.placement_scale; }
  double workforce_scale() const { return options_.scale * options_.parameters.workforce_scale; }
  DemoRandom Random(Stream stream) const { return DemoRandom::ForStream(options_.seed, stream); }

  // The financial year the data describes.
  Date year_start() const { return year_.first; }
  Date year_end() const { return year_.last; }
  bool InYear(Date d) const { return year_.Contains(d); }
  // The first day of the records a domain writes: 1 April of the first of its `years`
  // financial years (year_start() for one year).
  Date FirstYearStart(int years) const { return AddCalendarMonths(year_.first, -12 * (years - 1)); }
  // An end date as the extract on the year's last day shows it: unknown if still to come.
  std::optional<Date> AsAtYearEnd(std::optional<Date> d) const {
    if (d.has_value() && *d > year_.last) return std::nullopt;
    return d;
  }

  const WorkingDayCalendar& calendar() const { return *calendar_; }
  Date AddWorkingDays(Date d, int n) const { return calendar_->AddWorkingDays(d, n); }
  // d when it is a working day, else the next (previous) one.
  Date WorkingDayOnOrAfter(Date d) const;
  Date WorkingDayOnOrBefore(Date d) const;

  // The public id of a child ("C000123").
  std::string ChildId(ChildOrigin origin, int number);

  // Sets the header: this authority, source system "demo" and `id`.
  template <typename Record>
  void SetHeader(Record* record, const std::string& id) const {
    common::v1::RecordHeader* header = record->mutable_header();
    header->set_authority(options_.authority);
    header->mutable_source()->set_system(kSourceSystem);
    header->mutable_source()->set_id(id);
  }

 private:
  DemoDataOptions options_;
  DateRange year_;
  const WorkingDayCalendar* calendar_;
  absl::flat_hash_map<uint64_t, std::string> child_ids_;
};

// "REF000042": a record's source id, unique within its kind.
inline std::string SourceId(absl::string_view prefix, int number) {
  return absl::StrFormat("%s%06d", prefix, number);
}

inline Date FromProto(const common::v1::Date& d) { return Date(d.year(), d.month(), d.day()); }

// Sorts records by key_of(record) (a comparable value, e.g. a (date, child id) pair), then
// numbers them: the files read in date order, and ids follow from the data rather than
// from the order the generator happened to make records in.
template <typename Record, typename KeyOf>
void SortAndNumber(std::vector<Record>& records, KeyOf key_of, absl::string_view prefix,
                   const GeneratorContext& ctx) {
  std::stable_sort(records.begin(), records.end(),
                   [&](const Record& a, const Record& b) { return key_of(a) < key_of(b); });
  for (size_t i = 0; i < records.size(); ++i) {
    ctx.SetHeader(&records[i], SourceId(prefix, static_cast<int>(i) + 1));
  }
}

// The key (date field, child id), for SortAndNumber over a child's dated records.
template <typename Record>
auto ByDateAndChild(const common::v1::Date& (Record::*date)() const) {
  return [date](const Record& r) { return std::make_pair(FromProto((r.*date)()), r.child_id()); };
}

// Part of a child's case held by one team: the unit workforce allocates to a worker.
struct CaseSpan {
  std::string child_id;
  std::string team;
  Date start;
  std::optional<Date> end;  // nullopt: still open at the year's end
};

// A looked-after child's period of care, for other domains to draw on.
struct LookedAfterSummary {
  std::string child_id;
  std::string team;
  Date birth_date;
  Date start;
  Date end;  // planned end (may lie after the year); the 18th birthday at the latest
};

struct PlacementOutput {
  std::vector<placement::v1::PlacementRecord> records;
  std::vector<LookedAfterSummary> looked_after;
  std::vector<CaseSpan> cases;
};
PlacementOutput GeneratePlacement(GeneratorContext& ctx);

struct SafeguardingOutput {
  std::vector<safeguarding::v1::SafeguardingRecord> records;
  std::vector<CaseSpan> cases;
};
SafeguardingOutput GenerateSafeguarding(GeneratorContext& ctx,
                                        absl::Span<const LookedAfterSummary> looked_after);

std::vector<workforce::v1::WorkforceRecord> GenerateWorkforce(GeneratorContext& ctx,
                                                              absl::Span<const CaseSpan> cases);

}  // namespace scorecard::demo_data::internal

#endif  // SCORECARD_TOOLS_DEMO_DATA_GENERATOR_CONTEXT_H_
