#include "network/network.hpp"

#include <algorithm>

#include "core/errors.hpp"
#include "core/rng.hpp"
#include "layers/avg_pool2d.hpp"
#include "layers/batch_norm.hpp"
#include "layers/conv2d.hpp"
#include "layers/dense.hpp"
#include "layers/dropout.hpp"
#include "layers/flatten.hpp"
#include "layers/identity.hpp"
#include "layers/leaky_relu.hpp"
#include "layers/max_pool2d.hpp"
#include "layers/prelu.hpp"
#include "layers/relu.hpp"
#include "layers/sigmoid.hpp"
#include "layers/tanh.hpp"
#include "layers/window.hpp"

namespace bnlab {

namespace {

std::string layer_path(std::size_t index) { return "model.layers[" + std::to_string(index) + "]"; }

// Element count in 64 bits: size_t is 32 bits in WebAssembly, and an absurd shape must be
// reported, not wrapped around.
std::uint64_t values_in(const Shape& shape) {
  std::uint64_t count = 1;
  for (const std::size_t extent : shape) count *= extent;
  return count;
}

// The (C, H, W) output of a convolution or pooling layer, or a ConfigError naming the layer
// and the shapes (the layers' own check, raised when the experiment is loaded).
Shape window_layer_output_shape(const LayerSpec& spec, const Shape& input, std::size_t index) {
  const char* kind = spec.kind == LayerKind::conv2d       ? "conv2d"
                     : spec.kind == LayerKind::max_pool2d ? "maxpool2d"
                                                          : "avgpool2d";
  if (input.size() != 3) {
    throw ConfigError(layer_path(index), "layer_needs_image_input", Json{{"layer", kind}, {"got", shape_to_string(input)}},
                      std::string(kind) + " expects samples of shape [channels, height, width], got "
                      "input shape " + shape_to_string(input) +
                      (index == 0 ? "; give model.input as [channels, height, width]" : ""));
  }
  const bool convolution = spec.kind == LayerKind::conv2d;
  try {
    return window_output_shape(kind, input, convolution ? spec.channels : input[0], spec.kernel,
                               spec.stride, convolution ? spec.padding : Extent2d{0, 0});
  } catch (const UsageError& error) {
    throw ConfigError(layer_path(index), "window_does_not_fit", Json{{"layer", kind}}, error.what());
  }
}

// Output shape of one layer for a given input shape, or a ConfigError naming the layer.
Shape layer_output_shape(const LayerSpec& spec, const Shape& input, std::size_t index) {
  switch (spec.kind) {
    case LayerKind::dense:
      if (input.size() != 1) {
        throw ConfigError(layer_path(index), "dense_needs_flat_input", Json{{"got", shape_to_string(input)}},
                          "dense expects a flat vector of features per sample, got input shape " +
                              shape_to_string(input) + "; add a flatten layer before it");
      }
      return {spec.units};
    case LayerKind::conv2d:
    case LayerKind::max_pool2d:
    case LayerKind::avg_pool2d:
      return window_layer_output_shape(spec, input, index);
    case LayerKind::flatten:
      return {element_count(input)};
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
  throw ConfigError(layer_path(index), "unknown_layer_kind", Json::object(), "unknown layer kind");
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
    case LayerKind::conv2d:
      return std::make_unique<Conv2d>(input, spec.channels, spec.kernel, spec.stride, spec.padding,
                                      spec.bias);
    case LayerKind::max_pool2d:
      return std::make_unique<MaxPool2d>(input, spec.kernel, spec.stride);
    case LayerKind::avg_pool2d:
      return std::make_unique<AvgPool2d>(input, spec.kernel, spec.stride);
    case LayerKind::flatten:
      return std::make_unique<Flatten>(input);
  }
  throw UsageError("unknown layer kind");
}

}  // namespace

std::vector<Shape> infer_shapes(const ModelSpec& spec) {
  if (spec.input_shape.empty() || element_count(spec.input_shape) == 0) {
    throw ConfigError("model.input", "expected_shape", Json{{"max_rank", 4}, {"got", shape_to_string(spec.input_shape)}},
                      "expected a non-empty input shape, got " +
                                         shape_to_string(spec.input_shape));
  }
  if (values_in(spec.input_shape) > max_values_per_sample) {
    throw ConfigError("model.input", "too_many_values_per_sample", Json{{"maximum", max_values_per_sample}},
                      "the input shape " + shape_to_string(spec.input_shape) +
                                         " holds more than " + std::to_string(max_values_per_sample) +
                                         " values per sample");
  }
  std::vector<Shape> shapes;
  Shape current = spec.input_shape;
  for (std::size_t index = 0; index < spec.layers.size(); ++index) {
    const LayerSpec& layer = spec.layers[index];
    if (layer.kind == LayerKind::conv2d) {
      // The im2col columns of one sample: C_in·k_h·k_w values per output position.
      const Shape output = layer_output_shape(layer, current, index);
      const std::uint64_t columns = values_in(
          {current[0], layer.kernel.height, layer.kernel.width, output[1], output[2]});
      if (columns > max_values_per_sample) {
        throw ConfigError(layer_path(index), "too_many_values_per_sample", Json{{"maximum", max_values_per_sample}},
                          "conv2d on input shape " + shape_to_string(current) + " needs " +
                              std::to_string(columns) + " values per sample for its columns, "
                              "more than the limit of " + std::to_string(max_values_per_sample));
      }
    }
    current = layer_output_shape(layer, current, index);
    if (values_in(current) > max_values_per_sample) {
      throw ConfigError(layer_path(index), "too_many_values_per_sample", Json{{"maximum", max_values_per_sample}},
                        "the output shape " + shape_to_string(current) + " holds " +
                            std::to_string(values_in(current)) +
                            " values per sample, more than the limit of " +
                            std::to_string(max_values_per_sample));
    }
    shapes.push_back(current);
  }
  return shapes;
}

std::uint64_t peak_values_per_sample(const ModelSpec& spec) {
  const std::vector<Shape> shapes = infer_shapes(spec);
  std::uint64_t peak = values_in(spec.input_shape);
  Shape input = spec.input_shape;
  for (std::size_t index = 0; index < spec.layers.size(); ++index) {
    const LayerSpec& layer = spec.layers[index];
    peak = std::max(peak, values_in(shapes[index]));
    if (layer.kind == LayerKind::conv2d) {
      peak = std::max(peak, values_in({input[0], layer.kernel.height, layer.kernel.width,
                                       shapes[index][1], shapes[index][2]}));
    }
    input = shapes[index];
  }
  return peak;
}

std::uint64_t count_parameters(const ModelSpec& spec) {
  const std::vector<Shape> shapes = infer_shapes(spec);
  // Sizes are capped by the parser and by infer_shapes, so these products cannot overflow 64
  // bits; they are computed in 64 bits because size_t has 32 in WebAssembly.
  std::uint64_t count = 0;
  Shape input = spec.input_shape;
  for (std::size_t index = 0; index < spec.layers.size(); ++index) {
    const LayerSpec& layer = spec.layers[index];
    const std::uint64_t channels = input.empty() ? 0 : input[0];
    switch (layer.kind) {
      case LayerKind::dense:
        count += std::uint64_t{layer.units} * values_in(input) + (layer.bias ? layer.units : 0);
        break;
      case LayerKind::conv2d:
        count += std::uint64_t{layer.channels} * channels * layer.kernel.height * layer.kernel.width +
                 (layer.bias ? layer.channels : 0);
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

bool has_batch_norm(const ModelSpec& spec) {
  return std::any_of(spec.layers.begin(), spec.layers.end(),
                     [](const LayerSpec& layer) { return layer.kind == LayerKind::batch_norm; });
}

Network::Network(const ModelSpec& spec, std::uint64_t seed) : spec_(spec) {
  const std::uint64_t parameter_total = count_parameters(spec);
  if (parameter_total > max_parameter_count) {
    throw ConfigError("model", "too_many_parameters", Json{{"maximum", max_parameter_count}, {"got", parameter_total}},
                      "the layers add up to " + std::to_string(parameter_total) +
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
  // Nothing consumes d(loss)/d(data): for a first dense layer that product is a quarter of
  // the Ioffe network's backward arithmetic.
  if (!layers_.empty()) layers_.front()->set_input_gradient_needed(false);
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
  require_batch_of(input, spec_.input_shape, "network");
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
