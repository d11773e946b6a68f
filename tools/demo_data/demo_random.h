// Seeded random draws for the demo data generator, with every distribution written here.
//
//   DemoRandom random = DemoRandom::ForStream(/*seed=*/2017, /*stream=*/3);
//   int contacts = random.Poisson(14.8);
//   Date visit = random.DayBetween(Date(2016, 4, 1), Date(2016, 4, 30));
//   absl::string_view code = random.PickWeighted(kPlacementCodes);
//
// The standard library's distributions may give different numbers on another library
// version; these are plain arithmetic over std::mt19937_64, whose output the C++ standard
// fixes, so a seed gives the same data wherever it runs. Each part of the generator draws
// from its own stream, so tuning one part does not reshuffle the others.
#ifndef SCORECARD_TOOLS_DEMO_DATA_DEMO_RANDOM_H_
#define SCORECARD_TOOLS_DEMO_DATA_DEMO_RANDOM_H_

#include <cstdint>
#include <random>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "common/time/civil_date.h"

namespace scorecard::demo_data {

// A value with a relative weight, for PickWeighted.
template <typename T>
struct Weighted {
  T value;
  double weight;
};

class DemoRandom {
 public:
  explicit DemoRandom(uint64_t seed) : engine_(seed) {}

  // An independent generator for one part of the data (a SplitMix64 mix of the two numbers,
  // so that nearby seeds and streams do not start correlated).
  static DemoRandom ForStream(uint64_t seed, uint64_t stream);

  // Uniform in [0, 1), from 53 random bits.
  double Uniform();
  // Uniform over the integers lo..hi inclusive (lo when hi < lo).
  int Int(int lo, int hi);
  // Uniform in [lo, hi).
  double Real(double lo, double hi);
  bool Chance(double probability) { return Uniform() < probability; }
  // Box-Muller; one of the pair is discarded so that no state hides between calls.
  double Normal(double mean, double sd);
  double Exponential(double mean);
  // Knuth's product method for small means, a rounded normal above 30.
  int Poisson(double mean);
  // A uniform day in [first, last] (first when last < first).
  Date DayBetween(Date first, Date last);

  template <typename T>
  const T& PickWeighted(absl::Span<const Weighted<T>> choices) {
    double total = 0;
    for (const Weighted<T>& c : choices) total += c.weight;
    double at = Uniform() * total;
    for (const Weighted<T>& c : choices) {
      if (at < c.weight) return c.value;
      at -= c.weight;
    }
    return choices.back().value;
  }
  template <typename T, size_t N>
  const T& PickWeighted(const Weighted<T> (&choices)[N]) {
    return PickWeighted(absl::Span<const Weighted<T>>(choices, N));
  }
  template <typename T, size_t N>
  const T& Pick(const T (&choices)[N]) {
    return choices[Int(0, static_cast<int>(N) - 1)];
  }

 private:
  std::mt19937_64 engine_;
};

// Code lists are weighted string literals.
using WeightedCode = Weighted<absl::string_view>;

}  // namespace scorecard::demo_data

#endif  // SCORECARD_TOOLS_DEMO_DATA_DEMO_RANDOM_H_
