// The instruments against direct computations: statistics of known tensors, an eval-mode
// probe set against a separate eval pass, population statistics against a direct mean and
// variance, the decision grid against predicting the same points, train-mode evaluation
// with a batch of one against the documented result (every BatchNorm outputs β), and a run
// with every instrument on against the same run with them off.
#include <algorithm>
#include <cmath>
#include <numeric>

#include <gtest/gtest.h>

#include "core/rng.hpp"
#include "layers/batch_norm.hpp"
#include "metrics/metrics.hpp"
#include "training/compare_pair.hpp"
#include "training/instruments/instruments.hpp"
#include "training/instruments/tensor_statistics.hpp"
#include "training/run.hpp"
#include "support/tensors.hpp"

namespace bnlab {
namespace {

// 2-D blobs (so the decision grid applies), BatchNorm, ReLU and dropout (its mask stream
// must not be disturbed by the instruments).
Json instrumented_experiment() {
  return Json::parse(R"({
    "name": "instrumented", "seed": 11,
    "dataset": {"kind": "blobs", "samples": 300, "classes": 3, "features": 2, "noise": 1.5},
    "split": {"validation": 30, "test": 60},
    "preprocessing": "standardize",
    "model": {"layers": [
      {"type": "dense", "units": 16, "bias": false}, {"type": "batchnorm"}, {"type": "relu"},
      {"type": "dropout", "probability": 0.2},
      {"type": "dense", "units": 8}, {"type": "sigmoid"},
      {"type": "dense", "units": 3}
    ]},
    "init": {"scheme": "he_normal"},
    "loss": "cross_entropy",
    "optimizer": {"type": "momentum", "learning_rate": 0.1},
    "training": {"batch_size": 16, "steps": 120, "evaluate_every": 40},
    "probes": {
      "every": 20,
      "source": ["train_batch", {"split": "test", "samples": 25}],
      "histogram_bins": 12, "dead_units": true, "layer_gradients": true, "batchnorm_units": true,
      "running_statistics": {}, "mode_gap": {"split": "validation"},
      "decision_grid": {"size": 7, "train_mode": true}, "confusion": {}
    }
  })");
}

Experiment instruments_off(Experiment experiment) {
  experiment.probes = ProbeSpec{};
  return experiment;
}

// A trained network (40 steps, no instruments) to read instruments from.
struct TrainedNetwork {
  Experiment experiment = parse_experiment(instrumented_experiment());
  std::shared_ptr<const DatasetSplits> data = prepare_data(experiment);
  Run run{instruments_off(experiment), data};
  TrainedNetwork() {
    run.step(40);
    experiment.model = run.experiment().model;  // with the input shape filled in
  }
  Network& network() { return run.network(); }
};

std::vector<Tensor> every_tensor(const Network& network) {
  std::vector<Tensor> tensors;
  for (const NamedParameter& named : network.named_parameters()) tensors.push_back(*named.parameter.value);
  for (const NamedBuffer& named : network.named_buffers()) tensors.push_back(testing::buffer_value(named.buffer));
  return tensors;
}

Tensor first_samples(const Dataset& data, std::size_t count) {
  std::vector<std::uint32_t> order(count);
  std::iota(order.begin(), order.end(), 0u);
  Batch batch;
  gather_batch(data, order, 0, count, batch);
  return batch.inputs;
}

TEST(TensorStatistics, PercentilesInterpolateBetweenClosestRanks) {
  std::vector<double> values{5, 1, 4, 2, 3};
  const std::vector<double> result = percentiles_of(values, {0, 10, 25, 50, 85, 100});
  const std::vector<double> numpy{1.0, 1.4, 2.0, 3.0, 4.4, 5.0};  // numpy.percentile, linear
  ASSERT_EQ(result.size(), numpy.size());
  for (std::size_t index = 0; index < numpy.size(); ++index) EXPECT_NEAR(result[index], numpy[index], 1e-12);
}

TEST(TensorStatistics, PercentilesOfManyValuesMatchASortedCopy) {
  // Selection (nth_element) against the textbook definition on a fully sorted copy, with ties.
  std::vector<double> values;
  Rng stream = Rng::for_purpose(3, "percentile test");
  for (int index = 0; index < 10'001; ++index) values.push_back(std::floor(stream.normal() * 50.0));
  std::vector<double> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  const std::vector<double> percents{85, 0.5, 50, 15, 99.99, 100, 0, 37.3};
  const std::vector<double> result = percentiles_of(values, percents);
  for (std::size_t index = 0; index < percents.size(); ++index) {
    const double rank = percents[index] / 100.0 * double(sorted.size() - 1);
    const auto below = static_cast<std::size_t>(std::floor(rank));
    const std::size_t above = std::min(below + 1, sorted.size() - 1);
    const double expected = sorted[below] + (rank - double(below)) * (sorted[above] - sorted[below]);
    EXPECT_DOUBLE_EQ(result[index], expected) << percents[index];
  }
}

TEST(TensorStatistics, UnitValuesPickOneChannelOverSamplesAndPositions) {
  Tensor tensor = xt::zeros<Scalar>({std::size_t{2}, std::size_t{3}, std::size_t{2}});
  for (std::size_t index = 0; index < tensor.size(); ++index) tensor.data()[index] = static_cast<Scalar>(index);
  EXPECT_EQ(unit_values(tensor, 1), (std::vector<double>{2, 3, 8, 9}));
  EXPECT_EQ(unit_values(tensor, std::nullopt).size(), 12u);
}

TEST(TensorStatistics, HistogramBinsComeFromTheFirstReadingAndCountOutliersApart) {
  const HistogramBins bins = choose_histogram_bins({0.0, 1.0, 2.0, NAN}, 4);
  EXPECT_DOUBLE_EQ(bins.lower, -1.0);  // 0 − ½·(2 − 0)
  EXPECT_DOUBLE_EQ(bins.upper, 3.0);
  EXPECT_EQ(bins.count, 4u);
  // Bins of width 1: [−1, 0), [0, 1), [1, 2), [2, 3]; −5 below, 7 above, NaN nowhere.
  const std::vector<std::uint32_t> counts = histogram_counts({-5, -1, -0.5, 0, 0.99, 1, 2.5, 3, 7, NAN}, bins);
  EXPECT_EQ(counts, (std::vector<std::uint32_t>{1, 2, 2, 1, 2, 1}));
  const HistogramBins constant = choose_histogram_bins({2.0, 2.0}, 3);
  EXPECT_DOUBLE_EQ(constant.lower, 1.0);
  EXPECT_DOUBLE_EQ(constant.upper, 3.0);
}

TEST(TensorStatistics, DeadUnitsHaveNoPositiveValueInTheWholeBatch) {
  // 3 samples × 4 units: unit 0 always ≤ 0 (dead), unit 1 positive once, unit 2 all zero
  // (dead), unit 3 always positive.
  Tensor input = xt::zeros<Scalar>({std::size_t{3}, std::size_t{4}});
  input(0, 0) = -1; input(1, 0) = 0; input(2, 0) = -2;
  input(0, 1) = -1; input(1, 1) = 0.5f; input(2, 1) = -1;
  input(0, 3) = 1; input(1, 3) = 2; input(2, 3) = 3;
  EXPECT_DOUBLE_EQ(dead_unit_fraction(input), 0.5);
}

TEST(Instruments, EvalProbeSetEqualsASeparateEvalPass) {
  TrainedNetwork trained;
  Instruments instruments(trained.experiment, trained.network(), trained.data);
  instruments.after_backward(trained.network(), 20);
  ASSERT_EQ(instruments.probes().size(), 1u);
  const ProbeRecord& record = instruments.probes()[0];
  ASSERT_EQ(record.probe_sets.size(), 1u);
  const ProbeSetReading& reading = record.probe_sets[0];
  EXPECT_EQ(reading.split, SplitName::test);
  EXPECT_EQ(reading.samples, 25u);

  Network& network = trained.network();
  network.forward(first_samples(trained.data->test, 25), Mode::eval);
  // Watched: the relu (2) and sigmoid (5) inputs; histograms of those and of the batchnorm (1).
  ASSERT_EQ(reading.activations.size(), 2u);
  const std::vector<std::size_t> activation_layers{2, 5};
  for (std::size_t probe = 0; probe < 2; ++probe) {
    const ActivationProbe& activation = reading.activations[probe];
    EXPECT_EQ(activation.layer_index, activation_layers[probe]);
    std::vector<double> values = unit_values(network.layer_input(activation.layer_index), std::nullopt);
    const double mean = std::accumulate(values.begin(), values.end(), 0.0) / double(values.size());
    EXPECT_NEAR(activation.mean, mean, 1e-9);
    const std::vector<double> expected = percentiles_of(values, {15, 50, 85});
    for (std::size_t index = 0; index < 3; ++index) {
      EXPECT_DOUBLE_EQ(activation.percentiles[index], expected[index]);
    }
  }
  EXPECT_GE(reading.activations[0].dead_fraction, 0.0);   // relu
  EXPECT_TRUE(std::isnan(reading.activations[1].dead_fraction));  // sigmoid: no dead units
  EXPECT_DOUBLE_EQ(reading.activations[0].dead_fraction, dead_unit_fraction(network.layer_input(2)));

  // batchnorm_input, batchnorm_output, relu input, sigmoid input.
  ASSERT_EQ(reading.histograms.size(), 4u);
  const std::vector<std::pair<std::size_t, std::string>> slots{
      {1, "batchnorm_input"}, {1, "batchnorm_output"}, {2, "activation_input"}, {5, "activation_input"}};
  const std::vector<std::size_t> tensor_of_slot{1, 2, 2, 5};  // which layer input holds the values
  for (std::size_t slot = 0; slot < slots.size(); ++slot) {
    const HistogramProbe& histogram = reading.histograms[slot];
    EXPECT_EQ(histogram.layer_index, slots[slot].first);
    EXPECT_EQ(histogram.tensor, slots[slot].second);
    const std::vector<double> values = unit_values(network.layer_input(tensor_of_slot[slot]), std::nullopt);
    const HistogramBins bins = choose_histogram_bins(values, 12);  // first reading fixes the bins
    EXPECT_DOUBLE_EQ(histogram.lower, bins.lower);
    EXPECT_DOUBLE_EQ(histogram.upper, bins.upper);
    EXPECT_EQ(histogram.counts, histogram_counts(values, bins));
    EXPECT_EQ(std::accumulate(histogram.counts.begin(), histogram.counts.end(), 0u), values.size());
  }

  // A later reading keeps the first reading's bins.
  trained.run.step(10);
  instruments.after_backward(trained.network(), 40);
  ASSERT_EQ(instruments.probes().size(), 2u);
  for (std::size_t slot = 0; slot < slots.size(); ++slot) {
    EXPECT_EQ(instruments.probes()[1].probe_sets[0].histograms[slot].lower, reading.histograms[slot].lower);
    EXPECT_EQ(instruments.probes()[1].probe_sets[0].histograms[slot].upper, reading.histograms[slot].upper);
  }
}

TEST(Instruments, PopulationStatisticsEqualTheMeanAndVarianceOverTheTrainingSet) {
  TrainedNetwork trained;
  Instruments instruments(trained.experiment, trained.network(), trained.data);
  instruments.after_backward(trained.network(), 1);
  ASSERT_EQ(instruments.running_statistics().size(), 1u);
  const RunningStatisticsRecord& record = instruments.running_statistics()[0];
  ASSERT_EQ(record.layers.size(), 1u);
  const RunningStatisticsProbe& probe = record.layers[0];
  EXPECT_EQ(probe.layer_index, 1u);

  Network& network = trained.network();
  const Dataset& train = trained.data->train;
  network.forward(train.inputs, Mode::eval);
  const Tensor& input = network.layer_input(1);
  const auto& batch_norm = dynamic_cast<const BatchNorm&>(network.layer(1));
  ASSERT_EQ(probe.population_mean.size(), 16u);
  for (std::size_t unit = 0; unit < 16; ++unit) {
    double sum = 0.0;
    for (std::size_t sample = 0; sample < train.size(); ++sample) sum += input(sample, unit);
    const double mean = sum / double(train.size());
    double squares = 0.0;
    for (std::size_t sample = 0; sample < train.size(); ++sample) {
      squares += (input(sample, unit) - mean) * (input(sample, unit) - mean);
    }
    EXPECT_NEAR(probe.population_mean[unit], mean, 1e-5);
    EXPECT_NEAR(probe.population_variance[unit], squares / double(train.size()), 1e-4);
    EXPECT_EQ(probe.running_mean[unit], batch_norm.running_mean()(unit));
    EXPECT_EQ(probe.running_variance[unit], batch_norm.running_variance()(unit));
  }
}

TEST(Instruments, DecisionGridEqualsPredictingTheSamePoints) {
  TrainedNetwork trained;
  Instruments instruments(trained.experiment, trained.network(), trained.data);
  instruments.after_backward(trained.network(), 1);
  ASSERT_EQ(instruments.decision_grids().size(), 1u);
  const DecisionGridRecord& grid = instruments.decision_grids()[0];
  ASSERT_EQ(grid.size, 7u);
  ASSERT_EQ(grid.classes, 3u);
  ASSERT_EQ(grid.eval.size(), 7u * 7u * 3u);
  ASSERT_EQ(grid.train.size(), 7u * 7u * 3u);
  // The grid spans every split's inputs.
  for (const Dataset* part : {&trained.data->train, &trained.data->test}) {
    for (std::size_t sample = 0; sample < part->size(); ++sample) {
      EXPECT_GT(part->inputs(sample, 0), grid.x_min);
      EXPECT_LT(part->inputs(sample, 0), grid.x_max);
      EXPECT_GT(part->inputs(sample, 1), grid.y_min);
      EXPECT_LT(part->inputs(sample, 1), grid.y_max);
    }
  }
  Tensor points = xt::zeros<Scalar>({std::size_t{49}, std::size_t{2}});
  for (std::size_t row = 0; row < 7; ++row) {
    for (std::size_t column = 0; column < 7; ++column) {
      points(row * 7 + column, 0) = static_cast<Scalar>(grid.x_min + column * (grid.x_max - grid.x_min) / 6.0);
      points(row * 7 + column, 1) = static_cast<Scalar>(grid.y_min + row * (grid.y_max - grid.y_min) / 6.0);
    }
  }
  const Tensor logits = trained.network().forward(points, Mode::eval);
  for (std::size_t point = 0; point < 49; ++point) {
    double sum = 0.0;
    for (std::size_t k = 0; k < 3; ++k) sum += std::exp(double(logits(point, k)));
    for (std::size_t k = 0; k < 3; ++k) {
      EXPECT_NEAR(grid.eval[point * 3 + k], std::exp(double(logits(point, k))) / sum, 1e-5) << point;
    }
  }
}

TEST(Instruments, BatchOfOneInTrainModeMakesEveryBatchNormOutputBeta) {
  // Without the dropout layer, so that the network after the BatchNorm is deterministic.
  Json document = instrumented_experiment();
  document["model"]["layers"].erase(3);
  Experiment experiment = parse_experiment(document);
  const auto data = prepare_data(experiment);
  bnlab::Run run(instruments_off(experiment), data);
  run.step(40);
  experiment.model = run.experiment().model;
  Network& network = run.network();
  // Distinctive β and γ: γ must not matter, β must.
  auto& batch_norm = dynamic_cast<BatchNorm&>(network.layer(1));
  for (std::size_t unit = 0; unit < 16; ++unit) {
    batch_norm.beta()(unit) = static_cast<Scalar>(0.1 * (double(unit) - 5.0));
    batch_norm.gamma()(unit) = static_cast<Scalar>(3.0 + double(unit));
  }
  const std::vector<Tensor> before = every_tensor(network);
  Instruments instruments(experiment, network, data);
  instruments.after_backward(network, 1);
  // The train-mode passes (mode gap, grid in train mode) left the trained network untouched.
  EXPECT_EQ(every_tensor(network), before);

  ASSERT_EQ(instruments.mode_gaps().size(), 1u);
  const ModeGapRecord& gap = instruments.mode_gaps()[0];
  const Dataset& validation = data->validation;
  EXPECT_EQ(gap.batch_of_one.samples, validation.size());
  // x̂ = (x − x)/√(0 + ε) = 0, so the BatchNorm outputs β for every sample and the network
  // predicts one constant: relu → dense → sigmoid → dense of β.
  Tensor beta_row = xt::zeros<Scalar>({std::size_t{1}, std::size_t{16}});
  for (std::size_t unit = 0; unit < 16; ++unit) beta_row(0, unit) = batch_norm.beta()(unit);
  const Tensor* activation = &beta_row;
  for (std::size_t index = 2; index < network.layer_count(); ++index) {
    activation = &network.layer(index).forward(*activation, Mode::eval);
  }
  const Tensor constant = *activation;
  double largest = -INFINITY;
  for (std::size_t k = 0; k < 3; ++k) largest = std::max<double>(largest, constant(0, k));
  double normalizer = 0.0;
  for (std::size_t k = 0; k < 3; ++k) normalizer += std::exp(double(constant(0, k)) - largest);
  const std::size_t predicted = argmax_row(constant, 0);
  double loss = 0.0;
  std::size_t correct = 0;
  for (const std::int32_t label : validation.labels) {
    loss += -(double(constant(0, static_cast<std::size_t>(label))) - largest - std::log(normalizer));
    correct += static_cast<std::size_t>(label) == predicted ? 1 : 0;
  }
  EXPECT_NEAR(gap.batch_of_one.loss, loss / double(validation.size()), 1e-5);
  EXPECT_DOUBLE_EQ(gap.batch_of_one.accuracy, double(correct) / double(validation.size()));
  EXPECT_EQ(gap.eval.samples, validation.size());
  EXPECT_FALSE(std::isnan(gap.train.loss));
}

TEST(Instruments, RunRecordsTheSameLossesWithEveryInstrumentOnOrOff) {
  const Experiment experiment = parse_experiment(instrumented_experiment());
  const auto data = prepare_data(experiment);
  bnlab::Run with_instruments(experiment, data);
  bnlab::Run without_instruments(instruments_off(experiment), data);
  with_instruments.step(1000);
  without_instruments.step(1000);
  ASSERT_EQ(with_instruments.losses().size(), without_instruments.losses().size());
  for (std::size_t index = 0; index < with_instruments.losses().size(); ++index) {
    EXPECT_EQ(with_instruments.losses()[index].loss, without_instruments.losses()[index].loss) << index;
  }
  EXPECT_EQ(every_tensor(with_instruments.network()), every_tensor(without_instruments.network()));
  const Instruments& instruments = with_instruments.instruments();
  // Steps 1, 20, ..., 120: 7 readings of each instrument.
  EXPECT_EQ(instruments.probes().size(), 7u);
  EXPECT_EQ(instruments.running_statistics().size(), 7u);
  EXPECT_EQ(instruments.mode_gaps().size(), 7u);
  EXPECT_EQ(instruments.decision_grids().size(), 7u);
  EXPECT_EQ(instruments.confusions().size(), 7u);
  EXPECT_TRUE(without_instruments.probes().empty());
  // The confusion matrix counts every test sample once; misclassified are off the diagonal.
  const ConfusionRecord& confusion = instruments.confusions().back();
  std::uint32_t total = 0;
  std::uint32_t diagonal = 0;
  for (std::size_t truth = 0; truth < 3; ++truth) {
    for (std::size_t predicted = 0; predicted < 3; ++predicted) {
      total += confusion.matrix[truth * 3 + predicted];
      if (truth == predicted) diagonal += confusion.matrix[truth * 3 + predicted];
    }
  }
  EXPECT_EQ(total, data->test.size());
  EXPECT_EQ(confusion.misclassified.size(), total - diagonal);
  // Per layer gradient norm = root of the sum of its tensors' squared norms.
  const ProbeRecord& probe = instruments.probes().back();
  ASSERT_FALSE(probe.layer_gradients.empty());
  double layer_zero = 0.0;
  for (const GradientProbe& gradient : probe.gradients) {
    if (gradient.parameter.rfind("layers.0.", 0) == 0) layer_zero += gradient.norm * gradient.norm;
  }
  EXPECT_EQ(probe.layer_gradients[0].layer_index, 0u);
  EXPECT_NEAR(probe.layer_gradients[0].norm, std::sqrt(layer_zero), 1e-9);
  ASSERT_EQ(probe.batch_norms.size(), 1u);
  EXPECT_EQ(probe.batch_norms[0].gamma.size(), 16u);
}

TEST(Instruments, TheComparePairVariantWatchesTheSameLayersAtTheirNewIndices) {
  Json document = instrumented_experiment();
  document["probes"] = {{"every", 10}, {"layers", {1, 2, 5}}};
  document["compare"] = true;
  const Experiment experiment = parse_experiment(document);
  const Experiment variant = without_batch_norm(experiment);
  // dense 0, batchnorm 1, relu 2, dropout 3, dense 4, sigmoid 5, dense 6 → the batchnorm is
  // dropped, relu 2 → 1, sigmoid 5 → 4.
  ASSERT_TRUE(variant.probes.layers.has_value());
  EXPECT_EQ(*variant.probes.layers, (std::vector<std::size_t>{1, 4}));
  ComparePair pair = make_compare_pair(experiment, prepare_data(experiment));
  pair.without_batch_norm->step(1);
  ASSERT_EQ(pair.without_batch_norm->probes().size(), 1u);
  const ProbeRecord& record = pair.without_batch_norm->probes()[0];
  ASSERT_EQ(record.activations.size(), 2u);
  EXPECT_EQ(record.activations[0].layer_index, 1u);
  EXPECT_EQ(record.activations[1].layer_index, 4u);
}

}  // namespace
}  // namespace bnlab
