// The transport rules of common/server (ListeningCredentials) and of the client channel
// helper, and the PEM checks behind them. No server is started here: see mtls_test.cc and
// server_runner_tls_test.cc.
#include <sys/stat.h>

#include "absl/flags/flag.h"
#include "common/security/channel_credentials.h"
#include "common/security/tls_files.h"
#include "common/server/server_runner.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/security/dev_ca_fixture.h"

namespace scorecard {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::SharedDevCa;

ServerOptions Plaintext(std::string address) {
  ServerOptions options;
  options.name = "test";
  options.listen_address = std::move(address);
  return options;
}

ServerOptions WithTls(TlsFiles files) {
  ServerOptions options = Plaintext("127.0.0.1:0");
  options.tls.files = std::move(files);
  return options;
}

TEST(ListeningCredentialsTest, PlaintextOnLoopbackIsTheLocalQuickStart) {
  EXPECT_TRUE(ListeningCredentials(Plaintext("127.0.0.1:0")).ok());
  EXPECT_TRUE(ListeningCredentials(Plaintext("[::1]:0")).ok());
  EXPECT_TRUE(IsPlaintextLoopback(Plaintext("localhost:0")));
}

TEST(ListeningCredentialsTest, PlaintextElsewhereIsRefusedUnlessExplicitlyAllowed) {
  ServerOptions options = Plaintext("0.0.0.0:7101");
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      ListeningCredentials(options);
  EXPECT_EQ(credentials.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(credentials.status().message(),
              AllOf(HasSubstr("0.0.0.0:7101"), HasSubstr("--tls_cert"),
                    HasSubstr("--allow_insecure_non_loopback")));
  EXPECT_FALSE(IsPlaintextLoopback(options));
  options.allow_insecure_non_loopback = true;
  EXPECT_TRUE(ListeningCredentials(options).ok());
  // Allowed or not, a non-loopback plaintext server is never "local mode".
  EXPECT_FALSE(IsPlaintextLoopback(options));
}

TEST(ListeningCredentialsTest, HalfSetTlsIsRefused) {
  TlsFiles files = SharedDevCa().ServiceFiles("safeguarding");
  files.ca_file.clear();
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      ListeningCredentials(WithTls(files));
  EXPECT_EQ(credentials.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(credentials.status().message(), HasSubstr("half configured"));
  // TLS counts as configured, so this is never mistaken for the local quick start.
  EXPECT_FALSE(IsPlaintextLoopback(WithTls(files)));
}

TEST(ListeningCredentialsTest, ValidFilesGiveTlsCredentials) {
  EXPECT_TRUE(ListeningCredentials(WithTls(SharedDevCa().ServiceFiles("safeguarding"))).ok());
}

TEST(ListeningCredentialsTest, BadFilesNameTheFlagAndPath) {
  TlsFiles missing = SharedDevCa().ServiceFiles("safeguarding");
  missing.cert_file = "/nonexistent/cert.pem";
  EXPECT_THAT(ListeningCredentials(WithTls(missing)).status().message(),
              AllOf(HasSubstr("--tls_cert"), HasSubstr("/nonexistent/cert.pem")));

  TlsFiles mismatched = SharedDevCa().ServiceFiles("safeguarding");
  mismatched.key_file = SharedDevCa().ServiceFiles("workforce").key_file;
  EXPECT_THAT(ListeningCredentials(WithTls(mismatched)).status().message(),
              HasSubstr("does not belong to --tls_cert"));

  TlsFiles not_pem = SharedDevCa().ServiceFiles("safeguarding");
  not_pem.ca_file = SharedDevCa().TokenHashesFile();
  EXPECT_THAT(ListeningCredentials(WithTls(not_pem)).status().message(),
              AllOf(HasSubstr("--tls_ca"), HasSubstr("holds no PEM certificate")));

  TlsFiles key_as_cert = SharedDevCa().ServiceFiles("safeguarding");
  key_as_cert.key_file = key_as_cert.cert_file;
  EXPECT_THAT(ListeningCredentials(WithTls(key_as_cert)).status().message(),
              HasSubstr("is not an unencrypted PEM private key"));
}

TEST(LoadTlsMaterialTest, WarnsAboutReadableKeysAndForeignChains) {
  const TlsFiles good = SharedDevCa().ServiceFiles("placement");
  absl::StatusOr<TlsMaterial> material = LoadTlsMaterial(good, true);
  ASSERT_TRUE(material.ok()) << material.status();
  EXPECT_THAT(material->warnings, IsEmpty());

  // A copy of the key, made group-readable.
  testing::TempDir dir;
  const std::string loose_key = dir.path() + "/loose.key";
  {
    std::string contents = testing::ReadFileOrDie(good.key_file);
    FILE* f = std::fopen(loose_key.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fwrite(contents.data(), 1, contents.size(), f);
    std::fclose(f);
    chmod(loose_key.c_str(), 0640);
  }
  TlsFiles loose = good;
  loose.key_file = loose_key;
  material = LoadTlsMaterial(loose, true);
  ASSERT_TRUE(material.ok()) << material.status();
  EXPECT_THAT(material->warnings, Contains(HasSubstr("readable by group or others")));

  TlsFiles foreign = testing::OtherDevCa().ServiceFiles("placement");
  foreign.ca_file = SharedDevCa().CaFile();
  material = LoadTlsMaterial(foreign, true);
  ASSERT_TRUE(material.ok()) << material.status();
  EXPECT_THAT(material->warnings, Contains(HasSubstr("does not verify against --tls_ca")));
}

TEST(LoadTlsMaterialTest, IdentityRules) {
  TlsFiles ca_only{"", "", SharedDevCa().CaFile()};
  EXPECT_TRUE(LoadTlsMaterial(ca_only, /*need_identity=*/false).ok());
  EXPECT_FALSE(LoadTlsMaterial(ca_only, /*need_identity=*/true).ok());
  TlsFiles cert_only = SharedDevCa().ClientFiles("analyst");
  cert_only.key_file.clear();
  EXPECT_THAT(LoadTlsMaterial(cert_only, false).status().message(), HasSubstr("go together"));
  TlsFiles no_ca = SharedDevCa().ClientFiles("analyst");
  no_ca.ca_file.clear();
  EXPECT_THAT(LoadTlsMaterial(no_ca, false).status().message(), HasSubstr("--tls_ca"));
}

TEST(ChannelCredentialsTest, PlaintextOnlyToLoopback) {
  ClientTlsOptions options;
  EXPECT_TRUE(MakeChannelCredentials("127.0.0.1:7102", options).ok());
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> remote =
      MakeChannelCredentials("safeguarding.internal:7102", options);
  EXPECT_EQ(remote.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(remote.status().message(), HasSubstr("safeguarding.internal:7102"));
  options.allow_insecure_non_loopback = true;
  EXPECT_TRUE(MakeChannelCredentials("safeguarding.internal:7102", options).ok());
}

TEST(ChannelCredentialsTest, TokensOnlyOverTls) {
  ClientTlsOptions options;
  options.bearer_token = "sct_secret";
  EXPECT_THAT(MakeChannelCredentials("127.0.0.1:7102", options).status().message(),
              HasSubstr("only over TLS"));
  options.files.ca_file = SharedDevCa().CaFile();
  EXPECT_TRUE(MakeChannelCredentials("safeguarding.internal:7102", options).ok());
}

TEST(ClientCertificatesFlagTest, ParsesRequireAndOptional) {
  ClientCertificates mode = ClientCertificates::kOptional;
  std::string error;
  EXPECT_TRUE(AbslParseFlag("require", &mode, &error));
  EXPECT_EQ(mode, ClientCertificates::kRequire);
  EXPECT_TRUE(AbslParseFlag("optional", &mode, &error));
  EXPECT_EQ(mode, ClientCertificates::kOptional);
  EXPECT_FALSE(AbslParseFlag("none", &mode, &error));
  EXPECT_THAT(error, HasSubstr("'require' or 'optional'"));
  EXPECT_EQ(AbslUnparseFlag(ClientCertificates::kRequire), "require");
}

TEST(ServerOptionsFromFlagsTest, ReadsTheTlsFlags) {
  const TlsFiles files = SharedDevCa().ServiceFiles("audit");
  absl::SetFlag(&FLAGS_tls_cert, files.cert_file);
  absl::SetFlag(&FLAGS_tls_key, files.key_file);
  absl::SetFlag(&FLAGS_tls_ca, files.ca_file);
  absl::SetFlag(&FLAGS_tls_client_certs, ClientCertificates::kOptional);
  absl::SetFlag(&FLAGS_allow_insecure_non_loopback, true);
  ServerOptions options = ServerOptionsFromFlags("audit");
  EXPECT_EQ(options.tls.files.cert_file, files.cert_file);
  EXPECT_EQ(options.tls.files.key_file, files.key_file);
  EXPECT_EQ(options.tls.files.ca_file, files.ca_file);
  EXPECT_EQ(options.tls.client_certificates, ClientCertificates::kOptional);
  EXPECT_TRUE(options.allow_insecure_non_loopback);
  EXPECT_TRUE(options.tls.enabled());

  absl::SetFlag(&FLAGS_tls_cert, "");
  absl::SetFlag(&FLAGS_tls_key, "");
  absl::SetFlag(&FLAGS_tls_ca, "");
  absl::SetFlag(&FLAGS_tls_client_certs, ClientCertificates::kRequire);
  absl::SetFlag(&FLAGS_allow_insecure_non_loopback, false);
  options = ServerOptionsFromFlags("audit");
  EXPECT_FALSE(options.tls.enabled());
  EXPECT_FALSE(options.allow_insecure_non_loopback);
}

}  // namespace
}  // namespace scorecard
