#include "tools/scorecardctl/command_line.h"

#include <algorithm>

#include "absl/flags/commandlineflag.h"
#include "absl/flags/reflection.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/records/record_validator.h"

namespace scorecard::scorecardctl {
namespace {

bool Contains(absl::Span<const absl::string_view> names, absl::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

absl::StatusOr<ScannedCommandLine> ScanCommandLine(int argc, char* const* argv) {
  ScannedCommandLine scanned;
  for (int i = 1; i < argc; ++i) {
    absl::string_view arg = argv[i];
    if (arg == "--") {
      for (int rest = i + 1; rest < argc; ++rest) scanned.arguments.emplace_back(argv[rest]);
      break;
    }
    // "-" alone is a positional: the stdin file name.
    if (arg.size() < 2 || arg[0] != '-') {
      scanned.arguments.emplace_back(arg);
      continue;
    }
    arg.remove_prefix(1);
    absl::ConsumePrefix(&arg, "-");
    const size_t equals = arg.find('=');
    const bool has_value = equals != absl::string_view::npos;
    absl::string_view name = arg.substr(0, equals);
    std::string value = has_value ? std::string(arg.substr(equals + 1)) : "";

    absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
    bool negated = false;
    if (flag == nullptr && !has_value && absl::StartsWith(name, "no")) {
      absl::CommandLineFlag* positive = absl::FindCommandLineFlag(name.substr(2));
      if (positive != nullptr && positive->IsOfType<bool>()) {
        flag = positive;
        negated = true;
      }
    }
    if (flag == nullptr) return absl::InvalidArgumentError(absl::StrCat("unknown flag --", name));
    if (flag->IsOfType<bool>()) {
      if (!has_value) value = negated ? "false" : "true";
    } else if (!has_value) {
      if (i + 1 >= argc) {
        return absl::InvalidArgumentError(absl::StrCat("flag --", name, " needs a value"));
      }
      value = argv[++i];
    }
    std::string error;
    if (!flag->ParseFrom(value, &error)) {
      return absl::InvalidArgumentError(absl::StrCat("flag --", name, ": ", error));
    }
    scanned.flag_names.emplace_back(flag->Name());
  }
  if (!scanned.arguments.empty()) scanned.command = scanned.arguments.front();
  return scanned;
}

absl::Status CheckFlagsApply(absl::string_view command, absl::Span<const std::string> given,
                             absl::Span<const absl::string_view> allowed,
                             absl::Span<const absl::string_view> ours) {
  for (const std::string& name : given) {
    if (Contains(ours, name) && !Contains(allowed, name)) {
      return absl::InvalidArgumentError(
          absl::StrCat("--", name, " does not apply to `", command, "`"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckFlagsKnown(absl::Span<const std::string> given,
                             absl::Span<const absl::string_view> ours) {
  for (const std::string& name : given) {
    if (Contains(ours, name)) continue;
    const absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
    // Abseil's own flags (--flagfile, --fromenv, --help...) are defined in absl/flags.
    if (flag != nullptr && absl::StrContains(flag->Filename(), "absl/flags/")) continue;
    return absl::InvalidArgumentError(absl::StrCat("unknown flag --", name));
  }
  return absl::OkStatus();
}

absl::StatusOr<OutputFormat> ParseOutputFormat(absl::string_view text) {
  if (text == "table") return OutputFormat::kTable;
  if (text == "json") return OutputFormat::kJson;
  return absl::InvalidArgumentError(
      absl::StrCat("--format: expected table or json, got \"", text, "\""));
}

absl::StatusOr<MonthRange> ParseMonthRange(absl::string_view from, absl::string_view to) {
  if (from.empty() || to.empty()) {
    return absl::InvalidArgumentError("--from and --to are required (YYYY-MM)");
  }
  absl::StatusOr<Month> from_month = ParseMonth(from);
  if (!from_month.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("--from: ", from_month.status().message()));
  }
  absl::StatusOr<Month> to_month = ParseMonth(to);
  if (!to_month.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("--to: ", to_month.status().message()));
  }
  if (*to_month < *from_month) {
    return absl::InvalidArgumentError(absl::StrCat("--to ", to, " is before --from ", from));
  }
  return MonthRange{*from_month, *to_month};
}

absl::StatusOr<std::optional<absl::Time>> ParseAsAt(absl::string_view text) {
  if (text.empty()) return std::optional<absl::Time>();
  absl::Time time;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, text, &time, &error)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--as_at: expected RFC 3339 like 2016-06-05T00:00:00Z, got \"", text, "\": ", error));
  }
  return std::optional<absl::Time>(time);
}

absl::Status CheckAuthorityFlag(absl::string_view authority) {
  if (authority.empty()) {
    return absl::InvalidArgumentError("--authority is required, e.g. --authority=869");
  }
  return ValidateAuthorityCode("--authority", authority);
}

absl::StatusOr<Month> ParseRequiredMonth(absl::string_view flag, absl::string_view text) {
  if (text.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("--", flag, " is required (YYYY-MM)"));
  }
  absl::StatusOr<Month> month = ParseMonth(text);
  if (!month.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("--", flag, ": ", month.status().message()));
  }
  return *month;
}

absl::StatusOr<std::optional<absl::Time>> ParseTimeBound(absl::string_view flag,
                                                         absl::string_view text, RangeEnd end) {
  if (text.empty()) return std::optional<absl::Time>();
  absl::Time time;
  std::string error;
  if (absl::ParseTime(absl::RFC3339_full, text, &time, &error)) {
    return std::optional<absl::Time>(time);
  }
  absl::StatusOr<Date> date = ParseIsoDate(text);
  if (!date.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--", flag, ": expected a date (2017-03-31) or an RFC 3339 time "
        "(2017-03-31T12:00:00Z), got \"", text, "\""));
  }
  const Date day = end == RangeEnd::kTo ? *date + 1 : *date;
  return std::optional<absl::Time>(absl::FromCivil(
      absl::CivilDay(day.year(), day.month(), day.day()), absl::UTCTimeZone()));
}

absl::StatusOr<std::string> ServiceOfMeasure(absl::string_view id) {
  const absl::string_view service = id.substr(0, id.find('.'));
  if (service.size() == id.size() || service.size() + 1 == id.size() ||
      !Contains(kDomainServices, service)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "\"", id, "\" is not a measure id: expected <service>.<name> with service one of ",
        absl::StrJoin(kDomainServices, ", ")));
  }
  return std::string(service);
}

std::vector<std::string> SplitMeasureIds(absl::string_view comma_separated_ids) {
  std::vector<std::string> ids;
  for (absl::string_view id : absl::StrSplit(comma_separated_ids, ',', absl::SkipWhitespace())) {
    ids.emplace_back(absl::StripAsciiWhitespace(id));
  }
  return ids;
}

absl::StatusOr<std::vector<std::pair<std::string, std::vector<std::string>>>>
GroupMeasureIdsByService(absl::Span<const std::string> ids) {
  std::vector<std::pair<std::string, std::vector<std::string>>> groups;
  for (const std::string& id : ids) {
    absl::StatusOr<std::string> service = ServiceOfMeasure(id);
    if (!service.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("--measures: ", service.status().message()));
    }
    auto group = std::find_if(groups.begin(), groups.end(),
                              [&](const auto& g) { return g.first == *service; });
    if (group == groups.end()) group = groups.insert(groups.end(), {*service, {}});
    group->second.push_back(id);
  }
  return groups;
}

}  // namespace scorecard::scorecardctl
