#include "tools/scorecardctl/stack_endpoints.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace scorecard::scorecardctl {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

constexpr char kEndpoints[] =
    "# written by deploy/up\n"
    "workforce 127.0.0.1:40121\n"
    "\n"
    "safeguarding 127.0.0.1:40123\n"
    "redis   127.0.0.1:6379\n";

// A fresh directory per test, removed afterwards.
class StackEndpointsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "scorecardctl_stack_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(root_, ignored);
  }

  // Writes an endpoints file in `dir` (created) naming `workforce` at `address`.
  static void WriteStack(const fs::path& dir, const std::string& address) {
    fs::create_directories(dir);
    std::ofstream(dir / "endpoints") << "workforce " << address << "\n";
  }

  fs::path root_;
};

TEST_F(StackEndpointsTest, ParsesNamesAndAddressesSkippingCommentsAndBlankLines) {
  auto entries = ParseEndpoints(kEndpoints, "endpoints");
  ASSERT_TRUE(entries.ok()) << entries.status();
  EXPECT_THAT(*entries, ElementsAre(Pair("workforce", "127.0.0.1:40121"),
                                    Pair("safeguarding", "127.0.0.1:40123"),
                                    Pair("redis", "127.0.0.1:6379")));
}

TEST_F(StackEndpointsTest, MalformedLineNamesFileAndLine) {
  auto entries = ParseEndpoints("workforce 127.0.0.1:1\nsafeguarding\n", "var/stack/endpoints");
  ASSERT_FALSE(entries.ok());
  EXPECT_EQ(entries.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(entries.status().message(), HasSubstr("var/stack/endpoints:2:"));
}

TEST_F(StackEndpointsTest, AddressWithoutPortIsRejected) {
  EXPECT_FALSE(ParseEndpoints("workforce localhost\n", "endpoints").ok());
}

TEST_F(StackEndpointsTest, DuplicateNameIsRejected) {
  auto entries = ParseEndpoints("placement 127.0.0.1:1\nplacement 127.0.0.1:2\n", "endpoints");
  ASSERT_FALSE(entries.ok());
  EXPECT_THAT(entries.status().message(), HasSubstr("endpoints:2: placement is listed twice"));
}

TEST_F(StackEndpointsTest, AddressLooksUpByNameAndNamesTheFileWhenMissing) {
  StackEndpoints stack("/s", {{"workforce", "127.0.0.1:1"}});
  ASSERT_TRUE(stack.Address("workforce").ok());
  EXPECT_EQ(*stack.Address("workforce"), "127.0.0.1:1");
  absl::StatusOr<std::string> missing = stack.Address("placement");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(missing.status().message(), HasSubstr("/s/endpoints"));
  EXPECT_THAT(missing.status().message(), HasSubstr("placement"));
}

TEST_F(StackEndpointsTest, FlagWinsOverEnvironmentAndCheckout) {
  WriteStack(root_ / "flag", "127.0.0.1:1");
  WriteStack(root_ / "env", "127.0.0.1:2");
  WriteStack(root_ / "var" / "stack", "127.0.0.1:3");
  auto stack = FindStack((root_ / "flag").string(), (root_ / "env").string(), root_);
  ASSERT_TRUE(stack.ok()) << stack.status();
  EXPECT_EQ(stack->stack_dir(), (root_ / "flag").string());
  EXPECT_EQ(*stack->Address("workforce"), "127.0.0.1:1");
}

TEST_F(StackEndpointsTest, EnvironmentWinsOverCheckout) {
  WriteStack(root_ / "env", "127.0.0.1:2");
  WriteStack(root_ / "var" / "stack", "127.0.0.1:3");
  auto stack = FindStack("", (root_ / "env").string(), root_);
  ASSERT_TRUE(stack.ok()) << stack.status();
  EXPECT_EQ(*stack->Address("workforce"), "127.0.0.1:2");
}

TEST_F(StackEndpointsTest, EnvironmentVariableIsRead) {
  ASSERT_EQ(setenv(kStackDirEnvVar, "/some/stack", 1), 0);
  EXPECT_EQ(EnvironmentStackDir(), std::optional<std::string>("/some/stack"));
  ASSERT_EQ(setenv(kStackDirEnvVar, "", 1), 0);
  EXPECT_EQ(EnvironmentStackDir(), std::nullopt);
  ASSERT_EQ(unsetenv(kStackDirEnvVar), 0);
  EXPECT_EQ(EnvironmentStackDir(), std::nullopt);
}

TEST_F(StackEndpointsTest, WalksUpFromANestedDirectoryToTheCheckoutsVarStack) {
  WriteStack(root_ / "var" / "stack", "127.0.0.1:3");
  const fs::path nested = root_ / "services" / "safeguarding" / "deep";
  fs::create_directories(nested);
  auto stack = FindStack("", std::nullopt, nested);
  ASSERT_TRUE(stack.ok()) << stack.status();
  EXPECT_EQ(fs::path(stack->stack_dir()), root_ / "var" / "stack");
  EXPECT_EQ(*stack->Address("workforce"), "127.0.0.1:3");
}

TEST_F(StackEndpointsTest, NothingFoundIsAClearNotFound) {
  // Only valid when no ancestor of the temp dir holds a stack; nothing normally does.
  for (fs::path dir = root_; dir.has_parent_path() && dir != dir.parent_path();
       dir = dir.parent_path()) {
    if (fs::exists(dir.parent_path() / "var/stack/endpoints")) GTEST_SKIP();
  }
  auto stack = FindStack("", std::nullopt, root_);
  ASSERT_FALSE(stack.ok());
  EXPECT_EQ(stack.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(stack.status().message(),
            "no running stack found: start it with deploy/up, or pass --stack_dir");
}

TEST_F(StackEndpointsTest, FlagNamingADirectoryWithoutEndpointsIsAnErrorNotAFallback) {
  WriteStack(root_ / "var" / "stack", "127.0.0.1:3");  // would be found by walking up
  auto stack = FindStack((root_ / "typo").string(), std::nullopt, root_);
  ASSERT_FALSE(stack.ok());
  EXPECT_EQ(stack.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(stack.status().message(), HasSubstr("no running stack found: --stack_dir names"));
  EXPECT_THAT(stack.status().message(), HasSubstr("typo"));
}

TEST_F(StackEndpointsTest, EnvironmentNamingADirectoryWithoutEndpointsIsAnError) {
  auto stack = FindStack("", (root_ / "gone").string(), root_);
  ASSERT_FALSE(stack.ok());
  EXPECT_THAT(stack.status().message(), HasSubstr("$SCORECARD_STACK_DIR names"));
}

TEST_F(StackEndpointsTest, MalformedEndpointsFileIsNotMistakenForNoStack) {
  fs::create_directories(root_ / "s");
  std::ofstream(root_ / "s" / "endpoints") << "garbage\n";
  auto stack = FindStack((root_ / "s").string(), std::nullopt, root_);
  ASSERT_FALSE(stack.ok());
  EXPECT_EQ(stack.status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace scorecard::scorecardctl
