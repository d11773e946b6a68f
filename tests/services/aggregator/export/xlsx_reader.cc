#include "tests/services/aggregator/export/xlsx_reader.h"

#include <zlib.h>

#include <cstdint>
#include <regex>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace scorecard::aggregator::testing {
namespace {

constexpr uint32_t kEndOfCentralDirectory = 0x06054b50;
constexpr uint32_t kCentralDirectoryEntry = 0x02014b50;
constexpr uint32_t kLocalHeader = 0x04034b50;

uint32_t Le(absl::string_view bytes, size_t at, int width) {
  uint32_t value = 0;
  for (int i = width - 1; i >= 0; --i) {
    value = (value << 8) | static_cast<unsigned char>(bytes[at + static_cast<size_t>(i)]);
  }
  return value;
}

absl::StatusOr<std::string> Inflate(absl::string_view deflated, size_t size) {
  std::string out(size, '\0');
  z_stream stream = {};
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(deflated.data()));
  stream.avail_in = static_cast<uInt>(deflated.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  // Negative window bits: a raw deflate stream, as zip stores it.
  if (inflateInit2(&stream, -MAX_WBITS) != Z_OK) return absl::InternalError("inflateInit2");
  const int result = inflate(&stream, Z_FINISH);
  inflateEnd(&stream);
  if (result != Z_STREAM_END || stream.total_out != size) {
    return absl::DataLossError(absl::StrCat("inflate failed: ", result));
  }
  return out;
}

std::string XmlText(const std::string& escaped) {
  std::string out;
  for (size_t i = 0; i < escaped.size(); ++i) {
    if (escaped[i] != '&') {
      out.push_back(escaped[i]);
      continue;
    }
    const size_t end = escaped.find(';', i);
    const std::string entity = escaped.substr(i + 1, end - i - 1);
    if (entity == "lt")
      out += '<';
    else if (entity == "gt")
      out += '>';
    else if (entity == "amp")
      out += '&';
    else if (entity == "quot")
      out += '"';
    else if (entity == "apos")
      out += '\'';
    else
      out += "&" + entity + ";";  // left as it is: the tests use ASCII only
    i = end;
  }
  return out;
}

std::vector<std::smatch> AllMatches(const std::string& text, const std::regex& pattern) {
  std::vector<std::smatch> matches;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), pattern);
       it != std::sregex_iterator(); ++it) {
    matches.push_back(*it);
  }
  return matches;
}

std::string Attribute(const std::string& attributes, const std::string& name) {
  std::smatch match;
  const std::regex pattern("\\b" + name + "=\"([^\"]*)\"");
  return std::regex_search(attributes, match, pattern) ? XmlText(match[1].str()) : "";
}

std::string Part(const XlsxParts& parts, const std::string& name) {
  auto it = parts.find(name);
  return it == parts.end() ? "" : it->second;
}

std::string Section(const std::string& xml, const std::string& element) {
  const size_t begin = xml.find("<" + element);
  const size_t end = xml.find("</" + element + ">");
  return begin == std::string::npos || end == std::string::npos ? ""
                                                                : xml.substr(begin, end - begin);
}

struct Style {
  std::string number_format;
  std::string fill;
};

std::vector<Style> ReadStyles(const XlsxParts& parts) {
  const std::string styles = Part(parts, "xl/styles.xml");
  std::map<int, std::string> formats = {{0, "General"},  {1, "0"},  {2, "0.00"},  {3, "#,##0"},
                                        {4, "#,##0.00"}, {9, "0%"}, {10, "0.00%"}};
  for (const std::smatch& m : AllMatches(styles, std::regex("<numFmt ([^>]*)/>"))) {
    int id = 0;
    if (absl::SimpleAtoi(Attribute(m[1].str(), "numFmtId"), &id)) {
      formats[id] = Attribute(m[1].str(), "formatCode");
    }
  }
  std::vector<std::string> fills;
  for (const std::smatch& m :
       AllMatches(Section(styles, "fills"), std::regex("<fill>([\\s\\S]*?)</fill>"))) {
    std::smatch colour;
    const std::string fill = m[1].str();
    fills.push_back(
        fill.find("patternType=\"solid\"") != std::string::npos &&
                std::regex_search(fill, colour, std::regex("<fgColor rgb=\"FF([0-9A-F]{6})\""))
            ? colour[1].str()
            : "");
  }
  std::vector<Style> out;
  for (const std::smatch& m :
       AllMatches(Section(styles, "cellXfs"), std::regex("<xf ([^>]*?)/?>"))) {
    int format_id = 0, fill_id = 0;
    (void)absl::SimpleAtoi(Attribute(m[1].str(), "numFmtId"), &format_id);
    (void)absl::SimpleAtoi(Attribute(m[1].str(), "fillId"), &fill_id);
    out.push_back({formats[format_id], fill_id >= 0 && static_cast<size_t>(fill_id) < fills.size()
                                           ? fills[fill_id]
                                           : ""});
  }
  return out;
}

}  // namespace

absl::StatusOr<XlsxParts> ReadZip(absl::string_view zip) {
  if (zip.size() < 22 || Le(zip, 0, 4) != kLocalHeader) {
    return absl::InvalidArgumentError("not a zip file (no PK\\3\\4 signature)");
  }
  size_t end = zip.size() - 22;
  while (end > 0 && Le(zip, end, 4) != kEndOfCentralDirectory) --end;
  if (Le(zip, end, 4) != kEndOfCentralDirectory) {
    return absl::InvalidArgumentError("no end of central directory");
  }
  const uint32_t entries = Le(zip, end + 10, 2);
  size_t at = Le(zip, end + 16, 4);
  XlsxParts parts;
  for (uint32_t i = 0; i < entries; ++i) {
    if (at + 46 > zip.size() || Le(zip, at, 4) != kCentralDirectoryEntry) {
      return absl::InvalidArgumentError(absl::StrCat("bad central directory entry ", i));
    }
    const uint32_t method = Le(zip, at + 10, 2);
    const uint32_t compressed = Le(zip, at + 20, 4);
    const uint32_t size = Le(zip, at + 24, 4);
    const uint32_t name_length = Le(zip, at + 28, 2);
    const uint32_t extra_length = Le(zip, at + 30, 2);
    const uint32_t comment_length = Le(zip, at + 32, 2);
    const uint32_t local = Le(zip, at + 42, 4);
    const std::string name(zip.substr(at + 46, name_length));
    at += 46 + name_length + extra_length + comment_length;

    if (local + 30 > zip.size() || Le(zip, local, 4) != kLocalHeader) {
      return absl::InvalidArgumentError(absl::StrCat("bad local header for ", name));
    }
    const size_t data = local + 30 + Le(zip, local + 26, 2) + Le(zip, local + 28, 2);
    if (data + compressed > zip.size()) return absl::InvalidArgumentError("truncated " + name);
    const absl::string_view stored = zip.substr(data, compressed);
    if (method == 0) {
      parts[name] = std::string(stored);
    } else if (method == 8) {
      absl::StatusOr<std::string> inflated = Inflate(stored, size);
      if (!inflated.ok()) return inflated.status();
      parts[name] = *std::move(inflated);
    } else {
      return absl::InvalidArgumentError(absl::StrCat(name, ": compression method ", method));
    }
  }
  return parts;
}

absl::StatusOr<SheetCells> ReadSheet(const XlsxParts& parts, int sheet_number) {
  const std::string sheet_name = absl::StrCat("xl/worksheets/sheet", sheet_number, ".xml");
  auto sheet = parts.find(sheet_name);
  if (sheet == parts.end()) return absl::NotFoundError(sheet_name);

  std::vector<std::string> shared;
  for (const std::smatch& si :
       AllMatches(Part(parts, "xl/sharedStrings.xml"), std::regex("<si>([\\s\\S]*?)</si>"))) {
    std::string text;
    const std::string inner = si[1].str();
    for (const std::smatch& t : AllMatches(inner, std::regex("<t[^>]*>([^<]*)</t>"))) {
      text += XmlText(t[1].str());
    }
    shared.push_back(text);
  }
  const std::vector<Style> styles = ReadStyles(parts);

  SheetCells cells;
  const std::regex cell_pattern("<c r=\"([A-Z]+[0-9]+)\"([^>]*?)(?:/>|>([\\s\\S]*?)</c>)");
  for (const std::smatch& c : AllMatches(sheet->second, cell_pattern)) {
    XlsxCell cell;
    const std::string attributes = c[2].str();
    const std::string body = c[3].str();
    const std::string type = Attribute(attributes, "t");
    std::smatch v;
    if (type == "s" && std::regex_search(body, v, std::regex("<v>([0-9]+)</v>"))) {
      const size_t index = std::stoul(v[1].str());
      if (index >= shared.size()) return absl::DataLossError("shared string index out of range");
      cell.text = shared[index];
      cell.is_string = true;
    } else if (type == "inlineStr" &&
               std::regex_search(body, v, std::regex("<t[^>]*>([^<]*)</t>"))) {
      cell.text = XmlText(v[1].str());
      cell.is_string = true;
    } else if (std::regex_search(body, v, std::regex("<v>([^<]*)</v>"))) {
      cell.text = v[1].str();
    }
    int style = 0;
    if (absl::SimpleAtoi(Attribute(attributes, "s"), &style) && style >= 0 &&
        static_cast<size_t>(style) < styles.size()) {
      cell.number_format = styles[style].number_format;
      cell.fill = styles[style].fill;
    }
    cells[c[1].str()] = cell;
  }
  return cells;
}

}  // namespace scorecard::aggregator::testing
