// Training runs end to end on small built-in tasks: the compare pair, divergence, records.
#include <cmath>

#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "training/compare_pair.hpp"
#include "training/run.hpp"

namespace bnlab {
namespace {

Json spirals_experiment() {
  return Json::parse(R"({
    "name": "spirals", "seed": 5,
    "dataset": {"kind": "spirals", "samples": 400, "noise": 0.1},
    "split": {"test": 0.25},
    "preprocessing": "standardize",
    "model": {"layers": [
      {"type": "dense", "units": 32, "bias": false}, {"type": "batchnorm"}, {"type": "sigmoid"},
      {"type": "dense", "units": 32, "bias": false}, {"type": "batchnorm"}, {"type": "sigmoid"},
      {"type": "dense", "units": 2}
    ]},
    "init": {"scheme": "xavier_normal"},
    "loss": "cross_entropy",
    "optimizer": {"type": "sgd", "learning_rate": 0.5},
    "training": {"batch_size": 20, "steps": 600, "evaluate_every": 300},
    "probes": {"every": 100},
    "compare": true
  })");
}

double mean_loss(const std::vector<StepRecord>& losses, std::size_t first, std::size_t count) {
  double sum = 0.0;
  for (std::size_t index = first; index < first + count; ++index) sum += losses.at(index).loss;
  return sum / static_cast<double>(count);
}

TEST(ComparePair, SharesInitialWeightsAndBothVariantsLearn) {
  const Experiment experiment = parse_experiment(spirals_experiment());
  ComparePair pair = make_compare_pair(experiment, prepare_data(experiment));
  ASSERT_TRUE(pair_shares_initial_weights(pair));
  // The variant lost its batchnorm layers and got the biases back.
  EXPECT_EQ(pair.without_batch_norm->network().layer_count(), 5u);
  EXPECT_EQ(pair.without_batch_norm->network().parameter_count(), 2u * 32 + 32 + 32 * 32 + 32 + 32 * 2 + 2);
  for (bnlab::Run* run : {pair.with_batch_norm.get(), pair.without_batch_norm.get()}) {
    run->step(10000);
    run->finalize();
    ASSERT_EQ(run->status(), RunStatus::complete);
    EXPECT_EQ(run->steps_done(), 600u);
    const auto& losses = run->losses();
    ASSERT_EQ(losses.size(), 600u);  // log_every defaults to 1
    EXPECT_LT(mean_loss(losses, 550, 50), 0.7 * mean_loss(losses, 0, 50)) << run->experiment().name;
  }
  // With BN the net is already far along at step 300; without it, it lags (the lesson's
  // "faster convergence"). Both are evaluated on the same test split.
  const auto test_loss_at = [](bnlab::Run& run, std::size_t step) {
    for (const EvaluationRecord& record : run.evaluations()) {
      if (record.step == step && record.split == SplitName::test && !record.final) return record.loss;
    }
    return std::nan("");
  };
  EXPECT_LT(test_loss_at(*pair.with_batch_norm, 300), test_loss_at(*pair.without_batch_norm, 300));
}

TEST(ComparePair, MiniBatchOrderDependsOnlyOnTheSeedAndTheData) {
  // The batch order stream is keyed by the seed alone, and both variants of a pair train on
  // the same split. Two runs of one experiment must therefore produce bit-identical losses:
  // same weights, same mini-batches, same order.
  Json document = spirals_experiment();
  document["model"]["layers"] = Json::parse(R"([{"type": "dense", "units": 8}, {"type": "batchnorm", "affine": false},
                                               {"type": "tanh"}, {"type": "dense", "units": 2}])");
  const Experiment experiment = parse_experiment(document);
  const auto data = prepare_data(experiment);
  bnlab::Run first(without_batch_norm(experiment), data);
  bnlab::Run second(without_batch_norm(experiment), data);
  first.step(100);
  second.step(100);
  ASSERT_EQ(first.losses().size(), second.losses().size());
  for (std::size_t index = 0; index < first.losses().size(); ++index) {
    ASSERT_EQ(first.losses()[index].loss, second.losses()[index].loss) << index;
  }
}

TEST(Run, ProbesRecordPercentilesOfEveryPreActivation) {
  const Experiment experiment = parse_experiment(spirals_experiment());
  bnlab::Run run(experiment, prepare_data(experiment));
  run.step(250);
  ASSERT_EQ(run.probes().size(), 3u);  // steps 1, 100, 200
  EXPECT_EQ(run.probes()[1].step, 100u);
  const ProbeRecord& probe = run.probes()[0];
  ASSERT_EQ(probe.activations.size(), 2u);  // the two sigmoid inputs
  EXPECT_EQ(probe.activations[0].layer_index, 2u);
  ASSERT_EQ(probe.activations[0].percentiles.size(), 3u);
  EXPECT_LE(probe.activations[0].percentiles[0], probe.activations[0].percentiles[1]);
  EXPECT_LE(probe.activations[0].percentiles[1], probe.activations[0].percentiles[2]);
  // The sigmoid's input is BN's output with γ = 1, β = 0 at step 1: mean 0, std 1.
  EXPECT_NEAR(probe.activations[0].mean, 0.0, 1e-5);
  EXPECT_NEAR(probe.activations[0].std, 1.0, 1e-3);
  EXPECT_EQ(probe.gradients.size(), run.network().named_parameters().size());
  EXPECT_EQ(probe.batch_norms.size(), 2u);
  EXPECT_EQ(probe.batch_norms[0].gamma_min, 1.0);  // before the first update
}

TEST(Run, DivergenceIsReportedWithItsStep) {
  Json document = spirals_experiment();
  document["model"]["layers"] = Json::parse(R"([{"type": "dense", "units": 32}, {"type": "relu"},
                                               {"type": "dense", "units": 32}, {"type": "relu"},
                                               {"type": "dense", "units": 2}])");
  document["compare"] = false;
  document["optimizer"]["learning_rate"] = 1e5;
  const Experiment experiment = parse_experiment(document);
  bnlab::Run run(experiment, prepare_data(experiment));
  const std::size_t taken = run.step(600);
  EXPECT_EQ(run.status(), RunStatus::diverged);
  EXPECT_LT(taken, 600u);
  ASSERT_TRUE(run.divergence().has_value());
  EXPECT_EQ(run.divergence()->step, taken + 1);
  EXPECT_EQ(run.steps_done(), taken);  // the diverging step is not counted
  const std::string expected = "diverged at step " + std::to_string(taken + 1) + ": ";
  const std::string message = run.divergence()->message();
  EXPECT_EQ(message.substr(0, expected.size()), expected) << message;
  if (taken > 0) EXPECT_TRUE(std::isfinite(run.divergence()->last_loss));
  for (const StepRecord& record : run.losses()) EXPECT_TRUE(std::isfinite(record.loss));
  EXPECT_EQ(run.step(10), 0u);  // a diverged run takes no more steps
  run.finalize();               // and finalizing it neither throws nor evaluates NaN weights
  for (const EvaluationRecord& record : run.evaluations()) EXPECT_FALSE(record.final);
}

// Issue 14, defect 2: ReLU + BN at a huge learning rate kept a finite loss while its
// weights and running statistics became NaN; the run ended "complete". Now the first
// non-finite tensor ends it, named.
TEST(Run, NonFiniteWeightsOrBuffersDivergeEvenWhenTheLossIsFinite) {
  for (const double learning_rate : {1e3, 1e6}) {
    Json document = spirals_experiment();
    document["model"]["layers"] = Json::parse(R"([{"type": "dense", "units": 32}, {"type": "batchnorm"}, {"type": "relu"},
                                                 {"type": "dense", "units": 32}, {"type": "batchnorm"}, {"type": "relu"},
                                                 {"type": "dense", "units": 2}])");
    document["compare"] = false;
    document["optimizer"]["learning_rate"] = learning_rate;
    const Experiment experiment = parse_experiment(document);
    bnlab::Run run(experiment, prepare_data(experiment));
    run.step(3000);
    ASSERT_EQ(run.status(), RunStatus::diverged) << "learning rate " << learning_rate;
    const Divergence& divergence = *run.divergence();
    EXPECT_EQ(divergence.step, run.steps_done() + 1);
    EXPECT_NE(divergence.cause, DivergenceCause::loss_not_finite) << divergence.message();
    EXPECT_EQ(divergence.tensor.rfind("layers.", 0), 0u) << divergence.message();
    EXPECT_NE(divergence.message().find(divergence.tensor + " became "), std::string::npos);
    // Everything the run recorded is finite.
    for (const StepRecord& record : run.losses()) EXPECT_TRUE(std::isfinite(record.loss));
  }
}

// A finite gradient can still overflow the update: the optimizer's own watch on what it writes
// must end the step that overflowed, naming the parameter, before the next step's loss would.
// A first layer of weights 1e35 gives hidden values ~1e35 and a finite loss (~1.5e34), and a
// last-layer gradient that, times the largest learning rate (1e6), leaves float's range.
TEST(Run, AnUpdateThatOverflowsDivergesAtItsOwnStepNamingTheParameter) {
  Json document = spirals_experiment();
  document["model"]["layers"] = Json::parse(R"([{"type": "dense", "units": 32}, {"type": "relu"},
                                               {"type": "dense", "units": 2}])");
  document["compare"] = false;
  document.erase("probes");
  document["optimizer"]["learning_rate"] = 1e6;
  const Experiment experiment = parse_experiment(document);
  bnlab::Run run(experiment, prepare_data(experiment));
  run.network().named_parameters().front().parameter.value->fill(static_cast<Scalar>(1e35));
  EXPECT_EQ(run.step(5), 0u);
  ASSERT_EQ(run.status(), RunStatus::diverged);
  const Divergence& divergence = *run.divergence();
  EXPECT_EQ(divergence.step, 1u);
  EXPECT_EQ(divergence.cause, DivergenceCause::parameter_not_finite) << divergence.message();
  EXPECT_EQ(divergence.tensor, "layers.2.weight") << divergence.message();
  EXPECT_FALSE(divergence.not_a_number) << divergence.message();  // overflow: infinite
}

TEST(Run, DivergenceMessageNamesTheCauseAndTheLastLoss) {
  EXPECT_EQ((Divergence{12, DivergenceCause::loss_not_finite, 0.5, "", true}).message(),
            "diverged at step 12: loss became NaN (last recorded loss 0.5 at step 11)");
  EXPECT_EQ((Divergence{1, DivergenceCause::buffer_not_finite, std::nan(""), "layers.1.running_variance", false}).message(),
            "diverged at step 1: layers.1.running_variance became infinite");
  EXPECT_EQ((Divergence{3, DivergenceCause::gradient_not_finite, 2.0, "layers.0.weight", true}).message(),
            "diverged at step 3: the gradient of layers.0.weight became NaN (last recorded loss 2 at step 2)");
  EXPECT_EQ(std::string(divergence_cause_name(DivergenceCause::parameter_not_finite)), "parameter_not_finite");
}

TEST(Run, EpochsBecomeStepsAndLogEveryThinsTheLossRecord) {
  Json document = spirals_experiment();
  document["compare"] = false;
  document["training"] = Json::parse(R"({"batch_size": 32, "epochs": 3, "log_every": 10, "drop_last": true})");
  const Experiment experiment = parse_experiment(document);
  bnlab::Run run(experiment, prepare_data(experiment));
  EXPECT_EQ(run.steps_per_epoch(), 300u / 32);  // 300 training samples, the last 12 dropped
  EXPECT_EQ(run.total_steps(), 3u * (300 / 32));
  run.step(1000);
  EXPECT_EQ(run.epoch(), 3u);
  // steps 1, 10, 20 and the last step 27
  ASSERT_EQ(run.losses().size(), 4u);
  EXPECT_EQ(run.losses()[1].step, 10u);
  EXPECT_EQ(run.losses()[3].step, 27u);
  EXPECT_EQ(run.losses()[3].epoch, 2u);
}

TEST(Run, EvaluateSplitsChooseThePeriodicEvaluationsAndTheFinalOneReadsEverySplit) {
  Json document = spirals_experiment();
  document["compare"] = false;
  document["split"] = {{"validation", 0.1}, {"test", 0.25}};
  document["training"] = Json::parse(
      R"({"batch_size": 20, "steps": 60, "evaluate_every": 20, "evaluate_splits": ["test"]})");
  const Experiment experiment = parse_experiment(document);
  bnlab::Run run(experiment, prepare_data(experiment));
  run.step(1000);
  run.finalize();
  std::vector<std::size_t> periodic_test_steps;
  std::vector<SplitName> final_splits;
  for (const EvaluationRecord& record : run.evaluations()) {
    if (record.final) {
      final_splits.push_back(record.split);
    } else {
      EXPECT_EQ(record.split, SplitName::test) << "step " << record.step;
      periodic_test_steps.push_back(record.step);
    }
  }
  EXPECT_EQ(periodic_test_steps, (std::vector<std::size_t>{0, 20, 40, 60}));
  EXPECT_EQ(final_splits, (std::vector<SplitName>{SplitName::train, SplitName::validation, SplitName::test}));
}

TEST(Run, PopulationStatisticsReplaceRunningAverages) {
  Json document = spirals_experiment();
  document["compare"] = false;
  document["training"]["batchnorm_statistics"] = "population";
  const Experiment experiment = parse_experiment(document);
  bnlab::Run population_run(experiment, prepare_data(experiment));
  population_run.step(600);
  const Json before = population_run.model_json();
  population_run.finalize();
  const Json after = population_run.model_json();
  EXPECT_NE(before["tensors"]["layers.1.running_mean"], after["tensors"]["layers.1.running_mean"]);
  EXPECT_EQ(before["tensors"]["layers.0.weight"], after["tensors"]["layers.0.weight"]);
  std::size_t final_records = 0;
  for (const EvaluationRecord& record : population_run.evaluations()) final_records += record.final ? 1 : 0;
  EXPECT_EQ(final_records, 2u);  // train and test (no validation split)
}

TEST(Run, InlineDataInTheGivenOrder) {
  // XOR written inline; shuffle false keeps the order, so a split of 4 test samples takes
  // the last four rows.
  const Json document = Json::parse(R"({
    "seed": 1,
    "dataset": {"kind": "inline", "shuffle": false,
                "inputs": [[0,0],[0,1],[1,0],[1,1],[0,0],[0,1],[1,0],[1,1],[0,0],[0,1],[1,0],[1,1]],
                "labels": [0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0]},
    "split": {"test": 4},
    "model": {"layers": [{"type": "dense", "units": 8}, {"type": "tanh"}, {"type": "dense", "units": 2}]},
    "init": {"scheme": "xavier_uniform"},
    "loss": "cross_entropy",
    "optimizer": {"type": "adam", "learning_rate": 0.05},
    "training": {"batch_size": 4, "steps": 400}
  })");
  const Experiment experiment = parse_experiment(document);
  const auto data = prepare_data(experiment);
  ASSERT_EQ(data->test.size(), 4u);
  EXPECT_EQ(data->test.labels, (std::vector<std::int32_t>{0, 1, 1, 0}));
  bnlab::Run run(experiment, data);
  run.step(400);
  run.finalize();
  EXPECT_EQ(run.evaluate(SplitName::test).accuracy, 1.0);
}

}  // namespace
}  // namespace bnlab

namespace bnlab {
namespace {

// The input-normalization lesson: features on wildly different scales (miles 0..100000, age,
// engines). Standardized inputs let plain SGD fit the known linear target; raw inputs at the
// same learning rate blow up.
TEST(Run, StandardizingTheScaledRegressionSetMakesItLearnable) {
  Json document = Json::parse(R"({
    "seed": 4,
    "dataset": {"kind": "scaled_regression", "samples": 600, "noise": 0.1},
    "split": {"test": 0.2},
    "preprocessing": "standardize",
    "model": {"layers": [{"type": "dense", "units": 1}]},
    "loss": "mse",
    "optimizer": {"type": "sgd", "learning_rate": 0.01},
    "training": {"batch_size": 32, "steps": 600}
  })");
  const Experiment standardized = parse_experiment(document);
  bnlab::Run run(standardized, prepare_data(standardized));
  run.step(600);
  run.finalize();
  ASSERT_EQ(run.status(), RunStatus::complete);
  const EvaluationRecord test = run.evaluate(SplitName::test);
  EXPECT_TRUE(std::isnan(test.accuracy));
  EXPECT_GT(test.r2, 0.9);  // the target is linear in the features, plus small noise
  EXPECT_NEAR(test.rmse * test.rmse, test.mse, 1e-6 * test.mse);
  EXPECT_LE(test.mae, test.rmse);

  document["preprocessing"] = "none";
  const Experiment raw = parse_experiment(document);
  bnlab::Run raw_run(raw, prepare_data(raw));
  raw_run.step(600);
  EXPECT_EQ(raw_run.status(), RunStatus::diverged) << "raw miles (up to 100000) should blow SGD up";
}

}  // namespace
}  // namespace bnlab
