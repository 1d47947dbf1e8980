#pragma once
// A sequential network: the layers of an experiment's model.layers list, in order. It owns
// the layers, names their parameters like a PyTorch state_dict ("layers.0.weight") and keeps
// the input each layer saw in the last forward, which is what the probes read.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "layers/layer.hpp"
#include "layers/layer_spec.hpp"

namespace bnlab {

struct ModelSpec {
  Shape input_shape;  // per sample, e.g. {784}
  std::vector<LayerSpec> layers;
};

struct NamedParameter {
  std::string name;  // "layers.<index>.<role>"
  std::size_t layer_index;
  Parameter parameter;
};

struct NamedBuffer {
  std::string name;
  std::size_t layer_index;
  Buffer buffer;
};

// Largest model the engine agrees to build: a mistyped size fails with a clear error
// instead of allocating gigabytes (in the browser, instead of killing the tab).
constexpr std::size_t max_parameter_count = 50'000'000;
// Largest layer output (and conv2d im2col matrix) per sample, in values: a mistyped channel
// count or image size fails when the model is built, not when a batch is allocated.
constexpr std::size_t max_values_per_sample = 16'777'216;

class Network {
 public:
  // Builds the layers (all weights zero; see initialize_parameters). `seed` feeds the dropout
  // mask streams. Throws ConfigError naming "model.layers[i]" for a shape that cannot work.
  Network(const ModelSpec& spec, std::uint64_t seed);

  const Tensor& forward(const Tensor& input, Mode mode);
  // Runs only layers [0, layer_end) and returns what layer `layer_end` would receive.
  const Tensor& forward_prefix(const Tensor& input, std::size_t layer_end, Mode mode);
  // Back-propagates d(loss)/d(output); fills every parameter's gradient.
  void backward(const Tensor& grad_output);

  const ModelSpec& spec() const { return spec_; }
  std::size_t layer_count() const { return layers_.size(); }
  Layer& layer(std::size_t index) { return *layers_.at(index); }
  const Layer& layer(std::size_t index) const { return *layers_.at(index); }
  Shape output_shape() const;
  // The input layer `index` received in the last forward (valid until the next forward).
  const Tensor& layer_input(std::size_t index) const { return *layer_inputs_.at(index); }

  // Index-aligned views of every parameter / buffer, built once.
  const std::vector<NamedParameter>& named_parameters() const { return named_parameters_; }
  const std::vector<Parameter>& parameters() const { return parameters_; }
  const std::vector<NamedBuffer>& named_buffers() const { return named_buffers_; }
  std::size_t parameter_count() const;

 private:
  ModelSpec spec_;
  std::vector<std::unique_ptr<Layer>> layers_;
  std::vector<const Tensor*> layer_inputs_;
  std::vector<NamedParameter> named_parameters_;
  std::vector<Parameter> parameters_;
  std::vector<NamedBuffer> named_buffers_;
};

// Parameters a spec would create, without allocating them; throws ConfigError for shapes
// that cannot work. Used to refuse absurd models before building them.
std::uint64_t count_parameters(const ModelSpec& spec);

// Each layer's position among the model's layers of its own kind (0 for the first dropout, 1
// for the second, ...): the key of its random streams (LayerBuildContext).
std::vector<std::size_t> ordinals_within_kind(const ModelSpec& spec);

// Whether any of the model's layers is a batchnorm.
bool has_batch_norm(const ModelSpec& spec);

// The per-sample output shape of every layer, in order (checks the spec as it goes).
std::vector<Shape> infer_shapes(const ModelSpec& spec);

// The most values one sample occupies in any single tensor of a step: the input, a layer's
// output, or a convolution's im2col columns. A batch of b samples needs tensors of
// b · peak_values_per_sample values.
std::uint64_t peak_values_per_sample(const ModelSpec& spec);

// Largest tensor a batch may need, in values (256 MB of float): a batch size that would go
// over it is refused before training instead of wrapping sizes or exhausting memory.
constexpr std::uint64_t max_values_per_batch = std::uint64_t{1} << 26;

}  // namespace bnlab
