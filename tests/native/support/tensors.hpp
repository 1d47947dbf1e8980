#pragma once
// Writing small tensors in tests without xtensor's ambiguous nested braces.

#include <vector>

#include "core/tensor.hpp"

namespace bnlab::testing {

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

// (N, 1): one feature per sample.
inline Tensor column_tensor(const std::vector<double>& values) {
  Tensor tensor = vector_tensor(values);
  tensor.reshape({values.size(), std::size_t{1}});
  return tensor;
}

}  // namespace bnlab::testing
