#pragma once
// One entry of an experiment's model.layers list (or a model file's architecture), parsed
// and validated. Only the fields of the entry's kind are meaningful.

#include <cstddef>
#include <optional>

namespace bnlab {

enum class LayerKind { dense, batch_norm, sigmoid, tanh, relu, leaky_relu, prelu, identity, dropout };

enum class InitScheme {
  pytorch_default,  // W, b ~ U(±1/√fan_in), torch.nn.Linear's reset_parameters
  uniform,          // W ~ U(±std·√3), b = 0
  normal,           // W ~ N(0, std²), b = 0
  xavier_uniform,   // W ~ U(±√(6/(fan_in+fan_out))), b = 0
  xavier_normal,    // W ~ N(0, 2/(fan_in+fan_out)), b = 0
  he_uniform,       // W ~ U(±√(6/fan_in)), b = 0
  he_normal,        // W ~ N(0, 2/fan_in), b = 0
};

struct InitSpec {
  InitScheme scheme = InitScheme::pytorch_default;
  double std = 0.01;  // uniform and normal only
};

// BatchNorm's running-average momentum: a number m (running = (1−m)·running + m·batch) or
// "cumulative" (m = 1/num_batches_tracked, PyTorch's momentum=None).
struct BatchNormSpec {
  double momentum = 0.1;
  bool cumulative = false;
  double epsilon = 1e-5;
  bool affine = true;
  bool track_running_stats = true;
};

struct LayerSpec {
  LayerKind kind = LayerKind::identity;
  // dense
  std::size_t units = 0;
  bool bias = true;
  std::optional<InitSpec> init;  // overrides the experiment's init for this layer
  // batch_norm
  BatchNormSpec batch_norm;
  // leaky_relu
  double negative_slope = 0.01;
  // prelu
  double initial_alpha = 0.25;
  bool per_feature = false;  // one α per feature/channel instead of one shared α
  // dropout
  double probability = 0.5;
};

}  // namespace bnlab
