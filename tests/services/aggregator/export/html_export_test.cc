#include "services/aggregator/export/html_export.h"

#include <limits>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/services/aggregator/export/test_card.h"

namespace scorecard::aggregator {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

size_t CountOf(const std::string& text, const std::string& what) {
  size_t count = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
    ++count;
  }
  return count;
}

// The points attribute of every polyline, in page order.
std::vector<std::string> PolylinePoints(const std::string& html) {
  std::vector<std::string> points;
  const std::regex pattern("<polyline points=\"([^\"]*)\"");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), pattern);
       it != std::sregex_iterator(); ++it) {
    points.push_back((*it)[1].str());
  }
  return points;
}

// Box 80 x 20 with a margin of 2: x runs 2..78, y runs 18 (lowest) .. 2 (highest).
TEST(SparklineSvgTest, PointsAtTheirMonthScaledToTheRowsRange) {
  EXPECT_EQ(SparklineSvg({10.0, std::nullopt, 20.0}, "Trend"),
            "<svg class=\"spark\" width=\"80\" height=\"20\" viewBox=\"0 0 80 20\" role=\"img\" "
            "aria-label=\"Trend\"><polyline points=\"2.0,18.0 78.0,2.0\" fill=\"none\" "
            "stroke=\"currentColor\" stroke-width=\"1.5\" stroke-linejoin=\"round\"/>"
            "<circle cx=\"78.0\" cy=\"2.0\" r=\"2\" fill=\"currentColor\"/></svg>");
  // Four months: x = 2, 27.3, 52.7, 78. Values 0, 5, 10, 5 over a range of 10.
  EXPECT_THAT(SparklineSvg({0.0, 5.0, 10.0, 5.0}, "t"),
              HasSubstr("points=\"2.0,18.0 27.3,10.0 52.7,2.0 78.0,10.0\""));
  // A flat row sits in the middle; one month sits in the centre.
  EXPECT_THAT(SparklineSvg({5.0, 5.0}, "t"), HasSubstr("points=\"2.0,10.0 78.0,10.0\""));
  EXPECT_THAT(SparklineSvg({7.0}, "t"), HasSubstr("points=\"40.0,10.0\""));
}

TEST(SparklineSvgTest, NoValuesIsAnEmptyBoxAndTheLabelIsEscaped) {
  EXPECT_EQ(SparklineSvg({std::nullopt, std::nullopt}, "a<b"),
            "<svg class=\"spark\" width=\"80\" height=\"20\" viewBox=\"0 0 80 20\" role=\"img\" "
            "aria-label=\"a&lt;b\"></svg>");
}

class ExportHtmlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::string> html = ExportHtml(testing::TestCard());
    ASSERT_TRUE(html.ok()) << html.status();
    html_ = *html;
  }
  std::string html_;
};

TEST_F(ExportHtmlTest, EscapesEveryTitle) {
  EXPECT_THAT(html_, HasSubstr("<h1>Test card &lt;Q1&gt; &amp; &quot;co&quot;</h1>"));
  EXPECT_THAT(html_, HasSubstr(">Starters, &quot;new&quot; &lt;staff&gt; &amp; others</th>"));
  EXPECT_THAT(html_, HasSubstr(">Objective 1 - Workforce &amp; &lt;Safety&gt;</th>"));
  EXPECT_THAT(html_, Not(HasSubstr("<staff>")));
  EXPECT_THAT(html_, Not(HasSubstr("<Safety>")));
  EXPECT_THAT(html_, Not(HasSubstr("<Q1>")));
}

TEST_F(ExportHtmlTest, IsSelfContained) {
  EXPECT_EQ(html_.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_THAT(html_, HasSubstr("<style>"));
  EXPECT_THAT(html_, HasSubstr("content=\"default-src 'none'; style-src 'unsafe-inline'\""));
  for (const char* fetch :
       {"<script", "<link", "<img", "src=", "href=", "url(", "@import", "://"}) {
    EXPECT_THAT(html_, Not(HasSubstr(fetch))) << fetch;
  }
}

TEST_F(ExportHtmlTest, OneSparklinePerRowWithAPointPerValue) {
  EXPECT_EQ(CountOf(html_, "<svg "), 10u);
  const std::vector<std::string> lines = PolylinePoints(html_);
  // Rows with values: starters, assessments, sickness, referral rate, adoption, proceedings,
  // caseload (the DCT row and the two unavailable rows have none).
  ASSERT_EQ(lines.size(), 7u);
  std::vector<size_t> counts;
  for (const std::string& points : lines) {
    counts.push_back(std::vector<std::string>(absl::StrSplit(points, ' ')).size());
  }
  EXPECT_EQ(counts, (std::vector<size_t>{3, 3, 3, 3, 3, 2, 3}));
  // Assessments: 96.43, 85, 96.5; range 85..96.5 (11.5). 96.43 sits 0.0714 below the top:
  // y = 2 + 16 * 0.0714 / 11.5 = 2.1.
  EXPECT_EQ(lines[1], "2.0,2.1 40.0,18.0 78.0,2.0");
  // Proceedings: no April; 25 in May (lowest), 26.5 in June (highest).
  EXPECT_EQ(lines[5], "40.0,18.0 78.0,2.0");
  EXPECT_THAT(html_, HasSubstr("aria-label=\"Trend: 96 to 97\""));
  EXPECT_THAT(html_, HasSubstr("aria-label=\"Trend: no figures\""));
}

TEST_F(ExportHtmlTest, RagIsAColourAndALetter) {
  // Assessments April and June, adoption April and May, assessments May and adoption June.
  EXPECT_EQ(CountOf(html_, "class=\"fig rag-green\""), 2u);
  EXPECT_EQ(CountOf(html_, "class=\"fig rag-red\""), 2u);
  EXPECT_EQ(CountOf(html_, "class=\"fig rag-amber\""), 2u);
  EXPECT_THAT(html_, HasSubstr(".rag-green{background:#C6EFCE;color:#006100}"));
  EXPECT_THAT(html_, HasSubstr(">96<span class=\"cue\">G</span></td>"));
  EXPECT_THAT(html_, HasSubstr(">513<span class=\"cue\">R</span></td>"));
}

TEST_F(ExportHtmlTest, ArrowsShowMovementColouredByWhetherItIsBetter) {
  // Assessments May: 96 -> 85 on a higher-is-better row: down, worse.
  EXPECT_THAT(html_, HasSubstr("title=\"amber; worsened on the previous month\">85"
                               "<span class=\"cue\">A</span><span class=\"dir dir-worsened\" "
                               "aria-label=\"worsened\">&#9660;</span></td>"));
  // Adoption May: 513 -> 512 days on a lower-is-better row: down, better.
  EXPECT_THAT(html_, HasSubstr(">512<span class=\"cue\">R</span><span class=\"dir dir-improved\" "
                               "aria-label=\"improved\">&#9660;</span></td>"));
  // Starters: a volume going up.
  EXPECT_THAT(html_, HasSubstr(">2<span class=\"dir dir-neutral\" aria-label=\"up\">&#9650;"));
}

TEST_F(ExportHtmlTest, TargetsGapsAndUnavailableRows) {
  EXPECT_THAT(html_, HasSubstr("<td class=\"target\" title=\"green at or above 90; amber at or "
                               "above 80\">90</td>"));
  EXPECT_THAT(html_, HasSubstr("<td class=\"target\" title=\"green at or below 426; amber at or "
                               "below 487 (DfE A1 threshold 426 days)\">426</td>"));
  EXPECT_THAT(html_, HasSubstr("<td class=\"na\" colspan=\"3\">not yet available</td>"));
  EXPECT_THAT(html_, HasSubstr("<td class=\"na\" colspan=\"3\">source unavailable</td>"));
  // Proceedings April and the DCT row's three months.
  EXPECT_EQ(CountOf(html_, "<td class=\"none\""), 4u);
  // Section headers span Measure, Basis, Unit, Target, 3 months and Trend.
  EXPECT_EQ(CountOf(html_, "<th scope=\"colgroup\" colspan=\"8\">"), 2u);
  EXPECT_THAT(html_, HasSubstr("<th scope=\"col\">2016-04</th><th scope=\"col\">2016-05</th>"
                               "<th scope=\"col\">2016-06</th><th scope=\"col\">Trend</th>"));
  EXPECT_THAT(html_, HasSubstr("2017-04-11 09:30:00 UTC"));
}

TEST(ExportHtmlErrorTest, MalformedCardIsRefused) {
  v1::Scorecard card = testing::TestCard();
  card.mutable_sections(1)->mutable_rows(0)->mutable_cells(1)->set_numerator(
      std::numeric_limits<double>::infinity());
  EXPECT_EQ(
      ExportHtml(card).status(),
      absl::InvalidArgumentError("sections[1].rows[0].cells[1].numerator: not a finite number"));
}

}  // namespace
}  // namespace scorecard::aggregator
