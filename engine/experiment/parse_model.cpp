// model.layers[*]: shared by experiment files and model files. What each kind reads, writes
// and publishes is its descriptor's (engine/layers/*_descriptor.*); this file only walks the
// list and dispatches on "type" through the registry.
#include "core/errors.hpp"
#include "experiment/enum_names.hpp"
#include "experiment/experiment.hpp"
#include "experiment/limits.hpp"
#include "experiment/parse_sections.hpp"
#include "experiment/schema_builders.hpp"

namespace bnlab {

namespace {

// parse_kind(index)(reader): the registered kind's parser, by its position in LayerOptions.
template <std::size_t... index>
LayerSpec parse_kind(std::size_t kind, JsonObjectReader& reader, std::index_sequence<index...>) {
  using Parser = LayerSpec (*)(JsonObjectReader&);
  static constexpr Parser parsers[] = {[](JsonObjectReader& options_reader) -> LayerSpec {
    using Options = std::variant_alternative_t<index, LayerOptions>;
    return LayerTraits<Options>::parse(options_reader);
  }...};
  return parsers[kind](reader);
}

}  // namespace

const EnumNames<std::size_t>& layer_type_names() {
  static const EnumNames<std::size_t> names = [] {
    EnumNames<std::size_t> table;
    for_each_layer_kind([&table](auto traits, auto options) {
      table.emplace_back(LayerOptions(options).index(), decltype(traits)::name);
    });
    return table;
  }();
  return names;
}

std::vector<LayerSpec> parse_layers(const Json& layers, const std::string& path) {
  if (!layers.is_array() || layers.empty()) throw_expected(path, "expected_layer_list", "a non-empty array of layers", layers);
  if (layers.size() > limits::max_layers) {
    throw ConfigError(path, "too_many_layers", Json{{"maximum", limits::max_layers}, {"got", layers.size()}},
                      "expected at most " + std::to_string(limits::max_layers) +
                                " layers, got " + std::to_string(layers.size()));
  }
  std::vector<LayerSpec> specs;
  for (std::size_t index = 0; index < layers.size(); ++index) {
    JsonObjectReader reader(layers[index], path + "[" + std::to_string(index) + "]");
    const std::size_t kind = reader.required_choice("type", layer_type_names());
    specs.push_back(parse_kind(kind, reader, std::make_index_sequence<std::variant_size_v<LayerOptions>>{}));
    reader.finish();
  }
  return specs;
}

Json layers_to_json(const std::vector<LayerSpec>& layers) {
  Json array = Json::array();
  for (const LayerSpec& spec : layers) {
    Json layer{{"type", layer_name(spec)}};
    visit_layer(spec, [&layer](const auto& options, auto traits) { decltype(traits)::write_json(options, layer); });
    array.push_back(layer);
  }
  return array;
}

// The schema of what parse_layers accepts (docs/EXPERIMENT_FORMAT.md): one object per kind.
Json layers_schema() {
  Json kinds = Json::array();
  for_each_layer_kind([&kinds](auto traits, auto) {
    Json properties{{"type", schema::constant(decltype(traits)::name)}};
    std::vector<std::string> required{"type"};
    decltype(traits)::describe_schema(properties, required);
    kinds.push_back(schema::object(properties, required));
  });
  return {{"type", "array"}, {"minItems", 1}, {"maxItems", limits::max_layers}, {"items", {{"oneOf", kinds}}}};
}

}  // namespace bnlab
