#include "services/aggregator/scorecard_definition.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/text_format.h>
#include <openssl/sha.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace scorecard::aggregator {
namespace {

// Collects parser complaints so the error names the file, line and column.
class ParseErrors : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, int column, const std::string& message) override {
    if (first_.empty()) first_ = absl::StrCat("line ", line + 1, " column ", column + 1, ": ", message);
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

}  // namespace

absl::string_view OwningService(absl::string_view measure_id) {
  return measure_id.substr(0, measure_id.find('.'));
}

absl::Status ValidateDefinition(const v1::ScorecardDefinition& definition) {
  if (definition.id().empty()) return absl::InvalidArgumentError("id: required");
  if (definition.sections().empty()) return absl::InvalidArgumentError("sections: none");
  std::set<std::string> section_ids;
  std::set<std::string> row_ids;
  for (int s = 0; s < definition.sections_size(); ++s) {
    const v1::SectionDefinition& section = definition.sections(s);
    const std::string where = absl::StrCat("sections[", s, "]");
    if (section.id().empty()) return absl::InvalidArgumentError(absl::StrCat(where, ".id: required"));
    if (!section_ids.insert(section.id()).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ".id: duplicate section \"", section.id(), "\""));
    }
    for (int r = 0; r < section.rows_size(); ++r) {
      const v1::RowDefinition& row = section.rows(r);
      const std::string at = absl::StrCat(where, ".rows[", r, "]");
      if (row.id().empty()) return absl::InvalidArgumentError(absl::StrCat(at, ".id: required"));
      if (!row_ids.insert(row.id()).second) {
        return absl::InvalidArgumentError(
            absl::StrCat(at, ".id: duplicate row \"", row.id(), "\""));
      }
      if (row.title().empty()) {
        return absl::InvalidArgumentError(absl::StrCat(at, ".title: required"));
      }
      if (!IsWellFormedMeasureId(row.measure_id())) {
        return absl::InvalidArgumentError(absl::StrCat(
            at, ".measure_id: \"", row.measure_id(),
            "\" is not a measure id (service.name, lower case, e.g. placement.lac_count)"));
      }
      if (row.basis() == common::v1::BASIS_UNSPECIFIED) {
        return absl::InvalidArgumentError(absl::StrCat(at, ".basis: required"));
      }
      if (row.unit() == common::v1::UNIT_UNSPECIFIED) {
        return absl::InvalidArgumentError(absl::StrCat(at, ".unit: required"));
      }
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<LoadedDefinition> ParseDefinition(absl::string_view text, absl::string_view origin) {
  LoadedDefinition loaded;
  google::protobuf::TextFormat::Parser parser;
  ParseErrors errors;
  parser.RecordErrorsTo(&errors);
  if (!parser.ParseFromString(std::string(text), &loaded.definition)) {
    return absl::InvalidArgumentError(absl::StrCat(origin, ": ", errors.first()));
  }
  absl::Status valid = ValidateDefinition(loaded.definition);
  if (!valid.ok()) return absl::InvalidArgumentError(absl::StrCat(origin, ": ", valid.message()));
  loaded.hash = HashOf(loaded.definition);
  return loaded;
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
  for (const auto& file : files) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    if (!in.good() && !in.eof()) {
      return absl::UnavailableError(absl::StrCat("cannot read ", file.string()));
    }
    absl::StatusOr<LoadedDefinition> loaded = ParseDefinition(text.str(), file.string());
    if (!loaded.ok()) return loaded.status();
    absl::Status added = set.Add(std::move(*loaded));
    if (!added.ok()) return absl::InvalidArgumentError(absl::StrCat(file.string(), ": ", added.message()));
  }
  if (set.all().empty()) {
    return absl::NotFoundError(absl::StrCat("no *.textproto scorecard definitions in ", directory));
  }
  return set;
}

}  // namespace scorecard::aggregator
