// One training step of a small MNIST CNN, batch 32, SGD:
//   1×28×28 → conv 3×3 8 (padding 1) → [BN] → ReLU → maxpool 2 → conv 3×3 16 (padding 1)
//   → [BN] → ReLU → maxpool 2 → flatten → dense 10,
// with BatchNorm over channels and without (the variant gets the conv biases back). Random
// 784-feature inputs viewed as [1, 28, 28] images stand in for MNIST: a step's cost does not
// depend on the pixel values.
//
//   build/native/cnn_step_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include "training/run.hpp"

namespace {

constexpr double batch = 32;

bnlab::Json cnn_experiment(bool with_batch_norm) {
  bnlab::Json layers = bnlab::Json::array();
  for (const int channels : {8, 16}) {
    layers.push_back({{"type", "conv2d"}, {"channels", channels}, {"kernel", 3}, {"padding", 1},
                      {"bias", !with_batch_norm}});
    if (with_batch_norm) layers.push_back({{"type", "batchnorm"}});
    layers.push_back({{"type", "relu"}});
    layers.push_back({{"type", "maxpool2d"}, {"kernel", 2}});
  }
  layers.push_back({{"type", "flatten"}});
  layers.push_back({{"type", "dense"}, {"units", 10}});
  return {{"seed", 1},
          {"dataset", {{"kind", "blobs"}, {"samples", 3200}, {"classes", 10}, {"features", 784}}},
          {"preprocessing", "standardize"},
          {"model", {{"input", {1, 28, 28}}, {"layers", layers}}},
          {"loss", "cross_entropy"},
          {"optimizer", {{"type", "sgd"}, {"learning_rate", 0.01}}},
          {"training", {{"batch_size", 32}, {"steps", 100000000}}}};
}

// Multiply-adds of the matrix products, ×2 for FLOPs, ×3 for forward + the two backward
// products (dW and dx): conv1 8·(1·9)·(32·28·28), conv2 16·(8·9)·(32·14·14), dense 784·10·32.
// Element-wise work (im2col, BN, ReLU, pooling) is not counted.
constexpr double flops_per_step =
    3.0 * 2.0 * (8.0 * 9 * batch * 784 + 16.0 * 72 * batch * 196 + 784.0 * 10 * batch);

void training_step(benchmark::State& state, bool with_batch_norm) {
  const bnlab::Experiment experiment = bnlab::parse_experiment(cnn_experiment(with_batch_norm));
  bnlab::Run run(experiment, bnlab::prepare_data(experiment));
  run.step(100);  // buffers sized, caches warm
  for (auto _ : state) run.step(1);
  state.counters["GFLOP/s"] = benchmark::Counter(flops_per_step * double(state.iterations()) / 1e9,
                                                 benchmark::Counter::kIsRate);
  state.counters["MFLOP/step"] = flops_per_step / 1e6;
}

void BM_MnistCnnStepWithBatchNorm(benchmark::State& state) { training_step(state, true); }
void BM_MnistCnnStepWithoutBatchNorm(benchmark::State& state) { training_step(state, false); }

BENCHMARK(BM_MnistCnnStepWithBatchNorm)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_MnistCnnStepWithoutBatchNorm)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace

BENCHMARK_MAIN();
