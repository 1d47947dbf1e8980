// Times the training step of an experiment natively, with the same loop the WebAssembly side
// times (bench/wasm/step_timing.mjs): Run::step(chunk) after a warm-up, repeated, the
// median reported, as wall-clock and as CPU time. Also counts operator-new calls during the timed steps, because a training
// step should allocate nothing once its buffers exist (Eigen's own scratch buffers come from
// malloc, not operator new, and are not counted).
//
//   step_timing bench/networks/ioffe-mlp.json [--warmup 200] [--steps 2000] [--repeats 5]
//                     [--chunk 100] [--without-batchnorm]
// prints one JSON line: {"target": "native", "flags": "-msse4.2", "ms_per_step": ..., ...}

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <new>
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "training/compare_pair.hpp"
#include "training/run.hpp"

#ifndef BNLAB_TIMING_FLAGS
#define BNLAB_TIMING_FLAGS ""
#endif

namespace {

// Process-wide because operator new is; only this benchmark program replaces it.
std::size_t allocation_count = 0;

}  // namespace

void* operator new(std::size_t size) {
  ++allocation_count;
  if (void* memory = std::malloc(size == 0 ? 1 : size)) return memory;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return operator new(size); }
void operator delete(void* memory) noexcept { std::free(memory); }
void operator delete[](void* memory) noexcept { std::free(memory); }
void operator delete(void* memory, std::size_t) noexcept { std::free(memory); }
void operator delete[](void* memory, std::size_t) noexcept { std::free(memory); }

namespace {

struct Options {
  std::string experiment_path;
  std::size_t warmup = 200;
  std::size_t steps = 2000;
  std::size_t repeats = 5;
  std::size_t chunk = 100;
  bool without_batch_norm = false;
};

std::size_t parse_count(const std::string& text, const std::string& option) {
  try {
    std::size_t used = 0;
    const unsigned long value = std::stoul(text, &used);
    if (used == text.size() && value > 0) return value;
  } catch (const std::exception&) {
  }
  throw bnlab::UsageError(option + ": expected a positive integer, got " + text);
}

Options parse_options(int argc, char** argv) {
  Options options;
  for (int index = 1; index < argc; ++index) {
    const std::string word = argv[index];
    const bool has_value = index + 1 < argc;
    if (word == "--without-batchnorm") {
      options.without_batch_norm = true;
    } else if (has_value && (word == "--warmup" || word == "--steps" || word == "--repeats" || word == "--chunk")) {
      const std::size_t value = parse_count(argv[++index], word);
      (word == "--warmup" ? options.warmup
       : word == "--steps" ? options.steps
       : word == "--repeats" ? options.repeats
                             : options.chunk) = value;
    } else if (options.experiment_path.empty() && word.rfind("--", 0) != 0) {
      options.experiment_path = word;
    } else {
      throw bnlab::UsageError("unknown argument " + word);
    }
  }
  if (options.experiment_path.empty()) throw bnlab::UsageError("expected an experiment file");
  return options;
}

struct Elapsed {
  double wall = 0;  // milliseconds
  double cpu = 0;   // milliseconds of this process's CPU time: what a shared machine disturbs least
};

// Steps `count` times in chunks (as the web worker and the wasm timing do).
Elapsed time_steps(bnlab::Run& run, std::size_t count, std::size_t chunk) {
  const auto start = std::chrono::steady_clock::now();
  const std::clock_t cpu_start = std::clock();
  for (std::size_t done = 0; done < count;) {
    const std::size_t taken = run.step(std::min(chunk, count - done));
    if (taken == 0) {
      throw bnlab::UsageError("the run stopped early: " + (run.divergence() ? run.divergence()->message() : std::string("no step taken")));
    }
    done += taken;
  }
  const std::chrono::duration<double, std::milli> elapsed = std::chrono::steady_clock::now() - start;
  return {elapsed.count(), 1000.0 * static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC};
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Options options = parse_options(argc, argv);
    bnlab::Experiment experiment = bnlab::load_experiment_file(options.experiment_path);
    if (options.without_batch_norm) experiment = bnlab::without_batch_norm(experiment);
    experiment.compare = false;
    bnlab::Run run(experiment, bnlab::prepare_data(experiment));

    time_steps(run, options.warmup, options.chunk);
    std::vector<double> per_step;
    std::vector<double> cpu_per_step;
    const std::size_t allocations_before = allocation_count;
    for (std::size_t repeat = 0; repeat < options.repeats; ++repeat) {
      const Elapsed elapsed = time_steps(run, options.steps, options.chunk);
      per_step.push_back(elapsed.wall / static_cast<double>(options.steps));
      cpu_per_step.push_back(elapsed.cpu / static_cast<double>(options.steps));
    }
    const std::size_t allocations = allocation_count - allocations_before;
    std::sort(per_step.begin(), per_step.end());
    std::sort(cpu_per_step.begin(), cpu_per_step.end());

    std::printf("{\"target\": \"native\", \"flags\": \"%s\", \"ms_per_step\": %.5f, \"ms_per_step_min\": %.5f, "
                "\"cpu_ms_per_step\": %.5f, "
                "\"steps\": %zu, \"repeats\": %zu, \"allocations_per_step\": %.3f, \"last_loss\": %.6f}\n",
                BNLAB_TIMING_FLAGS, per_step[per_step.size() / 2], per_step.front(),
                cpu_per_step[cpu_per_step.size() / 2], options.steps,
                options.repeats,
                static_cast<double>(allocations) / static_cast<double>(options.steps * options.repeats),
                run.losses().empty() ? 0.0 : run.losses().back().loss);
    return 0;
  } catch (const std::exception& error) {
    std::cerr << "step_timing: " << error.what() << "\n";
    return 1;
  }
}
