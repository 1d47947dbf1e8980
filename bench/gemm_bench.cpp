// The matrix products of a Dense layer's training step, one by one, at the shapes of the
// benchmark networks (bench/networks/): GFLOP/s per product, and the blocking Eigen chooses for
// it (kc × mc × nc, from Eigen's own computeProductBlockingSizes), with the same Eigen
// expressions engine/layers/dense.cpp evaluates on the same row-major maps:
//   forward    y  = x·Wᵀ     (batch × in)·(in × out)     W is (out × in), read transposed
//   weight     dW = dyᵀ·x    (out × batch)·(batch × in)  dy read transposed
//   input      dx = dy·W     (batch × out)·(out × in)
// Each product is also timed with its transposed operand copied into a contiguous matrix
// first (the copy included), which shows whether Eigen's packing of a transposed operand
// costs anything at these sizes.
//
//   build/native/gemm_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <string>

#include "core/tensor.hpp"

namespace {

using bnlab::MatrixRowMajor;
using bnlab::Scalar;

enum class Product { forward, weight_gradient, input_gradient };

struct Shape {
  const char* network;
  int batch;
  int inputs;
  int outputs;
};

// Dense layers of bench/networks/: the Ioffe MLP (batch 60), the wide MLP (128), the
// playground MLP (32).
const Shape shapes[] = {
    {"ioffe", 60, 784, 100}, {"ioffe", 60, 100, 100},  {"ioffe", 60, 100, 10},
    {"wide", 128, 784, 512}, {"wide", 128, 512, 512},  {"wide", 128, 512, 10},
    {"playground", 32, 64, 64},
};

MatrixRowMajor random_matrix(int rows, int columns) { return MatrixRowMajor::Random(rows, columns); }

std::string blocking_label(int rows, int columns, int depth) {
  Eigen::Index kc = depth;
  Eigen::Index mc = rows;
  Eigen::Index nc = columns;
  Eigen::internal::computeProductBlockingSizes<Scalar, Scalar>(kc, mc, nc);
  return "kc×mc×nc " + std::to_string(kc) + "×" + std::to_string(mc) + "×" + std::to_string(nc);
}

void product(benchmark::State& state, Shape shape, Product which, bool copy_transposed) {
  const MatrixRowMajor x = random_matrix(shape.batch, shape.inputs);
  const MatrixRowMajor weight = random_matrix(shape.outputs, shape.inputs);
  const MatrixRowMajor grad_y = random_matrix(shape.batch, shape.outputs);
  MatrixRowMajor transposed;
  MatrixRowMajor result;
  int rows = 0;
  int columns = 0;
  int depth = 0;
  switch (which) {
    case Product::forward: rows = shape.batch, columns = shape.outputs, depth = shape.inputs; break;
    case Product::weight_gradient: rows = shape.outputs, columns = shape.inputs, depth = shape.batch; break;
    case Product::input_gradient: rows = shape.batch, columns = shape.inputs, depth = shape.outputs; break;
  }
  result.resize(rows, columns);
  for (auto _ : state) {
    switch (which) {
      case Product::forward:
        if (copy_transposed) {
          transposed = weight.transpose();
          result.noalias() = x * transposed;
        } else {
          result.noalias() = x * weight.transpose();
        }
        break;
      case Product::weight_gradient:
        if (copy_transposed) {
          transposed = grad_y.transpose();
          result.noalias() = transposed * x;
        } else {
          result.noalias() = grad_y.transpose() * x;
        }
        break;
      case Product::input_gradient:
        result.noalias() = grad_y * weight;
        break;
    }
    benchmark::DoNotOptimize(result.data());
    benchmark::ClobberMemory();
  }
  const double flops = 2.0 * rows * columns * depth;
  state.counters["GFLOP/s"] = benchmark::Counter(flops * double(state.iterations()) / 1e9, benchmark::Counter::kIsRate);
  state.SetLabel(blocking_label(rows, columns, depth));
}

void register_products() {
  for (const Shape& shape : shapes) {
    const std::string size = std::string(shape.network) + "/b" + std::to_string(shape.batch) + "/" +
                             std::to_string(shape.inputs) + "-" + std::to_string(shape.outputs);
    benchmark::RegisterBenchmark(("forward x·Wt/" + size).c_str(), product, shape, Product::forward, false);
    benchmark::RegisterBenchmark(("forward x·copy(Wt)/" + size).c_str(), product, shape, Product::forward, true);
    benchmark::RegisterBenchmark(("weight dyt·x/" + size).c_str(), product, shape, Product::weight_gradient, false);
    benchmark::RegisterBenchmark(("weight copy(dyt)·x/" + size).c_str(), product, shape, Product::weight_gradient, true);
    benchmark::RegisterBenchmark(("input dy·W/" + size).c_str(), product, shape, Product::input_gradient, false);
  }
}

}  // namespace

int main(int argc, char** argv) {
  register_products();
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
