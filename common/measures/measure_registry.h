// The measures one service computes: id, unit, bases, and a pure function from the
// service's dataset to a numerator and denominator. The registry turns a GetMeasures
// request into values, so every service validates and shapes requests the same way.
//
//   MeasureRegistry<SafeguardingData> registry;
//   registry.Add({"safeguarding.referrals", common::v1::UNIT_COUNT,
//                 {common::v1::BASIS_MONTH, common::v1::BASIS_YTD}, "Referrals received."},
//                [](const SafeguardingData& data, const MeasureContext& ctx) {
//                  return Count(CountReferrals(data, ctx.period, ctx.team));
//                });
//   SCORECARD_ASSIGN_OR_RETURN(MeasureQuery query, registry.Prepare(request));
//   common::v1::GetMeasuresResponse response = registry.Compute(data, query, calendar);
#ifndef SCORECARD_COMMON_MEASURES_MEASURE_REGISTRY_H_
#define SCORECARD_COMMON_MEASURES_MEASURE_REGISTRY_H_

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/measures/drill_down.h"
#include "common/measures/measure_period.h"
#include "common/measures/measure_value.h"
#include "common/records/proto_date.h"
#include "common/records/record_validator.h"
#include "common/status/status_macros.h"
#include "common/time/civil_date.h"
#include "common/time/working_days.h"
#include "scorecard/common/v1/common.pb.h"

namespace scorecard {

// The longest month range one request may ask for.
inline constexpr int kMaxMonthsPerRequest = 120;

// What a measure function is asked: one month on one basis.
struct MeasureContext {
  Month month;
  common::v1::Basis basis = common::v1::BASIS_UNSPECIFIED;
  // Days counted; for a snapshot, the month's last day alone.
  DateRange period;
  // The month's last day: "at month end" for snapshots, and "today" for open cases.
  Date month_end;
  // Empty for all teams.
  std::string team;
  const WorkingDayCalendar* calendar = nullptr;
  // Set only by DrillDown: where the measure notes every case it considers.
  std::vector<CaseRow>* cases = nullptr;

  // Notes a case when drilling down; `make_row` (returning a CaseRow) runs only then.
  template <typename MakeRow>
  void Note(MakeRow&& make_row) const {
    if (cases != nullptr) cases->push_back(make_row());
  }
  bool drilling_down() const { return cases != nullptr; }
};

struct MeasureInfo {
  std::string id;
  common::v1::Unit unit = common::v1::UNIT_UNSPECIFIED;
  // The first is the natural basis, used when a request leaves the basis unspecified.
  std::vector<common::v1::Basis> bases;
  std::string description;
  // How the cases a drill-down lists add up to the figure (see common/measures/drill_down.h).
  CaseCounting counting = CaseCounting::kNotListed;
};

// A figure and the cases behind it, before paging.
struct DrillDownResult {
  common::v1::MeasureValue value;
  std::vector<CaseRow> cases;
};

// A validated request, ready to compute once the data is loaded.
struct MeasureQuery {
  std::string authority;
  std::vector<std::string> measure_ids;
  Month from;
  Month to;
  common::v1::Basis basis = common::v1::BASIS_UNSPECIFIED;
  std::string team;
};

template <typename Dataset>
class MeasureRegistry {
 public:
  using ComputeFn = std::function<Fraction(const Dataset&, const MeasureContext&)>;

  void Add(MeasureInfo info, ComputeFn compute) {
    std::string id = info.id;
    entries_.emplace(std::move(id), Entry{std::move(info), std::move(compute)});
  }

  bool Has(const std::string& id) const { return entries_.count(id) > 0; }

  common::v1::ListMeasuresResponse List() const {
    common::v1::ListMeasuresResponse out;
    for (const auto& [id, entry] : entries_) {
      common::v1::MeasureDescriptor* d = out.add_measures();
      d->set_measure_id(id);
      d->set_unit(entry.info.unit);
      for (common::v1::Basis b : entry.info.bases) d->add_bases(b);
      d->set_description(entry.info.description);
    }
    return out;
  }

  // Checks everything that does not need data: authority, months, measure ids, basis.
  absl::StatusOr<MeasureQuery> Prepare(const common::v1::GetMeasuresRequest& request) const {
    MeasureQuery query;
    SCORECARD_RETURN_IF_ERROR(ValidateAuthorityCode("authority", request.authority()));
    query.authority = request.authority();
    absl::StatusOr<Month> from = FromProtoMonth(request.from_month());
    if (!from.ok()) return absl::InvalidArgumentError(absl::StrCat("from_month: ", from.status().message()));
    absl::StatusOr<Month> to = FromProtoMonth(request.to_month());
    if (!to.ok()) return absl::InvalidArgumentError(absl::StrCat("to_month: ", to.status().message()));
    if (*to < *from) {
      return absl::InvalidArgumentError(absl::StrCat("to_month ", FormatMonth(*to),
                                                     " is before from_month ", FormatMonth(*from)));
    }
    if (*to - *from >= kMaxMonthsPerRequest) {
      return absl::InvalidArgumentError(absl::StrCat(
          "month range ", FormatMonth(*from), " to ", FormatMonth(*to), " is longer than ",
          kMaxMonthsPerRequest, " months"));
    }
    query.from = *from;
    query.to = *to;
    query.basis = request.basis();
    query.team = request.team();
    if (request.measure_ids().empty()) {
      for (const auto& [id, entry] : entries_) {
        if (query.basis == common::v1::BASIS_UNSPECIFIED || Supports(entry.info, query.basis)) {
          query.measure_ids.push_back(id);
        }
      }
      return query;
    }
    for (int i = 0; i < request.measure_ids_size(); ++i) {
      const std::string& id = request.measure_ids(i);
      auto it = entries_.find(id);
      if (it == entries_.end()) {
        return absl::InvalidArgumentError(
            absl::StrCat("measure_ids[", i, "]: unknown measure ", QuoteIdForMessage(id)));
      }
      if (query.basis != common::v1::BASIS_UNSPECIFIED && !Supports(it->second.info, query.basis)) {
        return absl::InvalidArgumentError(absl::StrCat("measure_ids[", i, "]: ", id,
                                                       " is not computed on basis ",
                                                       common::v1::Basis_Name(query.basis)));
      }
      query.measure_ids.push_back(id);
    }
    return query;
  }

  common::v1::GetMeasuresResponse Compute(const Dataset& data, const MeasureQuery& query,
                                          const WorkingDayCalendar& calendar) const {
    common::v1::GetMeasuresResponse out;
    for (const std::string& id : query.measure_ids) {
      const Entry& entry = entries_.at(id);
      const common::v1::Basis basis = query.basis == common::v1::BASIS_UNSPECIFIED
                                          ? entry.info.bases.front()
                                          : query.basis;
      for (Month m = query.from; m <= query.to; ++m) {
        *out.add_values() = ComputeOne(entry, data, m, basis, query.team, calendar, nullptr);
      }
    }
    return out;
  }

  // Checks a drill-down request (everything but paging) and returns it as a one-month,
  // one-measure query with the basis resolved.
  absl::StatusOr<MeasureQuery> PrepareDrillDown(const common::v1::DrillDownRequest& request) const {
    common::v1::GetMeasuresRequest as_measures;
    as_measures.set_authority(request.authority());
    if (request.measure_id().empty()) {
      return absl::InvalidArgumentError("measure_id: required");
    }
    as_measures.add_measure_ids(request.measure_id());
    *as_measures.mutable_from_month() = request.month();
    *as_measures.mutable_to_month() = request.month();
    as_measures.set_basis(request.basis());
    as_measures.set_team(request.team());
    absl::StatusOr<MeasureQuery> query = Prepare(as_measures);
    if (!query.ok()) {
      // Name the drill-down request's own fields.
      std::string message(query.status().message());
      if (absl::StartsWith(message, "measure_ids[0]")) message = "measure_id" + message.substr(14);
      if (absl::StartsWith(message, "from_month")) message = "month" + message.substr(10);
      return absl::Status(query.status().code(), message);
    }
    const Entry& entry = entries_.at(query->measure_ids.front());
    if (entry.info.counting == CaseCounting::kNotListed) {
      return absl::UnimplementedError(absl::StrCat("measure_id: ", entry.info.id,
                                                   " has no case-level drill-down"));
    }
    if (query->basis == common::v1::BASIS_UNSPECIFIED) query->basis = entry.info.bases.front();
    if (request.page_size() < 0 || request.page_size() > kMaxDrillDownPageSize) {
      return absl::InvalidArgumentError(absl::StrCat("page_size: ", request.page_size(),
                                                     " is outside 0..", kMaxDrillDownPageSize));
    }
    return query;
  }

  // The figure and every case behind it, for a query from PrepareDrillDown.
  DrillDownResult DrillDown(const Dataset& data, const MeasureQuery& query,
                            const WorkingDayCalendar& calendar) const {
    DrillDownResult result;
    const Entry& entry = entries_.at(query.measure_ids.front());
    result.value =
        ComputeOne(entry, data, query.from, query.basis, query.team, calendar, &result.cases);
    SortCases(result.cases);
    return result;
  }

  CaseCounting CountingOf(const std::string& id) const { return entries_.at(id).info.counting; }

 private:
  struct Entry {
    MeasureInfo info;
    ComputeFn compute;
  };

  static common::v1::MeasureValue ComputeOne(const Entry& entry, const Dataset& data, Month m,
                                             common::v1::Basis basis, const std::string& team,
                                             const WorkingDayCalendar& calendar,
                                             std::vector<CaseRow>* cases) {
    MeasureContext ctx;
    ctx.month = m;
    ctx.basis = basis;
    ctx.period = *PeriodFor(basis, m);  // every registered basis has a period
    ctx.month_end = LastDayOf(m);
    ctx.team = team;
    ctx.calendar = &calendar;
    ctx.cases = cases;
    const Fraction f = entry.compute(data, ctx);
    common::v1::MeasureValue v;
    v.set_measure_id(entry.info.id);
    *v.mutable_month() = ToProtoMonth(m);
    v.set_basis(basis);
    v.set_unit(entry.info.unit);
    v.set_numerator(f.numerator);
    v.set_denominator(f.denominator);
    if (std::optional<double> value = ValueOf(entry.info.unit, f)) v.set_value(*value);
    v.set_team(team);
    return v;
  }

  static bool Supports(const MeasureInfo& info, common::v1::Basis basis) {
    for (common::v1::Basis b : info.bases) {
      if (b == basis) return true;
    }
    return false;
  }

  std::map<std::string, Entry> entries_;
};

}  // namespace scorecard

#endif  // SCORECARD_COMMON_MEASURES_MEASURE_REGISTRY_H_
