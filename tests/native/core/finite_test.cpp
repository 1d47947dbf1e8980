// all_finite (engine/core/finite.hpp), the divergence check on every parameter, gradient and
// buffer: it sums x − x in four interleaved groups of four lanes and then the values left
// over, so a NaN or an infinity must be found at every position of that walk.
#include "core/finite.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace bnlab {
namespace {

TEST(AllFinite, IsTrueForFiniteValuesAndForNoValues) {
  EXPECT_TRUE(all_finite(Tensor::from_shape({0})));
  Tensor values = Tensor::from_shape({37});
  for (std::size_t index = 0; index < values.size(); ++index) {
    values(index) = (index % 2 == 0 ? 1.0f : -1.0f) * std::numeric_limits<Scalar>::max() / (index + 1);
  }
  EXPECT_TRUE(all_finite(values));
}

// 37 values: two blocks of 16 and 5 left over; one bad value at each position in turn.
TEST(AllFinite, FindsANaNOrAnInfinityAtEveryPosition) {
  const Scalar bad_values[] = {std::numeric_limits<Scalar>::quiet_NaN(), std::numeric_limits<Scalar>::infinity(),
                               -std::numeric_limits<Scalar>::infinity()};
  for (const Scalar bad : bad_values) {
    for (std::size_t position = 0; position < 37; ++position) {
      Tensor values = Tensor::from_shape({37});
      values.fill(0.5f);
      values(position) = bad;
      EXPECT_FALSE(all_finite(values)) << bad << " at " << position;
    }
  }
}

// +∞ and −∞ in different lanes: their x − x are both NaN, never a cancelling ∞ − ∞ of sums.
TEST(AllFinite, FindsInfinitiesOfBothSignsTogether) {
  Tensor values = Tensor::from_shape({32});
  values.fill(0);
  values(3) = std::numeric_limits<Scalar>::infinity();
  values(7) = -std::numeric_limits<Scalar>::infinity();
  EXPECT_FALSE(all_finite(values));
}

}  // namespace
}  // namespace bnlab
