#include "tools/benchmark/ssda903_export.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/records/proto_date.h"
#include "common/time/civil_date.h"

namespace scorecard::benchmark {
namespace {

namespace pv1 = ::scorecard::placement::v1;

// dd/mm/YYYY, or empty for no date.
std::string UkDate(std::optional<Date> d) {
  if (!d.has_value()) return "";
  return absl::StrFormat("%02d/%02d/%04d", d->day(), d->month(), d->year());
}

// A CSV field, quoted only when it must be.
std::string Field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

void AddRow(std::string& csv, std::initializer_list<std::string> fields) {
  std::vector<std::string> escaped;
  for (const std::string& f : fields) escaped.push_back(Field(f));
  absl::StrAppend(&csv, absl::StrJoin(escaped, ","), "\r\n");
}

}  // namespace

std::vector<ssda903::InputFile> ExportReturn(absl::Span<const pv1::PlacementRecord> records,
                                             int year) {
  const DateRange collection = FinancialYear(year);
  std::map<std::string, const pv1::LookedAfterChild*> children;
  for (const pv1::PlacementRecord& r : records) {
    if (r.has_child()) children[r.child().child_id()] = &r.child();
  }
  // Episodes open at some time in the year, by child and start.
  std::vector<const pv1::Episode*> episodes;
  for (const pv1::PlacementRecord& r : records) {
    if (!r.has_episode()) continue;
    const std::optional<Date> start = FromProtoDate(r.episode().start_date());
    const std::optional<Date> end = FromProtoDate(r.episode().end_date());
    if (!start.has_value() || *start > collection.last) continue;
    if (end.has_value() && *end < collection.first) continue;
    episodes.push_back(&r.episode());
  }
  const auto by_child_and_start = [](const pv1::Episode* a, const pv1::Episode* b) {
    return std::make_tuple(a->child_id(), *FromProtoDate(a->start_date())) <
           std::make_tuple(b->child_id(), *FromProtoDate(b->start_date()));
  };
  std::stable_sort(episodes.begin(), episodes.end(), by_child_and_start);
  std::map<std::string, const pv1::LookedAfterChild*> in_return;
  for (const pv1::Episode* e : episodes) {
    auto child = children.find(e->child_id());
    if (child != children.end()) in_return.emplace(child->first, child->second);
  }

  std::string header = "CHILD,SEX,DOB,ETHNIC\r\n";
  std::string uasc = "CHILD,SEX,DOB,DUC\r\n";
  for (const auto& [id, child] : in_return) {
    const std::string dob = UkDate(FromProtoDate(child->birth_date()));
    AddRow(header, {id, child->sex(), dob, child->ethnicity()});
    if (child->uasc()) {
      AddRow(uasc, {id, child->sex(), dob, UkDate(FromProtoDate(child->uasc_ceased_date()))});
    }
  }

  std::string episode_csv =
      "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE\r\n";
  for (const pv1::Episode* e : episodes) {
    std::optional<Date> end = FromProtoDate(e->end_date());
    // The return knows an end only once it has happened.
    const bool ended = end.has_value() && *end <= collection.last;
    AddRow(episode_csv, {e->child_id(), UkDate(FromProtoDate(e->start_date())),
                         e->reason_new_episode(), e->legal_status(), e->category_of_need(),
                         e->placement(), e->placement_provider(), ended ? UkDate(end) : "",
                         ended ? e->reason_ceased() : "", e->reason_place_change()});
  }

  std::vector<std::tuple<std::string, Date, const pv1::LacReview*>> reviews;
  for (const pv1::PlacementRecord& r : records) {
    if (!r.has_review() || in_return.count(r.review().child_id()) == 0) continue;
    const std::optional<Date> held = FromProtoDate(r.review().review_date());
    if (held.has_value() && collection.Contains(*held)) {
      reviews.emplace_back(r.review().child_id(), *held, &r.review());
    }
  }
  std::stable_sort(reviews.begin(), reviews.end(), [](const auto& a, const auto& b) {
    return std::tie(std::get<0>(a), std::get<1>(a)) < std::tie(std::get<0>(b), std::get<1>(b));
  });
  std::string review_csv = "CHILD,DOB,REVIEW,REVIEW_CODE\r\n";
  for (const auto& [id, held, review] : reviews) {
    AddRow(review_csv, {id, UkDate(FromProtoDate(in_return.at(id)->birth_date())), UkDate(held),
                        review->participation_code()});
  }

  return {{"header.csv", std::move(header)},
          {"episodes.csv", std::move(episode_csv)},
          {"reviews.csv", std::move(review_csv)},
          {"uasc.csv", std::move(uasc)}};
}

}  // namespace scorecard::benchmark
