// Whether an address stays on this machine. Plaintext gRPC is allowed only there: the
// server runner refuses to listen in plaintext elsewhere, the channel helper refuses to dial
// in plaintext elsewhere, and the local development identity is given only to plaintext
// callers whose peer address is loopback.
//
//   IsLoopbackListenAddress("127.0.0.1:0")     // true
//   IsLoopbackListenAddress("0.0.0.0:7101")    // false: every interface
//   IsLoopbackTarget("dns:///localhost:7101")  // true
//   IsLoopbackPeer("ipv6:%5B::1%5D:53412")     // true (ServerContext::peer() format)
#ifndef SCORECARD_COMMON_SECURITY_LOOPBACK_H_
#define SCORECARD_COMMON_SECURITY_LOOPBACK_H_

#include "absl/strings/string_view.h"

namespace scorecard {

// A server listening address, "host:port" or "[v6]:port" or "unix:path". Names other than
// "localhost" count as non-loopback: resolving them could pick any interface.
bool IsLoopbackListenAddress(absl::string_view address);

// A client channel target: an address as above, optionally with a gRPC scheme
// ("dns:///", "ipv4:", "ipv6:", "unix:").
bool IsLoopbackTarget(absl::string_view target);

// A connected peer as grpc::ServerContext::peer() reports it ("ipv4:127.0.0.1:4000",
// "ipv6:[::1]:4000", either percent-encoded or not, "unix:...").
bool IsLoopbackPeer(absl::string_view peer);

}  // namespace scorecard

#endif  // SCORECARD_COMMON_SECURITY_LOOPBACK_H_
