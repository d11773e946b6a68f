#include "services/aggregator/scorecard_definition.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/text_format.h>
#include <openssl/sha.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/records/record_validator.h"

namespace scorecard::aggregator {
namespace {

// A file with more problems than this lists the first ones: enough to fix in one pass.
constexpr size_t kMaxProblemsListed = 20;

// Collects parser complaints so the error names the file, line and column.
class ParseErrors : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, int column, const std::string& message) override {
    if (first_.empty())
      first_ = absl::StrCat("line ", line + 1, " column ", column + 1, ": ", message);
  }
  const std::string& first() const { return first_; }

 private:
  std::string first_;
};

bool IsWellFormedMeasureId(absl::string_view id) {
  const size_t dot = id.find('.');
  if (dot == absl::string_view::npos || dot == 0 || dot + 1 == id.size()) return false;
  for (char c : id) {
    if (!(absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '_' || c == '.')) return false;
  }
  return true;
}

// Comparator keys and row ids as formulas name them: lower case, digits, '-' and '_'.
bool IsWellFormedKey(absl::string_view key) {
  if (key.empty()) return false;
  for (char c : key) {
    if (!(absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '-' || c == '_')) return false;
  }
  return true;
}

std::string HashOf(const v1::ScorecardDefinition& definition) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    definition.SerializeToCodedStream(&coded);
  }
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

bool HasBetterSide(v1::Polarity polarity) {
  return polarity == v1::POLARITY_HIGHER_IS_BETTER || polarity == v1::POLARITY_LOWER_IS_BETTER;
}

// Every problem found, each naming its row and place.
class Problems {
 public:
  void Add(std::string problem) { problems_.push_back(std::move(problem)); }
  void AddForRow(const v1::RowDefinition& row, absl::string_view at, absl::string_view field,
                 absl::string_view message) {
    Add(absl::StrCat("row \"", row.id().substr(0, 64), "\": ", at, ".", field, ": ", message));
  }
  absl::Status ToStatus() const {
    if (problems_.empty()) return absl::OkStatus();
    std::vector<std::string> shown(
        problems_.begin(), problems_.begin() + std::min(problems_.size(), kMaxProblemsListed));
    std::string message = absl::StrJoin(shown, "; ");
    if (problems_.size() > shown.size()) {
      absl::StrAppend(&message, "; and ", problems_.size() - shown.size(), " more");
    }
    return absl::InvalidArgumentError(message);
  }

 private:
  std::vector<std::string> problems_;
};

void ValidateThresholds(const v1::RowDefinition& row, absl::string_view at, Problems& problems) {
  const bool any_threshold = row.has_green_threshold() || row.has_amber_threshold();
  if (row.has_target() && !HasBetterSide(row.polarity())) {
    problems.AddForRow(row, at, "target",
                       "a target needs polarity HIGHER_IS_BETTER or LOWER_IS_BETTER");
  }
  if (!any_threshold) return;
  if (!HasBetterSide(row.polarity())) {
    problems.AddForRow(row, at, "polarity",
                       "RAG thresholds need polarity HIGHER_IS_BETTER or LOWER_IS_BETTER");
    return;
  }
  if (row.has_green_threshold() != row.has_amber_threshold()) {
    problems.AddForRow(row, at, row.has_green_threshold() ? "amber_threshold" : "green_threshold",
                       "give both thresholds or neither");
    return;
  }
  const double green = row.green_threshold();
  const double amber = row.amber_threshold();
  if (row.polarity() == v1::POLARITY_HIGHER_IS_BETTER && green < amber) {
    problems.AddForRow(row, at, "green_threshold",
                       absl::StrCat("with HIGHER_IS_BETTER green (", green,
                                    ") must be at or above amber (", amber, ")"));
  }
  if (row.polarity() == v1::POLARITY_LOWER_IS_BETTER && green > amber) {
    problems.AddForRow(row, at, "green_threshold",
                       absl::StrCat("with LOWER_IS_BETTER green (", green,
                                    ") must be at or below amber (", amber, ")"));
  }
  if (row.threshold_source().empty()) {
    problems.AddForRow(row, at, "threshold_source",
                       "required with thresholds: cite the national source or say "
                       "\"local default\"");
  }
}

void ValidateAuthorities(const google::protobuf::RepeatedPtrField<std::string>& authorities,
                         absl::string_view where, Problems& problems,
                         const v1::RowDefinition* row) {
  for (int i = 0; i < authorities.size(); ++i) {
    if (IsValidAuthorityCode(authorities[i])) continue;
    const std::string message = absl::StrCat("\"", authorities[i].substr(0, 16),
                                             "\" is not a DfE authority code (three digits)");
    if (row != nullptr) {
      problems.AddForRow(*row, where, absl::StrCat("authorities[", i, "]"), message);
    } else {
      problems.Add(absl::StrCat(where, "authorities[", i, "]: ", message));
    }
  }
}

struct RowPlace {
  const v1::RowDefinition* row;
  std::string at;
};

// Formulas parse, name known rows, and form no cycle. Fills `formulas` and `order` (each
// derived row after the derived rows it names) when there is no problem.
void ValidateFormulas(const std::map<std::string, RowPlace>& rows, Problems& problems,
                      std::map<std::string, Formula>* formulas, std::vector<std::string>* order) {
  std::map<std::string, Formula> parsed;
  for (const auto& [id, place] : rows) {
    if (!IsDerivedRow(*place.row)) continue;
    absl::StatusOr<Formula> formula = Formula::Parse(place.row->formula());
    if (!formula.ok()) {
      problems.AddForRow(*place.row, place.at, "formula", formula.status().message());
      continue;
    }
    bool known = true;
    for (const std::string& ref : formula->references()) {
      if (rows.count(ref) == 0) {
        problems.AddForRow(*place.row, place.at, "formula",
                           absl::StrCat("names unknown row [", ref.substr(0, 64), "]"));
        known = false;
      }
    }
    if (known) parsed.emplace(id, *std::move(formula));
  }
  // Depth-first over derived rows; a row met again while still open closes a cycle.
  enum class Mark { kOpen, kDone };
  std::map<std::string, Mark> marks;
  std::vector<std::string> path;
  bool cycle = false;
  std::function<void(const std::string&)> visit = [&](const std::string& id) {
    auto formula = parsed.find(id);
    if (formula == parsed.end()) return;  // a measure row, or a formula already reported
    auto mark = marks.find(id);
    if (mark != marks.end()) {
      if (mark->second == Mark::kOpen && !cycle) {
        cycle = true;
        auto start = std::find(path.begin(), path.end(), id);
        std::vector<std::string> loop(start, path.end());
        loop.push_back(id);
        const RowPlace& place = rows.at(id);
        problems.AddForRow(*place.row, place.at, "formula",
                           absl::StrCat("forms a cycle: ", absl::StrJoin(loop, " -> ")));
      }
      return;
    }
    marks[id] = Mark::kOpen;
    path.push_back(id);
    for (const std::string& ref : formula->second.references()) visit(ref);
    path.pop_back();
    marks[id] = Mark::kDone;
    order->push_back(id);
  };
  for (const auto& [id, formula] : parsed) visit(id);
  *formulas = std::move(parsed);
}

absl::Status Validate(const v1::ScorecardDefinition& definition,
                      std::map<std::string, Formula>* formulas, std::vector<std::string>* order) {
  Problems problems;
  if (definition.id().empty()) problems.Add("id: required");
  if (definition.sections().empty()) problems.Add("sections: none");
  ValidateAuthorities(definition.authorities(), "", problems, nullptr);
  std::set<std::string> section_ids;
  std::map<std::string, RowPlace> rows;
  for (int s = 0; s < definition.sections_size(); ++s) {
    const v1::SectionDefinition& section = definition.sections(s);
    const std::string where = absl::StrCat("sections[", s, "]");
    if (section.id().empty()) problems.Add(absl::StrCat(where, ".id: required"));
    if (!section_ids.insert(section.id()).second) {
      problems.Add(absl::StrCat(where, ".id: duplicate section \"", section.id(), "\""));
    }
    for (int r = 0; r < section.rows_size(); ++r) {
      const v1::RowDefinition& row = section.rows(r);
      const std::string at = absl::StrCat(where, ".rows[", r, "]");
      if (row.id().empty()) {
        problems.Add(absl::StrCat(at, ".id: required"));
        continue;
      }
      if (!IsWellFormedKey(row.id())) {
        problems.AddForRow(row, at, "id", "use lower-case letters, digits, '-' and '_'");
      }
      if (!rows.emplace(row.id(), RowPlace{&row, at}).second) {
        problems.AddForRow(row, at, "id", absl::StrCat("duplicate row \"", row.id(), "\""));
      }
      if (row.title().empty()) problems.AddForRow(row, at, "title", "required");
      const bool derived = IsDerivedRow(row);
      if (derived && !row.measure_id().empty()) {
        problems.AddForRow(row, at, "formula", "a row has a measure_id or a formula, not both");
      } else if (!derived && !IsWellFormedMeasureId(row.measure_id())) {
        problems.AddForRow(
            row, at, "measure_id",
            absl::StrCat("\"", row.measure_id().substr(0, 64),
                         "\" is not a measure id (service.name, lower case, e.g. "
                         "placement.lac_count); a derived row has a formula instead"));
      }
      if (!derived && row.basis() == common::v1::BASIS_UNSPECIFIED) {
        problems.AddForRow(row, at, "basis", "required");
      }
      if (derived && !row.team().empty()) {
        problems.AddForRow(row, at, "team", "a derived row takes its rows' teams");
      }
      if (row.unit() == common::v1::UNIT_UNSPECIFIED) {
        problems.AddForRow(row, at, "unit", "required");
      }
      if (!row.comparator_key().empty() && !IsWellFormedKey(row.comparator_key())) {
        problems.AddForRow(row, at, "comparator_key",
                           "use lower-case letters, digits, '-' and '_'");
      }
      ValidateThresholds(row, at, problems);
      ValidateAuthorities(row.authorities(), at, problems, &row);
    }
  }
  ValidateFormulas(rows, problems, formulas, order);
  return problems.ToStatus();
}

}  // namespace

bool LoadedDefinition::AvailableTo(absl::string_view authority) const {
  const auto& only = definition.authorities();
  return only.empty() || std::find(only.begin(), only.end(), authority) != only.end();
}

absl::string_view OwningService(absl::string_view measure_id) {
  return measure_id.substr(0, measure_id.find('.'));
}

bool IsLocalMeasure(absl::string_view measure_id) {
  return absl::StartsWith(measure_id, kLocalMeasurePrefix);
}

bool IsDerivedRow(const v1::RowDefinition& row) { return !row.formula().empty(); }

absl::Status ValidateDefinition(const v1::ScorecardDefinition& definition) {
  std::map<std::string, Formula> formulas;
  std::vector<std::string> order;
  return Validate(definition, &formulas, &order);
}

absl::StatusOr<v1::ScorecardDefinition> ParseDefinitionText(absl::string_view text,
                                                            absl::string_view origin) {
  v1::ScorecardDefinition definition;
  google::protobuf::TextFormat::Parser parser;
  ParseErrors errors;
  parser.RecordErrorsTo(&errors);
  if (!parser.ParseFromString(std::string(text), &definition)) {
    return absl::InvalidArgumentError(absl::StrCat(origin, ": ", errors.first()));
  }
  return definition;
}

absl::StatusOr<LoadedDefinition> FinishDefinition(v1::ScorecardDefinition definition,
                                                  absl::string_view origin) {
  LoadedDefinition loaded;
  absl::Status valid = Validate(definition, &loaded.formulas, &loaded.derived_order);
  if (!valid.ok()) return absl::InvalidArgumentError(absl::StrCat(origin, ": ", valid.message()));
  loaded.definition = std::move(definition);
  loaded.hash = HashOf(loaded.definition);
  return loaded;
}

absl::StatusOr<LoadedDefinition> ParseDefinition(absl::string_view text, absl::string_view origin) {
  absl::StatusOr<v1::ScorecardDefinition> definition = ParseDefinitionText(text, origin);
  if (!definition.ok()) return definition.status();
  if (!definition->extends().empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(origin, ": extends \"", definition->extends().substr(0, 64),
                     "\": an overlay is loaded with its base (LoadDefinitions)"));
  }
  return FinishDefinition(*std::move(definition), origin);
}

absl::StatusOr<v1::ScorecardDefinition> ApplyOverlay(const v1::ScorecardDefinition& base,
                                                     const v1::ScorecardDefinition& overlay) {
  if (!base.extends().empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "extends \"", base.id(), "\", which is itself an overlay: extend a self-contained card"));
  }
  v1::ScorecardDefinition merged = base;
  merged.set_id(overlay.id());
  merged.set_title(overlay.title().empty() ? base.title() : overlay.title());
  merged.clear_extends();
  *merged.mutable_authorities() = overlay.authorities();
  for (const v1::SectionDefinition& section : overlay.sections()) {
    v1::SectionDefinition* target = nullptr;
    for (v1::SectionDefinition& existing : *merged.mutable_sections()) {
      if (existing.id() == section.id()) target = &existing;
    }
    if (target == nullptr) {
      *merged.add_sections() = section;
      continue;
    }
    for (const v1::RowDefinition& row : section.rows()) *target->add_rows() = row;
  }
  return merged;
}

absl::Status CheckMeasureCatalogue(const v1::ScorecardDefinition& definition,
                                   const Catalogues& catalogues) {
  Problems problems;
  std::vector<std::string> known;
  for (const auto& [service, catalogue] : catalogues) known.push_back(service);
  for (int s = 0; s < definition.sections_size(); ++s) {
    for (int r = 0; r < definition.sections(s).rows_size(); ++r) {
      const v1::RowDefinition& row = definition.sections(s).rows(r);
      if (IsDerivedRow(row) || IsLocalMeasure(row.measure_id())) continue;
      const std::string at = absl::StrCat("sections[", s, "].rows[", r, "]");
      const std::string service(OwningService(row.measure_id()));
      auto catalogue = catalogues.find(service);
      if (catalogue == catalogues.end()) {
        problems.AddForRow(row, at, "measure_id",
                           absl::StrCat("\"", row.measure_id(), "\": no service \"", service,
                                        "\" (known: ", absl::StrJoin(known, ", "),
                                        "; local measures start \"local.\")"));
        continue;
      }
      if (!catalogue->second.has_value()) continue;  // unreachable: cannot tell
      auto measure = catalogue->second->find(row.measure_id());
      if (measure == catalogue->second->end()) {
        problems.AddForRow(row, at, "measure_id",
                           absl::StrCat("unknown measure \"", row.measure_id(), "\": ", service,
                                        " does not compute it"));
        continue;
      }
      if (measure->second.count(row.basis()) == 0) {
        std::vector<std::string> bases;
        for (common::v1::Basis b : measure->second) bases.push_back(common::v1::Basis_Name(b));
        problems.AddForRow(
            row, at, "basis",
            absl::StrCat(row.measure_id(), " has no ", common::v1::Basis_Name(row.basis()),
                         " basis (it has ", absl::StrJoin(bases, ", "), ")"));
      }
    }
  }
  absl::Status status = problems.ToStatus();
  if (status.ok()) return status;
  return absl::InvalidArgumentError(
      absl::StrCat("scorecard \"", definition.id(), "\": ", status.message()));
}

const LoadedDefinition* DefinitionSet::Find(absl::string_view id) const {
  auto it = definitions_.find(std::string(id));
  return it == definitions_.end() ? nullptr : &it->second;
}

absl::Status DefinitionSet::Add(LoadedDefinition definition) {
  const std::string id = definition.definition.id();
  if (!definitions_.emplace(id, std::move(definition)).second) {
    return absl::InvalidArgumentError(absl::StrCat("two definitions have id \"", id, "\""));
  }
  return absl::OkStatus();
}

absl::StatusOr<DefinitionSet> LoadDefinitions(const std::string& directory) {
  std::error_code error;
  std::filesystem::directory_iterator it(directory, error);
  if (error) {
    return absl::NotFoundError(
        absl::StrCat("scorecard definitions folder ", directory, ": ", error.message()));
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : it) {
    if (entry.path().extension() == ".textproto") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  DefinitionSet set;
  std::vector<std::pair<std::string, v1::ScorecardDefinition>> overlays;  // file, overlay
  for (const auto& file : files) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    if (!in.good() && !in.eof()) {
      return absl::UnavailableError(absl::StrCat("cannot read ", file.string()));
    }
    absl::StatusOr<v1::ScorecardDefinition> parsed = ParseDefinitionText(text.str(), file.string());
    if (!parsed.ok()) return parsed.status();
    if (!parsed->extends().empty()) {
      overlays.emplace_back(file.string(), *std::move(parsed));
      continue;
    }
    absl::StatusOr<LoadedDefinition> loaded = FinishDefinition(*std::move(parsed), file.string());
    if (!loaded.ok()) return loaded.status();
    absl::Status added = set.Add(*std::move(loaded));
    if (!added.ok())
      return absl::InvalidArgumentError(absl::StrCat(file.string(), ": ", added.message()));
  }
  for (auto& [file, overlay] : overlays) {
    const LoadedDefinition* base = set.Find(overlay.extends());
    if (base == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(file, ": extends \"",
                                                     overlay.extends().substr(0, 64),
                                                     "\": no self-contained card has that id"));
    }
    absl::StatusOr<v1::ScorecardDefinition> merged = ApplyOverlay(base->definition, overlay);
    if (!merged.ok())
      return absl::InvalidArgumentError(absl::StrCat(file, ": ", merged.status().message()));
    absl::StatusOr<LoadedDefinition> loaded = FinishDefinition(*std::move(merged), file);
    if (!loaded.ok()) return loaded.status();
    absl::Status added = set.Add(*std::move(loaded));
    if (!added.ok()) return absl::InvalidArgumentError(absl::StrCat(file, ": ", added.message()));
  }
  if (set.all().empty()) {
    return absl::NotFoundError(absl::StrCat("no *.textproto scorecard definitions in ", directory));
  }
  return set;
}

}  // namespace scorecard::aggregator
