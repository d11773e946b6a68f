// What the benchmark ran on, for its result files: CPU model and cores, memory, operating
// system, kernel, the date, and the load average (the machine may be shared).
//
//   Json result = Json::Object().Set("machine", MachineJson());
#ifndef SCORECARD_TOOLS_BENCHMARK_MACHINE_INFO_H_
#define SCORECARD_TOOLS_BENCHMARK_MACHINE_INFO_H_

#include <string>

#include "tools/benchmark/json_out.h"

namespace scorecard::benchmark {

// {"cpu": ..., "cores": ..., "memory_gib": ..., "os": ..., "kernel": ..., "date": ...,
//  "load_average": "0.52 0.61 0.70"}
Json MachineJson();

// The 1, 5 and 15 minute load averages, as /proc/loadavg gives them.
std::string LoadAverage();

}  // namespace scorecard::benchmark

#endif  // SCORECARD_TOOLS_BENCHMARK_MACHINE_INFO_H_
