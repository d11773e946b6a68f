// A hand-built card for the export tests: authority 869, April to June 2016, two sections,
// a row of every unit, rows with some and with no values, rows not available, and titles
// holding commas, quotes and <>&.
//
//   section objective-1 "Objective 1 - Workforce & <Safety>"
//     starters     count          month     0, 2, 3                       (volume: UP, UP)
//     assessments  percent        month     27/28, 17/20, 193/200         target 90, green >= 90,
//                                           = 96.43 G, 85 A (worsened),   amber >= 80
//                                             96.5 G (improved)
//     sickness     working days   quarter   80.25, 150, 275.04
//   section context-volume "Context, volume"
//     referral-rate rate/10,000   rolling12 1190, 1175, 1201 per 35570    = 334.55, 330.33, 337.64
//     adoption-a1  days           rolling3y 15390/30, 12800/25, 13212/31  target 426, green <= 426,
//                                           = 513 R, 512 R (improved),    amber <= 487, source
//                                             426.19 A (improved)         "DfE A1 threshold ..."
//     proceedings  weeks          month     none (0/0), 250/10, 53/2      = -, 25, 26.5
//     cp-dct       count          snapshot  none in any month (team DCT)
//     caseload     ratio          snapshot  69/4, 16/1, 79.7/5            = 17.25, 16, 15.94
//     private-fostering  NOT_YET_AVAILABLE
//     missing            SOURCE_UNAVAILABLE
#ifndef SCORECARD_TESTS_SERVICES_AGGREGATOR_EXPORT_TEST_CARD_H_
#define SCORECARD_TESTS_SERVICES_AGGREGATOR_EXPORT_TEST_CARD_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/records/proto_date.h"
#include "scorecard/aggregator/v1/aggregator_service.pb.h"

namespace scorecard::aggregator::testing {

inline constexpr char kStartersTitle[] = "Starters, \"new\" <staff> & others";

struct TestCell {
  double numerator = 0;
  double denominator = 0;
  std::optional<double> value;
  v1::Rag rag = v1::RAG_UNSPECIFIED;
  v1::Direction vs_previous_month = v1::DIRECTION_UNSPECIFIED;
};

inline v1::Row* AddRow(v1::Section* section, const std::string& id, const std::string& title,
                       const std::string& measure_id, common::v1::Basis basis,
                       common::v1::Unit unit, v1::Polarity polarity,
                       const std::vector<TestCell>& cells,
                       v1::RowStatus status = v1::ROW_STATUS_AVAILABLE) {
  v1::Row* row = section->add_rows();
  row->set_id(id);
  row->set_title(title);
  row->set_measure_id(measure_id);
  row->set_basis(basis);
  row->set_unit(unit);
  row->set_polarity(polarity);
  row->set_status(status);
  for (size_t i = 0; i < cells.size(); ++i) {
    v1::Cell* cell = row->add_cells();
    *cell->mutable_month() = ToProtoMonth(Month(2016, 4) + static_cast<int>(i));
    cell->set_numerator(cells[i].numerator);
    cell->set_denominator(cells[i].denominator);
    if (cells[i].value.has_value()) cell->set_value(*cells[i].value);
    cell->set_rag(cells[i].rag);
    cell->set_vs_previous_month(cells[i].vs_previous_month);
  }
  return row;
}

inline v1::Scorecard TestCard() {
  using common::v1::BASIS_MONTH;
  using common::v1::BASIS_QUARTER;
  using common::v1::BASIS_ROLLING_12_MONTHS;
  using common::v1::BASIS_ROLLING_3_YEARS;
  using common::v1::BASIS_SNAPSHOT;
  v1::Scorecard card;
  card.set_scorecard_id("test-card");
  card.set_title("Test card <Q1> & \"co\"");
  card.set_authority("869");
  *card.mutable_from_month() = ToProtoMonth(Month(2016, 4));
  *card.mutable_to_month() = ToProtoMonth(Month(2016, 6));
  card.set_definition_hash("ab12cd34");
  *card.mutable_computed_at() = ToProtoTimestamp(
      absl::FromCivil(absl::CivilSecond(2017, 4, 11, 9, 30, 0), absl::UTCTimeZone()));
  v1::ServiceDataVersion* version = card.add_data_versions();
  version->set_service("workforce");
  version->set_version(12);
  version->set_available(true);

  v1::Section* workforce = card.add_sections();
  workforce->set_id("objective-1");
  workforce->set_title("Objective 1 - Workforce & <Safety>");
  AddRow(workforce, "starters", kStartersTitle, "workforce.starters", BASIS_MONTH,
         common::v1::UNIT_COUNT, v1::POLARITY_NEUTRAL,
         {{0, 1, 0},
          {2, 1, 2, v1::RAG_UNSPECIFIED, v1::DIRECTION_UP},
          {3, 1, 3, v1::RAG_UNSPECIFIED, v1::DIRECTION_UP}});
  v1::Row* assessments = AddRow(workforce, "assessments", "Assessments within 45 days",
                                "safeguarding.assessments_45wd", BASIS_MONTH,
                                common::v1::UNIT_PERCENT, v1::POLARITY_HIGHER_IS_BETTER,
                                {{27, 28, 100.0 * 27 / 28, v1::RAG_GREEN},
                                 {17, 20, 85, v1::RAG_AMBER, v1::DIRECTION_WORSENED},
                                 {193, 200, 96.5, v1::RAG_GREEN, v1::DIRECTION_IMPROVED}});
  assessments->set_target(90);
  assessments->set_green_threshold(90);
  assessments->set_amber_threshold(80);
  AddRow(workforce, "sickness", "Sickness Absence - days lost in Quarter",
         "workforce.sickness_days_lost", BASIS_QUARTER, common::v1::UNIT_WORKING_DAYS,
         v1::POLARITY_LOWER_IS_BETTER, {{80.25, 1, 80.25}, {150, 1, 150}, {275.04, 1, 275.04}});

  v1::Section* context = card.add_sections();
  context->set_id("context-volume");
  context->set_title("Context, volume");
  AddRow(context, "referral-rate", "Referrals per 10,000 population", "safeguarding.referrals",
         BASIS_ROLLING_12_MONTHS, common::v1::UNIT_RATE_PER_10000, v1::POLARITY_NEUTRAL,
         {{1190, 35570, 10000.0 * 1190 / 35570},
          {1175, 35570, 10000.0 * 1175 / 35570},
          {1201, 35570, 10000.0 * 1201 / 35570}});
  v1::Row* adoption =
      AddRow(context, "adoption-a1", "Adoption A1 - average days", "placement.adoption_a1",
             BASIS_ROLLING_3_YEARS, common::v1::UNIT_DAYS, v1::POLARITY_LOWER_IS_BETTER,
             {{15390, 30, 513, v1::RAG_RED},
              {12800, 25, 512, v1::RAG_RED, v1::DIRECTION_IMPROVED},
              {13212, 31, 13212.0 / 31, v1::RAG_AMBER, v1::DIRECTION_IMPROVED}});
  adoption->set_target(426);
  adoption->set_green_threshold(426);
  adoption->set_amber_threshold(487);
  adoption->set_threshold_source("DfE A1 threshold 426 days");
  AddRow(context, "proceedings", "Weeks to conclude proceedings", "placement.proceedings_weeks",
         BASIS_MONTH, common::v1::UNIT_WEEKS, v1::POLARITY_LOWER_IS_BETTER,
         {{0, 0, std::nullopt}, {250, 10, 25}, {53, 2, 26.5}});
  v1::Row* dct = AddRow(context, "cp-dct", "CP Plan Numbers - DCT", "safeguarding.cp_count",
                        BASIS_SNAPSHOT, common::v1::UNIT_COUNT, v1::POLARITY_NEUTRAL,
                        {{0, 0, std::nullopt}, {0, 0, std::nullopt}, {0, 0, std::nullopt}});
  dct->set_team("DCT");
  AddRow(context, "caseload", "Open cases per FTE social worker", "workforce.caseload",
         BASIS_SNAPSHOT, common::v1::UNIT_RATIO, v1::POLARITY_LOWER_IS_BETTER,
         {{69, 4, 17.25}, {16, 1, 16}, {79.7, 5, 79.7 / 5}});
  AddRow(context, "private-fostering", "Private fostering", "safeguarding.private_fostering",
         BASIS_SNAPSHOT, common::v1::UNIT_COUNT, v1::POLARITY_NEUTRAL, {{}, {}, {}},
         v1::ROW_STATUS_NOT_YET_AVAILABLE);
  AddRow(context, "missing", "Numbers of missing children", "placement.missing", BASIS_MONTH,
         common::v1::UNIT_COUNT, v1::POLARITY_NEUTRAL, {{}, {}, {}},
         v1::ROW_STATUS_SOURCE_UNAVAILABLE);
  return card;
}

}  // namespace scorecard::aggregator::testing

#endif  // SCORECARD_TESTS_SERVICES_AGGREGATOR_EXPORT_TEST_CARD_H_
