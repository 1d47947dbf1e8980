// The Dense layers' matrix product (engine/core/matrix_product.hpp): against a double-precision
// triple loop within float rounding, for every operand layout the Dense layer uses (A, Aᵀ, B,
// Bᵀ) and for shapes that are not multiples of the 4 × 8 block; and bit for bit independent of
// how many rows are multiplied at once, so an evaluation in chunks of 1 000 and a training
// batch of 60 give each sample the same output.
#include <cmath>
#include <cstddef>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "core/matrix_product.hpp"

namespace bnlab {
namespace {

struct Operand {
  std::vector<Scalar> values;
  StridedMatrix view;
};

// rows × columns, stored row-major or (transposed) column-major, uniform in [-1, 1].
Operand random_operand(std::size_t rows, std::size_t columns, bool stored_transposed, std::mt19937& random) {
  std::uniform_real_distribution<double> uniform(-1.0, 1.0);
  Operand operand;
  operand.values.resize(rows * columns);
  for (Scalar& value : operand.values) value = static_cast<Scalar>(uniform(random));
  operand.view = stored_transposed
                     ? StridedMatrix{operand.values.data(), rows, columns, 1, static_cast<std::ptrdiff_t>(rows)}
                     : StridedMatrix{operand.values.data(), rows, columns, static_cast<std::ptrdiff_t>(columns), 1};
  return operand;
}

Scalar at(const StridedMatrix& matrix, std::size_t row, std::size_t column) {
  return matrix.data[static_cast<std::ptrdiff_t>(row) * matrix.row_stride + static_cast<std::ptrdiff_t>(column) * matrix.column_stride];
}

struct ProductCase {
  std::size_t rows, depth, columns;
  bool a_transposed, b_transposed;
};

class MatrixProduct : public ::testing::TestWithParam<ProductCase> {};

TEST_P(MatrixProduct, MatchesTheDefinitionWithinFloatRounding) {
  const ProductCase shape = GetParam();
  std::mt19937 random(7);
  const Operand a = random_operand(shape.rows, shape.depth, shape.a_transposed, random);
  const Operand b = random_operand(shape.depth, shape.columns, shape.b_transposed, random);
  // A product row stride wider than the product: the kernel must write only its columns.
  const std::size_t stride = shape.columns + 3;
  std::vector<Scalar> product(shape.rows * stride, Scalar(-7));
  multiply(a.view, b.view, product.data(), static_cast<std::ptrdiff_t>(stride));
  for (std::size_t i = 0; i < shape.rows; ++i) {
    for (std::size_t j = 0; j < shape.columns; ++j) {
      double exact = 0;
      double magnitude = 0;
      for (std::size_t k = 0; k < shape.depth; ++k) {
        exact += static_cast<double>(at(a.view, i, k)) * at(b.view, k, j);
        magnitude += std::abs(static_cast<double>(at(a.view, i, k)) * at(b.view, k, j));
      }
      // A sum of `depth` rounded products: each step adds at most one rounding of the
      // running magnitude.
      const double bound = 2.0 * static_cast<double>(shape.depth + 1) * 6e-8 * magnitude + 1e-30;
      ASSERT_NEAR(product[i * stride + j], exact, bound) << "element (" << i << ", " << j << ")";
    }
    for (std::size_t j = shape.columns; j < stride; ++j) ASSERT_EQ(product[i * stride + j], Scalar(-7)) << "padding column " << j << " of row " << i << " was written";
  }
}

INSTANTIATE_TEST_SUITE_P(
    DenseLayouts, MatrixProduct,
    ::testing::Values(ProductCase{60, 784, 100, false, true},   // forward  y = x·Wᵀ
                      ProductCase{100, 60, 784, true, false},   // weights  dW = dyᵀ·x
                      ProductCase{60, 100, 784, false, false},  // input    dx = dy·W
                      ProductCase{1, 1, 1, false, false}, ProductCase{5, 13, 7, false, false},
                      ProductCase{7, 3, 9, true, true}, ProductCase{9, 17, 16, true, false},
                      ProductCase{3, 8, 8, false, true}, ProductCase{33, 2, 41, false, false},
                      // Packing four depths at a time, with depths left over and partial panels.
                      ProductCase{6, 9, 24, false, true}, ProductCase{13, 23, 17, true, true},
                      ProductCase{10, 11, 19, false, false}));

TEST(MatrixProductRows, ARowsProductDoesNotDependOnTheRowsAroundIt) {
  std::mt19937 random(11);
  const Operand a = random_operand(61, 100, false, random);
  const Operand b = random_operand(100, 37, true, random);
  std::vector<Scalar> whole(61 * 37);
  multiply(a.view, b.view, whole.data(), 37);
  // Every row on its own, and rows 3…9 as a block that starts inside a 4-row panel.
  for (std::size_t row = 0; row < 61; ++row) {
    std::vector<Scalar> alone(37);
    multiply({a.view.data + row * 100, 1, 100, 100, 1}, b.view, alone.data(), 37);
    for (std::size_t j = 0; j < 37; ++j) ASSERT_EQ(alone[j], whole[row * 37 + j]) << "row " << row << ", column " << j;
  }
  std::vector<Scalar> block(7 * 37);
  multiply({a.view.data + 3 * 100, 7, 100, 100, 1}, b.view, block.data(), 37);
  for (std::size_t i = 0; i < 7 * 37; ++i) ASSERT_EQ(block[i], whole[3 * 37 + i]) << "element " << i;
}

// A product over no depth is all zeros (the block kernel starts each sum from depth 0, so
// multiply() answers an empty depth itself), whatever the product held before.
TEST(MatrixProductRows, AnEmptyDepthGivesZeros) {
  std::vector<Scalar> product(5 * 9, Scalar(7));
  const Scalar none[1] = {0};
  multiply({none, 5, 0, 0, 1}, {none, 0, 9, 9, 1}, product.data(), 9);
  for (std::size_t i = 0; i < product.size(); ++i) ASSERT_EQ(product[i], Scalar(0)) << "element " << i;
}

}  // namespace
}  // namespace bnlab
