// Ten years of SSDA903 returns for a large authority (about 2,500 looked-after children at
// any time), generated here as folders of CSV files, imported one year after another:
// every year imports clean, restated records keep their keys, the last version of each
// episode is the truth, and the whole history converts in well under 30 seconds.
#include <stdlib.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/records/proto_date.h"
#include "common/time/civil_date.h"
#include "gtest/gtest.h"
#include "tests/tools/ssda903/ssda903_test_support.h"
#include "tools/ssda903/import_output.h"
#include "tools/ssda903/ssda903_import.h"

namespace scorecard::ssda903 {
namespace {

namespace fs = std::filesystem;
namespace pv1 = ::scorecard::placement::v1;

constexpr int kFirstYear = 2016;
constexpr int kYears = 10;
const Date kSimulationStart(2012, 4, 1);
const Date kHorizon(2026, 3, 31);  // the last return's year end

struct SimEpisode {
  Date start;
  std::optional<Date> end;
  std::string rne, ls, cin, place, provider, rec;
};

struct SimChild {
  std::string id;
  Date birth;
  std::string sex, ethnic;
  bool uasc = false;
  std::vector<SimEpisode> episodes;  // in order, touching within a period of care
  std::vector<Date> reviews;
  std::vector<std::pair<Date, Date>> missing;
  // Adoption: the decision it should be placed, the match, the adoption order (= the DEC of
  // the adoptive placement's episode).
  std::optional<Date> decision, match, order;
};

// Deterministic on every platform: only the engine's raw output is used.
class Dice {
 public:
  explicit Dice(uint64_t seed) : engine_(seed) {}
  int Between(int low, int high) {  // inclusive
    return low + static_cast<int>(engine_() % static_cast<uint64_t>(high - low + 1));
  }
  bool Chance(int percent) { return Between(1, 100) <= percent; }
  template <typename T>
  const T& Pick(const std::vector<T>& from) {
    return from[static_cast<size_t>(Between(0, static_cast<int>(from.size()) - 1))];
  }

 private:
  std::mt19937_64 engine_;
};

std::string Uk(Date d) { return absl::StrFormat("%02d/%02d/%04d", d.day(), d.month(), d.year()); }
std::string Uk(std::optional<Date> d) { return d.has_value() ? Uk(*d) : ""; }

class HistoryGenerator {
 public:
  explicit HistoryGenerator(uint64_t seed) : dice_(seed) {}

  std::vector<SimChild> Generate() {
    // Children already in care when the simulation starts, then ~1,250 entrants a year.
    for (int i = 0; i < 2500; ++i) {
      AddChild(Date(2009, 1, 1) + dice_.Between(0, (kSimulationStart - Date(2009, 1, 1)) - 1));
    }
    for (Date day = kSimulationStart; day <= kHorizon; day += 1) {
      // 1,250 a year is 3.42 a day.
      const int arrivals = dice_.Between(0, 99) < 42 ? 4 : 3;
      for (int i = 0; i < arrivals; ++i) AddChild(day);
    }
    return std::move(children_);
  }

 private:
  void AddChild(Date start) {
    SimChild c;
    c.id = absl::StrFormat("C%06d", static_cast<int>(children_.size()) + 1);
    const int age = dice_.Between(0, 17);
    c.birth = start - (age * 365 + dice_.Between(1, 364));
    c.sex = dice_.Chance(52) ? "1" : "2";
    c.ethnic = dice_.Pick(
        std::vector<std::string>{"WBRI", "WBRI", "WBRI", "MWBC", "AOTH", "BAFR", "WOTH"});
    const Date adult = AddCalendarMonths(c.birth, 18 * 12);
    c.uasc = age >= 14 && dice_.Chance(20);
    const bool adoption = age < 5 && dice_.Chance(10);
    std::optional<Date> end = AddPeriod(c, start, adult, adoption, /*first=*/true);
    if (end.has_value() && !c.uasc && !adoption && dice_.Chance(20)) {
      const Date again = *end + dice_.Between(60, 400);
      if (again < adult - 60 && again <= kHorizon) AddPeriod(c, again, adult, false, false);
    }
    children_.push_back(std::move(c));
  }

  // Adds a period of care from `start`; returns its end (nullopt while still open).
  std::optional<Date> AddPeriod(SimChild& c, Date start, Date adult, bool adoption, bool first) {
    const int band = dice_.Between(1, 10);
    int days = band <= 4   ? dice_.Between(30, 300)
               : band <= 8 ? dice_.Between(300, 900)
                           : dice_.Between(900, 2500);
    if (adoption) days = std::max(days, 500);
    std::optional<Date> end = start + days;
    if (*end >= adult) end = adult - 1;
    if (*end <= start) end = start + 1;
    if (*end > kHorizon) end = std::nullopt;
    if (adoption && !end.has_value()) adoption = false;  // not adopted within the history

    const Date last = end.value_or(kHorizon);
    const int length = last - start;
    // The adoptive placement starts 70% of the way in; the decision at 30%, the match
    // shortly before the move.
    const Date placed_for_adoption = start + length * 7 / 10;
    if (adoption) {
      c.decision = start + length * 3 / 10;
      c.match = placed_for_adoption - dice_.Between(5, 40);
      c.order = end;
    }
    const Date care_until = adoption ? placed_for_adoption : last;

    // Episodes: changes of placement or legal status at random days, touching.
    std::set<Date> changes;
    const int span = care_until - start;
    const int count = span > 2 ? dice_.Between(0, span / 250 + 1) : 0;
    for (int i = 0; i < count; ++i) changes.insert(start + dice_.Between(1, span - 1));
    std::string ls = c.uasc ? "V2" : dice_.Pick(std::vector<std::string>{"C2", "C2", "V2", "C1"});
    std::string place = dice_.Pick(kPlacements);
    Date from = start;
    std::string rne = "S";
    auto add = [&](Date to_start, std::optional<Date> to, const std::string& rec) {
      c.episodes.push_back({to_start, to, rne, ls, c.uasc ? "N8" : "N1", place, "PR1", rec});
    };
    for (Date change : changes) {
      add(from, change, "X1");
      from = change;
      if (dice_.Chance(30)) {
        rne = "L";
        ls = ls == "C2" ? "C1" : "C2";
      } else {
        rne = "P";
        place = dice_.Pick(kPlacements);
      }
    }
    if (adoption) {
      add(from, placed_for_adoption, "X1");
      from = placed_for_adoption;
      rne = "P";
      ls = "E1";
      place = "A6";
      add(from, end, "E11");
    } else {
      add(from, end, end.has_value() ? dice_.Pick(kEndings) : "");
    }

    // Reviews: 15 days in, then after 80 days, then every 170 days.
    Date review = start + 15;
    for (int gap = 80; review < last; review += gap, gap = 170) c.reviews.push_back(review);

    // Missing spells for some older children; each before the next, inside the period.
    if (first && Date(start).year() - c.birth.year() >= 11 && dice_.Chance(15)) {
      Date at = start + dice_.Between(1, 30);
      for (int i = dice_.Between(1, 4); i > 0; --i) {
        const Date back = at + dice_.Between(0, 3);
        if (back >= last) break;
        c.missing.emplace_back(at, back);
        at = back + dice_.Between(1, 60);
      }
    }
    return end;
  }

  const std::vector<std::string> kPlacements = {"U1", "U3", "U4", "U5", "U6",
                                                "R1", "K2", "P1", "S1", "H5"};
  const std::vector<std::string> kEndings = {"E13", "E4A", "E41", "E8", "E17", "E45"};
  Dice dice_;
  std::vector<SimChild> children_;
};

void WriteFile(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  ASSERT_TRUE(out.good()) << path;
}

// Writes year Y's return: what a council would send for 1 April Y to 31 March Y+1.
void WriteReturn(const std::vector<SimChild>& children, int year, const fs::path& dir) {
  const DateRange range = FinancialYear(year);
  auto in_year = [&](std::optional<Date> d) { return d.has_value() && *d <= range.last; };
  std::string header = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n";
  std::string episodes =
      "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,"
      "PL_POST,URN\n";
  std::string reviews = "CHILD,DOB,REVIEW,REVIEW_CODE\n";
  std::string uasc = "CHILD,SEX,DOB,DUC\n";
  std::string ad1 = "CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR\n";
  std::string placed = "CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED\n";
  std::string missing = "CHILD,DOB,MISSING,MIS_START,MIS_END\n";
  std::string oc2 =
      "CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,"
      "HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED\n";
  std::string workers = "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON\n";
  for (const SimChild& c : children) {
    bool looked_after = false;
    // Looked after on the year's first day, in a period of care still open after its last
    // (episodes touch within a period): the OC2 cohort, roughly.
    std::optional<Date> period_start;
    bool whole_year = false;
    for (const SimEpisode& e : c.episodes) {
      if (!period_start.has_value() || e.rne == "S") period_start = e.start;
      if (*period_start <= range.first && e.start <= range.last &&
          (!e.end.has_value() || *e.end > range.last)) {
        whole_year = true;
      }
    }
    for (const SimEpisode& e : c.episodes) {
      if (e.start > range.last || (e.end.has_value() && *e.end < range.first)) continue;
      looked_after = true;
      const bool ended = in_year(e.end);
      absl::StrAppend(&episodes, c.id, ",", Uk(e.start), ",", e.rne, ",", e.ls, ",", e.cin, ",",
                      e.place, ",", e.provider, ",", ended ? Uk(e.end) : "", ",",
                      ended ? e.rec : "", ",,RG14 1AA,RG14 2BB,SC123456\n");
    }
    if (!looked_after) continue;
    const std::string dob = Uk(c.birth);
    absl::StrAppend(&header, c.id, ",", c.sex, ",", dob, ",", c.ethnic, ",,,\n");
    for (Date r : c.reviews) {
      if (range.Contains(r)) {
        absl::StrAppend(&reviews, c.id, ",", dob, ",", Uk(r), ",",
                        AgeInYears(c.birth, r) < 4 ? "PN0" : "PN1", "\n");
      }
    }
    if (c.uasc) {
      absl::StrAppend(&uasc, c.id, ",", c.sex, ",", dob, ",",
                      Uk(AddCalendarMonths(c.birth, 18 * 12)), "\n");
    }
    if (c.decision.has_value() && *c.decision <= range.last && *c.order >= range.first) {
      const bool ceased = in_year(c.order);
      absl::StrAppend(&placed, c.id, ",", dob, ",", Uk(c.decision), ",", ceased ? Uk(c.order) : "",
                      ",", ceased ? "RD1" : "", "\n");
      if (ceased) {
        absl::StrAppend(&ad1, c.id, ",", dob, ",", Uk(c.decision), ",", Uk(c.match),
                        ",0,2,MF,L0\n");
      }
    }
    for (const auto& [start, end] : c.missing) {
      if (range.Contains(start)) {
        absl::StrAppend(&missing, c.id, ",", dob, ",M,", Uk(start), ",",
                        in_year(end) ? Uk(end) : "", "\n");
      }
    }
    if (whole_year) {
      const bool under_5 = AgeInYears(c.birth, range.last) < 5;
      absl::StrAppend(&oc2, c.id, ",", dob, ",,,0,", under_5 ? "1" : "", ",1,",
                      c.id.back() == '7' ? "0" : "1", ",1,0,,\n");
    }
    // Social worker episodes from 2023-24: one worker since the child's first episode.
    if (year >= 2023) {
      absl::StrAppend(&workers, c.id, ",", dob, ",SW", c.id.substr(1), ",",
                      Uk(c.episodes.front().start), ",,MANAGE\n");
    }
  }
  fs::create_directories(dir);
  WriteFile(dir / "header.csv", header);
  // A council export name: recognised by its header row.
  WriteFile(dir / absl::StrCat("LAC_Episodes_", year, ".csv"), episodes);
  WriteFile(dir / "reviews.csv", reviews);
  WriteFile(dir / "uasc.csv", uasc);
  WriteFile(dir / "ad1.csv", ad1);
  WriteFile(dir / "placed_adoption.csv", placed);
  WriteFile(dir / "missing.csv", missing);
  WriteFile(dir / "oc2.csv", oc2);
  if (year >= 2023) WriteFile(dir / "swepisodes.csv", workers);
}

std::string MakeTempDir() {
  std::string pattern = (fs::path(::testing::TempDir()) / "ssda903_history_XXXXXX").string();
  EXPECT_NE(::mkdtemp(pattern.data()), nullptr);
  return pattern;
}

TEST(Ssda903HistoryTest, TenYearsForALargeAuthorityImportCleanlyAndQuickly) {
  const std::vector<SimChild> children = HistoryGenerator(903).Generate();
  // The scale this test claims: about 2,500 looked after on a 31 March.
  int looked_after = 0;
  const Date census(2021, 3, 31);
  for (const SimChild& c : children) {
    for (const SimEpisode& e : c.episodes) {
      if (e.start <= census && (!e.end.has_value() || *e.end > census)) {
        ++looked_after;
        break;
      }
    }
  }
  EXPECT_GT(looked_after, 2000);
  EXPECT_LT(looked_after, 3200);

  const fs::path root = MakeTempDir();
  for (int y = kFirstYear; y < kFirstYear + kYears; ++y) {
    WriteReturn(children, y, root / std::to_string(y));
  }

  // Import year after year, as a council loading its history would.
  absl::flat_hash_map<std::string, pv1::Episode> latest_episode;
  std::set<std::string> child_keys;
  int restated = 0;
  int oc2_records = 0;
  int worker_records = 0;
  size_t records = 0;
  int rows = 0;
  absl::Duration total;
  absl::Duration json;
  for (int y = kFirstYear; y < kFirstYear + kYears; ++y) {
    // What the tool does: read the folder, convert, print JSON Lines (the disk write aside).
    const absl::Time began = absl::Now();
    absl::StatusOr<ImportResult> result =
        ImportFolder((root / std::to_string(y)).string(), testing::Options(y));
    ASSERT_TRUE(result.ok()) << result.status();
    const absl::Time converted = absl::Now();
    absl::StatusOr<std::string> placement_jsonl = ToJsonLines(result->placement);
    absl::StatusOr<std::string> safeguarding_jsonl = ToJsonLines(result->safeguarding);
    ASSERT_TRUE(placement_jsonl.ok() && safeguarding_jsonl.ok());
    const absl::Duration took = absl::Now() - began;
    total += took;
    json += absl::Now() - converted;
    ASSERT_EQ(result->outcome, ImportOutcome::kComplete)
        << y << ":\n"
        << testing::Problems(*result).substr(0, 2000);
    int year_rows = 0;
    for (const FileUse& f : result->stats.files) year_rows += f.rows;
    rows += year_rows;
    records += result->placement.size() + result->safeguarding.size();
    std::cout << absl::StrFormat(
        "  %d-%02d: %6d rows, %5d children, %6d records in %.3f s (JSON %.3f s)\n", y,
        (y + 1) % 100, year_rows, result->stats.children,
        result->placement.size() + result->safeguarding.size(), absl::ToDoubleSeconds(took),
        absl::ToDoubleSeconds(absl::Now() - converted));

    std::set<std::string> keys_this_year;
    for (const pv1::PlacementRecord& r : result->placement) {
      if (r.has_oc2_outcomes()) {
        EXPECT_EQ(r.oc2_outcomes().header().source().id(),
                  absl::StrCat(r.oc2_outcomes().child_id(), "/", y));
        ++oc2_records;
      }
      if (r.has_social_worker_episode()) ++worker_records;
      if (r.has_child()) {
        child_keys.insert(r.child().header().source().id());
        continue;
      }
      if (!r.has_episode()) continue;
      const std::string& key = r.episode().header().source().id();
      ASSERT_TRUE(keys_this_year.insert(key).second) << "duplicate " << key << " in " << y;
      auto [it, first_sight] = latest_episode.try_emplace(key, r.episode());
      if (!first_sight) {
        if (it->second.SerializeAsString() != r.episode().SerializeAsString()) ++restated;
        it->second = r.episode();
      }
    }
  }
  std::cout << absl::StrFormat(
      "  10 years: %d rows, %d records, %d episodes restated with new content, %.3f s "
      "(%.0f rows/s; JSON printing %.3f s of it)\n",
      rows, records, restated, absl::ToDoubleSeconds(total),
      rows / std::max(1e-9, absl::ToDoubleSeconds(total)), absl::ToDoubleSeconds(json));
  EXPECT_LT(total, absl::Seconds(30));

  // Each generated episode the ten years cover is one key, whose last version is the truth.
  size_t expected_episodes = 0;
  std::set<std::string> expected_children;
  for (const SimChild& c : children) {
    for (const SimEpisode& e : c.episodes) {
      if (e.start > kHorizon || (e.end.has_value() && *e.end < FinancialYear(kFirstYear).first)) {
        continue;
      }
      ++expected_episodes;
      expected_children.insert(c.id);
      const std::string key = absl::StrCat(c.id, "/", FormatIsoDate(e.start));
      auto it = latest_episode.find(key);
      ASSERT_NE(it, latest_episode.end()) << key;
      EXPECT_EQ(it->second.has_end_date(), e.end.has_value()) << key;
      if (e.end.has_value()) {
        EXPECT_EQ(FormatIsoDate(*FromProtoDate(it->second.end_date())), FormatIsoDate(*e.end))
            << key;
        EXPECT_EQ(it->second.reason_ceased(), e.rec) << key;
      }
    }
  }
  EXPECT_EQ(latest_episode.size(), expected_episodes);
  EXPECT_EQ(child_keys, expected_children);
  // Open episodes closed in a later year were restated: the case the keys exist for.
  EXPECT_GT(restated, 1000);
  // OC2 rows for the children looked after all year (about half of those looked after),
  // and social worker episodes in the last three returns.
  EXPECT_GT(oc2_records, 10 * 1000);
  EXPECT_GT(worker_records, 3 * 2000);

  std::error_code ignored;
  fs::remove_all(root, ignored);
}

}  // namespace
}  // namespace scorecard::ssda903
