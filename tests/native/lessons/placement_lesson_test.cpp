// Lesson "placement" (issue 11, lesson 7): BatchNorm before each sigmoid (as Ioffe and Szegedy
// place it) against BatchNorm after it, and no BatchNorm, on the eight-layer sigmoid network of
// examples/deep-sigmoid-compare.json, for two seeds (examples/sweeps/placement.json). The notes
// place BN in front of the activation and remark that normalizing the activation's output
// instead comes to much the same. The lesson claims, for every seed:
// - both placements train (test accuracy ≥ 85 %) while the plain network does not (≤ 20 %);
// - the two placements end within 3 points of each other: where BN goes matters far less than
//   whether it is there.
// If this fails, change the preset and the lesson, not the margins.
#include <cmath>

#include <gtest/gtest.h>

#include "support/sweep_results.hpp"

namespace bnlab {
namespace {

TEST(Lesson, BatchNormBeforeOrAfterTheSigmoidBothTrain) {
  const auto results = testing::run_shipped_sweep("placement.json");
  ASSERT_EQ(results.size(), 6u);  // 2 seeds × 3 variants
  for (std::size_t cell = 0; cell < 2; ++cell) {
    const double before = results.at({cell, "batchnorm_before_activation"}).test_accuracy;
    const double after = results.at({cell, "batchnorm_after_activation"}).test_accuracy;
    const double plain = results.at({cell, "without_batchnorm"}).test_accuracy;
    EXPECT_GE(before, 0.85) << "seed cell " << cell;
    EXPECT_GE(after, 0.85) << "seed cell " << cell;
    EXPECT_LE(plain, 0.20) << "seed cell " << cell;
    EXPECT_LE(std::abs(before - after), 0.03) << "seed cell " << cell << ": before " << before << ", after " << after;
  }
}

}  // namespace
}  // namespace bnlab
