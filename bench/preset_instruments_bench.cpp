// What the page's instruments cost on the presets the page ships (issue 10's "with the page's
// default instruments on, a training step costs at most 10 % more"): each preset file of
// examples/ is run natively three ways from a fresh run, on its real data —
//   bare          no probes, evaluation only at the end (the training steps alone);
//   evaluations   as written without its probes section (the curves' evaluations);
//   as_written    the file as the page runs it (evaluations + every instrument it asks for).
// instruments overhead = as_written / evaluations − 1; the whole extra = as_written / bare − 1.
// Each repetition builds the run outside the timing, then times `steps` steps of the BN
// variant (a multiple of the preset's longest reading interval, so every reading occurs in
// its share) in this thread's CPU time, which another process on the machine does not inflate
// the way it inflates wall time. bench/instruments_bench.cpp prices each instrument alone on stand-in data.
//
//   BNLAB_DATA_DIR=build/data build/native/preset_instruments_bench --benchmark_repetitions=3 \
//       --benchmark_report_aggregates_only=true      (run from the repository root)
#include <benchmark/benchmark.h>

#include <time.h>

#include <fstream>
#include <sstream>
#include <string>

#include "training/run.hpp"

namespace {

enum class Setting { bare, evaluations, as_written };

bnlab::Json read_preset(const std::string& path) {
  std::ifstream file(path);
  if (!file) throw std::runtime_error("cannot open " + path + " (run from the repository root)");
  std::stringstream text;
  text << file.rdbuf();
  return bnlab::Json::parse(text.str());
}

double thread_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return double(now.tv_sec) + 1e-9 * double(now.tv_nsec);
}

void run_preset(benchmark::State& state, const std::string& path, Setting setting, std::size_t steps) {
  bnlab::Json document = read_preset(path);
  document.erase("compare");  // the BN variant alone: a pair is two of these
  if (setting != Setting::as_written) document.erase("probes");
  if (setting == Setting::bare) document["training"]["evaluate_every"] = 0;
  const bnlab::Experiment experiment = bnlab::parse_experiment(document);
  const auto data = bnlab::prepare_data(experiment);
  for (auto _ : state) {
    bnlab::Run run(experiment, data);
    const double started = thread_cpu_seconds();
    run.step(steps);
    state.SetIterationTime(thread_cpu_seconds() - started);
  }
  state.counters["us/step"] = benchmark::Counter(double(state.iterations()) * double(steps),
                                                 benchmark::Counter::kIsRate | benchmark::Counter::kInvert,
                                                 benchmark::Counter::kIs1000);
}

struct Preset {
  const char* name;
  const char* path;
  std::size_t steps;  // a multiple of the preset's longest reading interval
};

const Preset presets[] = {
    {"playground", "examples/spirals-compare.json", 3000},
    {"lecture", "examples/mnist-compare.json", 1000},
    {"figure1", "examples/ioffe-fig1.json", 5000},
};

const int registered = [] {
  const std::pair<const char*, Setting> settings[] = {
      {"bare", Setting::bare}, {"evaluations", Setting::evaluations}, {"as_written", Setting::as_written}};
  for (const Preset& preset : presets) {
    for (const auto& [setting_name, setting] : settings) {
      const std::string path = preset.path;
      const std::size_t steps = preset.steps;
      const Setting chosen = setting;
      benchmark::RegisterBenchmark((std::string(preset.name) + "/" + setting_name).c_str(),
                                   [path, chosen, steps](benchmark::State& state) { run_preset(state, path, chosen, steps); })
          ->UseManualTime()->Iterations(1)->Unit(benchmark::kMillisecond);
    }
  }
  return 0;
}();

}  // namespace

BENCHMARK_MAIN();
