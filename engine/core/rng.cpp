#include "core/rng.hpp"

#include <cmath>

namespace bnlab {

Rng::Rng(std::uint64_t seed, std::uint64_t stream) {
  // pcg32_srandom_r: the increment must be odd; seeding advances twice as the reference does.
  increment_ = (stream << 1u) | 1u;
  state_ = 0u;
  next_u32();
  state_ += seed;
  next_u32();
}

Rng Rng::for_purpose(std::uint64_t seed, const std::string& purpose, std::uint64_t index) {
  // FNV-1a over the purpose and the index gives a stable stream number per consumer.
  std::uint64_t hash = 1469598103934665603ull;
  const auto mix = [&hash](std::uint8_t byte) {
    hash ^= byte;
    hash *= 1099511628211ull;
  };
  for (const char character : purpose) mix(static_cast<std::uint8_t>(character));
  for (int shift = 0; shift < 64; shift += 8) mix(static_cast<std::uint8_t>(index >> shift));
  return Rng(seed, hash);
}

std::uint32_t Rng::next_u32() {
  const std::uint64_t old_state = state_;
  state_ = old_state * 6364136223846793005ull + increment_;
  const auto xorshifted = static_cast<std::uint32_t>(((old_state >> 18u) ^ old_state) >> 27u);
  const auto rotation = static_cast<std::uint32_t>(old_state >> 59u);
  return (xorshifted >> rotation) | (xorshifted << ((0u - rotation) & 31u));
}

std::uint32_t Rng::next_below(std::uint32_t bound) {
  std::uint64_t product = static_cast<std::uint64_t>(next_u32()) * bound;
  auto low = static_cast<std::uint32_t>(product);
  if (low < bound) {
    const std::uint32_t threshold = (0u - bound) % bound;
    while (low < threshold) {
      product = static_cast<std::uint64_t>(next_u32()) * bound;
      low = static_cast<std::uint32_t>(product);
    }
  }
  return static_cast<std::uint32_t>(product >> 32u);
}

double Rng::next_unit() {
  const std::uint64_t high = next_u32() >> 5u;  // 27 bits
  const std::uint64_t low = next_u32() >> 6u;   // 26 bits
  return static_cast<double>((high << 26u) | low) * (1.0 / 9007199254740992.0);
}

double Rng::uniform(double low, double high) { return low + (high - low) * next_unit(); }

double Rng::normal() {
  if (has_spare_normal_) {
    has_spare_normal_ = false;
    return spare_normal_;
  }
  // 1 - u lies in (0, 1], so the logarithm is finite.
  const double radius = std::sqrt(-2.0 * std::log(1.0 - next_unit()));
  const double angle = 6.283185307179586 * next_unit();
  spare_normal_ = radius * std::sin(angle);
  has_spare_normal_ = true;
  return radius * std::cos(angle);
}

std::vector<std::uint32_t> Rng::permutation(std::uint32_t count) {
  std::vector<std::uint32_t> order;
  permutation_into(count, order);
  return order;
}

void Rng::permutation_into(std::uint32_t count, std::vector<std::uint32_t>& order) {
  order.resize(count);
  for (std::uint32_t position = 0; position < count; ++position) order[position] = position;
  for (std::uint32_t position = count; position > 1; --position) {
    const std::uint32_t other = next_below(position);
    std::swap(order[position - 1], order[other]);
  }
}

}  // namespace bnlab
