#include "tools/seed_card/seed_context.h"

#include <cmath>
#include <utility>

namespace scorecard::seed_card::internal {

SeedContext::SeedContext(const PublishedCard& card, const SeedOptions& options)
    : card_(card),
      options_(options),
      first_month_(card.months.empty() ? Month(2016, 4) : card.months.front()),
      calendar_(&WorkingDayCalendar::EnglandAndWales()) {}

int SeedContext::MonthIndex(Date d) const {
  const Month m(d.year(), d.month());
  return static_cast<int>(m - first_month_);
}

std::vector<Date> SeedContext::WorkingDaysOf(int i) const {
  std::vector<Date> days;
  for (Date d = MonthStart(i); d <= MonthEnd(i); ++d) {
    if (calendar_->IsWorkingDay(d)) days.push_back(d);
  }
  return days;
}

Date SeedContext::Spread(int i, int k, int count) const {
  const std::vector<Date> days = WorkingDaysOf(i);
  if (count <= 0 || days.empty()) return MonthStart(i);
  // The middle of the k-th of `count` equal slices of the month's working days.
  const size_t at = static_cast<size_t>((2 * k + 1) * static_cast<long>(days.size()) / (2 * count));
  return days[std::min(at, days.size() - 1)];
}

Date SeedContext::WorkingDayOnOrBefore(Date d) const {
  return calendar_->IsWorkingDay(d) ? d : calendar_->AddWorkingDays(d, -1);
}

Date SeedContext::WorkingDayOnOrAfter(Date d) const {
  return calendar_->IsWorkingDay(d) ? d : calendar_->AddWorkingDays(d, 1);
}

Series SeedContext::Row(absl::string_view section, absl::string_view title) {
  Series cells(kYearMonths);
  const PublishedRow* row = card_.Find(section, title);
  if (row == nullptr) {
    Fail(absl::InvalidArgumentError(
        absl::StrCat("the card has no row \"", title, "\" in section ", section)));
    return cells;
  }
  for (int i = 0; i < kYearMonths; ++i) {
    const int column = card_.Column(MonthAt(i));
    if (column >= 0) cells[i] = row->cells[column];
  }
  return cells;
}

double SeedContext::Target(absl::string_view section, absl::string_view title, int i) {
  const Series cells = Row(section, title);
  for (int distance = 0; distance < kYearMonths; ++distance) {
    if (i - distance >= 0 && i - distance < kYearMonths && !cells[i - distance].empty()) {
      return *CellValue(cells[i - distance]);
    }
    if (i + distance >= 0 && i + distance < kYearMonths && !cells[i + distance].empty()) {
      return *CellValue(cells[i + distance]);
    }
  }
  return 0;
}

std::string SeedContext::NewId(absl::string_view prefix) {
  const int n = ++next_id_[std::string(prefix)];
  return absl::StrFormat("%s%06d", prefix, n);
}

int ChooseSeedPopulation(SeedContext& ctx) {
  std::vector<std::pair<int, std::string>> pairs;
  const std::pair<const char*, const char*> rows[] = {
      {"Children in Need - total number including LAC and CP",
       "Children in Need (including LAC & CP) per 10,000 population"},
      {"CP Plan Numbers", "CP Plan Numbers per 10,000 population"},
      {"LAC Numbers", "Total LAC per 10,000 population"}};
  for (const auto& [count_title, rate_title] : rows) {
    const Series counts = ctx.Row(kVolume, count_title);
    const Series rates = ctx.Row(kVolume, rate_title);
    for (int i = 0; i < kYearMonths; ++i) {
      if (counts[i].empty() || rates[i].empty()) continue;
      pairs.emplace_back(static_cast<int>(std::lround(*CellValue(counts[i]))), rates[i]);
    }
  }
  return ChoosePopulation(pairs, ctx.options().nominal_population);
}

}  // namespace scorecard::seed_card::internal
