#pragma once
// One example of every registered layer kind, for the registry completeness tests
// (layer_registry_test.cpp, layer_registry_gradcheck.cpp): options other than the defaults
// where the kind has any, an input shape it accepts, and what its gradient check needs.
// A kind without a LayerExample specialization fails those tests by name.

#include <type_traits>

#include "layers/dropout.hpp"
#include "layers/layer_spec.hpp"

namespace bnlab::testing {

template <typename Options>
struct LayerExample;  // no example: the completeness tests fail for this kind

struct LayerExampleDefaults {
  // Runs before every forward of the gradient check (dropout restarts its mask stream).
  static void before_forward(Layer&) {}
};

template <>
struct LayerExample<DenseOptions> : LayerExampleDefaults {
  static DenseOptions options() { return {3, false, InitSpec{InitScheme::he_normal, 0.01}}; }
  static Shape input() { return {4}; }
};

template <>
struct LayerExample<BatchNormOptions> : LayerExampleDefaults {
  static BatchNormOptions options() { return {0.1, true, 1e-3, true, true}; }
  static Shape input() { return {2, 2, 3}; }
};

template <>
struct LayerExample<SigmoidOptions> : LayerExampleDefaults {
  static SigmoidOptions options() { return {}; }
  static Shape input() { return {5}; }
};

template <>
struct LayerExample<TanhOptions> : LayerExampleDefaults {
  static TanhOptions options() { return {}; }
  static Shape input() { return {2, 3}; }
};

template <>
struct LayerExample<ReluOptions> : LayerExampleDefaults {
  static ReluOptions options() { return {}; }
  static Shape input() { return {6}; }
};

template <>
struct LayerExample<LeakyReluOptions> : LayerExampleDefaults {
  static LeakyReluOptions options() { return {0.2}; }
  static Shape input() { return {6}; }
};

template <>
struct LayerExample<PreluOptions> : LayerExampleDefaults {
  static PreluOptions options() { return {0.1, true}; }
  static Shape input() { return {3, 2, 2}; }
};

template <>
struct LayerExample<IdentityOptions> : LayerExampleDefaults {
  static IdentityOptions options() { return {}; }
  static Shape input() { return {4}; }
};

template <>
struct LayerExample<DropoutOptions> : LayerExampleDefaults {
  static DropoutOptions options() { return {0.3}; }
  static Shape input() { return {8}; }
  static void before_forward(Layer& layer) { static_cast<Dropout&>(layer).reseed(Rng(5, 6)); }
};

template <>
struct LayerExample<Conv2dOptions> : LayerExampleDefaults {
  static Conv2dOptions options() { return {3, {2, 3}, {1, 2}, {1, 0}, true, InitSpec{InitScheme::xavier_uniform, 0.01}}; }
  static Shape input() { return {2, 4, 5}; }
};

template <>
struct LayerExample<MaxPool2dOptions> : LayerExampleDefaults {
  static MaxPool2dOptions options() {
    MaxPool2dOptions options;
    options.kernel = {2, 2};
    options.stride = {1, 2};
    options.padding = {1, 0};
    options.ceil_mode = true;
    return options;
  }
  static Shape input() { return {2, 4, 4}; }
};

template <>
struct LayerExample<AvgPool2dOptions> : LayerExampleDefaults {
  static AvgPool2dOptions options() {
    AvgPool2dOptions options;
    options.kernel = {2, 3};
    options.stride = {2, 1};
    options.padding = {1, 1};
    options.count_include_pad = false;
    return options;
  }
  static Shape input() { return {2, 5, 4}; }
};

template <>
struct LayerExample<FlattenOptions> : LayerExampleDefaults {
  static FlattenOptions options() { return {}; }
  static Shape input() { return {2, 3, 2}; }
};

template <>
struct LayerExample<LayerNormOptions> : LayerExampleDefaults {
  static LayerNormOptions options() { return {1e-3, true}; }
  static Shape input() { return {2, 2, 3}; }
};

template <>
struct LayerExample<GroupNormOptions> : LayerExampleDefaults {
  static GroupNormOptions options() { return {2, 1e-3, true}; }
  static Shape input() { return {4, 2, 3}; }
};

template <typename Options, typename = void>
struct has_layer_example : std::false_type {};
template <typename Options>
struct has_layer_example<Options, std::void_t<decltype(LayerExample<Options>::options())>> : std::true_type {};

}  // namespace bnlab::testing
