// Test support: runs one scorecardctl command function and keeps what it printed.
//
//   Output output = Invoke(RunPublish, client, options);
//   EXPECT_EQ(output.exit_code, kExitOk) << output.err;
#ifndef SCORECARD_TESTS_TOOLS_SCORECARDCTL_COMMAND_OUTPUT_H_
#define SCORECARD_TESTS_TOOLS_SCORECARDCTL_COMMAND_OUTPUT_H_

#include <sstream>
#include <string>

#include "tools/scorecardctl/rpc_support.h"

namespace scorecard::scorecardctl::testing {

struct Output {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// `run(stack, options, out, err)`, as every command in commands.h is called.
template <typename Options, typename RunFn>
Output Invoke(RunFn run, const StackClient& stack, const Options& options) {
  std::ostringstream out;
  std::ostringstream err;
  Output output;
  output.exit_code = run(stack, options, out, err);
  output.out = out.str();
  output.err = err.str();
  return output;
}

}  // namespace scorecard::scorecardctl::testing

#endif  // SCORECARD_TESTS_TOOLS_SCORECARDCTL_COMMAND_OUTPUT_H_
