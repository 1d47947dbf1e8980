#pragma once
// One entry of an experiment's model.layers list (or a model file's architecture), parsed
// and validated: its kind is the alternative its options hold (layer_registry.hpp). Code
// outside engine/layers/ asks a spec what it needs through the helpers below, which visit
// the kind's LayerTraits; none of it lists kinds.

#include <cstddef>
#include <type_traits>
#include <utility>
#include <variant>

#include "layers/layer_registry.hpp"

namespace bnlab {

struct LayerSpec {
  LayerOptions options = IdentityOptions{};

  LayerSpec() = default;
  template <typename Options, typename = std::enable_if_t<!std::is_same_v<std::decay_t<Options>, LayerSpec>>>
  LayerSpec(Options options_of_kind) : options(std::move(options_of_kind)) {}  // NOLINT: a kind's options are a spec

  template <typename Options>
  bool is() const { return std::holds_alternative<Options>(options); }
  template <typename Options>
  const Options& as() const { return std::get<Options>(options); }
  template <typename Options>
  Options& as() { return std::get<Options>(options); }
};

// Calls function(options, LayerTraits<Options>{}) with the spec's own options.
template <typename Spec, typename Function>
decltype(auto) visit_layer(Spec&& spec, Function&& function) {
  return std::visit(
      [&](auto& options) -> decltype(auto) {
        using Options = std::decay_t<decltype(options)>;
        return function(options, LayerTraits<Options>{});
      },
      std::forward<Spec>(spec).options);
}

namespace detail {
template <typename Function, std::size_t... index>
void for_each_layer_kind(Function& function, std::index_sequence<index...>) {
  (function(LayerTraits<std::variant_alternative_t<index, LayerOptions>>{},
            std::variant_alternative_t<index, LayerOptions>{}),
   ...);
}
}  // namespace detail

// Calls function(LayerTraits<Options>{}, Options{}) once per registered kind, in registry order.
template <typename Function>
void for_each_layer_kind(Function&& function) {
  detail::for_each_layer_kind(function, std::make_index_sequence<std::variant_size_v<LayerOptions>>{});
}

const char* layer_name(const LayerSpec& spec);
// The BatchNorm-related questions the compare pair, the variants and folding ask.
bool is_batch_norm(const LayerSpec& spec);
bool is_activation(const LayerSpec& spec);
bool has_optional_bias(const LayerSpec& spec);
// Turns the layer's optional bias on or off; no effect for a kind without one.
void set_optional_bias(LayerSpec& spec, bool bias);
bool folds_batch_norm(const LayerSpec& spec);
// "units" for dense, "channels" for conv2d, nullptr for a kind whose width follows its input.
const char* output_width_option(const LayerSpec& spec);

}  // namespace bnlab
