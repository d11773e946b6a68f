#include "tools/workforce_census/census_xml.h"

#include <expat.h>

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace scorecard::workforce_census {
namespace {

constexpr size_t kChunkBytes = 64 * 1024;

// An element's name without any namespace prefix ("csww:FTE" -> "FTE").
std::string LocalName(const XML_Char* name) {
  absl::string_view n(name);
  const size_t colon = n.rfind(':');
  return std::string(colon == absl::string_view::npos ? n : n.substr(colon + 1));
}

bool IsReadWorkerField(absl::string_view name) {
  return std::find(std::begin(kReadWorkerFields), std::end(kReadWorkerFields), name) !=
         std::end(kReadWorkerFields);
}

// Expat callbacks: keeps the open elements' names and the text of the element being read.
class CensusHandler {
 public:
  CensusHandler(XML_Parser parser, CensusInput& input) : parser_(parser), input_(input) {}

  static void OnStart(void* self, const XML_Char* name, const XML_Char** /*attributes*/) {
    static_cast<CensusHandler*>(self)->Start(LocalName(name));
  }
  static void OnEnd(void* self, const XML_Char* /*name*/) {
    static_cast<CensusHandler*>(self)->End();
  }
  static void OnText(void* self, const XML_Char* text, int length) {
    auto* h = static_cast<CensusHandler*>(self);
    if (h->keep_text_) h->text_.append(text, static_cast<size_t>(length));
  }

 private:
  int Line() const { return static_cast<int>(XML_GetCurrentLineNumber(parser_)); }

  // The path of open elements, e.g. {"Message", "CSWWWorker", "FTE"}, is what a leaf means.
  bool PathIs(std::initializer_list<absl::string_view> path) const {
    return path_.size() == path.size() && std::equal(path.begin(), path.end(), path_.begin());
  }

  void Start(std::string name) {
    if (path_.empty() && name != "Message") {
      input_.problems.push_back(
          {Line(), name, "not a workforce census file: the root element must be Message"});
      input_.read_whole = false;
    }
    path_.push_back(std::move(name));
    text_.clear();
    text_line_ = Line();
    keep_text_ = KeepsText();
    if (PathIs({"Message", "CSWWWorker"})) {
      input_.workers.emplace_back();
      input_.workers.back().line = Line();
    }
  }

  // Only the leaves the importer reads keep their text.
  bool KeepsText() const {
    if (path_.size() == 3 && path_[1] == "CSWWWorker") return IsReadWorkerField(path_[2]);
    return PathIs({"Message", "Header", "CollectionDetails", "ReferenceDate"}) ||
           PathIs({"Message", "Header", "CollectionDetails", "Year"}) ||
           PathIs({"Message", "Header", "Source", "LEA"}) ||
           PathIs({"Message", "LALevelVacancies", "NumberOfVacancies"});
  }

  void End() {
    if (keep_text_) Keep();
    keep_text_ = false;
    text_.clear();
    path_.pop_back();
  }

  void Keep() {
    SourceField field{std::string(absl::StripAsciiWhitespace(text_)), text_line_};
    const std::string& name = path_.back();
    if (path_.size() == 3 && path_[1] == "CSWWWorker") {
      if (field.text.empty()) return;  // an empty element is an absent one
      SourceWorker& worker = input_.workers.back();
      auto [it, added] = worker.fields.try_emplace(name, field);
      if (!added) {
        input_.problems.push_back({field.line, name,
                                   absl::StrCat("given twice in one CSWWWorker (also at line ",
                                                it->second.line, ")")});
      }
      return;
    }
    std::optional<SourceField>* slot = nullptr;
    if (name == "ReferenceDate") slot = &input_.reference_date;
    if (name == "Year") slot = &input_.year;
    if (name == "LEA") slot = &input_.lea;
    if (name == "NumberOfVacancies") slot = &input_.vacancies;
    if (slot == nullptr) return;
    if (slot->has_value()) {
      input_.problems.push_back(
          {field.line, name, absl::StrCat("given twice (also at line ", (*slot)->line, ")")});
      return;
    }
    *slot = std::move(field);
  }

  XML_Parser parser_;
  CensusInput& input_;
  std::vector<std::string> path_;
  std::string text_;
  int text_line_ = 0;
  bool keep_text_ = false;
};

}  // namespace

CensusInput ReadCensusXml(std::istream& in, absl::string_view file_name) {
  CensusInput input;
  input.format = "xml";
  input.file_name = std::string(file_name);
  XML_Parser parser = XML_ParserCreate(nullptr);
  if (parser == nullptr) {
    input.problems.push_back({0, "", "cannot create an XML parser (out of memory)"});
    return input;
  }
  CensusHandler handler(parser, input);
  XML_SetUserData(parser, &handler);
  XML_SetElementHandler(parser, &CensusHandler::OnStart, &CensusHandler::OnEnd);
  XML_SetCharacterDataHandler(parser, &CensusHandler::OnText);

  std::vector<char> buffer(kChunkBytes);
  bool done = false;
  while (!done) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const std::streamsize got = in.gcount();
    if (in.bad()) {
      input.problems.push_back({0, "", "cannot read the file"});
      input.read_whole = false;
      break;
    }
    done = got < static_cast<std::streamsize>(buffer.size());
    if (XML_Parse(parser, buffer.data(), static_cast<int>(got), done ? 1 : 0) ==
        XML_STATUS_ERROR) {
      input.problems.push_back(
          {static_cast<int>(XML_GetCurrentLineNumber(parser)), "XML",
           absl::StrCat("not well-formed: ", XML_ErrorString(XML_GetErrorCode(parser)),
                        " (column ", XML_GetCurrentColumnNumber(parser) + 1, ")")});
      input.read_whole = false;
      break;
    }
  }
  XML_ParserFree(parser);
  return input;
}

}  // namespace scorecard::workforce_census
