// Opens the record store on `path` with a given decoded-record budget, closing `store`
// first: one store object per file, so a test can reopen the same file with another budget.
//
//   ASSERT_TRUE(ReopenStore(dir_.File("placement.db"), 0, store_).ok());
#ifndef SCORECARD_TESTS_COMMON_STORE_REOPEN_STORE_H_
#define SCORECARD_TESTS_COMMON_STORE_REOPEN_STORE_H_

#include <cstddef>
#include <memory>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/store/record_store.h"

namespace scorecard {

inline absl::Status ReopenStore(const std::string& path, size_t decoded_cache_max_bytes,
                                std::unique_ptr<VersionedRecordStore>& store) {
  store.reset();
  RecordStoreOptions options;
  options.decoded_cache_max_bytes = decoded_cache_max_bytes;
  absl::StatusOr<std::unique_ptr<VersionedRecordStore>> opened =
      VersionedRecordStore::Open(path, std::move(options));
  if (!opened.ok()) return opened.status();
  store = *std::move(opened);
  return absl::OkStatus();
}

}  // namespace scorecard

#endif  // SCORECARD_TESTS_COMMON_STORE_REOPEN_STORE_H_
