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

}  // namespace bnlab
