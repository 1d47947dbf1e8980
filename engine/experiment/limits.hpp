#pragma once
// Upper bounds the parser enforces, so that a typo cannot make the engine allocate
// gigabytes or loop for days. Generous for teaching-sized networks.

#include <cstddef>

namespace bnlab::limits {

constexpr std::size_t max_units = 100'000;
constexpr std::size_t max_layers = 1'000;
constexpr std::size_t max_batch_size = 65'536;
constexpr std::size_t max_steps = 100'000'000;
constexpr std::size_t max_epochs = 100'000;
constexpr std::size_t max_samples = 10'000'000;
constexpr std::size_t max_classes = 1'000;
constexpr std::size_t max_features = 100'000;
constexpr std::size_t max_window_extent = 1'024;  // conv/pool kernel, stride, padding
constexpr std::size_t max_inline_values = 10'000'000;
constexpr double max_learning_rate = 1e6;

}  // namespace bnlab::limits
