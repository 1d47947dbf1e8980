// What each instrument costs per training step, on Ioffe & Szegedy's Figure 1 network
// (784-100-100-100-10, BatchNorm + sigmoid, batch 60; random blobs stand in for MNIST) and
// on the spirals playground net (2-32-32-2, BatchNorm + sigmoid, batch 20). One iteration
// is 50 steps, so an instrument read every 50 steps is read once per iteration; compare
// each line with the "none" line of its network. "page_default" was a guess at the page's
// set before its presets existed: percentiles on the test probe set (1000 samples for Ioffe,
// 250 for the spirals) + gradient norms, every 50. What the shipped presets cost is measured
// by bench/preset_instruments_bench.cpp (docs/PERFORMANCE.md).
//
// Measured natively on the shared 2-core build machine (load average ≈ 17, so ±15 % noise;
// CPU time per step, median of 3): Ioffe none 1.05 ms, page_default 1.19 ms (+12 %),
// page_default_one_unit 1.06 ms (+1 %); spirals none 19.0 µs, page_default 27.6 µs (+45 %),
// page_default_one_unit 21.0 µs (+10 %), decision_grid_100 101.5 µs (a 100 × 100 grid every
// 50 steps is 5 × the training; read it every ~500 steps or use a smaller grid).
//
//   build/native/instruments_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include "training/run.hpp"

namespace {

bnlab::Json ioffe_experiment() {
  bnlab::Json layers = bnlab::Json::array();
  for (int hidden = 0; hidden < 3; ++hidden) {
    layers.push_back({{"type", "dense"}, {"units", 100}, {"bias", false}});
    layers.push_back({{"type", "batchnorm"}});
    layers.push_back({{"type", "sigmoid"}});
  }
  layers.push_back({{"type", "dense"}, {"units", 10}});
  return {{"seed", 1},
          {"dataset", {{"kind", "blobs"}, {"samples", 7000}, {"classes", 10}, {"features", 784}}},
          {"split", {{"test", 1000}}},
          {"model", {{"layers", layers}}},
          {"init", {{"scheme", "normal"}, {"std", 0.01}}},
          {"loss", "cross_entropy"},
          {"optimizer", {{"type", "sgd"}, {"learning_rate", 0.5}}},
          {"training", {{"batch_size", 60}, {"steps", 100000000}}}};
}

bnlab::Json spirals_experiment() {
  bnlab::Json layers = bnlab::Json::array();
  for (int hidden = 0; hidden < 2; ++hidden) {
    layers.push_back({{"type", "dense"}, {"units", 32}, {"bias", false}});
    layers.push_back({{"type", "batchnorm"}});
    layers.push_back({{"type", "sigmoid"}});
  }
  layers.push_back({{"type", "dense"}, {"units", 2}});
  return {{"seed", 1},
          {"dataset", {{"kind", "spirals"}, {"samples", 1000}, {"noise", 0.1}}},
          {"split", {{"test", 0.25}}},
          {"preprocessing", "standardize"},
          {"model", {{"layers", layers}}},
          {"loss", "cross_entropy"},
          {"optimizer", {{"type", "sgd"}, {"learning_rate", 0.5}}},
          {"training", {{"batch_size", 20}, {"steps", 100000000}}}};
}

constexpr int steps_per_iteration = 50;

void run_steps(benchmark::State& state, bnlab::Json document, bnlab::Json probes) {
  if (!probes.is_null()) document["probes"] = probes;
  const bnlab::Experiment experiment = bnlab::parse_experiment(document);
  bnlab::Run run(experiment, bnlab::prepare_data(experiment));
  run.step(2 * steps_per_iteration);  // buffers sized, caches warm, first readings (bins) done
  for (auto _ : state) run.step(steps_per_iteration);
  state.counters["us/step"] = benchmark::Counter(double(state.iterations()) * steps_per_iteration,
                                                 benchmark::Counter::kIsRate | benchmark::Counter::kInvert,
                                                 benchmark::Counter::kIs1000);
}

struct Instrument {
  const char* name;
  const char* probes;  // JSON of the probes section; "null" for none
  bool two_dimensional_only;
};

const Instrument instruments[] = {
    {"none", "null", false},
    {"page_default", R"({"every": 50, "source": {"split": "test"}, "batchnorm": false})", false},
    {"page_default_one_unit", R"({"every": 50, "source": {"split": "test"}, "unit": 0, "batchnorm": false})", false},
    {"train_batch_percentiles", R"({"every": 50, "gradients": false, "batchnorm": false})", false},
    {"gradient_norms", R"({"every": 50, "source": [], "batchnorm": false})", false},
    {"test_probe_set", R"({"every": 50, "source": {"split": "test"}, "gradients": false, "batchnorm": false})", false},
    {"histograms_40_both_sources", R"({"every": 50, "source": ["train_batch", {"split": "test"}], "histogram_bins": 40, "gradients": false, "batchnorm": false})", false},
    {"gamma_beta_units_layer_gradients", R"({"every": 50, "source": [], "batchnorm_units": true, "layer_gradients": true})", false},
    {"running_statistics", R"({"every": 50, "source": [], "gradients": false, "batchnorm": false, "running_statistics": {}})", false},
    {"mode_gap_with_batch_of_one", R"({"every": 50, "source": [], "gradients": false, "batchnorm": false, "mode_gap": {}})", false},
    {"mode_gap_without_batch_of_one", R"({"every": 50, "source": [], "gradients": false, "batchnorm": false, "mode_gap": {"batch_of_one": false}})", false},
    {"confusion", R"({"every": 50, "source": [], "gradients": false, "batchnorm": false, "confusion": {}})", false},
    {"decision_grid_100", R"({"every": 50, "source": [], "gradients": false, "batchnorm": false, "decision_grid": {}})", true},
};

const int registered = [] {
  for (const Instrument& instrument : instruments) {
    const bnlab::Json probes = bnlab::Json::parse(instrument.probes);
    if (!instrument.two_dimensional_only) {
      benchmark::RegisterBenchmark((std::string("Ioffe/") + instrument.name).c_str(),
                                   [probes](benchmark::State& state) { run_steps(state, ioffe_experiment(), probes); })
          ->Unit(benchmark::kMillisecond)->MinTime(1.0);
    }
    benchmark::RegisterBenchmark((std::string("Spirals/") + instrument.name).c_str(),
                                 [probes](benchmark::State& state) { run_steps(state, spirals_experiment(), probes); })
        ->Unit(benchmark::kMillisecond)->MinTime(1.0);
  }
  return 0;
}();

}  // namespace

BENCHMARK_MAIN();
