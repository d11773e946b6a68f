// A small ordered JSON tree for the benchmarks' result files: objects keep the order their
// keys were set in, so a file reads in the order the table prints.
//
//   Json result = Json::Object();
//   result.Set("scale", "large").Set("load_ms", Json::Object().Set("min", 1.5));
//   Json runs = Json::Array();
//   runs.Push(3).Push(4);
//   result.Set("runs", std::move(runs));
//   std::string text = result.Dump();  // pretty, two-space indent, ends in "\n"
//
// Numbers that are not finite are written as null (JSON has no NaN).
#ifndef SCORECARD_TOOLS_BENCHMARK_JSON_OUT_H_
#define SCORECARD_TOOLS_BENCHMARK_JSON_OUT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace scorecard::benchmark {

class Json {
 public:
  static Json Object();
  static Json Array();
  static Json Null() { return Json(Kind::kNull); }

  Json(double number);           // NOLINT: implicit, for Set("x", 1.5)
  Json(int number);              // NOLINT
  Json(int64_t number);          // NOLINT
  Json(size_t number);           // NOLINT
  Json(bool value);              // NOLINT
  Json(const char* text);        // NOLINT
  Json(std::string text);        // NOLINT
  Json(absl::string_view text);  // NOLINT

  // On an object: sets `key` (replacing an earlier value, keeping its place).
  Json& Set(absl::string_view key, Json value);
  // On an array: appends.
  Json& Push(Json value);

  std::string Dump() const;

 private:
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };
  explicit Json(Kind kind) : kind_(kind) {}
  void DumpTo(std::string& out, int indent) const;

  Kind kind_;
  bool bool_ = false;
  double number_ = 0;
  bool integral_ = false;
  std::string text_;
  std::vector<std::pair<std::string, Json>> members_;  // object
  std::vector<Json> items_;                            // array
};

// `text` as a JSON string literal, quotes included.
std::string JsonQuote(absl::string_view text);

}  // namespace scorecard::benchmark

#endif  // SCORECARD_TOOLS_BENCHMARK_JSON_OUT_H_
