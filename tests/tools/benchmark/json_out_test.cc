#include "tools/benchmark/json_out.h"

#include <limits>

#include "gtest/gtest.h"

namespace scorecard::benchmark {
namespace {

TEST(JsonTest, ObjectsKeepTheirKeyOrderAndSetReplacesInPlace) {
  Json j = Json::Object();
  j.Set("b", 1).Set("a", "x").Set("b", 2);
  EXPECT_EQ(j.Dump(), "{\n  \"b\": 2,\n  \"a\": \"x\"\n}\n");
}

TEST(JsonTest, NumbersArraysNullsAndNesting) {
  Json list = Json::Array();
  list.Push(1.5).Push(int64_t{3}).Push(true).Push(Json::Null());
  Json j = Json::Object();
  j.Set("list", std::move(list)).Set("empty", Json::Array()).Set("inner", Json::Object());
  EXPECT_EQ(j.Dump(),
            "{\n  \"list\": [\n    1.5,\n    3,\n    true,\n    null\n  ],\n"
            "  \"empty\": [],\n  \"inner\": {}\n}\n");
}

TEST(JsonTest, NonFiniteNumbersAreNull) {
  Json j = Json::Object();
  j.Set("nan", std::numeric_limits<double>::quiet_NaN())
      .Set("inf", std::numeric_limits<double>::infinity());
  EXPECT_EQ(j.Dump(), "{\n  \"nan\": null,\n  \"inf\": null\n}\n");
}

TEST(JsonQuoteTest, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(JsonQuote("a\"b\\c\nd\x01"), "\"a\\\"b\\\\c\\nd\\u0001\"");
}

}  // namespace
}  // namespace scorecard::benchmark
