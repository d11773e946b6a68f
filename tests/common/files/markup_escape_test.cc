#include "common/files/markup_escape.h"

#include "gtest/gtest.h"

namespace scorecard {
namespace {

TEST(EscapeMarkupTest, EscapesTheFiveSpecialCharacters) {
  EXPECT_EQ(EscapeMarkup("a<b>&\"c\"'d'"), "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;");
}

TEST(EscapeMarkupTest, LeavesOtherTextAsItIs) {
  EXPECT_EQ(EscapeMarkup("per 10,000"), "per 10,000");
  EXPECT_EQ(EscapeMarkup(""), "");
  EXPECT_EQ(EscapeMarkup("caf\xc3\xa9; 50%"), "caf\xc3\xa9; 50%");  // UTF-8 passes through.
}

TEST(EscapeMarkupTest, AnAmpersandAlreadyEscapedIsEscapedAgain) {
  // Text, not markup: "&amp;" typed by someone is shown as typed.
  EXPECT_EQ(EscapeMarkup("&amp;"), "&amp;amp;");
}

}  // namespace
}  // namespace scorecard
