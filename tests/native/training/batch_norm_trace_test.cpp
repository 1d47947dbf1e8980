// The BN step-through: the trace of one unit on the next mini-batch is the textbook
// computation on the values it shows, its "after" is exactly what the real layer holds once
// that step is trained, and tracing changes nothing in the run.
#include <cmath>
#include <numeric>

#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "layers/batch_norm.hpp"
#include "support/error_message.hpp"
#include "support/tensors.hpp"
#include "training/batch_norm_trace.hpp"

namespace bnlab {
namespace {

Experiment small_experiment(const char* layers, std::size_t batch_size, const char* dataset) {
  return parse_experiment(Json::parse(std::string(R"({"seed": 4, "dataset": )") + dataset + R"(,
    "model": {"layers": )" + layers + R"(},
    "loss": "cross_entropy",
    "optimizer": {"type": "sgd", "learning_rate": 0.1},
    "training": {"batch_size": )" + std::to_string(batch_size) + R"(, "steps": 30}})"));
}

Experiment dense_experiment() {
  return small_experiment(R"([{"type": "dense", "units": 6, "bias": false}, {"type": "batchnorm"}, {"type": "relu"},
                              {"type": "dense", "units": 2}])",
                          16, R"({"kind": "spirals", "samples": 100, "noise": 0.1})");
}

TEST(BatchNormTrace, IsTheTextbookComputationOnTheValuesItShows) {
  const Experiment experiment = dense_experiment();
  bnlab::Run run(experiment, prepare_data(experiment));
  run.step(6);  // into the first epoch's 7th batch (100 samples, batch 16: 7 per epoch)
  const BatchNormTrace trace = trace_batch_norm(run, 1, 4);
  EXPECT_EQ(trace.step, 7u);
  EXPECT_EQ(trace.samples, 4u);  // the epoch's last, short batch: 100 − 6·16
  EXPECT_EQ(trace.positions, 1u);
  ASSERT_EQ(trace.inputs.size(), 4u);
  const double mean = std::accumulate(trace.inputs.begin(), trace.inputs.end(), 0.0) / 4.0;
  EXPECT_DOUBLE_EQ(trace.mean, mean);
  double squares = 0.0;
  for (const double value : trace.inputs) squares += (value - mean) * (value - mean);
  EXPECT_DOUBLE_EQ(trace.biased_variance, squares / 4.0);
  EXPECT_DOUBLE_EQ(trace.unbiased_variance, squares / 3.0);
  for (std::size_t index = 0; index < 4; ++index) {
    const double normalized = (trace.inputs[index] - mean) / std::sqrt(squares / 4.0 + 1e-5);
    EXPECT_NEAR(trace.normalized[index], normalized, 1e-12);
    EXPECT_NEAR(trace.outputs[index], trace.gamma * normalized + trace.beta, 1e-5);
  }
  EXPECT_DOUBLE_EQ(trace.momentum, 0.1);
  EXPECT_EQ(trace.batches_tracked_before, 6);
  EXPECT_NEAR(trace.running_mean_after, 0.9 * trace.running_mean_before + 0.1 * mean, 1e-6);
  EXPECT_NEAR(trace.running_variance_after, 0.9 * trace.running_variance_before + 0.1 * squares / 3.0, 1e-6);
}

TEST(BatchNormTrace, StepOnceTrainsExactlyTheTracedBatchAndTracingChangesNothing) {
  const Experiment experiment = dense_experiment();
  const auto data = prepare_data(experiment);
  bnlab::Run traced(experiment, data);
  bnlab::Run untouched(experiment, data);
  for (std::size_t step = 0; step < 20; ++step) {  // across an epoch boundary (7 steps each)
    const BatchNormTrace trace = trace_batch_norm(traced, 1, step % 6);
    traced.step(1);
    untouched.step(1);
    const auto& layer = static_cast<const BatchNorm&>(traced.network().layer(1));
    EXPECT_EQ(layer.running_mean()(step % 6), static_cast<Scalar>(trace.running_mean_after)) << "step " << trace.step;
    EXPECT_EQ(layer.running_variance()(step % 6), static_cast<Scalar>(trace.running_variance_after)) << "step " << trace.step;
    EXPECT_EQ(layer.num_batches_tracked(), trace.batches_tracked_before + 1);
  }
  for (std::size_t index = 0; index < traced.network().named_parameters().size(); ++index) {
    EXPECT_EQ(*traced.network().named_parameters()[index].parameter.value,
              *untouched.network().named_parameters()[index].parameter.value);
  }
  for (std::size_t index = 0; index < traced.network().named_buffers().size(); ++index) {
    EXPECT_EQ(testing::buffer_value(traced.network().named_buffers()[index].buffer),
              testing::buffer_value(untouched.network().named_buffers()[index].buffer));
  }
}

TEST(BatchNormTrace, AChannelIsTracedOverEveryPositionOfEverySample) {
  const Experiment experiment = small_experiment(
      R"([{"type": "conv2d", "channels": 3, "kernel": 3, "padding": 1, "bias": false}, {"type": "batchnorm"}, {"type": "relu"},
          {"type": "flatten"}, {"type": "dense", "units": 2}])",
      8, R"({"kind": "stripes", "samples": 40, "classes": 2, "size": 6})");
  bnlab::Run run(experiment, prepare_data(experiment));
  run.step(2);
  const BatchNormTrace trace = trace_batch_norm(run, 1, 2);
  EXPECT_EQ(trace.samples, 8u);
  EXPECT_EQ(trace.positions, 36u);  // 6 × 6
  EXPECT_EQ(trace.inputs.size(), 8u * 36u);
  run.step(1);
  EXPECT_EQ(static_cast<const BatchNorm&>(run.network().layer(1)).running_mean()(2),
            static_cast<Scalar>(trace.running_mean_after));
}

TEST(BatchNormTrace, RefusesWhatCannotBeTraced) {
  const Experiment experiment = dense_experiment();
  bnlab::Run run(experiment, prepare_data(experiment));
  EXPECT_EQ(testing::error_message<UsageError>([&] { trace_batch_norm(run, 0, 0); }),
            "traceBatchNorm: model.layers[0] is a dense layer, not a batchnorm");
  EXPECT_EQ(testing::error_message<UsageError>([&] { trace_batch_norm(run, 9, 0); }),
            "traceBatchNorm: layer 9 does not exist (model.layers has 4 layers)");
  EXPECT_EQ(testing::error_message<UsageError>([&] { trace_batch_norm(run, 1, 6); }),
            "traceBatchNorm: unit 6 is beyond the layer's 6 units");
  run.step(30);
  EXPECT_EQ(testing::error_message<UsageError>([&] { trace_batch_norm(run, 1, 0); }),
            "traceBatchNorm: the run has finished, so there is no next mini-batch to trace");
}

}  // namespace
}  // namespace bnlab
