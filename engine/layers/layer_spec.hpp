#pragma once
// One entry of an experiment's model.layers list (or a model file's architecture), parsed
// and validated. Only the fields of the entry's kind are meaningful.

#include <cstddef>
#include <optional>

namespace bnlab {

enum class LayerKind {
  dense,
  batch_norm,
  sigmoid,
  tanh,
  relu,
  leaky_relu,
  prelu,
  identity,
  dropout,
  conv2d,
  max_pool2d,
  avg_pool2d,
  flatten,
};

// Height and width of a 2-D window, step or border (the experiment file writes one number
// for both, or [height, width]).
struct Extent2d {
  std::size_t height = 0;
  std::size_t width = 0;
  bool operator==(const Extent2d& other) const {
    return height == other.height && width == other.width;
  }
};

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
  bool bias = true;              // dense and conv2d
  std::optional<InitSpec> init;  // dense and conv2d: overrides the experiment's init
  // conv2d (output channels) and the windows of conv2d, max_pool2d, avg_pool2d
  std::size_t channels = 0;
  Extent2d kernel{1, 1};
  Extent2d stride{1, 1};   // pools: defaults to the kernel
  Extent2d padding{0, 0};  // conv2d only: zeros added on every side
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
