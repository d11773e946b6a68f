// demo_data: writes a year of synthetic case-level records for one authority, as JSON
// Lines ready for `scorecardctl ingest`.
//
//   demo_data --out_dir=/tmp/demo                       # West Berkshire (869), 2016-17
//   demo_data --out_dir=/tmp/demo --seed=7 --scale=0.2  # another, smaller draw
//   demo_data --out_dir=/tmp/big --scale_preset=large   # a benchmark scale (scale_presets.h)
//   scorecardctl ingest workforce /tmp/demo/workforce.jsonl
//   scorecardctl ingest safeguarding /tmp/demo/safeguarding.jsonl
//   scorecardctl ingest placement /tmp/demo/placement.jsonl
//
// The same flags always give byte-identical files. Ingest workforce.jsonl whole before
// anything else of its: sickness absences are checked against the workers it holds.
// A preset of several authorities (england) is generated and written one authority at a
// time, so memory stays that of the largest authority.
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/flags/usage.h"
#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "tools/demo_data/demo_generator.h"
#include "tools/demo_data/jsonl_writer.h"
#include "tools/demo_data/scale_presets.h"

ABSL_FLAG(std::string, out_dir, "",
          "Required. Folder for workforce.jsonl, safeguarding.jsonl and placement.jsonl "
          "(created if missing; existing files are replaced).");
ABSL_FLAG(std::string, authority, "869", "DfE local authority code (three digits).");
ABSL_FLAG(int, year, 2016,
          "Financial year, named by the year it starts in: 2016 is 2016-04-01 to 2017-03-31.");
ABSL_FLAG(uint64_t, seed, 2017, "Random seed: the same seed gives the same files.");
ABSL_FLAG(double, scale, 1.0, "Multiplies every volume, in (0, 10].");
ABSL_FLAG(std::string, scale_preset, "",
          "A benchmark scale instead of --authority, --year and --scale: small (one authority "
          "like West Berkshire), large (the largest authorities) or england (153 "
          "authorities, one year). See tools/demo_data/scale_presets.h.");

namespace {

namespace demo = ::scorecard::demo_data;

int Fail(const absl::Status& status) {
  std::cerr << "demo_data: " << status.message() << "\n";
  return 1;
}

// True when the flag was given a value other than its default.
bool Changed(absl::string_view name) {
  const absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
  return flag != nullptr && flag->CurrentValue() != flag->DefaultValue();
}

// Writes every authority of the preset into the three files, one authority at a time.
int WritePreset(const demo::ScalePreset& preset, const std::string& out_dir) {
  const std::filesystem::path dir(out_dir);
  absl::StatusOr<std::unique_ptr<demo::JsonLinesFiles>> files = demo::JsonLinesFiles::Create(
      {(dir / "workforce.jsonl").string(), (dir / "safeguarding.jsonl").string(),
       (dir / "placement.jsonl").string()});
  if (!files.ok()) return Fail(files.status());
  const absl::Time began = absl::Now();
  std::vector<std::pair<std::string, int>> totals;
  size_t records[3] = {0, 0, 0};
  for (const demo::DemoDataOptions& authority : preset.authorities) {
    const demo::DemoData data = demo::Generate(authority);
    for (absl::Status s : {(*files)->Append(0, data.workforce), (*files)->Append(1, data.safeguarding),
                           (*files)->Append(2, data.placement)}) {
      if (!s.ok()) return Fail(s);
    }
    records[0] += data.workforce.size();
    records[1] += data.safeguarding.size();
    records[2] += data.placement.size();
    const std::vector<std::pair<std::string, int>> counts = demo::CountByKind(data);
    if (totals.empty()) totals.assign(counts.size(), {"", 0});
    for (size_t i = 0; i < counts.size(); ++i) {
      totals[i].first = counts[i].first;
      totals[i].second += counts[i].second;
    }
  }
  if (absl::Status s = (*files)->Commit(); !s.ok()) return Fail(s);
  std::cout << absl::StrFormat("scale preset %s: %d authorit%s, %d-%02d, seed %d: %.2f s\n",
                               preset.name, preset.authorities.size(),
                               preset.authorities.size() == 1 ? "y" : "ies",
                               preset.authorities.front().year,
                               (preset.authorities.front().year + 1) % 100,
                               preset.seed,
                               absl::ToDoubleSeconds(absl::Now() - began));
  for (const auto& [kind, count] : totals) {
    std::cout << absl::StrFormat("  %-35s %9d\n", kind, count);
  }
  std::cout << absl::StrFormat(
      "wrote %s: workforce.jsonl (%d), safeguarding.jsonl (%d), placement.jsonl (%d)\n", out_dir,
      records[0], records[1], records[2]);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Writes synthetic scorecard records as JSON Lines.\n"
      "  demo_data --out_dir=DIR [--authority=869] [--year=2016] [--seed=2017] [--scale=1]\n"
      "  demo_data --out_dir=DIR --scale_preset=small|large|england [--seed=2017]");
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  if (args.size() > 1) {
    std::cerr << "demo_data: unexpected argument " << args[1] << " (all options are flags)\n";
    return 2;
  }
  const std::string out_dir = absl::GetFlag(FLAGS_out_dir);
  if (out_dir.empty()) {
    std::cerr << "demo_data: --out_dir is required\n";
    return 2;
  }
  const std::string preset_name = absl::GetFlag(FLAGS_scale_preset);
  if (!preset_name.empty()) {
    for (absl::string_view set_by_preset : {"authority", "year", "scale"}) {
      if (Changed(set_by_preset)) {
        std::cerr << "demo_data: --scale_preset sets the authorities, year and scale itself; "
                     "drop --"
                  << set_by_preset << "\n";
        return 2;
      }
    }
    absl::StatusOr<demo::ScalePreset> preset =
        demo::FindScalePreset(preset_name, absl::GetFlag(FLAGS_seed));
    if (!preset.ok()) {
      std::cerr << "demo_data: --scale_preset: " << preset.status().message() << "\n";
      return 2;
    }
    std::error_code error;
    std::filesystem::create_directories(out_dir, error);
    if (error) {
      return Fail(absl::UnavailableError("cannot create " + out_dir + ": " + error.message()));
    }
    return WritePreset(*preset, out_dir);
  }

  demo::DemoDataOptions options;
  options.authority = absl::GetFlag(FLAGS_authority);
  options.year = absl::GetFlag(FLAGS_year);
  options.seed = absl::GetFlag(FLAGS_seed);
  options.scale = absl::GetFlag(FLAGS_scale);
  if (absl::Status valid = demo::ValidateDemoDataOptions(options); !valid.ok()) {
    std::cerr << "demo_data: " << valid.message() << "\n";
    return 2;
  }

  const absl::Time began = absl::Now();
  const demo::DemoData data = demo::Generate(options);
  const absl::Duration generating = absl::Now() - began;

  std::error_code error;
  std::filesystem::create_directories(out_dir, error);
  if (error) {
    return Fail(absl::UnavailableError("cannot create " + out_dir + ": " + error.message()));
  }
  const std::filesystem::path dir(out_dir);
  if (absl::Status s = demo::WriteJsonLines((dir / "workforce.jsonl").string(), data.workforce);
      !s.ok()) {
    return Fail(s);
  }
  if (absl::Status s =
          demo::WriteJsonLines((dir / "safeguarding.jsonl").string(), data.safeguarding);
      !s.ok()) {
    return Fail(s);
  }
  if (absl::Status s = demo::WriteJsonLines((dir / "placement.jsonl").string(), data.placement);
      !s.ok()) {
    return Fail(s);
  }

  std::cout << absl::StrFormat("authority %s, %d-%02d, seed %d, scale %g: generated in %.2f s\n",
                               options.authority, options.year, (options.year + 1) % 100,
                               options.seed, options.scale, absl::ToDoubleSeconds(generating));
  for (const auto& [kind, count] : demo::CountByKind(data)) {
    std::cout << absl::StrFormat("  %-35s %7d\n", kind, count);
  }
  std::cout << absl::StrFormat(
      "wrote %s: workforce.jsonl (%d), safeguarding.jsonl (%d), "
      "placement.jsonl (%d)\n",
      out_dir, data.workforce.size(), data.safeguarding.size(), data.placement.size());
  return 0;
}
