#include "common/security/loopback.h"

#include <arpa/inet.h>

#include <cstring>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace scorecard {
namespace {

bool IsUnixSocket(absl::string_view address) {
  return absl::StartsWith(address, "unix:") || absl::StartsWith(address, "unix-abstract:");
}

bool IsLoopbackHost(absl::string_view host) {
  if (absl::EqualsIgnoreCase(host, "localhost")) return true;
  const std::string text(host);
  in_addr v4;
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) {
    return (ntohl(v4.s_addr) >> 24) == 127;
  }
  in6_addr v6;
  if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) {
    if (IN6_IS_ADDR_LOOPBACK(&v6)) return true;
    // ::ffff:127.x.y.z is IPv4 loopback reached through a dual-stack socket.
    return IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127;
  }
  return false;
}

// "host:port", "[v6]:port" -> host. Unbracketed IPv6 with a port is ambiguous and is
// treated as not loopback (fail closed).
bool SplitHost(absl::string_view address, absl::string_view* host) {
  if (absl::ConsumePrefix(&address, "[")) {
    const size_t close = address.find(']');
    if (close == absl::string_view::npos) return false;
    *host = address.substr(0, close);
    return true;
  }
  const size_t colon = address.rfind(':');
  if (colon == absl::string_view::npos) {
    *host = address;  // a target may omit the port
    return true;
  }
  if (address.substr(0, colon).find(':') != absl::string_view::npos) return false;
  *host = address.substr(0, colon);
  return true;
}

bool IsLoopbackHostPort(absl::string_view address) {
  absl::string_view host;
  return SplitHost(address, &host) && !host.empty() && IsLoopbackHost(host);
}

std::string PercentDecode(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && absl::ascii_isxdigit(text[i + 1]) &&
        absl::ascii_isxdigit(text[i + 2])) {
      out.push_back(static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

}  // namespace

bool IsLoopbackListenAddress(absl::string_view address) {
  if (IsUnixSocket(address)) return true;
  return IsLoopbackHostPort(address);
}

bool IsLoopbackTarget(absl::string_view target) {
  if (IsUnixSocket(target)) return true;
  if (absl::ConsumePrefix(&target, "dns:")) {
    // dns:///host:port or dns://resolver/host:port: the host is after the third slash.
    if (absl::ConsumePrefix(&target, "//")) {
      const size_t slash = target.find('/');
      if (slash == absl::string_view::npos) return false;
      target.remove_prefix(slash + 1);
    }
    return IsLoopbackHostPort(target);
  }
  if (absl::ConsumePrefix(&target, "ipv4:") || absl::ConsumePrefix(&target, "ipv6:")) {
    // A list of addresses: every one must be loopback.
    for (absl::string_view address : absl::StrSplit(target, ',')) {
      if (!IsLoopbackHostPort(address)) return false;
    }
    return !target.empty();
  }
  return IsLoopbackHostPort(target);
}

bool IsLoopbackPeer(absl::string_view peer) {
  if (IsUnixSocket(peer)) return true;
  const std::string decoded = PercentDecode(peer);
  absl::string_view address = decoded;
  if (!absl::ConsumePrefix(&address, "ipv4:") && !absl::ConsumePrefix(&address, "ipv6:")) {
    return false;
  }
  return IsLoopbackHostPort(address);
}

}  // namespace scorecard
