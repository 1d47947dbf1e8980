// Lecture "Seeing the shift: the paper's Figure 1" (issue 11), on the page's figure1 cell
// (examples/ioffe-fig1.json: MNIST, 3 × 100 sigmoid, N(0, 0.01²) weights, batch 60, SGD 0.5).
// The lecture claims:
// (a) with BN the test accuracy passes 90 % at least five times sooner than without (the text
//     says about ten times);
// (b, c) read on the first 1 000 test digits in eval mode from step 1 000 on (once BN's running
//     estimates have settled), each of the 15th/50th/85th percentiles of the last sigmoid's
//     input moves at least three times as far (max − min) without BN as with it;
//     read on the training mini-batch instead, the median jumps at least twice as far from
//     reading to reading (summed |change|) as on the test digits, in both networks;
// gradients: at the first step the plain network's last layer gets a gradient at least 1 000
//     times larger than its first, a gap that has closed (at most 3×) by step 5 000; with BN
//     the first and last layers' gradients are within 4× of each other at the first step.
//
// Shortened: the test trains the first 15 000 of the preset's 50 000 steps. SGD at a constant
// rate trains those steps exactly as the full run does, and every claim only grows with the
// length. One full run (2026-12-02) gave, from step 1 000 to 50 000: band ranges 0.65/0.07/0.59
// with BN against 3.69/1.07/3.35 without; median train-batch/test jumps 5.8× and 17×; 90 % at
// steps 1 500 and 14 500; final test accuracy 93.7 % and 90.6 %. If this fails, change the
// preset and the lecture, not the margins.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/cli_runner.hpp"

namespace bnlab {
namespace {

constexpr std::size_t trained_steps = 15000;

struct Readings {
  std::map<std::size_t, double> test_accuracy;             // step -> accuracy
  std::map<std::size_t, std::vector<double>> test_band;    // step -> 15/50/85th percentiles
  std::map<std::size_t, std::vector<double>> batch_band;   // same, on the training mini-batch
  std::map<std::size_t, double> last_over_first_gradient;  // step -> last layer's / first layer's
};

std::map<std::string, Readings> train_figure1() {
  testing::TemporaryDirectory folder;
  Json experiment = Json::parse(testing::read_text(std::string(BNLAB_SOURCE_DIR) + "/examples/ioffe-fig1.json"));
  experiment["training"]["steps"] = trained_steps;
  const std::string file = folder.write("figure1.json", experiment.dump());
  const auto outcome = testing::run_cli("train " + file + " --quiet --out " + folder.file("figure1.jsonl"));
  EXPECT_EQ(outcome.exit_code, 0) << outcome.output;
  std::map<std::string, Readings> runs;
  if (outcome.exit_code != 0) return runs;
  for (const Json& record : testing::read_records(folder.file("figure1.jsonl"))) {
    if (!record.contains("run")) continue;
    Readings& run = runs[record["run"].get<std::string>()];
    const std::size_t step = record.value("step", std::size_t{0});
    if (record["type"] == "evaluation" && record["split"] == "test" && !record.value("final", false)) {
      run.test_accuracy[step] = record["accuracy"].get<double>();
    } else if (record["type"] == "probe") {
      // The last watched activation is the last sigmoid in both variants.
      run.batch_band[step] = record["activations"].back()["percentiles"].get<std::vector<double>>();
      run.test_band[step] = record["probe_sets"].at(0)["activations"].back()["percentiles"].get<std::vector<double>>();
      const Json& layers = record["layer_gradient_norms"];
      run.last_over_first_gradient[step] = layers.back()["norm"].get<double>() / layers.front()["norm"].get<double>();
    }
  }
  return runs;
}

std::size_t first_step_at(const std::map<std::size_t, double>& accuracy, double target) {
  for (const auto& [step, value] : accuracy) {
    if (value >= target) return step;
  }
  return SIZE_MAX;
}

// max − min of percentile `index` over the readings from `from` on
double band_range(const std::map<std::size_t, std::vector<double>>& band, std::size_t index, std::size_t from) {
  double low = INFINITY, high = -INFINITY;
  for (const auto& [step, percentiles] : band) {
    if (step < from) continue;
    low = std::min(low, percentiles.at(index));
    high = std::max(high, percentiles.at(index));
  }
  return high - low;
}

// Σ |change| of the median from reading to reading, from `from` on
double median_jumps(const std::map<std::size_t, std::vector<double>>& band, std::size_t from) {
  double total = 0.0;
  const std::vector<double>* previous = nullptr;
  for (const auto& [step, percentiles] : band) {
    if (step < from) continue;
    if (previous != nullptr) total += std::abs(percentiles.at(1) - previous->at(1));
    previous = &percentiles;
  }
  return total;
}

TEST(Lesson, FigureOneWithoutBatchNormTheBandWandersWithItItHardlyMoves) {
  const auto runs = train_figure1();
  ASSERT_EQ(runs.size(), 2u);
  const Readings& with = runs.at("with_batchnorm");
  const Readings& without = runs.at("without_batchnorm");
  for (const Readings* run : {&with, &without}) {
    ASSERT_EQ(run->test_band.size(), 1 + trained_steps / 100);  // step 1, then every 100 steps
    ASSERT_EQ(run->test_accuracy.size(), 1 + trained_steps / 500);
  }

  // (a)
  const std::size_t with_at_90 = first_step_at(with.test_accuracy, 0.90);
  const std::size_t without_at_90 = first_step_at(without.test_accuracy, 0.90);
  ASSERT_NE(with_at_90, SIZE_MAX) << "with BN the test accuracy never reached 90 %";
  // Without BN it may not reach 90 % within the shortened run at all (the full run gets there at
  // step 14 500): SIZE_MAX, later than any step.
  EXPECT_LE(5 * with_at_90, without_at_90) << "90 % with BN at step " << with_at_90 << ", without at " << without_at_90;

  // (b, c)
  const std::size_t settled = 1000;
  const char* names[] = {"15th", "50th", "85th"};
  for (std::size_t index = 0; index < 3; ++index) {
    const double with_range = band_range(with.test_band, index, settled);
    const double without_range = band_range(without.test_band, index, settled);
    EXPECT_GE(without_range, 3 * with_range) << names[index] << " percentile moved " << without_range
                                             << " without BN, " << with_range << " with";
  }
  for (const auto& [name, run] : {std::pair{"with BN", &with}, std::pair{"without BN", &without}}) {
    const double on_batch = median_jumps(run->batch_band, settled);
    const double on_test = median_jumps(run->test_band, settled);
    EXPECT_GE(on_batch, 2 * on_test) << name << ": the median jumped " << on_batch << " on the training batch, "
                                     << on_test << " on the test digits";
  }

  // gradients
  EXPECT_GE(without.last_over_first_gradient.at(1), 1000.0);
  EXPECT_LE(without.last_over_first_gradient.at(5000), 3.0);
  EXPECT_LE(with.last_over_first_gradient.at(1), 4.0);
  EXPECT_GE(with.last_over_first_gradient.at(1), 0.25);
}

}  // namespace
}  // namespace bnlab
