// Gradient checks of max and average pooling for every combination of padding, ceil_mode
// and (average) count_include_pad, on a 6×5 input where ceil mode adds a clipped last window
// (rows: 2 windows floor, 3 ceil; with padding 3 and 4).

#include <string>

#include <gtest/gtest.h>

#include "layers/avg_pool2d.hpp"
#include "layers/max_pool2d.hpp"
#include "support/gradient_check.hpp"

namespace bnlab {
namespace {

using testing::expect_layer_gradients;
using testing::random_tensor;

TEST(PoolPaddingGradients, MaxPoolEveryPaddingAndCeilMode) {
  // Random normal inputs have no ties within the ±1e-5 probes for these seeds.
  std::uint64_t seed = 600;
  for (const std::size_t padding : {0, 1}) {
    for (const bool ceil_mode : {false, true}) {
      SCOPED_TRACE("padding " + std::to_string(padding) + (ceil_mode ? " ceil" : " floor"));
      MaxPool2d pool({2, 6, 5}, PoolWindow{{3, 2}, {2, 2}, {padding, padding}, ceil_mode});
      expect_layer_gradients(pool, random_tensor({2, 2, 6, 5}, seed++), Mode::train);
    }
  }
}

TEST(PoolPaddingGradients, AvgPoolEveryPaddingCeilModeAndCountIncludePad) {
  std::uint64_t seed = 700;
  for (const std::size_t padding : {0, 1}) {
    for (const bool ceil_mode : {false, true}) {
      for (const bool count_include_pad : {true, false}) {
        SCOPED_TRACE("padding " + std::to_string(padding) + (ceil_mode ? " ceil" : " floor") +
                     (count_include_pad ? " count_include_pad" : " real cells only"));
        AvgPool2d pool({2, 6, 5}, PoolWindow{{3, 2}, {2, 2}, {padding, padding}, ceil_mode}, count_include_pad);
        expect_layer_gradients(pool, random_tensor({2, 2, 6, 5}, seed++), Mode::train);
      }
    }
  }
}

}  // namespace
}  // namespace bnlab
