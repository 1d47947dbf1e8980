#pragma once
// What a run records as it trains. The CLI writes these as JSONL; the JavaScript API hands
// them to the page as typed arrays. docs/OUTPUT_FORMAT.md describes every field.

#include <cstddef>
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
// the mini-batch of a training step: the quantity of Ioffe & Szegedy's Figure 1(b, c).
struct ActivationProbe {
  std::size_t layer_index;  // the activation layer whose input this is
  std::vector<double> percentiles;
  double mean;
  double std;
};

struct GradientProbe {
  std::string parameter;  // "layers.0.weight"
  double norm;            // Euclidean norm of the mini-batch gradient
};

struct BatchNormProbe {
  std::size_t layer_index;
  double gamma_mean, gamma_min, gamma_max;
  double beta_mean, beta_min, beta_max;
};

struct ProbeRecord {
  std::size_t step;
  std::vector<ActivationProbe> activations;
  std::vector<GradientProbe> gradients;
  std::vector<BatchNormProbe> batch_norms;
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
