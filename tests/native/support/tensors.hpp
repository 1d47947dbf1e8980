#pragma once
// Writing small tensors in tests without xtensor's ambiguous nested braces, drawing random
// ones, and the summaries tests compare them by. Usable from the float and the double test
// programs (everything is in terms of Scalar).

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "core/rng.hpp"
#include "core/tensor.hpp"
#include "layers/layer.hpp"

namespace bnlab::testing {

// A buffer's value as a tensor (a batch counter as a one-value tensor), to compare in tests.
inline Tensor buffer_value(const Buffer& buffer) {
  if (buffer.count == nullptr) return *buffer.value;
  Tensor tensor = Tensor::from_shape({1});
  tensor(0) = static_cast<Scalar>(*buffer.count);
  return tensor;
}

inline Tensor vector_tensor(const std::vector<double>& values) {
  Tensor tensor = Tensor::from_shape({values.size()});
  for (std::size_t index = 0; index < values.size(); ++index) tensor(index) = static_cast<Scalar>(values[index]);
  return tensor;
}

inline Tensor matrix_tensor(const std::vector<std::vector<double>>& rows) {
  Tensor tensor = Tensor::from_shape({rows.size(), rows.at(0).size()});
  for (std::size_t row = 0; row < rows.size(); ++row) {
    for (std::size_t column = 0; column < rows[row].size(); ++column) {
      tensor(row, column) = static_cast<Scalar>(rows[row].at(column));
    }
  }
  return tensor;
}

// (rows, columns) from values in row-major order.
inline Tensor matrix_tensor(std::size_t rows, std::size_t columns, const std::vector<double>& values) {
  Tensor tensor = Tensor::from_shape({rows, columns});
  for (std::size_t index = 0; index < values.size(); ++index) {
    tensor.data()[index] = static_cast<Scalar>(values[index]);
  }
  return tensor;
}

// (N, 1): one feature per sample.
inline Tensor column_tensor(const std::vector<double>& values) {
  Tensor tensor = vector_tensor(values);
  tensor.reshape({values.size(), std::size_t{1}});
  return tensor;
}

// mean + scale·N(0, 1) in every element, drawn in row-major order from Rng(seed, stream).
inline Tensor normal_tensor(const Shape& shape, std::uint64_t seed, std::uint64_t stream,
                            double mean = 0.0, double scale = 1.0) {
  Tensor tensor = Tensor::from_shape(shape);
  Rng rng(seed, stream);
  for (auto& value : tensor) value = static_cast<Scalar>(mean + scale * rng.normal());
  return tensor;
}

// Population standard deviation (divides by the element count) of all elements.
inline double standard_deviation(const Tensor& tensor) {
  double sum = 0.0;
  for (const Scalar value : tensor) sum += value;
  const double mean = sum / static_cast<double>(tensor.size());
  double squares = 0.0;
  for (const Scalar value : tensor) squares += (value - mean) * (value - mean);
  return std::sqrt(squares / static_cast<double>(tensor.size()));
}

// max |first − second| over the elements of two tensors of the same size.
inline double largest_difference(const Tensor& first, const Tensor& second) {
  double largest = 0.0;
  for (std::size_t index = 0; index < first.size(); ++index) {
    largest = std::max(largest, std::abs(double(first.data()[index]) - second.data()[index]));
  }
  return largest;
}

}  // namespace bnlab::testing
