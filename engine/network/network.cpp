#include "network/network.hpp"

#include "core/errors.hpp"
#include "core/rng.hpp"
#include "layers/batch_norm.hpp"
#include "layers/dense.hpp"
#include "layers/dropout.hpp"
#include "layers/identity.hpp"
#include "layers/leaky_relu.hpp"
#include "layers/prelu.hpp"
#include "layers/relu.hpp"
#include "layers/sigmoid.hpp"
#include "layers/tanh.hpp"

namespace bnlab {

namespace {

std::string layer_path(std::size_t index) { return "model.layers[" + std::to_string(index) + "]"; }

// Output shape of one layer for a given input shape, or a ConfigError naming the layer.
Shape layer_output_shape(const LayerSpec& spec, const Shape& input, std::size_t index) {
  switch (spec.kind) {
    case LayerKind::dense:
      if (input.size() != 1) {
        throw ConfigError(layer_path(index),
                          "dense expects a flat vector of features per sample, got shape " +
                              shape_to_string(input));
      }
      return {spec.units};
    case LayerKind::batch_norm:
    case LayerKind::sigmoid:
    case LayerKind::tanh:
    case LayerKind::relu:
    case LayerKind::leaky_relu:
    case LayerKind::prelu:
    case LayerKind::identity:
    case LayerKind::dropout:
      return input;
  }
  throw ConfigError(layer_path(index), "unknown layer kind");
}

std::unique_ptr<Layer> make_layer(const LayerSpec& spec, const Shape& input, std::uint64_t seed,
                                  std::size_t dropout_ordinal) {
  switch (spec.kind) {
    case LayerKind::dense:
      return std::make_unique<Dense>(input.at(0), spec.units, spec.bias);
    case LayerKind::batch_norm:
      return std::make_unique<BatchNorm>(input, spec.batch_norm);
    case LayerKind::sigmoid:
      return std::make_unique<Sigmoid>(input);
    case LayerKind::tanh:
      return std::make_unique<Tanh>(input);
    case LayerKind::relu:
      return std::make_unique<Relu>(input);
    case LayerKind::leaky_relu:
      return std::make_unique<LeakyRelu>(input, spec.negative_slope);
    case LayerKind::prelu:
      return std::make_unique<Prelu>(input, spec.initial_alpha, spec.per_feature);
    case LayerKind::identity:
      return std::make_unique<Identity>(input);
    case LayerKind::dropout:
      return std::make_unique<Dropout>(input, spec.probability,
                                       Rng::for_purpose(seed, "dropout", dropout_ordinal));
  }
  throw UsageError("unknown layer kind");
}

}  // namespace

std::vector<Shape> infer_shapes(const ModelSpec& spec) {
  if (spec.input_shape.empty() || element_count(spec.input_shape) == 0) {
    throw ConfigError("model.input", "expected a non-empty input shape, got " +
                                         shape_to_string(spec.input_shape));
  }
  std::vector<Shape> shapes;
  Shape current = spec.input_shape;
  for (std::size_t index = 0; index < spec.layers.size(); ++index) {
    current = layer_output_shape(spec.layers[index], current, index);
    shapes.push_back(current);
  }
  return shapes;
}

std::size_t count_parameters(const ModelSpec& spec) {
  const std::vector<Shape> shapes = infer_shapes(spec);
  // Sizes are capped by the parser, so these products cannot overflow 64 bits.
  std::size_t count = 0;
  Shape input = spec.input_shape;
  for (std::size_t index = 0; index < spec.layers.size(); ++index) {
    const LayerSpec& layer = spec.layers[index];
    const std::size_t channels = input.empty() ? 0 : input[0];
    switch (layer.kind) {
      case LayerKind::dense:
        count += layer.units * element_count(input) + (layer.bias ? layer.units : 0);
        break;
      case LayerKind::batch_norm:
        count += layer.batch_norm.affine ? 2 * channels : 0;
        break;
      case LayerKind::prelu:
        count += layer.per_feature ? channels : 1;
        break;
      default:
        break;
    }
    input = shapes[index];
  }
  return count;
}

Network::Network(const ModelSpec& spec, std::uint64_t seed) : spec_(spec) {
  const std::size_t parameter_total = count_parameters(spec);
  if (parameter_total > max_parameter_count) {
    throw ConfigError("model", "the layers add up to " + std::to_string(parameter_total) +
                                   " parameters, more than the limit of " +
                                   std::to_string(max_parameter_count));
  }
  Shape input = spec.input_shape;
  std::size_t dropout_ordinal = 0;
  for (std::size_t index = 0; index < spec.layers.size(); ++index) {
    const LayerSpec& layer_spec = spec.layers[index];
    layers_.push_back(make_layer(layer_spec, input, seed, dropout_ordinal));
    if (layer_spec.kind == LayerKind::dropout) ++dropout_ordinal;
    input = layers_.back()->output_shape();
  }
  layer_inputs_.assign(layers_.size(), nullptr);
  for (std::size_t index = 0; index < layers_.size(); ++index) {
    for (const Parameter& parameter : layers_[index]->parameters()) {
      named_parameters_.push_back(
          {"layers." + std::to_string(index) + "." + parameter.role, index, parameter});
      parameters_.push_back(parameter);
    }
    for (const Buffer& buffer : layers_[index]->buffers()) {
      named_buffers_.push_back({"layers." + std::to_string(index) + "." + buffer.role, index, buffer});
    }
  }
}

Shape Network::output_shape() const {
  return layers_.empty() ? spec_.input_shape : layers_.back()->output_shape();
}

std::size_t Network::parameter_count() const {
  std::size_t count = 0;
  for (const Parameter& parameter : parameters_) count += parameter.value->size();
  return count;
}

const Tensor& Network::forward(const Tensor& input, Mode mode) {
  return forward_prefix(input, layers_.size(), mode);
}

const Tensor& Network::forward_prefix(const Tensor& input, std::size_t layer_end, Mode mode) {
  const Shape input_shape = shape_of(input);
  if (input_shape.size() != spec_.input_shape.size() + 1 ||
      !std::equal(spec_.input_shape.begin(), spec_.input_shape.end(), input_shape.begin() + 1)) {
    throw UsageError("network: expected a batch of samples of shape " +
                     shape_to_string(spec_.input_shape) + ", got a tensor of shape " +
                     shape_to_string(input_shape));
  }
  const Tensor* current = &input;
  for (std::size_t index = 0; index < std::min(layer_end, layers_.size()); ++index) {
    layer_inputs_[index] = current;
    current = &layers_[index]->forward(*current, mode);
  }
  return *current;
}

void Network::backward(const Tensor& grad_output) {
  const Tensor* gradient = &grad_output;
  for (std::size_t index = layers_.size(); index-- > 0;) {
    gradient = &layers_[index]->backward(*gradient);
  }
}

}  // namespace bnlab
