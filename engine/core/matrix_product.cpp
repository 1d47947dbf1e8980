#include "core/matrix_product.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

#include "core/lanes.hpp"

namespace bnlab {

namespace {

// The register block: 4 rows × 8 columns of the product = 8 accumulators, plus 2 of B and
// 1 broadcast value of A: 11 of the 16 vector registers V8 gives WebAssembly on x86-64.
// Larger blocks (6 × 8, 4 × 12, 8 × 8) spilled in V8 and ran 10–50 % slower.
constexpr std::size_t block_rows = 4;
constexpr std::size_t block_columns = 8;
constexpr std::size_t lanes = 4;
constexpr std::size_t column_vectors = block_columns / lanes;

// Four rows of four values, read at `row_stride` apart, as four columns: the 4 × 4 transpose
// that packing does, in eight shuffles instead of sixteen scalar loads and stores (copying
// the operands one value at a time took 52 of the ~300 µs of the Ioffe first layer's forward
// product in V8).
void transpose_four_by_four(const Scalar* source, std::ptrdiff_t row_stride, Lanes columns[lanes]) {
  const Lanes row0 = *reinterpret_cast<const UnalignedLanes*>(source);
  const Lanes row1 = *reinterpret_cast<const UnalignedLanes*>(source + row_stride);
  const Lanes row2 = *reinterpret_cast<const UnalignedLanes*>(source + 2 * row_stride);
  const Lanes row3 = *reinterpret_cast<const UnalignedLanes*>(source + 3 * row_stride);
  const Lanes low01 = __builtin_shufflevector(row0, row1, 0, 4, 1, 5);
  const Lanes low23 = __builtin_shufflevector(row2, row3, 0, 4, 1, 5);
  const Lanes high01 = __builtin_shufflevector(row0, row1, 2, 6, 3, 7);
  const Lanes high23 = __builtin_shufflevector(row2, row3, 2, 6, 3, 7);
  columns[0] = __builtin_shufflevector(low01, low23, 0, 1, 4, 5);
  columns[1] = __builtin_shufflevector(low01, low23, 2, 3, 6, 7);
  columns[2] = __builtin_shufflevector(high01, high23, 0, 1, 4, 5);
  columns[3] = __builtin_shufflevector(high01, high23, 2, 3, 6, 7);
}

void store_lanes(Scalar* destination, Lanes values) {
  *reinterpret_cast<UnalignedLanes*>(destination) = values;
}

// Makes `buffer` hold at least `count` values, never shrinking it: the packing below writes
// every value it then reads. resize() to each product's size shrank the buffer for a small
// product and zero-filled it again for the next large one, a memset of up to 188 KB per call
// that took ~3 % of an Ioffe step in WebAssembly.
void grow_to(std::vector<Scalar>& buffer, std::size_t count) {
  if (buffer.size() < count) buffer.resize(count);
}

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
  grow_to(panel, b.rows * block_columns);
  panel_row_stride = block_columns;
  std::size_t k = 0;
  if (b.row_stride == 1 && width == block_columns) {
    // B is a transposed view (Wᵀ in the forward product): its 8 columns are 8 contiguous
    // rows in memory, turned into panel rows four depths at a time.
    const Scalar* first = b.data + static_cast<std::ptrdiff_t>(first_column) * b.column_stride;
    for (; k + lanes <= b.rows; k += lanes) {
      Lanes left[lanes];
      Lanes right[lanes];
      transpose_four_by_four(first + static_cast<std::ptrdiff_t>(k), b.column_stride, left);
      transpose_four_by_four(first + static_cast<std::ptrdiff_t>(k) + 4 * b.column_stride, b.column_stride, right);
      for (std::size_t t = 0; t < lanes; ++t) {
        store_lanes(panel.data() + (k + t) * block_columns, left[t]);
        store_lanes(panel.data() + (k + t) * block_columns + lanes, right[t]);
      }
    }
  }
  for (; k < b.rows; ++k) {
    const Scalar* source = b.data + static_cast<std::ptrdiff_t>(k) * b.row_stride +
                           static_cast<std::ptrdiff_t>(first_column) * b.column_stride;
    // Built whole and stored with a copy of a known size: zeroing the columns past `width`
    // in the panel itself was a memset call per row in WebAssembly.
    Scalar row[block_columns] = {};
    for (std::size_t j = 0; j < width; ++j) row[j] = source[static_cast<std::ptrdiff_t>(j) * b.column_stride];
    std::memcpy(panel.data() + k * block_columns, row, sizeof row);
  }
  return panel.data();
}

// A's rows as panels of 4 interleaved rows, `depth` groups of 4 values each, so the kernel
// reads A with one pointer and unit stride whatever A's strides are (a transposed dyᵀ
// included). Rows past A's last one are zero.
void pack_row_panels(const StridedMatrix& a, std::vector<Scalar>& packed) {
  const std::size_t panels = (a.rows + block_rows - 1) / block_rows;
  const std::size_t depth = a.columns;
  grow_to(packed, panels * block_rows * depth);
  for (std::size_t panel = 0; panel < panels; ++panel) {
    Scalar* destination = packed.data() + panel * block_rows * depth;
    const std::size_t first_row = panel * block_rows;
    const Scalar* first = a.data + static_cast<std::ptrdiff_t>(first_row) * a.row_stride;
    if (first_row + block_rows <= a.rows && a.row_stride == 1) {
      // A is a transposed view (dyᵀ): a panel's 4 values at depth k are contiguous.
      for (std::size_t k = 0; k < depth; ++k) {
        store_lanes(destination + k * block_rows,
                    *reinterpret_cast<const UnalignedLanes*>(first + static_cast<std::ptrdiff_t>(k) * a.column_stride));
      }
      continue;
    }
    std::size_t k = 0;
    if (first_row + block_rows <= a.rows && a.column_stride == 1) {
      // A's rows are contiguous (x, dy): four depths of its 4 rows at a time.
      for (; k + lanes <= depth; k += lanes) {
        Lanes columns[lanes];
        transpose_four_by_four(first + static_cast<std::ptrdiff_t>(k), a.row_stride, columns);
        for (std::size_t t = 0; t < lanes; ++t) store_lanes(destination + (k + t) * block_rows, columns[t]);
      }
    }
    for (std::size_t i = 0; i < block_rows; ++i) {
      const std::size_t row = first_row + i;
      if (row >= a.rows) {
        for (std::size_t d = k; d < depth; ++d) destination[d * block_rows + i] = 0;
        continue;
      }
      const Scalar* source = a.data + static_cast<std::ptrdiff_t>(row) * a.row_stride;
      for (std::size_t d = k; d < depth; ++d) destination[d * block_rows + i] = source[static_cast<std::ptrdiff_t>(d) * a.column_stride];
    }
  }
}

// One depth k of a block: every sum[i][v] gains A's value i at k times B's lanes v at k. At
// the first depth the sums start as 0 + a·b, exactly what adding to a zeroed array gives (−0
// included). Not an array set to zero: clang made that a 128-byte memset, a call per block in
// WebAssembly (~2.5 % of an Ioffe step). Not a `k == 0` test in the loop either: GCC kept it
// as a blend per sum and depth, which made the -msse4.2 Ioffe step ~10 % slower.
template <bool first_depth>
inline void add_depth(const Scalar* a_values, const Scalar* b_row, Lanes (&sum)[block_rows][column_vectors]) {
  Lanes b_lanes[column_vectors];
  for (std::size_t v = 0; v < column_vectors; ++v) b_lanes[v] = *reinterpret_cast<const UnalignedLanes*>(b_row + v * lanes);
  for (std::size_t i = 0; i < block_rows; ++i) {
    const Lanes broadcast = {a_values[i], a_values[i], a_values[i], a_values[i]};
    for (std::size_t v = 0; v < column_vectors; ++v) {
      sum[i][v] = (first_depth ? Lanes{0, 0, 0, 0} : sum[i][v]) + broadcast * b_lanes[v];
    }
  }
}

// Rows first_row … first_row + rows − 1 (rows ≤ 4) of the product, 8 of its columns (width ≤ 8
// of them stored): sum over k of A's 4 values at k times B's 8 values at k. depth >= 1.
void multiply_block(const Scalar* row_panel, std::size_t depth, const Scalar* column_panel,
                    std::ptrdiff_t panel_row_stride, Scalar* product, std::ptrdiff_t product_row_stride,
                    std::size_t rows, std::size_t width) {
  Lanes sum[block_rows][column_vectors];
  add_depth<true>(row_panel, column_panel, sum);
  for (std::size_t k = 1; k < depth; ++k) {
    add_depth<false>(row_panel + k * block_rows, column_panel + static_cast<std::ptrdiff_t>(k) * panel_row_stride, sum);
  }
  if (width == block_columns) {
    // A whole block row is a copy of a known size, which compilers turn into two vector
    // stores. The general path's memcpy of `width` values is a call in WebAssembly, 9 800 of
    // them in the Ioffe first layer's weight product (depth 60, 2 450 blocks).
    for (std::size_t i = 0; i < rows; ++i) {
      std::memcpy(product + static_cast<std::ptrdiff_t>(i) * product_row_stride, sum[i], sizeof sum[i]);
    }
    return;
  }
  for (std::size_t i = 0; i < rows; ++i) {
    // Lane by lane from the registers: a memcpy of `width` values is a call in WebAssembly.
    Scalar* product_row = product + static_cast<std::ptrdiff_t>(i) * product_row_stride;
    for (std::size_t j = 0; j < width; ++j) product_row[j] = sum[i][j / lanes][j % lanes];
  }
}

}  // namespace

void multiply(const StridedMatrix& a, const StridedMatrix& b, Scalar* product, std::ptrdiff_t product_row_stride) {
  // Packing buffers per thread, kept between calls: a training step allocates nothing once
  // they have grown to its largest product (an evaluation chunk's is at most 1 000 × 784).
  thread_local std::vector<Scalar> row_panels;
  thread_local std::vector<Scalar> column_buffer;
  const std::size_t depth = a.columns;
  if (depth == 0) {  // an empty sum: zeros (the block kernel needs depth >= 1)
    for (std::size_t row = 0; row < a.rows; ++row) {
      std::fill_n(product + static_cast<std::ptrdiff_t>(row) * product_row_stride, b.columns, Scalar(0));
    }
    return;
  }
  pack_row_panels(a, row_panels);
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
