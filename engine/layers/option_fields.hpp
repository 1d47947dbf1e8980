#pragma once
// Option values several layer kinds share (window extents, weight initialization), with the
// one parser, JSON writer and schema fragment of each, so every descriptor that takes a
// `kernel` or an `init` reads, writes and publishes it the same way.

#include <cstddef>
#include <string>

#include "experiment/json_reader.hpp"

namespace bnlab {

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

namespace option_ranges {
inline const NumberRange positive_number{0.0, 1e300, false, true, "a positive number"};
inline const NumberRange unit_interval{0.0, 1.0, true, true, "a number in [0, 1]"};
inline const NumberRange any_finite{-1e300, 1e300, true, true, "a finite number"};
inline const NumberRange init_std{0.0, 1e6, false, true, "a positive number"};
}  // namespace option_ranges

// A window extent: one integer for both axes, or [height, width], each at least `minimum`
// and at most limits::max_window_extent.
Extent2d parse_extent(const Json& value, const std::string& path, std::size_t minimum);
Json extent_to_json(const Extent2d& extent);
Json extent_schema(std::size_t minimum);

// {"scheme": ..., "std": ...} (layers' own init and the experiment's top-level init).
InitSpec parse_init(const Json& init, const std::string& path);
Json init_to_json(const InitSpec& init);
Json init_schema();

}  // namespace bnlab
