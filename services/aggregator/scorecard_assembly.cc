#include "services/aggregator/scorecard_assembly.h"

#include <algorithm>
#include <tuple>

#include "common/measures/measure_registry.h"
#include "common/records/proto_date.h"
#include "services/aggregator/cell_rating.h"

namespace scorecard::aggregator {
namespace {

using CallKey = std::tuple<std::string, common::v1::Basis, std::string>;  // service, basis, team

CallKey KeyOf(const v1::RowDefinition& row) {
  return {std::string(OwningService(row.measure_id())), row.basis(), row.team()};
}

bool Computes(const Catalogue& catalogue, const v1::RowDefinition& row) {
  if (!catalogue.has_value()) return false;
  auto it = catalogue->find(row.measure_id());
  return it != catalogue->end() && it->second.count(row.basis()) > 0;
}

bool AppliesTo(const v1::RowDefinition& row, const std::string& authority) {
  const auto& only = row.authorities();
  return only.empty() || std::find(only.begin(), only.end(), authority) != only.end();
}

// A row the domain services are asked for.
bool IsServiceRow(const v1::RowDefinition& row) {
  return !IsDerivedRow(row) && !IsLocalMeasure(row.measure_id());
}

struct Figure {
  double numerator = 0;
  double denominator = 0;
  std::optional<double> value;
};

// One row over the computed months (from - kLookbackMonths to `to`).
struct RowFigures {
  v1::RowStatus status = v1::ROW_STATUS_UNSPECIFIED;
  std::vector<Figure> figures;
};

class Grid {
 public:
  explicit Grid(const ScorecardQuery& query)
      : first_(query.from - kLookbackMonths), size_(static_cast<int>(query.to - first_) + 1) {}

  Month first() const { return first_; }
  int size() const { return size_; }
  int IndexOf(Month m) const { return static_cast<int>(m - first_); }
  bool Contains(Month m) const { return m >= first_ && IndexOf(m) < size_; }
  RowFigures Empty(v1::RowStatus status) const {
    return RowFigures{status, std::vector<Figure>(size_)};
  }

 private:
  Month first_;
  int size_;
};

RowFigures ServiceRow(const v1::RowDefinition& row, const Catalogues& catalogues,
                      const std::map<CallKey, std::vector<const MeasureCall*>>& calls,
                      const Grid& grid) {
  auto catalogue = catalogues.find(std::string(OwningService(row.measure_id())));
  if (catalogue != catalogues.end() && !catalogue->second.has_value()) {
    return grid.Empty(v1::ROW_STATUS_SOURCE_UNAVAILABLE);
  }
  if (catalogue == catalogues.end() || !Computes(catalogue->second, row)) {
    return grid.Empty(v1::ROW_STATUS_NOT_YET_AVAILABLE);
  }
  auto found = calls.find(KeyOf(row));
  if (found == calls.end()) return grid.Empty(v1::ROW_STATUS_SOURCE_UNAVAILABLE);
  for (const MeasureCall* call : found->second) {
    if (!call->result.ok()) return grid.Empty(v1::ROW_STATUS_SOURCE_UNAVAILABLE);
  }
  RowFigures out = grid.Empty(v1::ROW_STATUS_AVAILABLE);
  for (const MeasureCall* call : found->second) {
    for (const common::v1::MeasureValue& value : call->result->values()) {
      if (value.measure_id() != row.measure_id()) continue;
      absl::StatusOr<Month> month = FromProtoMonth(value.month());
      if (!month.ok() || !grid.Contains(*month)) continue;
      Figure& figure = out.figures[grid.IndexOf(*month)];
      figure.numerator = value.numerator();
      figure.denominator = value.denominator();
      if (value.has_value()) figure.value = value.value();
    }
  }
  return out;
}

RowFigures LocalRow(const v1::RowDefinition& row, const LocalValues& local, const Grid& grid) {
  auto entered = local.find(row.measure_id());
  if (entered == local.end()) return grid.Empty(v1::ROW_STATUS_NOT_YET_AVAILABLE);
  RowFigures out = grid.Empty(v1::ROW_STATUS_AVAILABLE);
  for (const auto& [month, value] : entered->second) {
    if (!grid.Contains(month)) continue;
    Figure& figure = out.figures[grid.IndexOf(month)];
    figure.numerator = value;
    figure.denominator = 1;
    figure.value = value;
  }
  return out;
}

// A derived row's status from its inputs': the most serious reason any of them lacks
// figures, else available.
v1::RowStatus DerivedStatus(const Formula& formula, const std::map<std::string, RowFigures>& rows) {
  bool unavailable = false;
  bool not_yet = false;
  bool not_applicable = false;
  for (const std::string& ref : formula.references()) {
    switch (rows.at(ref).status) {
      case v1::ROW_STATUS_SOURCE_UNAVAILABLE:
        unavailable = true;
        break;
      case v1::ROW_STATUS_NOT_YET_AVAILABLE:
        not_yet = true;
        break;
      case v1::ROW_STATUS_NOT_APPLICABLE:
        not_applicable = true;
        break;
      default:
        break;
    }
  }
  if (unavailable) return v1::ROW_STATUS_SOURCE_UNAVAILABLE;
  if (not_yet) return v1::ROW_STATUS_NOT_YET_AVAILABLE;
  if (not_applicable) return v1::ROW_STATUS_NOT_APPLICABLE;
  return v1::ROW_STATUS_AVAILABLE;
}

RowFigures DerivedRow(const Formula& formula, const std::map<std::string, RowFigures>& rows,
                      const Grid& grid) {
  const v1::RowStatus status = DerivedStatus(formula, rows);
  RowFigures out = grid.Empty(status);
  if (status != v1::ROW_STATUS_AVAILABLE) return out;
  for (int i = 0; i < grid.size(); ++i) {
    out.figures[i].value =
        formula.Evaluate([&](const std::string& ref) { return rows.at(ref).figures[i].value; });
  }
  return out;
}

void CopyDefinition(const v1::RowDefinition& def, v1::Row* row) {
  row->set_id(def.id());
  row->set_title(def.title());
  row->set_measure_id(def.measure_id());
  row->set_basis(def.basis());
  row->set_unit(def.unit());
  row->set_team(def.team());
  row->set_polarity(def.polarity());
  if (def.has_target()) row->set_target(def.target());
  if (def.has_green_threshold()) row->set_green_threshold(def.green_threshold());
  if (def.has_amber_threshold()) row->set_amber_threshold(def.amber_threshold());
  row->set_formula(def.formula());
  row->set_threshold_source(def.threshold_source());
}

void FillCell(const v1::RowDefinition& def, const RowFigures& figures, int index, Month month,
              const OwnData& own, v1::Cell* cell) {
  *cell->mutable_month() = ToProtoMonth(month);
  if (figures.status != v1::ROW_STATUS_AVAILABLE) return;
  const Figure& now = figures.figures[index];
  const std::optional<double>& previous = figures.figures[index - 1].value;
  const std::optional<double>& last_year = figures.figures[index - kLookbackMonths].value;
  cell->set_numerator(now.numerator);
  cell->set_denominator(now.denominator);
  if (now.value.has_value()) {
    cell->set_value(*now.value);
    cell->set_rag(RateValue(def, *now.value));
  }
  if (previous.has_value()) cell->set_previous_month_value(*previous);
  if (last_year.has_value()) cell->set_same_month_last_year_value(*last_year);
  cell->set_vs_previous_month(DirectionOfTravel(def.polarity(), now.value, previous));
  cell->set_vs_same_month_last_year(DirectionOfTravel(def.polarity(), now.value, last_year));
  if (!def.comparator_key().empty()) {
    for (v1::Comparator& comparator : own.comparators.For(def.comparator_key(), month)) {
      *cell->add_comparators() = std::move(comparator);
    }
  }
}

}  // namespace

Catalogue CatalogueFrom(const common::v1::ListMeasuresResponse& response) {
  std::map<std::string, std::set<common::v1::Basis>> out;
  for (const common::v1::MeasureDescriptor& d : response.measures()) {
    auto& bases = out[d.measure_id()];
    for (int b : d.bases()) bases.insert(static_cast<common::v1::Basis>(b));
  }
  return out;
}

std::vector<MeasureCall> PlanMeasureCalls(const v1::ScorecardDefinition& definition,
                                          const Catalogues& catalogues,
                                          const ScorecardQuery& query) {
  std::map<CallKey, std::set<std::string>> measures_by_call;
  for (const v1::SectionDefinition& section : definition.sections()) {
    for (const v1::RowDefinition& row : section.rows()) {
      if (!IsServiceRow(row) || !AppliesTo(row, query.authority)) continue;
      auto catalogue = catalogues.find(std::string(OwningService(row.measure_id())));
      if (catalogue == catalogues.end() || !Computes(catalogue->second, row)) continue;
      measures_by_call[KeyOf(row)].insert(row.measure_id());
    }
  }
  const Grid grid(query);
  std::vector<MeasureCall> calls;
  for (const auto& [key, measure_ids] : measures_by_call) {
    for (int start = 0; start < grid.size(); start += kMaxMonthsPerRequest) {
      const int end = std::min(grid.size(), start + kMaxMonthsPerRequest) - 1;
      MeasureCall call;
      call.service = std::get<0>(key);
      call.request.set_authority(query.authority);
      for (const std::string& id : measure_ids) call.request.add_measure_ids(id);
      *call.request.mutable_from_month() = ToProtoMonth(grid.first() + start);
      *call.request.mutable_to_month() = ToProtoMonth(grid.first() + end);
      call.request.set_basis(std::get<1>(key));
      call.request.set_team(std::get<2>(key));
      if (query.as_at.has_value()) *call.request.mutable_as_at() = ToProtoTimestamp(*query.as_at);
      calls.push_back(std::move(call));
    }
  }
  return calls;
}

v1::Scorecard AssembleScorecard(const LoadedDefinition& loaded, const Catalogues& catalogues,
                                const std::vector<MeasureCall>& calls, const ScorecardQuery& query,
                                const OwnData& own) {
  std::map<CallKey, std::vector<const MeasureCall*>> calls_by_key;
  for (const MeasureCall& call : calls) {
    calls_by_key[{call.service, call.request.basis(), call.request.team()}].push_back(&call);
  }
  const v1::ScorecardDefinition& definition = loaded.definition;
  const Grid grid(query);

  // Every row's figures over the computed months: measured and entered rows first, then
  // derived rows in an order that has their inputs ready.
  std::map<std::string, RowFigures> rows;
  for (const v1::SectionDefinition& section : definition.sections()) {
    for (const v1::RowDefinition& row : section.rows()) {
      if (!AppliesTo(row, query.authority)) {
        rows[row.id()] = grid.Empty(v1::ROW_STATUS_NOT_APPLICABLE);
      } else if (IsLocalMeasure(row.measure_id())) {
        rows[row.id()] = LocalRow(row, own.local_values, grid);
      } else if (!IsDerivedRow(row)) {
        rows[row.id()] = ServiceRow(row, catalogues, calls_by_key, grid);
      }
    }
  }
  for (const std::string& id : loaded.derived_order) {
    if (rows.count(id) > 0) continue;  // not applicable to this authority
    rows[id] = DerivedRow(loaded.formulas.at(id), rows, grid);
  }

  v1::Scorecard card;
  card.set_scorecard_id(definition.id());
  card.set_title(definition.title());
  card.set_authority(query.authority);
  *card.mutable_from_month() = ToProtoMonth(query.from);
  *card.mutable_to_month() = ToProtoMonth(query.to);
  card.set_definition_hash(loaded.hash);
  for (const v1::SectionDefinition& section_def : definition.sections()) {
    v1::Section* section = card.add_sections();
    section->set_id(section_def.id());
    section->set_title(section_def.title());
    for (const v1::RowDefinition& row_def : section_def.rows()) {
      v1::Row* row = section->add_rows();
      CopyDefinition(row_def, row);
      const RowFigures& figures = rows.at(row_def.id());
      row->set_status(figures.status);
      for (Month m = query.from; m <= query.to; ++m) {
        FillCell(row_def, figures, grid.IndexOf(m), m, own, row->add_cells());
      }
    }
  }
  return card;
}

}  // namespace scorecard::aggregator
