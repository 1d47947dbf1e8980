#pragma once
// Tensors are xtensor row-major arrays, sample-major: a batch of dense features is
// (batch, features). Matrix products view the same buffers through Eigen maps, so there is
// exactly one copy of every number.

#include <cstddef>
#include <initializer_list>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <xtensor/xarray.hpp>

#include "core/scalar.hpp"

namespace bnlab {

using Tensor = xt::xarray<Scalar, xt::layout_type::row_major>;
using Shape = std::vector<std::size_t>;

using MatrixRowMajor = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using MatrixMap = Eigen::Map<MatrixRowMajor>;
using ConstMatrixMap = Eigen::Map<const MatrixRowMajor>;
using VectorMap = Eigen::Map<Eigen::Matrix<Scalar, Eigen::Dynamic, 1>>;
using ConstVectorMap = Eigen::Map<const Eigen::Matrix<Scalar, Eigen::Dynamic, 1>>;

// Number of elements a shape describes (1 for the empty shape, like a scalar); the largest
// size_t when the product would overflow, so no check can mistake it for a small count.
std::size_t element_count(const Shape& shape);

// "[60, 100]" — shapes appear in error messages and model files.
std::string shape_to_string(const Shape& shape);

Shape shape_of(const Tensor& tensor);

// Views a tensor as a matrix of shape[0] rows and every other axis flattened into columns.
MatrixMap as_matrix(Tensor& tensor);
ConstMatrixMap as_matrix(const Tensor& tensor);

// Views a tensor as one column vector of all its elements.
VectorMap as_vector(Tensor& tensor);
ConstVectorMap as_vector(const Tensor& tensor);

// Throws UsageError("<who>: expected input of shape [batch, …], got […]") unless `batch` is
// a batch of samples of `sample_shape`. Compares in place: nothing is allocated unless the
// shape is wrong.
void require_batch_of(const Tensor& batch, const Shape& sample_shape, const char* who);

// Resizes only when the shape differs, so buffers reused every step are not reallocated.
// The new buffer is allocated before the old one is released: if allocation fails the
// tensor keeps its old shape and values. The overloads compare shapes in place, without
// building a Shape (a heap allocation) every step.
void ensure_shape(Tensor& tensor, const Shape& shape);
void ensure_shape(Tensor& tensor, std::initializer_list<std::size_t> shape);
void ensure_same_shape(Tensor& tensor, const Tensor& like);

}  // namespace bnlab
