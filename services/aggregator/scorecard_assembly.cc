#include "services/aggregator/scorecard_assembly.h"

#include <tuple>

#include "common/records/proto_date.h"

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
      auto catalogue = catalogues.find(std::string(OwningService(row.measure_id())));
      if (catalogue == catalogues.end() || !Computes(catalogue->second, row)) continue;
      measures_by_call[KeyOf(row)].insert(row.measure_id());
    }
  }
  std::vector<MeasureCall> calls;
  for (const auto& [key, measure_ids] : measures_by_call) {
    MeasureCall call;
    call.service = std::get<0>(key);
    call.request.set_authority(query.authority);
    for (const std::string& id : measure_ids) call.request.add_measure_ids(id);
    *call.request.mutable_from_month() = ToProtoMonth(query.from);
    *call.request.mutable_to_month() = ToProtoMonth(query.to);
    call.request.set_basis(std::get<1>(key));
    call.request.set_team(std::get<2>(key));
    if (query.as_at.has_value()) *call.request.mutable_as_at() = ToProtoTimestamp(*query.as_at);
    calls.push_back(std::move(call));
  }
  return calls;
}

v1::Scorecard AssembleScorecard(const LoadedDefinition& loaded, const Catalogues& catalogues,
                                const std::vector<MeasureCall>& calls,
                                const ScorecardQuery& query) {
  // (service, basis, team) -> the call's values by (measure id, month).
  std::map<CallKey, const MeasureCall*> call_by_key;
  for (const MeasureCall& call : calls) {
    call_by_key[{call.service, call.request.basis(), call.request.team()}] = &call;
  }
  const v1::ScorecardDefinition& definition = loaded.definition;
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
      row->set_id(row_def.id());
      row->set_title(row_def.title());
      row->set_measure_id(row_def.measure_id());
      row->set_basis(row_def.basis());
      row->set_unit(row_def.unit());
      row->set_team(row_def.team());
      for (Month m = query.from; m <= query.to; ++m) {
        *row->add_cells()->mutable_month() = ToProtoMonth(m);
      }
      auto catalogue = catalogues.find(std::string(OwningService(row_def.measure_id())));
      if (catalogue != catalogues.end() && !catalogue->second.has_value()) {
        row->set_status(v1::ROW_STATUS_SOURCE_UNAVAILABLE);
        continue;
      }
      if (catalogue == catalogues.end() || !Computes(catalogue->second, row_def)) {
        row->set_status(v1::ROW_STATUS_NOT_YET_AVAILABLE);
        continue;
      }
      auto call = call_by_key.find(KeyOf(row_def));
      if (call == call_by_key.end() || !call->second->result.ok()) {
        row->set_status(v1::ROW_STATUS_SOURCE_UNAVAILABLE);
        continue;
      }
      row->set_status(v1::ROW_STATUS_AVAILABLE);
      for (const common::v1::MeasureValue& value : call->second->result->values()) {
        if (value.measure_id() != row_def.measure_id()) continue;
        absl::StatusOr<Month> month = FromProtoMonth(value.month());
        if (!month.ok() || *month < query.from || *month > query.to) continue;
        v1::Cell* cell = row->mutable_cells(static_cast<int>(*month - query.from));
        cell->set_numerator(value.numerator());
        cell->set_denominator(value.denominator());
        if (value.has_value()) cell->set_value(value.value());
      }
    }
  }
  return card;
}

}  // namespace scorecard::aggregator
