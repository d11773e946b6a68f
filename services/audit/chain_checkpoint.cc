#include "services/audit/chain_checkpoint.h"

#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "common/server/log.h"
#include "common/status/status_macros.h"

namespace scorecard::audit {
namespace {

constexpr char kMagicLine[] = "scorecard-audit-checkpoint v1";
constexpr char kFilePrefix[] = "checkpoint-";
constexpr char kFileSuffix[] = ".txt";
constexpr int kSequenceDigits = 20;
constexpr char kTimeFormat[] = "%Y-%m-%dT%H:%M:%E6SZ";
// A checkpoint file is about 330 bytes; anything much larger is not one.
constexpr size_t kMaxCheckpointFileBytes = 4096;
constexpr int kKeyIdBytes = 8;

using BioPtr = std::unique_ptr<BIO, decltype(&BIO_free)>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

// OpenSSL keeps a per-thread error queue; leaving entries behind would
// confuse the next OpenSSL user on this thread (gRPC's TLS among them).
std::string DrainOpenSslErrors() {
  std::string text;
  while (unsigned long code = ERR_get_error()) {
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof(buffer));
    if (!text.empty()) text.append("; ");
    text.append(buffer);
  }
  return text.empty() ? "no detail" : text;
}

absl::Status ErrnoStatus(absl::string_view what, const std::string& path, int error) {
  const std::string message = absl::StrCat(what, " ", path, ": ", std::strerror(error));
  switch (error) {
    case ENOENT:
      return absl::NotFoundError(message);
    case EEXIST:
      return absl::AlreadyExistsError(message);
    case EACCES:
    case EPERM:
      return absl::PermissionDeniedError(message);
    default:
      return absl::InternalError(message);
  }
}

absl::Status WriteAll(int fd, absl::string_view bytes, const std::string& path) {
  while (!bytes.empty()) {
    const ssize_t written = ::write(fd, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus("cannot write", path, errno);
    }
    bytes.remove_prefix(static_cast<size_t>(written));
  }
  return absl::OkStatus();
}

// Writes `bytes` to a new file at `path` (which must not exist) with `mode`,
// and fsyncs it.
absl::Status WriteNewFile(const std::string& path, absl::string_view bytes, mode_t mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return ErrnoStatus("cannot create", path, errno);
  absl::Status status = WriteAll(fd, bytes, path);
  if (status.ok() && ::fsync(fd) != 0) status = ErrnoStatus("cannot fsync", path, errno);
  if (::close(fd) != 0 && status.ok()) status = ErrnoStatus("cannot close", path, errno);
  if (!status.ok()) ::unlink(path.c_str());
  return status;
}

// Makes a rename, link or unlink in `dir` durable.
absl::Status SyncDirectory(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("cannot open folder", dir, errno);
  absl::Status status;
  if (::fsync(fd) != 0) status = ErrnoStatus("cannot fsync folder", dir, errno);
  ::close(fd);
  return status;
}

absl::StatusOr<std::string> ReadSmallFile(const std::string& path, size_t limit) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::string contents;
  contents.resize(limit + 1);
  in.read(contents.data(), static_cast<std::streamsize>(contents.size()));
  if (in.bad()) return absl::InternalError(absl::StrCat("cannot read ", path));
  contents.resize(static_cast<size_t>(in.gcount()));
  if (contents.size() > limit) {
    return absl::InvalidArgumentError(absl::StrCat("larger than ", limit, " bytes"));
  }
  return contents;
}

absl::StatusOr<std::string> RawPublicKey(EVP_PKEY* key) {
  std::array<unsigned char, 64> raw;
  size_t length = raw.size();
  if (EVP_PKEY_get_raw_public_key(key, raw.data(), &length) != 1) {
    return absl::InternalError(
        absl::StrCat("checkpoint key: cannot read the public key: ", DrainOpenSslErrors()));
  }
  return std::string(reinterpret_cast<const char*>(raw.data()), length);
}

absl::StatusOr<std::string> Sha256(absl::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest;
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1) {
    return absl::InternalError(absl::StrCat("SHA-256 failed: ", DrainOpenSslErrors()));
  }
  return std::string(reinterpret_cast<const char*>(digest.data()), length);
}

absl::Time TruncateToMicros(absl::Time t) { return absl::FromUnixMicros(absl::ToUnixMicros(t)); }

// "checkpoint-00000000000000001042.txt" -> 1042; nullopt-like -1 otherwise.
int64_t SequenceFromFileName(absl::string_view name) {
  if (!absl::ConsumePrefix(&name, kFilePrefix) || !absl::ConsumeSuffix(&name, kFileSuffix) ||
      name.size() != static_cast<size_t>(kSequenceDigits)) {
    return -1;
  }
  int64_t sequence = 0;
  for (char c : name) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return -1;
  }
  if (!absl::SimpleAtoi(name, &sequence)) return -1;
  return sequence;
}

}  // namespace

// ---------------------------------------------------------------------------
// CheckpointKey

absl::StatusOr<CheckpointKey> CheckpointKey::FromKey(EVP_PKEY* key, bool can_sign) {
  if (EVP_PKEY_get_id(key) != EVP_PKEY_ED25519) {
    EVP_PKEY_free(key);
    return absl::FailedPreconditionError("checkpoint key: not an Ed25519 key");
  }
  absl::StatusOr<std::string> raw = RawPublicKey(key);
  if (!raw.ok()) {
    EVP_PKEY_free(key);
    return raw.status();
  }
  absl::StatusOr<std::string> digest = Sha256(*raw);
  if (!digest.ok()) {
    EVP_PKEY_free(key);
    return digest.status();
  }
  return CheckpointKey(key, can_sign,
                       absl::BytesToHexString(absl::string_view(*digest).substr(0, kKeyIdBytes)));
}

absl::StatusOr<CheckpointKey> CheckpointKey::FromPem(absl::string_view pem) {
  const bool is_public = absl::StrContains(pem, "-----BEGIN PUBLIC KEY-----");
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
  if (bio == nullptr) return absl::InternalError("checkpoint key: out of memory");
  EVP_PKEY* key = is_public ? PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr)
                            : PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr);
  if (key == nullptr) {
    // The OpenSSL detail says what failed to parse, never key bytes.
    return absl::FailedPreconditionError(
        absl::StrCat("checkpoint key: not a PEM key: ", DrainOpenSslErrors()));
  }
  return FromKey(key, !is_public);
}

absl::StatusOr<CheckpointKey> CheckpointKey::LoadPem(const std::string& path) {
  struct stat info;
  if (::stat(path.c_str(), &info) != 0) {
    return ErrnoStatus("checkpoint key: cannot read", path, errno);
  }
  if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    LogWarning("audit", absl::StrCat("checkpoint key ", path,
                                     " is readable by other users; it should be mode 0600"));
  }
  absl::StatusOr<std::string> pem = ReadSmallFile(path, 64 * 1024);
  if (!pem.ok()) {
    return absl::Status(pem.status().code(),
                        absl::StrCat("checkpoint key ", path, ": ", pem.status().message()));
  }
  absl::StatusOr<CheckpointKey> key = FromPem(*pem);
  if (!key.ok()) {
    return absl::Status(key.status().code(), absl::StrCat(key.status().message(), " (", path, ")"));
  }
  return key;
}

CheckpointKey::CheckpointKey(CheckpointKey&& other) noexcept
    : key_(std::exchange(other.key_, nullptr)),
      can_sign_(other.can_sign_),
      key_id_(std::move(other.key_id_)) {}

CheckpointKey& CheckpointKey::operator=(CheckpointKey&& other) noexcept {
  if (this != &other) {
    EVP_PKEY_free(key_);
    key_ = std::exchange(other.key_, nullptr);
    can_sign_ = other.can_sign_;
    key_id_ = std::move(other.key_id_);
  }
  return *this;
}

CheckpointKey::~CheckpointKey() { EVP_PKEY_free(key_); }

absl::StatusOr<std::string> CheckpointKey::PublicKeyPem() const {
  BioPtr bio(BIO_new(BIO_s_mem()), &BIO_free);
  if (bio == nullptr || PEM_write_bio_PUBKEY(bio.get(), key_) != 1) {
    return absl::InternalError(
        absl::StrCat("checkpoint key: cannot write the public key: ", DrainOpenSslErrors()));
  }
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(length));
}

absl::StatusOr<std::string> CheckpointKey::Sign(absl::string_view message) const {
  if (!can_sign_) return absl::FailedPreconditionError("checkpoint key: public key only");
  MdCtxPtr context(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  std::array<unsigned char, kEd25519SignatureBytes> signature;
  size_t length = signature.size();
  // Ed25519 hashes internally: no digest is named, and the one-shot call is required.
  if (context == nullptr ||
      EVP_DigestSignInit(context.get(), nullptr, nullptr, nullptr, key_) != 1 ||
      EVP_DigestSign(context.get(), signature.data(), &length,
                     reinterpret_cast<const unsigned char*>(message.data()), message.size()) != 1 ||
      length != signature.size()) {
    return absl::InternalError(
        absl::StrCat("checkpoint key: signing failed: ", DrainOpenSslErrors()));
  }
  return std::string(reinterpret_cast<const char*>(signature.data()), length);
}

bool CheckpointKey::Verify(absl::string_view message, absl::string_view signature) const {
  if (signature.size() != static_cast<size_t>(kEd25519SignatureBytes)) return false;
  MdCtxPtr context(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  const bool valid =
      context != nullptr &&
      EVP_DigestVerifyInit(context.get(), nullptr, nullptr, nullptr, key_) == 1 &&
      EVP_DigestVerify(context.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                       signature.size(), reinterpret_cast<const unsigned char*>(message.data()),
                       message.size()) == 1;
  if (!valid) ERR_clear_error();
  return valid;
}

absl::Status GenerateCheckpointKeyFile(const std::string& path) {
  std::error_code error;
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) {
    std::filesystem::create_directories(parent, error);
    if (error) {
      return absl::InternalError(
          absl::StrCat("cannot create folder ", parent.string(), ": ", error.message()));
    }
  }
  if (std::filesystem::exists(path, error)) {
    return absl::AlreadyExistsError(absl::StrCat("checkpoint key ", path, " already exists"));
  }
  EVP_PKEY* key = nullptr;
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> context(
      EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr), &EVP_PKEY_CTX_free);
  if (context == nullptr || EVP_PKEY_keygen_init(context.get()) != 1 ||
      EVP_PKEY_keygen(context.get(), &key) != 1) {
    return absl::InternalError(
        absl::StrCat("checkpoint key: generation failed: ", DrainOpenSslErrors()));
  }
  absl::Cleanup free_key = [key] { EVP_PKEY_free(key); };
  BioPtr bio(BIO_new(BIO_s_mem()), &BIO_free);
  if (bio == nullptr ||
      PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return absl::InternalError(
        absl::StrCat("checkpoint key: cannot encode: ", DrainOpenSslErrors()));
  }
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  SCORECARD_RETURN_IF_ERROR(
      WriteNewFile(path, absl::string_view(data, static_cast<size_t>(length)), 0600));
  if (!parent.empty()) SCORECARD_RETURN_IF_ERROR(SyncDirectory(parent.string()));
  return absl::OkStatus();
}

// ---------------------------------------------------------------------------
// Checkpoint text

std::string CheckpointSignedText(const SignedCheckpoint& checkpoint) {
  const std::string signed_at =
      absl::FormatTime(kTimeFormat, checkpoint.signed_at, absl::UTCTimeZone());
  return absl::StrCat(kMagicLine, "\n",                                                  //
                      "sequence ", checkpoint.sequence, "\n",                            //
                      "head_hash ", absl::BytesToHexString(checkpoint.head_hash), "\n",  //
                      "signed_at ", signed_at, "\n",                                     //
                      "key_id ", checkpoint.key_id, "\n");
}

std::string FormatCheckpoint(const SignedCheckpoint& checkpoint) {
  return absl::StrCat(CheckpointSignedText(checkpoint), "signature ",
                      absl::BytesToHexString(checkpoint.signature), "\n");
}

absl::StatusOr<SignedCheckpoint> ParseCheckpoint(absl::string_view text) {
  std::vector<absl::string_view> lines = absl::StrSplit(text, '\n');
  // Six lines, each ending in a newline: the split leaves one empty piece.
  if (lines.size() != 7 || !lines.back().empty()) {
    return absl::InvalidArgumentError("not six newline-terminated lines");
  }
  if (lines[0] != kMagicLine) return absl::InvalidArgumentError("line 1: not a v1 checkpoint");
  const char* const keys[] = {"sequence ", "head_hash ", "signed_at ", "key_id ", "signature "};
  std::vector<absl::string_view> values;
  for (int i = 0; i < 5; ++i) {
    absl::string_view line = lines[i + 1];
    if (!absl::ConsumePrefix(&line, keys[i])) {
      return absl::InvalidArgumentError(absl::StrCat(
          "line ", i + 2, ": expected \"", absl::StripTrailingAsciiWhitespace(keys[i]), "\""));
    }
    values.push_back(line);
  }
  SignedCheckpoint checkpoint;
  if (!absl::SimpleAtoi(values[0], &checkpoint.sequence) || checkpoint.sequence < 1) {
    return absl::InvalidArgumentError("sequence: not a positive integer");
  }
  const auto hex_bytes = [](absl::string_view hex, size_t bytes, std::string* out) {
    if (hex.size() != 2 * bytes) return false;
    for (char c : hex) {
      if (!absl::ascii_isxdigit(static_cast<unsigned char>(c)) ||
          absl::ascii_isupper(static_cast<unsigned char>(c))) {
        return false;
      }
    }
    *out = absl::HexStringToBytes(hex);
    return true;
  };
  if (!hex_bytes(values[1], kSha256Bytes, &checkpoint.head_hash)) {
    return absl::InvalidArgumentError("head_hash: not 64 lower-case hex digits");
  }
  std::string parse_error;
  if (!absl::ParseTime(kTimeFormat, values[2], absl::UTCTimeZone(), &checkpoint.signed_at,
                       &parse_error)) {
    return absl::InvalidArgumentError("signed_at: not an RFC 3339 UTC time with microseconds");
  }
  std::string key_id_bytes;
  if (!hex_bytes(values[3], kKeyIdBytes, &key_id_bytes)) {
    return absl::InvalidArgumentError("key_id: not 16 lower-case hex digits");
  }
  checkpoint.key_id = std::string(values[3]);
  if (!hex_bytes(values[4], kEd25519SignatureBytes, &checkpoint.signature)) {
    return absl::InvalidArgumentError("signature: not 128 lower-case hex digits");
  }
  // Only one spelling of each value is signed: leading zeros, "+", other time
  // spellings and the like would otherwise pass unsigned.
  const std::string signed_text = CheckpointSignedText(checkpoint);
  if (!absl::StartsWith(text, signed_text) ||
      text.size() != signed_text.size() + lines[5].size() + 1) {
    return absl::InvalidArgumentError("not in canonical form");
  }
  return checkpoint;
}

absl::StatusOr<SignedCheckpoint> SignCheckpoint(const CheckpointKey& key, const ChainHead& head,
                                                absl::Time signed_at) {
  if (head.sequence < 1 || head.row_hash.size() != static_cast<size_t>(kSha256Bytes)) {
    return absl::InvalidArgumentError("checkpoint: the head is empty or malformed");
  }
  SignedCheckpoint checkpoint;
  checkpoint.sequence = head.sequence;
  checkpoint.head_hash = head.row_hash;
  checkpoint.signed_at = TruncateToMicros(signed_at);
  checkpoint.key_id = key.key_id();
  SCORECARD_ASSIGN_OR_RETURN(checkpoint.signature, key.Sign(CheckpointSignedText(checkpoint)));
  return checkpoint;
}

absl::Status VerifyCheckpoint(const CheckpointKey& key, const SignedCheckpoint& checkpoint) {
  if (checkpoint.key_id != key.key_id()) {
    return absl::PermissionDeniedError(absl::StrCat(
        "signed with another key (key_id ", checkpoint.key_id, ", expected ", key.key_id(), ")"));
  }
  if (!key.Verify(CheckpointSignedText(checkpoint), checkpoint.signature)) {
    return absl::PermissionDeniedError("bad signature (altered or forged)");
  }
  return absl::OkStatus();
}

// ---------------------------------------------------------------------------
// CheckpointDirectory

std::vector<ChainAnchor> CheckpointSet::Anchors() const {
  std::vector<ChainAnchor> anchors;
  anchors.reserve(valid.size());
  for (const SignedCheckpoint& checkpoint : valid) {
    anchors.push_back(ChainAnchor{checkpoint.sequence, checkpoint.head_hash,
                                  absl::StrCat("checkpoint ", checkpoint.file)});
  }
  return anchors;
}

std::string CheckpointDirectory::FileName(int64_t sequence) {
  return absl::StrFormat("%s%020d%s", kFilePrefix, sequence, kFileSuffix);
}

absl::Status CheckpointDirectory::EnsureExists() const {
  std::error_code error;
  std::filesystem::create_directories(dir_, error);
  if (error) {
    return absl::InternalError(
        absl::StrCat("cannot create checkpoint folder ", dir_, ": ", error.message()));
  }
  std::filesystem::permissions(dir_, std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace, error);
  return absl::OkStatus();  // Permissions are best effort: the folder may not be ours.
}

absl::StatusOr<SignedCheckpoint> CheckpointDirectory::Write(const ChainHead& head,
                                                            absl::Time signed_at) const {
  SCORECARD_ASSIGN_OR_RETURN(SignedCheckpoint checkpoint, SignCheckpoint(*key_, head, signed_at));
  checkpoint.file = FileName(checkpoint.sequence);
  const std::string final_path = absl::StrCat(dir_, "/", checkpoint.file);
  // Hidden and unique to this process, so Load never reads it half-written.
  const std::string temp_path =
      absl::StrCat(dir_, "/.", checkpoint.file, ".tmp-", static_cast<int64_t>(::getpid()));
  ::unlink(temp_path.c_str());  // Left over from a crash of an earlier process with our pid.
  SCORECARD_RETURN_IF_ERROR(WriteNewFile(temp_path, FormatCheckpoint(checkpoint), 0600));
  // link() rather than rename(): it refuses to replace an existing checkpoint.
  const int linked = ::link(temp_path.c_str(), final_path.c_str());
  const int link_error = errno;
  ::unlink(temp_path.c_str());
  if (linked != 0) return ErrnoStatus("cannot write checkpoint", final_path, link_error);
  SCORECARD_RETURN_IF_ERROR(SyncDirectory(dir_));
  return checkpoint;
}

CheckpointSet CheckpointDirectory::Load() const {
  CheckpointSet set;
  std::error_code error;
  std::filesystem::directory_iterator it(dir_, error);
  if (error) {
    if (error != std::errc::no_such_file_or_directory) {
      set.rejected.push_back({dir_, absl::StrCat("cannot list the folder: ", error.message())});
    }
    return set;
  }
  for (; it != std::filesystem::directory_iterator(); it.increment(error)) {
    if (error) {
      set.rejected.push_back({dir_, absl::StrCat("cannot list the folder: ", error.message())});
      break;
    }
    const std::string name = it->path().filename().string();
    if (!absl::StartsWith(name, kFilePrefix) || !absl::EndsWith(name, kFileSuffix)) continue;
    const auto reject = [&set, &name](absl::string_view reason) {
      set.rejected.push_back({name, std::string(reason)});
    };
    const int64_t named_sequence = SequenceFromFileName(name);
    if (named_sequence < 0) {
      reject("file name is not checkpoint-<20 digits>.txt");
      continue;
    }
    absl::StatusOr<std::string> text = ReadSmallFile(it->path().string(), kMaxCheckpointFileBytes);
    if (!text.ok()) {
      reject(text.status().message());
      continue;
    }
    absl::StatusOr<SignedCheckpoint> checkpoint = ParseCheckpoint(*text);
    if (!checkpoint.ok()) {
      reject(absl::StrCat("malformed: ", checkpoint.status().message()));
      continue;
    }
    if (absl::Status signature = VerifyCheckpoint(*key_, *checkpoint); !signature.ok()) {
      reject(signature.message());
      continue;
    }
    // The name is not signed; a renamed file would misfile the checkpoint.
    if (checkpoint->sequence != named_sequence) {
      reject(absl::StrCat("renamed: it checkpoints sequence ", checkpoint->sequence));
      continue;
    }
    checkpoint->file = name;
    set.valid.push_back(*std::move(checkpoint));
  }
  std::sort(set.valid.begin(), set.valid.end(),
            [](const SignedCheckpoint& a, const SignedCheckpoint& b) {
              return a.sequence != b.sequence ? a.sequence < b.sequence : a.file < b.file;
            });
  std::sort(set.rejected.begin(), set.rejected.end(),
            [](const RejectedCheckpointFile& a, const RejectedCheckpointFile& b) {
              return a.file < b.file;
            });
  return set;
}

absl::Status CheckpointDirectory::Remove(const std::string& file) const {
  const std::string path = absl::StrCat(dir_, "/", file);
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
    return ErrnoStatus("cannot remove checkpoint", path, errno);
  }
  return SyncDirectory(dir_);
}

}  // namespace scorecard::audit
