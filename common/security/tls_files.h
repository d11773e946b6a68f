// Reads and checks the PEM files of a TLS identity before gRPC sees them, so that a wrong
// path, a key that does not match its certificate or an empty CA bundle stops a service at
// start-up with a message naming the flag and file, instead of a server that never binds.
//
//   TlsFiles files{.cert_file = "var/ca/services/safeguarding.pem",
//                  .key_file = "var/ca/services/safeguarding.key",
//                  .ca_file = "var/ca/ca.pem"};
//   absl::StatusOr<TlsMaterial> material = LoadTlsMaterial(files, /*need_identity=*/true);
//   options.pem_root_certs = material->ca_pem;  ...
#ifndef SCORECARD_COMMON_SECURITY_TLS_FILES_H_
#define SCORECARD_COMMON_SECURITY_TLS_FILES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace scorecard {

// Paths of a TLS identity and the CA bundle that peers' certificates must chain to.
struct TlsFiles {
  // PEM certificate chain, leaf first (--tls_cert).
  std::string cert_file;
  // PEM private key of the leaf (--tls_key). Should be readable by the owner only.
  std::string key_file;
  // PEM CA certificates trusted for peers (--tls_ca).
  std::string ca_file;

  bool AnySet() const { return !cert_file.empty() || !key_file.empty() || !ca_file.empty(); }
  bool AllSet() const { return !cert_file.empty() && !key_file.empty() && !ca_file.empty(); }
};

// File contents, checked.
struct TlsMaterial {
  std::string cert_chain_pem;  // empty when no identity was asked for
  std::string private_key_pem;
  std::string ca_pem;
  // Non-fatal findings worth a log line, e.g. a group- or world-readable key file.
  std::vector<std::string> warnings;
};

// Reads `files`. The CA bundle is always required; the certificate and key are required
// when `need_identity` (a server, or a client presenting a certificate) and must then
// both be given. Checks that every file parses as PEM, that the key belongs to the
// certificate and that the certificate chains to the CA bundle; errors are
// FAILED_PRECONDITION naming the flag and path.
[[nodiscard]] absl::StatusOr<TlsMaterial> LoadTlsMaterial(const TlsFiles& files,
                                                          bool need_identity);

}  // namespace scorecard

#endif  // SCORECARD_COMMON_SECURITY_TLS_FILES_H_
