#include "tools/demo_data/demo_random.h"

#include <cmath>

namespace scorecard::demo_data {
namespace {

uint64_t SplitMix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

constexpr double kTwoPi = 6.283185307179586476925;

}  // namespace

DemoRandom DemoRandom::ForStream(uint64_t seed, uint64_t stream) {
  return DemoRandom(SplitMix64(SplitMix64(seed) ^ SplitMix64(stream + 0x5eed)));
}

double DemoRandom::Uniform() {
  return static_cast<double>(engine_() >> 11) * (1.0 / 9007199254740992.0);  // 2^-53
}

int DemoRandom::Int(int lo, int hi) {
  if (hi <= lo) return lo;
  const uint64_t span = static_cast<uint64_t>(static_cast<int64_t>(hi) - lo) + 1;
  // Rejection removes the modulo bias (negligible here, but free).
  const uint64_t limit = UINT64_MAX - UINT64_MAX % span;
  uint64_t x;
  do {
    x = engine_();
  } while (x >= limit);
  return static_cast<int>(lo + static_cast<int64_t>(x % span));
}

double DemoRandom::Real(double lo, double hi) { return lo + (hi - lo) * Uniform(); }

double DemoRandom::Normal(double mean, double sd) {
  // 1 - U is in (0, 1], so the logarithm is finite.
  const double u1 = 1.0 - Uniform();
  const double u2 = Uniform();
  return mean + sd * std::sqrt(-2.0 * std::log(u1)) * std::cos(kTwoPi * u2);
}

double DemoRandom::Exponential(double mean) { return -mean * std::log(1.0 - Uniform()); }

int DemoRandom::Poisson(double mean) {
  if (mean <= 0) return 0;
  if (mean > 30) {
    const double x = std::floor(Normal(mean, std::sqrt(mean)) + 0.5);
    return x < 0 ? 0 : static_cast<int>(x);
  }
  const double limit = std::exp(-mean);
  int n = 0;
  double product = Uniform();
  while (product > limit) {
    ++n;
    product *= Uniform();
  }
  return n;
}

Date DemoRandom::DayBetween(Date first, Date last) {
  if (last <= first) return first;
  return first + Int(0, static_cast<int>(last - first));
}

}  // namespace scorecard::demo_data
