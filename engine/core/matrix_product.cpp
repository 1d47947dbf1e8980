#include "core/matrix_product.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

namespace bnlab {

namespace {

// Four floats: SIMD128 in WebAssembly, an XMM register natively (GCC/Clang vector extension,
// so one source serves both). `UnalignedLanes` reads four floats at any address.
typedef Scalar Lanes __attribute__((vector_size(4 * sizeof(Scalar))));
typedef Scalar UnalignedLanes __attribute__((vector_size(4 * sizeof(Scalar)), aligned(alignof(Scalar))));

// The register block: 4 rows × 8 columns of the product = 8 accumulators, plus 2 of B and
// 1 broadcast value of A: 11 of the 16 vector registers V8 gives WebAssembly on x86-64.
// Larger blocks (6 × 8, 4 × 12, 8 × 8) spilled in V8 and ran 10–50 % slower.
constexpr std::size_t block_rows = 4;
constexpr std::size_t block_columns = 8;
constexpr std::size_t lanes = 4;
constexpr std::size_t column_vectors = block_columns / lanes;

// 8 columns of B, starting at `first_column`, as `depth` rows of 8 contiguous values:
// read in place when B's rows are contiguous and the block is whole, else copied into
// `panel` (zero-padded past B's last column).
const Scalar* column_panel(const StridedMatrix& b, std::size_t first_column, std::vector<Scalar>& panel,
                           std::ptrdiff_t& panel_row_stride) {
  const std::size_t width = std::min(block_columns, b.columns - first_column);
  if (b.column_stride == 1 && width == block_columns) {
    panel_row_stride = b.row_stride;
    return b.data + static_cast<std::ptrdiff_t>(first_column);
  }
  panel.resize(b.rows * block_columns);
  for (std::size_t k = 0; k < b.rows; ++k) {
    Scalar* row = panel.data() + k * block_columns;
    const Scalar* source = b.data + static_cast<std::ptrdiff_t>(k) * b.row_stride +
                           static_cast<std::ptrdiff_t>(first_column) * b.column_stride;
    for (std::size_t j = 0; j < width; ++j) row[j] = source[static_cast<std::ptrdiff_t>(j) * b.column_stride];
    for (std::size_t j = width; j < block_columns; ++j) row[j] = 0;
  }
  panel_row_stride = block_columns;
  return panel.data();
}

// A's rows as panels of 4 interleaved rows, `depth` groups of 4 values each, so the kernel
// reads A with one pointer and unit stride whatever A's strides are (a transposed dyᵀ
// included). Rows past A's last one are zero.
void pack_row_panels(const StridedMatrix& a, std::vector<Scalar>& packed) {
  const std::size_t panels = (a.rows + block_rows - 1) / block_rows;
  const std::size_t depth = a.columns;
  packed.resize(panels * block_rows * depth);
  for (std::size_t panel = 0; panel < panels; ++panel) {
    Scalar* destination = packed.data() + panel * block_rows * depth;
    for (std::size_t i = 0; i < block_rows; ++i) {
      const std::size_t row = panel * block_rows + i;
      if (row >= a.rows) {
        for (std::size_t k = 0; k < depth; ++k) destination[k * block_rows + i] = 0;
        continue;
      }
      const Scalar* source = a.data + static_cast<std::ptrdiff_t>(row) * a.row_stride;
      for (std::size_t k = 0; k < depth; ++k) destination[k * block_rows + i] = source[static_cast<std::ptrdiff_t>(k) * a.column_stride];
    }
  }
}

// Rows first_row … first_row + rows − 1 (rows ≤ 4) of the product, 8 of its columns (width ≤ 8
// of them stored): sum over k of A's 4 values at k times B's 8 values at k.
void multiply_block(const Scalar* row_panel, std::size_t depth, const Scalar* column_panel,
                    std::ptrdiff_t panel_row_stride, Scalar* product, std::ptrdiff_t product_row_stride,
                    std::size_t rows, std::size_t width) {
  Lanes sum[block_rows][column_vectors] = {};
  for (std::size_t k = 0; k < depth; ++k) {
    const Scalar* b_row = column_panel + static_cast<std::ptrdiff_t>(k) * panel_row_stride;
    Lanes b_lanes[column_vectors];
    for (std::size_t v = 0; v < column_vectors; ++v) b_lanes[v] = *reinterpret_cast<const UnalignedLanes*>(b_row + v * lanes);
    const Scalar* a_values = row_panel + k * block_rows;
    for (std::size_t i = 0; i < block_rows; ++i) {
      const Lanes broadcast = {a_values[i], a_values[i], a_values[i], a_values[i]};
      for (std::size_t v = 0; v < column_vectors; ++v) sum[i][v] += broadcast * b_lanes[v];
    }
  }
  for (std::size_t i = 0; i < rows; ++i) {
    Scalar values[block_columns];
    std::memcpy(values, sum[i], sizeof values);
    std::memcpy(product + static_cast<std::ptrdiff_t>(i) * product_row_stride, values, width * sizeof(Scalar));
  }
}

}  // namespace

void multiply(const StridedMatrix& a, const StridedMatrix& b, Scalar* product, std::ptrdiff_t product_row_stride) {
  // Packing buffers per thread, kept between calls: a training step allocates nothing once
  // they have grown to its largest product (an evaluation chunk's is at most 1 000 × 784).
  thread_local std::vector<Scalar> row_panels;
  thread_local std::vector<Scalar> column_buffer;
  pack_row_panels(a, row_panels);
  const std::size_t depth = a.columns;
  // Column panels outside, row panels inside: one 8-column panel of B (≤ 25 KB at depth 784)
  // stays in L1 while every row panel of A streams past it.
  for (std::size_t first_column = 0; first_column < b.columns; first_column += block_columns) {
    std::ptrdiff_t panel_row_stride = 0;
    const Scalar* columns = column_panel(b, first_column, column_buffer, panel_row_stride);
    const std::size_t width = std::min(block_columns, b.columns - first_column);
    for (std::size_t first_row = 0; first_row < a.rows; first_row += block_rows) {
      multiply_block(row_panels.data() + first_row * depth, depth, columns, panel_row_stride,
                     product + static_cast<std::ptrdiff_t>(first_row) * product_row_stride + static_cast<std::ptrdiff_t>(first_column),
                     product_row_stride, std::min(block_rows, a.rows - first_row), width);
    }
  }
}

}  // namespace bnlab
