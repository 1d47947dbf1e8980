#include "network/network.hpp"

#include <algorithm>

#include "core/errors.hpp"

namespace bnlab {

namespace {

// Output shape of one layer for a given input shape, or a ConfigError naming the layer.
Shape layer_output_shape(const LayerSpec& spec, const Shape& input, std::size_t index) {
  return visit_layer(spec, [&](const auto& options, auto traits) {
    return decltype(traits)::output_shape(options, input, index);
  });
}

}  // namespace

std::vector<std::size_t> ordinals_within_kind(const ModelSpec& spec) {
  std::vector<std::size_t> seen(std::variant_size_v<LayerOptions>, 0);
  std::vector<std::size_t> ordinals;
  for (const LayerSpec& layer : spec.layers) ordinals.push_back(seen[layer.options.index()]++);
  return ordinals;
}

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
    current = layer_output_shape(spec.layers[index], current, index);
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
    peak = std::max(peak, values_in(shapes[index]));
    peak = std::max(peak, visit_layer(spec.layers[index], [&](const auto& options, auto traits) {
      return decltype(traits)::working_values(options, input, shapes[index]);
    }));
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
    count += visit_layer(spec.layers[index], [&input](const auto& options, auto traits) {
      return decltype(traits)::parameter_count(options, input);
    });
    input = shapes[index];
  }
  return count;
}

bool has_batch_norm(const ModelSpec& spec) {
  return std::any_of(spec.layers.begin(), spec.layers.end(),
                     [](const LayerSpec& layer) { return is_batch_norm(layer); });
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
  const std::vector<std::size_t> ordinals = ordinals_within_kind(spec);
  for (std::size_t index = 0; index < spec.layers.size(); ++index) {
    const LayerBuildContext context{seed, ordinals[index]};
    layers_.push_back(visit_layer(spec.layers[index], [&](const auto& options, auto traits) {
      return decltype(traits)::make(options, input, context);
    }));
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
