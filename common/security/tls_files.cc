#include "common/security/tls_files.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>

#include "absl/strings/str_cat.h"

namespace scorecard {
namespace {

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
struct PkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct StoreFree {
  void operator()(X509_STORE* s) const { X509_STORE_free(s); }
};
struct StoreCtxFree {
  void operator()(X509_STORE_CTX* c) const { X509_STORE_CTX_free(c); }
};
struct StackFree {
  void operator()(STACK_OF(X509) * s) const { sk_X509_free(s); }
};
using CertPtr = std::unique_ptr<X509, X509Free>;

// Never prompt on the terminal for a passphrase: a service has no one to answer.
int NoPassphrase(char*, int, int, void*) { return -1; }

absl::StatusOr<std::string> ReadFile(absl::string_view flag, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::FailedPreconditionError(
        absl::StrCat(flag, ": cannot read ", path, ": ", std::strerror(errno)));
  }
  std::ostringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

std::unique_ptr<BIO, BioFree> MemoryBio(const std::string& pem) {
  return std::unique_ptr<BIO, BioFree>(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

absl::StatusOr<std::vector<CertPtr>> ParseCertificates(absl::string_view flag,
                                                       const std::string& path,
                                                       const std::string& pem) {
  std::vector<CertPtr> certs;
  auto bio = MemoryBio(pem);
  while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, NoPassphrase, nullptr)) {
    certs.emplace_back(cert);
  }
  // The loop ends with a "no start line" error on the queue; it is expected, not a fault.
  ERR_clear_error();
  if (certs.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat(flag, ": ", path, " holds no PEM certificate"));
  }
  return certs;
}

bool Expired(X509* cert) { return X509_cmp_current_time(X509_get0_notAfter(cert)) < 0; }

}  // namespace

absl::StatusOr<TlsMaterial> LoadTlsMaterial(const TlsFiles& files, bool need_identity) {
  TlsMaterial material;
  if (files.ca_file.empty()) {
    return absl::FailedPreconditionError(
        "--tls_ca: a CA bundle is required to verify peers' certificates");
  }
  absl::StatusOr<std::string> ca = ReadFile("--tls_ca", files.ca_file);
  if (!ca.ok()) return ca.status();
  absl::StatusOr<std::vector<CertPtr>> ca_certs = ParseCertificates("--tls_ca", files.ca_file, *ca);
  if (!ca_certs.ok()) return ca_certs.status();
  material.ca_pem = *std::move(ca);

  const bool has_cert = !files.cert_file.empty();
  const bool has_key = !files.key_file.empty();
  if (has_cert != has_key) {
    return absl::FailedPreconditionError(
        "--tls_cert and --tls_key go together: give both or neither");
  }
  if (!has_cert) {
    if (need_identity) {
      return absl::FailedPreconditionError("--tls_cert and --tls_key are required with --tls_ca");
    }
    return material;
  }

  absl::StatusOr<std::string> chain = ReadFile("--tls_cert", files.cert_file);
  if (!chain.ok()) return chain.status();
  absl::StatusOr<std::vector<CertPtr>> certs =
      ParseCertificates("--tls_cert", files.cert_file, *chain);
  if (!certs.ok()) return certs.status();
  X509* leaf = (*certs)[0].get();
  if (Expired(leaf)) {
    return absl::FailedPreconditionError(
        absl::StrCat("--tls_cert: ", files.cert_file, " has expired"));
  }

  absl::StatusOr<std::string> key = ReadFile("--tls_key", files.key_file);
  if (!key.ok()) return key.status();
  auto key_bio = MemoryBio(*key);
  std::unique_ptr<EVP_PKEY, PkeyFree> pkey(
      PEM_read_bio_PrivateKey(key_bio.get(), nullptr, NoPassphrase, nullptr));
  ERR_clear_error();
  if (pkey == nullptr) {
    return absl::FailedPreconditionError(absl::StrCat(
        "--tls_key: ", files.key_file,
        " is not an unencrypted PEM private key (passphrase-protected keys are not supported)"));
  }
  if (X509_check_private_key(leaf, pkey.get()) != 1) {
    ERR_clear_error();
    return absl::FailedPreconditionError(absl::StrCat("--tls_key: ", files.key_file,
                                                      " does not belong to --tls_cert ",
                                                      files.cert_file));
  }

  struct stat key_stat;
  if (stat(files.key_file.c_str(), &key_stat) == 0 && (key_stat.st_mode & 077) != 0) {
    material.warnings.push_back(absl::StrCat("--tls_key: ", files.key_file,
                                             " is readable by group or others; chmod 600 it"));
  }

  // A server certificate may come from a different CA than the one trusted for clients,
  // so a chain that does not verify against --tls_ca is worth a warning, not a refusal.
  std::unique_ptr<X509_STORE, StoreFree> store(X509_STORE_new());
  for (const CertPtr& ca_cert : *ca_certs) X509_STORE_add_cert(store.get(), ca_cert.get());
  std::unique_ptr<STACK_OF(X509), StackFree> untrusted(sk_X509_new_null());
  for (size_t i = 1; i < certs->size(); ++i) sk_X509_push(untrusted.get(), (*certs)[i].get());
  std::unique_ptr<X509_STORE_CTX, StoreCtxFree> verify(X509_STORE_CTX_new());
  if (X509_STORE_CTX_init(verify.get(), store.get(), leaf, untrusted.get()) == 1 &&
      X509_verify_cert(verify.get()) != 1) {
    material.warnings.push_back(absl::StrCat(
        "--tls_cert: ", files.cert_file, " does not verify against --tls_ca ", files.ca_file, ": ",
        X509_verify_cert_error_string(X509_STORE_CTX_get_error(verify.get()))));
  }
  ERR_clear_error();

  material.cert_chain_pem = *std::move(chain);
  material.private_key_pem = *std::move(key);
  return material;
}

}  // namespace scorecard
