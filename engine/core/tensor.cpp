#include "core/tensor.hpp"

#include <limits>

#include "core/errors.hpp"

#include <sstream>

namespace bnlab {

std::size_t element_count(const Shape& shape) {
  // Saturates instead of wrapping: shapes come from files, and [65536, 65536, 65536, 65536]
  // must not count as 0 values (or as any count a check would accept).
  std::size_t count = 1;
  for (const std::size_t extent : shape) {
    if (extent != 0 && count > std::numeric_limits<std::size_t>::max() / extent) {
      return std::numeric_limits<std::size_t>::max();
    }
    count *= extent;
  }
  return count;
}

std::string shape_to_string(const Shape& shape) {
  std::ostringstream text;
  text << '[';
  for (std::size_t axis = 0; axis < shape.size(); ++axis) {
    if (axis > 0) text << ", ";
    text << shape[axis];
  }
  text << ']';
  return text.str();
}

Shape shape_of(const Tensor& tensor) { return Shape(tensor.shape().begin(), tensor.shape().end()); }

namespace {
Eigen::Index row_count(const Tensor& tensor) {
  return tensor.dimension() == 0 ? 1 : static_cast<Eigen::Index>(tensor.shape()[0]);
}
Eigen::Index column_count(const Tensor& tensor) {
  const Eigen::Index rows = row_count(tensor);
  return rows == 0 ? 0 : static_cast<Eigen::Index>(tensor.size()) / rows;
}
}  // namespace

MatrixMap as_matrix(Tensor& tensor) {
  return MatrixMap(tensor.data(), row_count(tensor), column_count(tensor));
}

ConstMatrixMap as_matrix(const Tensor& tensor) {
  return ConstMatrixMap(tensor.data(), row_count(tensor), column_count(tensor));
}

VectorMap as_vector(Tensor& tensor) {
  return VectorMap(tensor.data(), static_cast<Eigen::Index>(tensor.size()));
}

ConstVectorMap as_vector(const Tensor& tensor) {
  return ConstVectorMap(tensor.data(), static_cast<Eigen::Index>(tensor.size()));
}

void require_batch_of(const Tensor& batch, const Shape& sample_shape, const char* who) {
  const bool fits = batch.dimension() == sample_shape.size() + 1 &&
                    std::equal(sample_shape.begin(), sample_shape.end(), batch.shape().begin() + 1);
  if (fits) return;
  std::string expected = shape_to_string(sample_shape);
  expected.insert(1, sample_shape.empty() ? "batch" : "batch, ");
  throw UsageError(std::string(who) + ": expected input of shape " + expected + ", got " +
                   shape_to_string(shape_of(batch)));
}

namespace {

template <typename Extents>
void resize_if_different(Tensor& tensor, const Extents& shape) {
  if (tensor.dimension() == shape.size() &&
      std::equal(shape.begin(), shape.end(), tensor.shape().begin())) {
    return;
  }
  Tensor resized = Tensor::from_shape(shape);  // may throw; `tensor` is untouched then
  tensor = std::move(resized);
}

}  // namespace

void ensure_shape(Tensor& tensor, const Shape& shape) { resize_if_different(tensor, shape); }

void ensure_shape(Tensor& tensor, std::initializer_list<std::size_t> shape) {
  resize_if_different(tensor, shape);
}

void ensure_same_shape(Tensor& tensor, const Tensor& like) { resize_if_different(tensor, like.shape()); }

}  // namespace bnlab
