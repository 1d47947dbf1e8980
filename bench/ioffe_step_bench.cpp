// One training step of Ioffe & Szegedy's Figure 1 network: 784-100-100-100-10, sigmoid,
// batch 60, SGD; with BatchNorm before each sigmoid and without. Random inputs stand in
// for MNIST: a step's cost does not depend on the pixel values.
//
//   build/native/ioffe_step_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include "core/finite.hpp"
#include "training/run.hpp"

namespace {

bnlab::Json ioffe_experiment(bool with_batch_norm) {
  bnlab::Json layers = bnlab::Json::array();
  for (int hidden = 0; hidden < 3; ++hidden) {
    layers.push_back({{"type", "dense"}, {"units", 100}, {"bias", !with_batch_norm}});
    if (with_batch_norm) layers.push_back({{"type", "batchnorm"}});
    layers.push_back({{"type", "sigmoid"}});
  }
  layers.push_back({{"type", "dense"}, {"units", 10}});
  return {{"seed", 1},
          {"dataset", {{"kind", "blobs"}, {"samples", 6000}, {"classes", 10}, {"features", 784}}},
          {"model", {{"layers", layers}}},
          {"init", {{"scheme", "normal"}, {"std", 0.01}}},
          {"loss", "cross_entropy"},
          {"optimizer", {{"type", "sgd"}, {"learning_rate", 0.5}}},
          {"training", {{"batch_size", 60}, {"steps", 100000000}}}};
}

void training_step(benchmark::State& state, bool with_batch_norm) {
  const bnlab::Experiment experiment = bnlab::parse_experiment(ioffe_experiment(with_batch_norm));
  bnlab::Run run(experiment, bnlab::prepare_data(experiment));
  run.step(200);  // buffers sized, caches warm
  for (auto _ : state) run.step(1);
  // Matrix products only: forward 2·60·(784·100 + 100·100 + 100·100 + 100·10) flops; backward
  // the same again for the weight gradients and again for the input gradients, except the
  // first layer's (nothing needs d(loss)/d(data), so it is not computed).
  const double forward_flops = 2.0 * 60 * (784 * 100 + 100 * 100 + 100 * 100 + 100 * 10);
  const double flops_per_step = 3.0 * forward_flops - 2.0 * 60 * 784 * 100;
  state.counters["GFLOP/s"] = benchmark::Counter(flops_per_step * double(state.iterations()) / 1e9,
                                                 benchmark::Counter::kIsRate);
}

// What Run adds to every step to catch divergence that the loss does not show (issue 14): one
// vectorized pass (bnlab::all_finite, core/finite.hpp) over every parameter, gradient and buffer.
// Compare its time with a step's.
void finite_check(benchmark::State& state, bool with_batch_norm) {
  const bnlab::Experiment experiment = bnlab::parse_experiment(ioffe_experiment(with_batch_norm));
  bnlab::Run run(experiment, bnlab::prepare_data(experiment));
  run.step(1);
  const bnlab::Network& network = run.network();
  std::size_t values = 0;
  for (auto _ : state) {
    bool finite = true;
    values = 0;
    for (const bnlab::NamedParameter& named : network.named_parameters()) {
      finite = finite && bnlab::all_finite(*named.parameter.value) &&
               bnlab::all_finite(*named.parameter.gradient);
      values += 2 * named.parameter.value->size();
    }
    for (const bnlab::NamedBuffer& named : network.named_buffers()) {
      if (named.buffer.value == nullptr) continue;  // a batch counter: an integer, always finite
      finite = finite && bnlab::all_finite(*named.buffer.value);
      values += named.buffer.value->size();
    }
    benchmark::DoNotOptimize(finite);
  }
  state.counters["values"] = double(values);
}

void BM_FiniteCheckWithBatchNorm(benchmark::State& state) { finite_check(state, true); }
BENCHMARK(BM_FiniteCheckWithBatchNorm)->Unit(benchmark::kMicrosecond)->MinTime(1.0);

void BM_IoffeStepWithBatchNorm(benchmark::State& state) { training_step(state, true); }
void BM_IoffeStepWithoutBatchNorm(benchmark::State& state) { training_step(state, false); }

BENCHMARK(BM_IoffeStepWithBatchNorm)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_IoffeStepWithoutBatchNorm)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace

BENCHMARK_MAIN();
