#include <string>

#include "absl/flags/flag.h"
#include "common/service/dataset_cache.h"
#include "common/store/record_store.h"

ABSL_FLAG(int, worker_threads, 4,
          "Threads for blocking work (SQLite reads and writes, measure computation).");
ABSL_FLAG(int, cached_datasets, static_cast<int>(scorecard::kDefaultCachedDatasets),
          "Authorities whose built datasets the service keeps in memory, most recently used "
          "first. Each holds its facts and the decoded records they came from: up to ~300 MB "
          "for the largest English authority (docs/BENCHMARKS.md), a few MB for a small one.");
ABSL_FLAG(int, decoded_cache_mb,
          static_cast<int>(scorecard::RecordStoreOptions().decoded_cache_max_bytes >> 20),
          "Memory (MiB) for decoded current records kept between loads, so a load after a "
          "write parses only the record kinds it changed; 0 keeps none.");
ABSL_FLAG(int, current_mirror_mb,
          static_cast<int>(scorecard::RecordStoreOptions().current_mirror_max_bytes >> 20),
          "Memory (MiB) for an in-memory copy of recently read authorities' current records, "
          "so a reload needs no SQLite scan; 0 keeps none.");
ABSL_FLAG(std::string, closure_days, "",
          "CSV (authority,date) of authorities' own closure days, added to England and Wales "
          "bank holidays when counting working days. Empty: bank holidays only.");
