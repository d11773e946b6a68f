#include "absl/flags/flag.h"

ABSL_FLAG(int, worker_threads, 4,
          "Threads for blocking work (SQLite reads and writes, measure computation).");
