// The Dense layers' matrix products in WebAssembly: Eigen's SSE kernels (as Emscripten
// translates them) against bnlab's own 4 × 8 kernel (engine/core/matrix_product.hpp), product by
// product at the shapes of bench/networks/, the two alternating in one process. The engine
// uses the kernel; this shows what it gains over Eigen, in µs per product and GFLOP/s.
//   cmake --build build/wasm --target matrix_product_timing
//   node build/wasm/matrix_product_timing.cjs
// Also builds natively (build/native/matrix_product_timing), where Eigen is the faster one.
#include <chrono>
#include <cstdio>

#include <Eigen/Core>

#include "core/matrix_product.hpp"

namespace {

using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using bnlab::StridedMatrix;

// Best of 5 rounds of `repeats` calls, µs per call, after a warm-up.
template <typename Product>
double microseconds_per_call(Product&& product, int repeats) {
  for (int warm_up = 0; warm_up < 20; ++warm_up) product();
  double best = 1e30;
  for (int round = 0; round < 5; ++round) {
    const auto started = std::chrono::steady_clock::now();
    for (int call = 0; call < repeats; ++call) product();
    const std::chrono::duration<double, std::micro> took = std::chrono::steady_clock::now() - started;
    best = std::min(best, took.count() / repeats);
  }
  return best;
}

StridedMatrix as_is(const Matrix& matrix) {
  return {matrix.data(), static_cast<std::size_t>(matrix.rows()), static_cast<std::size_t>(matrix.cols()), matrix.cols(), 1};
}

StridedMatrix transposed(const Matrix& matrix) {
  return {matrix.data(), static_cast<std::size_t>(matrix.cols()), static_cast<std::size_t>(matrix.rows()), 1, matrix.cols()};
}

void report(const char* network, const char* product, int batch, int inputs, int outputs, double eigen, double own) {
  const double flops = 2.0 * batch * inputs * outputs;
  std::printf("%-11s %-8s %4d×%4d×%4d  Eigen %8.1f µs (%4.1f GFLOP/s)  own %8.1f µs (%4.1f GFLOP/s)  Eigen/own %.2f×\n",
              network, product, batch, inputs, outputs, eigen, flops / eigen / 1e3, own, flops / own / 1e3, eigen / own);
}

}  // namespace

int main() {
  struct Shape {
    const char* network;
    int batch, inputs, outputs;
  };
  const Shape shapes[] = {{"ioffe", 60, 784, 100}, {"ioffe", 60, 100, 100}, {"ioffe", 60, 100, 10},
                          {"evaluation", 1000, 784, 100}, {"wide", 128, 784, 512}, {"wide", 128, 512, 512},
                          {"playground", 32, 64, 64}};
  for (const Shape& shape : shapes) {
    const Matrix x = Matrix::Random(shape.batch, shape.inputs);
    const Matrix weight = Matrix::Random(shape.outputs, shape.inputs);
    const Matrix grad_y = Matrix::Random(shape.batch, shape.outputs);
    Matrix y(shape.batch, shape.outputs), grad_weight(shape.outputs, shape.inputs), grad_x(shape.batch, shape.inputs);
    const int repeats = std::max(10, 100000000 / (shape.batch * shape.inputs * shape.outputs));
    // y = x·Wᵀ, dW = dyᵀ·x, dx = dy·W: the three products of engine/layers/dense.cpp.
    report(shape.network, "forward", shape.batch, shape.inputs, shape.outputs,
           microseconds_per_call([&] { y.noalias() = x * weight.transpose(); }, repeats),
           microseconds_per_call([&] { bnlab::multiply(as_is(x), transposed(weight), y.data(), y.cols()); }, repeats));
    report(shape.network, "weight", shape.batch, shape.inputs, shape.outputs,
           microseconds_per_call([&] { grad_weight.noalias() = grad_y.transpose() * x; }, repeats),
           microseconds_per_call([&] { bnlab::multiply(transposed(grad_y), as_is(x), grad_weight.data(), grad_weight.cols()); }, repeats));
    report(shape.network, "input", shape.batch, shape.inputs, shape.outputs,
           microseconds_per_call([&] { grad_x.noalias() = grad_y * weight; }, repeats),
           microseconds_per_call([&] { bnlab::multiply(as_is(grad_y), as_is(weight), grad_x.data(), grad_x.cols()); }, repeats));
  }
  return 0;
}
