// Raw access to an audit log file, for tamper tests: what an attacker (or an
// auditor) who can write the file has, and the chain recomputed from its
// documented definition with OpenSSL's one-shot SHA256 rather than the
// store's code.
//
//   {
//     RawDb raw(path);               // drops the append-only triggers
//     EditActor(raw, 5, "someone-else");
//     Rehash(raw, 5, 10);            // a forger recomputing every later hash
//   }
#ifndef SCORECARD_TESTS_SERVICES_AUDIT_RAW_AUDIT_DB_H_
#define SCORECARD_TESTS_SERVICES_AUDIT_RAW_AUDIT_DB_H_

#include <openssl/sha.h>
#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "scorecard/audit/v1/audit_service.pb.h"
#include "services/audit/audit_store.h"

namespace scorecard::audit {

// Raw access to a database file behind the store's back, as an attacker (or
// an auditor) would have it. The append-only triggers are dropped first, as
// anyone who can write the file can.
class RawDb {
 public:
  explicit RawDb(const std::string& path) {
    EXPECT_EQ(sqlite3_open(path.c_str(), &db_), SQLITE_OK);
    Exec(
        "DROP TRIGGER IF EXISTS events_append_only_u;"
        "DROP TRIGGER IF EXISTS events_append_only_d;"
        "DROP TRIGGER IF EXISTS event_subjects_append_only_u;"
        "DROP TRIGGER IF EXISTS event_subjects_append_only_d;"
        "DROP TRIGGER IF EXISTS subject_index_append_only_u;"
        "DROP TRIGGER IF EXISTS subject_index_append_only_d;");
  }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;
  ~RawDb() { sqlite3_close(db_); }

  sqlite3* get() { return db_; }

  void Exec(const std::string& sql) {
    char* error = nullptr;
    EXPECT_EQ(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK)
        << sql << ": " << (error ? error : "");
    sqlite3_free(error);
  }

  // Runs `sql` with ?1.. bound to `blobs`.
  void ExecWithBlobs(const std::string& sql, const std::vector<std::string>& blobs) {
    sqlite3_stmt* statement = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db_, sql.c_str(), -1, &statement, nullptr), SQLITE_OK) << sql;
    for (size_t i = 0; i < blobs.size(); ++i) {
      sqlite3_bind_blob(statement, static_cast<int>(i) + 1, blobs[i].data(),
                        static_cast<int>(blobs[i].size()), SQLITE_TRANSIENT);
    }
    EXPECT_EQ(sqlite3_step(statement), SQLITE_DONE) << sql << ": " << sqlite3_errmsg(db_);
    sqlite3_finalize(statement);
  }

  // The single column of the single row `sql` returns, as bytes.
  std::string Blob(const std::string& sql) {
    sqlite3_stmt* statement = nullptr;
    std::string value;
    EXPECT_EQ(sqlite3_prepare_v2(db_, sql.c_str(), -1, &statement, nullptr), SQLITE_OK) << sql;
    if (sqlite3_step(statement) == SQLITE_ROW) {
      const void* data = sqlite3_column_blob(statement, 0);
      value.assign(static_cast<const char*>(data), sqlite3_column_bytes(statement, 0));
    } else {
      ADD_FAILURE() << "no row: " << sql;
    }
    sqlite3_finalize(statement);
    return value;
  }

  int64_t Int(const std::string& sql) {
    sqlite3_stmt* statement = nullptr;
    int64_t value = -1;
    EXPECT_EQ(sqlite3_prepare_v2(db_, sql.c_str(), -1, &statement, nullptr), SQLITE_OK) << sql;
    if (sqlite3_step(statement) == SQLITE_ROW) value = sqlite3_column_int64(statement, 0);
    sqlite3_finalize(statement);
    return value;
  }

 private:
  sqlite3* db_ = nullptr;
};

inline std::string BigEndian64(uint64_t value) {
  std::string out;
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>(value >> shift));
  return out;
}

inline std::string IndependentRowHash(const std::string& prev_hash, int64_t sequence,
                                      int64_t recorded_at_us, const std::string& event_bytes) {
  const std::string input = prev_hash + BigEndian64(sequence) + BigEndian64(recorded_at_us) +
                            BigEndian64(event_bytes.size()) + event_bytes;
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest);
  return std::string(reinterpret_cast<const char*>(digest), sizeof(digest));
}

// Rewrites row `sequence`'s event with another actor, keeping the row's
// searchable copy in step, as a careful forger would.
inline void EditActor(RawDb& raw, int64_t sequence, const std::string& actor) {
  const std::string where = absl::StrCat(" FROM events WHERE sequence = ", sequence);
  v1::AuditEvent event;
  ASSERT_TRUE(event.ParseFromString(raw.Blob("SELECT event" + where)));
  event.set_actor(actor);
  const int64_t recorded_at_us = raw.Int("SELECT recorded_at_us" + where);
  raw.ExecWithBlobs(
      absl::StrCat("UPDATE events SET event = ?1, actor = ?2 WHERE sequence = ", sequence),
      {CanonicalEventBytes(event, sequence, recorded_at_us), actor});
}

// Recomputes prev_hash and row_hash of rows first..last with the real
// algorithm: the chain holds no secret.
inline void Rehash(RawDb& raw, int64_t first, int64_t last) {
  std::string prev = first == 1 ? std::string(32, '\0')
                                : raw.Blob(absl::StrCat("SELECT row_hash FROM events WHERE "
                                                        "sequence = ",
                                                        first - 1));
  for (int64_t sequence = first; sequence <= last; ++sequence) {
    const std::string where = absl::StrCat(" FROM events WHERE sequence = ", sequence);
    const std::string row_hash = IndependentRowHash(
        prev, sequence, raw.Int("SELECT recorded_at_us" + where), raw.Blob("SELECT event" + where));
    raw.ExecWithBlobs(
        absl::StrCat("UPDATE events SET prev_hash = ?1, row_hash = ?2 WHERE sequence = ", sequence),
        {prev, row_hash});
    prev = row_hash;
  }
}

// Copies a closed log (and any WAL files) to `to`.
inline void CopyLog(const std::string& from, const std::string& to) {
  std::filesystem::copy_file(from, to, std::filesystem::copy_options::overwrite_existing);
  for (const char* suffix : {"-wal", "-shm"}) {
    std::filesystem::remove(to + suffix);
    if (std::filesystem::exists(from + suffix)) {
      std::filesystem::copy_file(from + suffix, to + suffix);
    }
  }
}

}  // namespace scorecard::audit

#endif  // SCORECARD_TESTS_SERVICES_AUDIT_RAW_AUDIT_DB_H_
