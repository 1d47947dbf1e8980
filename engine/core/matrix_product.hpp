#pragma once
// C = A·B for the Dense and Conv2d layers, with a kernel of our own in the WebAssembly build
// and in native builds without AVX. Eigen 3.4 has no WebAssembly backend: its SSE kernels,
// translated to SIMD128 by Emscripten, reach 27–33 GFLOP/s in V8 at the Ioffe MLP's shapes,
// and this 4 × 8 register block 43–51 GFLOP/s (docs/PERFORMANCE.md). Native builds without
// AVX (the default x86-64 build, -msse4.2) use the same kernel although GCC makes it ~15 %
// slower there than Eigen's: the CLI then trains bit for bit what the page trains
// (tests/wasm/sweep.test.mjs, native_agreement.test.mjs), and the native lesson tests check
// the page's arithmetic. With AVX (-march=native) Eigen's FMA kernels stay, and results
// differ by rounding.
//
// The operands are strided views, so a transposed operand (Wᵀ, dyᵀ) is read in place; the
// kernel packs A's rows in panels of 4 and copies B only where its rows are not contiguous,
// both with 4 × 4 shuffles rather than one value at a time.

#include <cstddef>

#include "core/scalar.hpp"

#if !defined(BNLAB_DOUBLE) && (defined(__wasm_simd128__) || (defined(__SSE2__) && !defined(__AVX__)))
#define BNLAB_OWN_MATRIX_PRODUCT 1
#else
#define BNLAB_OWN_MATRIX_PRODUCT 0
#endif

namespace bnlab {

// Element (row, column) is data[row * row_stride + column * column_stride].
struct StridedMatrix {
  const Scalar* data;
  std::size_t rows;
  std::size_t columns;
  std::ptrdiff_t row_stride;
  std::ptrdiff_t column_stride;
};

// product (a.rows × b.columns, row-major, rows product_row_stride apart) = a · b. Requires
// a.columns == b.rows. Every element of the product is a sum over the depth in order
// k = 0, 1, …, so the result does not depend on the build's vector width or blocking.
void multiply(const StridedMatrix& a, const StridedMatrix& b, Scalar* product, std::ptrdiff_t product_row_stride);

}  // namespace bnlab
