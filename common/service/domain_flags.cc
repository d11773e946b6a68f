#include <string>

#include "absl/flags/flag.h"

ABSL_FLAG(int, worker_threads, 4,
          "Threads for blocking work (SQLite reads and writes, measure computation).");
ABSL_FLAG(std::string, closure_days, "",
          "CSV (authority,date) of authorities' own closure days, added to England and Wales "
          "bank holidays when counting working days. Empty: bank holidays only.");
