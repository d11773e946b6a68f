// Signed checkpoints of the audit chain's head, kept as files outside the
// database, so that truncating the log or rewriting it (hashes and all) is
// detected: the rows alone cannot show either, since the chain holds no
// secret.
//
//   absl::StatusOr<CheckpointKey> key = CheckpointKey::LoadPem("/etc/scorecard/audit-ckpt.pem");
//   CheckpointDirectory dir("/var/lib/scorecard/audit-checkpoints", &*key);
//   absl::StatusOr<SignedCheckpoint> written = dir.Write(store->Head(), absl::Now());
//   CheckpointSet found = dir.Load();       // validly signed ones, newest last
//   std::vector<ChainAnchor> anchors = found.Anchors();
//   absl::StatusOr<ChainVerification> check = store->VerifyChain(anchors);
//
// The key is Ed25519 (OpenSSL EVP), a PKCS#8 PEM file; make one with
// GenerateCheckpointKeyFile() (or `audit_server --create_checkpoint_key`, or
// `openssl genpkey -algorithm ed25519 -out key.pem`). Never commit it: the
// repository ignores var/ and *.pem.
//
// One checkpoint per file, "checkpoint-<sequence, 20 digits>.txt", text:
//
//   scorecard-audit-checkpoint v1
//   sequence 1042
//   head_hash <64 hex digits: row_hash of row `sequence`>
//   signed_at 2026-03-31T10:15:00.123456Z
//   key_id <16 hex digits: first 8 bytes of SHA-256 of the raw public key>
//   signature <128 hex digits: Ed25519 over every line above, newlines included>
//
// Parsing is strict: the signed lines are rebuilt from the parsed values and
// must equal the file's bytes, so nothing unsigned can ride along. A file is
// written to a temporary name, fsynced, then linked into place (never over an
// existing checkpoint), and the folder is fsynced.
//
// What this does not defend against: someone who can delete files in the
// checkpoint folder can remove the checkpoints that would expose them, and
// someone who holds the private key can sign a forged head. Ship the folder
// to a host (or WORM storage) the audit host cannot write, and keep the key
// readable only by the audit service.
//
// Nothing here throws; errors name files and positions, never key material.
#ifndef SCORECARD_SERVICES_AUDIT_CHAIN_CHECKPOINT_H_
#define SCORECARD_SERVICES_AUDIT_CHAIN_CHECKPOINT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/audit/audit_store.h"

typedef struct evp_pkey_st EVP_PKEY;

namespace scorecard::audit {

inline constexpr int kEd25519SignatureBytes = 64;

// An Ed25519 key pair (or only its public half) for signing and verifying
// checkpoints. Move-only.
class CheckpointKey {
 public:
  // Reads a PEM private key (PKCS#8, as `openssl genpkey` writes it).
  // FAILED_PRECONDITION if it is not Ed25519; NOT_FOUND if the file is missing.
  [[nodiscard]] static absl::StatusOr<CheckpointKey> LoadPem(const std::string& path);
  // From PEM text, private ("PRIVATE KEY") or public ("PUBLIC KEY"); a key
  // made from a public key can verify but not sign.
  [[nodiscard]] static absl::StatusOr<CheckpointKey> FromPem(absl::string_view pem);

  CheckpointKey(CheckpointKey&&) noexcept;
  CheckpointKey& operator=(CheckpointKey&&) noexcept;
  ~CheckpointKey();

  bool can_sign() const { return can_sign_; }
  // First 8 bytes of SHA-256 of the raw 32-byte public key, as hex.
  const std::string& key_id() const { return key_id_; }
  // The public half as PEM, for a verifier elsewhere.
  [[nodiscard]] absl::StatusOr<std::string> PublicKeyPem() const;

  [[nodiscard]] absl::StatusOr<std::string> Sign(absl::string_view message) const;
  bool Verify(absl::string_view message, absl::string_view signature) const;

 private:
  CheckpointKey(EVP_PKEY* key, bool can_sign, std::string key_id)
      : key_(key), can_sign_(can_sign), key_id_(std::move(key_id)) {}
  static absl::StatusOr<CheckpointKey> FromKey(EVP_PKEY* key, bool can_sign);

  EVP_PKEY* key_ = nullptr;
  bool can_sign_ = false;
  std::string key_id_;
};

// Creates a new Ed25519 private key at `path` (PEM, mode 0600, parent
// folders created). ALREADY_EXISTS if the file exists: a key is never
// replaced, since checkpoints signed with it would stop verifying.
[[nodiscard]] absl::Status GenerateCheckpointKeyFile(const std::string& path);

struct SignedCheckpoint {
  int64_t sequence = 0;
  std::string head_hash;  // 32 bytes.
  absl::Time signed_at;
  std::string key_id;
  std::string signature;  // 64 bytes.
  // Base name of its file, when it came from one (or was written to one).
  std::string file;
};

// The lines the signature covers (see the file comment), newlines included.
std::string CheckpointSignedText(const SignedCheckpoint& checkpoint);
// The whole file: the signed text and the signature line.
std::string FormatCheckpoint(const SignedCheckpoint& checkpoint);
// Parses a file's contents strictly (see the file comment); does not check
// the signature. INVALID_ARGUMENT naming the first problem.
[[nodiscard]] absl::StatusOr<SignedCheckpoint> ParseCheckpoint(absl::string_view text);
// Signs `head` as of `signed_at`. FAILED_PRECONDITION for a verify-only key.
[[nodiscard]] absl::StatusOr<SignedCheckpoint> SignCheckpoint(const CheckpointKey& key,
                                                              const ChainHead& head,
                                                              absl::Time signed_at);
// OK when `checkpoint` carries `key`'s id and a valid signature by it;
// otherwise PERMISSION_DENIED saying which.
[[nodiscard]] absl::Status VerifyCheckpoint(const CheckpointKey& key,
                                            const SignedCheckpoint& checkpoint);

// A checkpoint file that was not trusted.
struct RejectedCheckpointFile {
  std::string file;
  std::string reason;
};

// What a checkpoint folder held.
struct CheckpointSet {
  // Validly signed, by sequence, oldest first.
  std::vector<SignedCheckpoint> valid;
  // Altered, forged, signed with another key, or malformed.
  std::vector<RejectedCheckpointFile> rejected;

  const SignedCheckpoint* newest() const { return valid.empty() ? nullptr : &valid.back(); }
  // One anchor per valid checkpoint, for AuditStore::VerifyChain.
  std::vector<ChainAnchor> Anchors() const;
};

// The checkpoint files in one folder, signed and verified with one key.
// Load may run concurrently with Write and Remove (files appear whole).
class CheckpointDirectory {
 public:
  // `key` is not owned and must outlive this object.
  CheckpointDirectory(std::string dir, const CheckpointKey* key)
      : dir_(std::move(dir)), key_(key) {}

  const std::string& dir() const { return dir_; }

  // Creates the folder if missing (mode 0700).
  [[nodiscard]] absl::Status EnsureExists() const;

  // Signs `head` and writes it durably as checkpoint-<sequence>.txt.
  // ALREADY_EXISTS (writing nothing) if a checkpoint of that sequence exists.
  [[nodiscard]] absl::StatusOr<SignedCheckpoint> Write(const ChainHead& head,
                                                       absl::Time signed_at) const;

  // Reads and verifies every checkpoint-*.txt (temporary files are skipped).
  // A missing folder is an empty set. Two valid files for one sequence with
  // different hashes are both kept: VerifyChain then fails one of them.
  CheckpointSet Load() const;

  // Removes one checkpoint file (by base name), durably. Pruning is the
  // caller's choice: the newest checkpoint covers the whole chain before it,
  // so older ones only narrow down where a rewrite began.
  [[nodiscard]] absl::Status Remove(const std::string& file) const;

  static std::string FileName(int64_t sequence);

 private:
  const std::string dir_;
  const CheckpointKey* const key_;
};

}  // namespace scorecard::audit

#endif  // SCORECARD_SERVICES_AUDIT_CHAIN_CHECKPOINT_H_
