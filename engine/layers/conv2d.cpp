#include "layers/conv2d.hpp"

#include <algorithm>
#include <cstddef>
#include <utility>

#include "core/errors.hpp"
#include "core/matrix_product.hpp"
#include "layers/window.hpp"

namespace bnlab {

namespace {

// Largest columns matrix (in values) a group may fill: 2^21 floats = 8 MB. A 32-sample batch
// of a 16-channel 3×3 convolution on 14×14 maps needs 144·6272 ≈ 0.9 M, so training batches of
// small networks are one group.
constexpr std::size_t column_budget = std::size_t{1} << 21;

// The output positions ox in [begin, end) whose input column ox·stride + tap − padding lies
// inside [0, size); the others read (or write) the zero padding.
struct ValidRange {
  std::size_t begin;
  std::size_t end;
};

ValidRange valid_outputs(std::size_t outputs, std::size_t size, std::size_t stride,
                         std::size_t tap, std::size_t padding) {
  const auto signed_stride = static_cast<std::ptrdiff_t>(stride);
  const std::ptrdiff_t lowest = static_cast<std::ptrdiff_t>(padding) - static_cast<std::ptrdiff_t>(tap);
  const std::ptrdiff_t highest = static_cast<std::ptrdiff_t>(size) - 1 + lowest;
  if (highest < 0) return {0, 0};
  // first ox with ox·stride >= lowest; last ox with ox·stride <= highest
  const std::ptrdiff_t begin = lowest <= 0 ? 0 : (lowest + signed_stride - 1) / signed_stride;
  const std::ptrdiff_t end = highest / signed_stride + 1;
  const auto clamped_end = std::min(static_cast<std::size_t>(end), outputs);
  const auto clamped_begin = std::min(static_cast<std::size_t>(begin), clamped_end);
  return {clamped_begin, clamped_end};
}

}  // namespace

Conv2d::Conv2d(const Shape& input_sample_shape, std::size_t out_channels, Extent2d kernel,
               Extent2d stride, Extent2d padding, bool has_bias)
    : input_sample_shape_(input_sample_shape),
      in_channels_(input_sample_shape.size() == 3 ? input_sample_shape[0] : 0),
      input_height_(input_sample_shape.size() == 3 ? input_sample_shape[1] : 0),
      input_width_(input_sample_shape.size() == 3 ? input_sample_shape[2] : 0),
      out_channels_(out_channels),
      kernel_(kernel),
      stride_(stride),
      padding_(padding),
      has_bias_(has_bias) {
  const Shape output =
      window_output_shape("conv2d", input_sample_shape, out_channels, kernel, stride, padding);
  output_height_ = output[1];
  output_width_ = output[2];
  weight_ = xt::zeros<Scalar>({out_channels, in_channels_, kernel.height, kernel.width});
  weight_gradient_ = xt::zeros<Scalar>({out_channels, in_channels_, kernel.height, kernel.width});
  if (has_bias_) {
    bias_ = xt::zeros<Scalar>({out_channels});
    bias_gradient_ = xt::zeros<Scalar>({out_channels});
  }
}

namespace {

// The products run on the Dense layers' kernel where the build has it (WebAssembly, native
// without AVX), for the same reasons: in V8 it is faster than Eigen's translated SSE kernels
// (the wasm CNN step went from ~4.4 to ~4.0 ms), and the CLI then trains a CNN bit for bit as
// the page does (tests/wasm/native_agreement.test.mjs).
#if BNLAB_OWN_MATRIX_PRODUCT
StridedMatrix row_major(const Scalar* data, std::size_t rows, std::size_t columns) {
  return {data, rows, columns, static_cast<std::ptrdiff_t>(columns), 1};
}
#endif

}  // namespace

std::size_t Conv2d::group_size(std::size_t batch) const {
  const std::size_t per_sample = fan_in() * positions();
  return std::max<std::size_t>(1, std::min(batch, column_budget / per_sample));
}

void Conv2d::image_to_columns(const Tensor& input, std::size_t first, std::size_t count) {
  const std::size_t plane_size = input_height_ * input_width_;
  const std::size_t row_length = count * positions();
  Scalar* columns = columns_.data();
  for (std::size_t channel = 0; channel < in_channels_; ++channel) {
    for (std::size_t tap_y = 0; tap_y < kernel_.height; ++tap_y) {
      const ValidRange rows =
          valid_outputs(output_height_, input_height_, stride_.height, tap_y, padding_.height);
      for (std::size_t tap_x = 0; tap_x < kernel_.width; ++tap_x) {
        const ValidRange columns_in =
            valid_outputs(output_width_, input_width_, stride_.width, tap_x, padding_.width);
        Scalar* row = columns + ((channel * kernel_.height + tap_y) * kernel_.width + tap_x) * row_length;
        for (std::size_t sample = 0; sample < count; ++sample) {
          const Scalar* plane = input.data() + ((first + sample) * in_channels_ + channel) * plane_size;
          Scalar* destination = row + sample * positions();
          for (std::size_t out_y = 0; out_y < output_height_; ++out_y) {
            Scalar* line = destination + out_y * output_width_;
            if (out_y < rows.begin || out_y >= rows.end) {
              std::fill(line, line + output_width_, Scalar(0));
              continue;
            }
            const std::size_t in_y = out_y * stride_.height + tap_y - padding_.height;
            const Scalar* source = plane + in_y * input_width_;
            std::fill(line, line + columns_in.begin, Scalar(0));
            if (columns_in.begin < columns_in.end) {
              // output column ox reads input column ox·stride + tap_x − padding
              const std::size_t in_x = columns_in.begin * stride_.width + tap_x - padding_.width;
              if (stride_.width == 1) {
                std::copy(source + in_x, source + in_x + (columns_in.end - columns_in.begin),
                          line + columns_in.begin);
              } else {
                for (std::size_t out_x = columns_in.begin, x = in_x; out_x < columns_in.end;
                     ++out_x, x += stride_.width) {
                  line[out_x] = source[x];
                }
              }
            }
            std::fill(line + columns_in.end, line + output_width_, Scalar(0));
          }
        }
      }
    }
  }
}

void Conv2d::columns_to_image(std::size_t first, std::size_t count) {
  const std::size_t plane_size = input_height_ * input_width_;
  const std::size_t row_length = count * positions();
  const Scalar* columns = column_gradient_.data();
  for (std::size_t channel = 0; channel < in_channels_; ++channel) {
    for (std::size_t tap_y = 0; tap_y < kernel_.height; ++tap_y) {
      const ValidRange rows =
          valid_outputs(output_height_, input_height_, stride_.height, tap_y, padding_.height);
      for (std::size_t tap_x = 0; tap_x < kernel_.width; ++tap_x) {
        const ValidRange columns_in =
            valid_outputs(output_width_, input_width_, stride_.width, tap_x, padding_.width);
        const Scalar* row =
            columns + ((channel * kernel_.height + tap_y) * kernel_.width + tap_x) * row_length;
        for (std::size_t sample = 0; sample < count; ++sample) {
          Scalar* plane = grad_input_.data() + ((first + sample) * in_channels_ + channel) * plane_size;
          const Scalar* source = row + sample * positions();
          for (std::size_t out_y = rows.begin; out_y < rows.end; ++out_y) {
            const Scalar* line = source + out_y * output_width_;
            const std::size_t in_y = out_y * stride_.height + tap_y - padding_.height;
            Scalar* target = plane + in_y * input_width_;
            if (columns_in.begin >= columns_in.end) continue;
            for (std::size_t out_x = columns_in.begin,
                             x = columns_in.begin * stride_.width + tap_x - padding_.width;
                 out_x < columns_in.end; ++out_x, x += stride_.width) {
              target[x] += line[out_x];
            }
          }
        }
      }
    }
  }
}

const Tensor& Conv2d::forward(const Tensor& input, Mode mode) {
  require_batch_of(input, input_sample_shape_, "conv2d");
  saved_input_ = &input;
  saved_batch_size_ = input.shape()[0];
  const std::size_t batch = input.shape()[0];
  const std::size_t group = group_size(batch);
  const std::size_t group_columns = group * positions();
  if (columns_.size() < fan_in() * group_columns) columns_.resize(fan_in() * group_columns);
  if (group_product_.size() < out_channels_ * group_columns) {
    group_product_.resize(out_channels_ * group_columns);
  }
  ensure_shape(output_, {batch, out_channels_, output_height_, output_width_});

  for (std::size_t first = 0; first < batch; first += group) {
    const std::size_t count = std::min(group, batch - first);
    const auto columns_count = static_cast<Eigen::Index>(count * positions());
    image_to_columns(input, first, count);
#if BNLAB_OWN_MATRIX_PRODUCT
    multiply(row_major(weight_.data(), out_channels_, fan_in()), row_major(columns_.data(), fan_in(), count * positions()),
             group_product_.data(), columns_count);
#else
    const ConstMatrixMap weight(weight_.data(), static_cast<Eigen::Index>(out_channels_),
                                static_cast<Eigen::Index>(fan_in()));
    const ConstMatrixMap columns(columns_.data(), static_cast<Eigen::Index>(fan_in()), columns_count);
    MatrixMap product(group_product_.data(), static_cast<Eigen::Index>(out_channels_), columns_count);
    product.noalias() = weight * columns;
#endif
    // product is (C_out, count·positions); the output wants (count, C_out, positions).
    for (std::size_t sample = 0; sample < count; ++sample) {
      for (std::size_t channel = 0; channel < out_channels_; ++channel) {
        const Scalar* from = group_product_.data() + channel * count * positions() + sample * positions();
        Scalar* to = output_.data() + ((first + sample) * out_channels_ + channel) * positions();
        const Scalar shift = has_bias_ ? bias_(channel) : Scalar(0);
        for (std::size_t position = 0; position < positions(); ++position) {
          to[position] = from[position] + shift;
        }
      }
    }
  }
  columns_hold_batch_ = group >= batch;
  return output_;
}

#if BNLAB_OWN_MATRIX_PRODUCT
void Conv2d::add_weight_gradient(std::size_t columns_count, bool first_group) {
  // dW = dY·Xᵀ (C_out × K). Either dY·Xᵀ or its transpose X·dYᵀ, whichever takes fewer 4 × 8
  // blocks of the kernel: the first layer's K = 9 would leave 7 of 8 columns of a second block
  // empty. Each element is the same sum over the positions in the same order either way.
  const std::size_t blocks_direct = (out_channels_ + 3) / 4 * ((fan_in() + 7) / 8);
  const std::size_t blocks_transposed = (fan_in() + 3) / 4 * ((out_channels_ + 7) / 8);
  const auto long_side = static_cast<std::ptrdiff_t>(columns_count);
  const StridedMatrix grad_y{group_product_.data(), out_channels_, columns_count, long_side, 1};
  const StridedMatrix grad_y_transposed{group_product_.data(), columns_count, out_channels_, 1, long_side};
  const StridedMatrix columns{columns_.data(), fan_in(), columns_count, long_side, 1};
  const StridedMatrix columns_transposed{columns_.data(), columns_count, fan_in(), 1, long_side};
  Scalar* gradient = weight_gradient_.data();
  if (blocks_direct <= blocks_transposed && first_group) {
    multiply(grad_y, columns_transposed, gradient, static_cast<std::ptrdiff_t>(fan_in()));
    return;
  }
  group_weight_gradient_.resize(out_channels_ * fan_in());
  Scalar* group = group_weight_gradient_.data();
  if (blocks_direct <= blocks_transposed) {
    multiply(grad_y, columns_transposed, group, static_cast<std::ptrdiff_t>(fan_in()));
    for (std::size_t i = 0; i < out_channels_ * fan_in(); ++i) gradient[i] += group[i];
    return;
  }
  multiply(columns, grad_y_transposed, group, static_cast<std::ptrdiff_t>(out_channels_));  // K × C_out
  for (std::size_t channel = 0; channel < out_channels_; ++channel) {
    for (std::size_t k = 0; k < fan_in(); ++k) {
      const Scalar value = group[k * out_channels_ + channel];
      gradient[channel * fan_in() + k] = first_group ? value : gradient[channel * fan_in() + k] + value;
    }
  }
}
#endif

const Tensor& Conv2d::backward(const Tensor& grad_output) {
  // With columns X (K × positions) and dy as dY (C_out × positions), per group:
  // dW += dY·Xᵀ, db += Σ_positions dY, dX = Wᵀ·dY, and col2im adds dX back onto dx.
  const std::size_t batch = saved_batch_size_;
  const std::size_t group = group_size(batch);
  if (column_gradient_.size() < fan_in() * group * positions()) {
    column_gradient_.resize(fan_in() * group * positions());
  }
  if (input_gradient_needed_) {
    ensure_shape(grad_input_, {batch, in_channels_, input_height_, input_width_});
    grad_input_.fill(0);
  }
#if !BNLAB_OWN_MATRIX_PRODUCT
  const ConstMatrixMap weight(weight_.data(), static_cast<Eigen::Index>(out_channels_),
                              static_cast<Eigen::Index>(fan_in()));
  MatrixMap weight_gradient(weight_gradient_.data(), static_cast<Eigen::Index>(out_channels_),
                            static_cast<Eigen::Index>(fan_in()));
#endif
  if (has_bias_) bias_gradient_.fill(0);
  for (std::size_t first = 0; first < batch; first += group) {
    const std::size_t count = std::min(group, batch - first);
    const auto columns_count = static_cast<Eigen::Index>(count * positions());
    if (!columns_hold_batch_) image_to_columns(*saved_input_, first, count);
    for (std::size_t sample = 0; sample < count; ++sample) {
      for (std::size_t channel = 0; channel < out_channels_; ++channel) {
        const Scalar* from = grad_output.data() + ((first + sample) * out_channels_ + channel) * positions();
        std::copy(from, from + positions(),
                  group_product_.data() + channel * count * positions() + sample * positions());
      }
    }
    const ConstMatrixMap grad_y(group_product_.data(), static_cast<Eigen::Index>(out_channels_), columns_count);
#if BNLAB_OWN_MATRIX_PRODUCT
    add_weight_gradient(count * positions(), first == 0);
#else
    const ConstMatrixMap columns(columns_.data(), static_cast<Eigen::Index>(fan_in()), columns_count);
    if (first == 0) {
      weight_gradient.noalias() = grad_y * columns.transpose();
    } else {
      weight_gradient.noalias() += grad_y * columns.transpose();
    }
#endif
    if (has_bias_) as_vector(bias_gradient_) += grad_y.rowwise().sum();
    if (!input_gradient_needed_) continue;
#if BNLAB_OWN_MATRIX_PRODUCT
    multiply(StridedMatrix{weight_.data(), fan_in(), out_channels_, 1, static_cast<std::ptrdiff_t>(fan_in())},
             row_major(group_product_.data(), out_channels_, count * positions()), column_gradient_.data(), columns_count);
#else
    MatrixMap column_gradient(column_gradient_.data(), static_cast<Eigen::Index>(fan_in()), columns_count);
    column_gradient.noalias() = weight.transpose() * grad_y;
#endif
    columns_to_image(first, count);
  }
  return grad_input_;
}

std::vector<Parameter> Conv2d::parameters() {
  std::vector<Parameter> parameters{{"weight", &weight_, &weight_gradient_}};
  if (has_bias_) parameters.push_back({"bias", &bias_, &bias_gradient_});
  return parameters;
}

}  // namespace bnlab
