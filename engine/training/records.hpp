#pragma once
// What a run records as it trains. The CLI writes these as JSONL; the JavaScript API hands
// them to the page as typed arrays. docs/OUTPUT_FORMAT.md describes every field.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace bnlab {

enum class SplitName { train, validation, test };
const char* split_name(SplitName split);

struct StepRecord {
  std::size_t step;   // 1-based: the loss of the k-th update's mini-batch
  std::size_t epoch;  // 0-based epoch the step belongs to
  double loss;
};

struct EvaluationRecord {
  std::size_t step;  // updates done when evaluated (0 = initial weights)
  SplitName split;
  bool final;        // the end-of-training evaluation (after population statistics, if asked)
  std::size_t samples;
  double loss;
  double accuracy;   // classification; NaN for regression
  double mae, mse, rmse, rmsle, r2;  // regression; NaN for classification
};

// Distribution of one layer's pre-activation input (the input of an activation layer) over
// a probe source: the training mini-batch of a step (train mode) or a fixed probe set (eval
// mode). This is the quantity of Ioffe & Szegedy's Figure 1(b, c).
struct ActivationProbe {
  std::size_t layer_index;  // the activation layer whose input this is
  std::vector<double> percentiles;
  double mean;
  double std;
  double dead_fraction;  // ReLU units whose input was <= 0 for every sample; NaN unless asked
};

// Counts of a layer's values in fixed bins (docs/SEMANTICS.md, "Histograms"): counts[0] is
// below `lower`, counts[1..bins] the bins, counts[bins + 1] above `upper`.
struct HistogramProbe {
  std::size_t layer_index;
  std::string tensor;  // "activation_input", "batchnorm_input" or "batchnorm_output"
  double lower;
  double upper;
  std::vector<std::uint32_t> counts;
};

// What one eval-mode probe set (the first `samples` samples of a split) showed.
struct ProbeSetReading {
  SplitName split;
  std::size_t samples;
  std::vector<ActivationProbe> activations;
  std::vector<HistogramProbe> histograms;
};

struct GradientProbe {
  std::string parameter;  // "layers.0.weight"
  double norm;            // Euclidean norm of the mini-batch gradient
};

struct LayerGradientProbe {
  std::size_t layer_index;
  double norm;  // Euclidean norm of all the layer's parameter gradients together
};

struct BatchNormProbe {
  std::size_t layer_index;
  double gamma_mean, gamma_min, gamma_max;
  double beta_mean, beta_min, beta_max;
  std::vector<double> gamma, beta;  // every unit's value; empty unless batchnorm_units
};

// One probe step. activations/histograms are the training mini-batch's (empty when the
// train_batch source is off); probe_sets the eval-mode readings of the same network.
struct ProbeRecord {
  std::size_t step;
  std::vector<ActivationProbe> activations;
  std::vector<GradientProbe> gradients;
  std::vector<BatchNormProbe> batch_norms;
  std::vector<HistogramProbe> histograms;
  std::vector<LayerGradientProbe> layer_gradients;
  std::vector<ProbeSetReading> probe_sets;
};

// A BatchNorm layer's running estimates next to the population statistics of its input over
// the whole training set (eval-mode pass), per unit.
struct RunningStatisticsProbe {
  std::size_t layer_index;
  std::vector<double> running_mean, running_variance;        // running_variance: unbiased
  std::vector<double> population_mean, population_variance;  // biased (1/n)
};

struct RunningStatisticsRecord {
  std::size_t step;
  std::vector<RunningStatisticsProbe> layers;
};

// The same model evaluated three ways at the same step.
struct ModeGapRecord {
  std::size_t step;
  EvaluationRecord eval;          // eval mode (running statistics)
  EvaluationRecord train;         // train mode, batches of training.batch_size
  EvaluationRecord batch_of_one;  // train mode, one sample per batch; samples 0 when off
};

// Class probabilities (softmax of the outputs) on a size × size grid over the inputs' range.
// Point (row, column) is x = x_min + column·(x_max − x_min)/(size − 1), y likewise with row;
// probabilities are row-major (row, column, class).
struct DecisionGridRecord {
  std::size_t step;
  std::size_t size;
  std::size_t classes;
  double x_min, x_max, y_min, y_max;
  std::vector<float> eval;   // eval mode
  std::vector<float> train;  // train mode; empty unless decision_grid.train_mode
};

struct ConfusionRecord {
  std::size_t step;
  SplitName split;
  std::size_t classes;
  std::vector<std::uint32_t> matrix;        // classes × classes, row = true class, column = predicted
  std::vector<std::uint32_t> misclassified;  // indices into the split, ascending
};

enum class RunStatus { training, complete, diverged };

// Why a run stopped as diverged: the first value of a training step that was not finite.
// The checks run in the order the step computes: the loss (forward), the batchnorm buffers
// (updated by the forward pass), the gradients (backward), the parameters (optimizer update).
enum class DivergenceCause { loss_not_finite, buffer_not_finite, gradient_not_finite, parameter_not_finite };
const char* divergence_cause_name(DivergenceCause cause);

struct Divergence {
  std::size_t step;        // 1-based step that produced the non-finite value (not counted as done)
  DivergenceCause cause;
  double last_loss;        // the loss of step - 1; NaN when the first step diverged
  std::string tensor;      // "layers.3.running_variance" (gradient: the parameter's name); "" for the loss
  bool not_a_number;       // NaN rather than ±infinity (the first non-finite value found)
  // "diverged at step 12: loss became NaN (last recorded loss 3.1e+08 at step 11)"
  // "diverged at step 12: layers.1.running_variance became infinite (last recorded loss ...)"
  std::string message() const;
};

}  // namespace bnlab
