// Seeded random choices for the tests' generated records: one seed, one sequence, so a
// failing randomised test fails the same way on every run.
//
//   RandomChoices random(/*seed=*/17);
//   if (random.Chance(0.3)) day = first + random.Uniform(0, 30);
//   const std::string& team = random.Pick(teams);
#ifndef SCORECARD_TESTS_SERVICES_RANDOM_CHOICES_H_
#define SCORECARD_TESTS_SERVICES_RANDOM_CHOICES_H_

#include <random>
#include <vector>

namespace scorecard {

class RandomChoices {
 public:
  explicit RandomChoices(unsigned seed) : engine_(seed) {}

  // A whole number in [lo, hi].
  int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(engine_); }
  // True with probability p.
  bool Chance(double p) { return std::bernoulli_distribution(p)(engine_); }
  // One of `from` (not empty).
  template <typename T>
  const T& Pick(const std::vector<T>& from) {
    return from[Uniform(0, static_cast<int>(from.size()) - 1)];
  }

 private:
  std::mt19937 engine_;
};

}  // namespace scorecard

#endif  // SCORECARD_TESTS_SERVICES_RANDOM_CHOICES_H_
