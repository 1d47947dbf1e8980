#pragma once
// The one layer contract. Every layer file follows the same section order:
// setup (constructor, output shape), forward, backward, parameters, buffers.
//
// Contract
// - A layer is built for one per-sample input shape; output_shape() is fixed from then on.
//   Batches may have any size >= 1 (BatchNorm in training mode needs more than one value
//   per channel and says so).
// - forward(input, mode) requires input of shape (batch, input sample shape...). It returns
//   a reference to the layer's own output buffer, valid until the next forward. In Mode::train
//   it caches exactly what backward needs, in named members. A layer may keep a reference to
//   `input` until its backward: the caller keeps the input alive and unchanged until then.
// - backward(grad_output) requires the gradient of the loss with respect to the output of
//   the last forward call, and returns the gradient with respect to that call's input. It
//   *assigns* (does not accumulate) the gradients of the layer's parameters.
// - After set_input_gradient_needed(false) (the network does this for its first layer, whose
//   input is the data), backward may skip d(loss)/d(input) and return a tensor of unspecified
//   contents; the parameter gradients are still complete.
// - parameters() and their gradients are index-aligned and stable for the layer's lifetime;
//   buffers() are state that is saved with the model but not trained (running statistics).

#include <cstdint>
#include <string>
#include <vector>

#include "core/tensor.hpp"

namespace bnlab {

// Train or eval is always an explicit argument; no layer guesses it from the batch size.
enum class Mode { train, eval };

struct Parameter {
  std::string role;  // "weight", "bias", "gamma", "beta", "alpha"
  Tensor* value;
  Tensor* gradient;
};

// State saved with the model but not trained. Exactly one of the two pointers is set: a
// tensor of statistics ("running_mean", "running_variance"), or an exact counter
// ("num_batches_tracked": PyTorch keeps it as an int64 tensor; a float would stop counting
// at 2^24 batches, and cumulative momentum 1/count with it).
struct Buffer {
  std::string role;
  Tensor* value = nullptr;
  std::int64_t* count = nullptr;
};

class Layer {
 public:
  virtual ~Layer() = default;

  // setup
  virtual const char* kind() const = 0;
  virtual Shape output_shape() const = 0;  // per sample
  // True for element-wise non-linearities: their input is the "pre-activation" the probes watch.
  virtual bool is_activation() const { return false; }
  // True where a unit whose input is negative for every sample outputs 0 and passes no
  // gradient (ReLU): the probes count such "dead" units only for these layers.
  virtual bool can_have_dead_units() const { return false; }

  // forward / backward
  virtual const Tensor& forward(const Tensor& input, Mode mode) = 0;
  virtual const Tensor& backward(const Tensor& grad_output) = 0;
  // Layers whose input gradient costs a matrix product honour this; others ignore it.
  virtual void set_input_gradient_needed(bool needed) { (void)needed; }

  // parameters / buffers
  virtual std::vector<Parameter> parameters() { return {}; }
  virtual std::vector<Buffer> buffers() { return {}; }
};

}  // namespace bnlab
