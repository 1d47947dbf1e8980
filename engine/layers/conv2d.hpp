#pragma once
// 2-D convolution, PyTorch's nn.Conv2d on NCHW batches: cross-correlation (no kernel flip)
// with zero padding,
//   y[n, o, oy, ox] = b[o] + Σ_{c, i, j} W[o, c, i, j] · x_pad[n, c, oy·s_h + i, ox·s_w + j],
// where x_pad is x with `padding` zeros on every side; W has shape (C_out, C_in, k_h, k_w).
// Output size per axis: ⌊(H + 2p − k)/s⌋ + 1.
//
// Computed as im2col + one matrix product per group of samples: the columns matrix holds,
// for every output position of the group, the K = C_in·k_h·k_w input values its window sees
// (K rows × positions columns), so the convolution is W (C_out × K) · columns. Groups are as
// large as a column budget allows, so a training batch is usually one group and its columns
// are kept for backward; bigger batches (evaluation) are done a group at a time and backward
// rebuilds the columns. Every buffer is reused: no allocation per step once sizes are known.

#include <vector>

#include "layers/layer.hpp"
#include "layers/option_fields.hpp"

namespace bnlab {

class Conv2d final : public Layer {
 public:
  // setup: input_sample_shape is (C_in, H, W); throws UsageError when the kernel does not fit.
  Conv2d(const Shape& input_sample_shape, std::size_t out_channels, Extent2d kernel,
         Extent2d stride, Extent2d padding, bool has_bias);
  const char* kind() const override { return "conv2d"; }
  Shape output_shape() const override { return {out_channels_, output_height_, output_width_}; }
  std::size_t in_channels() const { return in_channels_; }
  std::size_t out_channels() const { return out_channels_; }
  const Extent2d& kernel() const { return kernel_; }
  const Extent2d& stride() const { return stride_; }
  const Extent2d& padding() const { return padding_; }
  bool has_bias() const { return has_bias_; }
  std::size_t fan_in() const { return in_channels_ * kernel_.height * kernel_.width; }
  std::size_t fan_out() const { return out_channels_ * kernel_.height * kernel_.width; }

  // forward / backward
  const Tensor& forward(const Tensor& input, Mode mode) override;
  const Tensor& backward(const Tensor& grad_output) override;
  void set_input_gradient_needed(bool needed) override { input_gradient_needed_ = needed; }

  // parameters
  std::vector<Parameter> parameters() override;
  Tensor& weight() { return weight_; }
  Tensor& bias() { return bias_; }
  const Tensor& weight() const { return weight_; }
  const Tensor& bias() const { return bias_; }

 private:
  std::size_t positions() const { return output_height_ * output_width_; }
  // Samples per group: as many as fit the column budget, at least one.
  std::size_t group_size(std::size_t batch) const;
  // Writes the K × (count·positions) columns of samples [first, first + count) of `input`.
  void image_to_columns(const Tensor& input, std::size_t first, std::size_t count);
  // dW (+)= this group's dY·Xᵀ with the own matrix product (engine/core/matrix_product.hpp).
  void add_weight_gradient(std::size_t columns_count, bool first_group);
  // Adds the column gradients of samples [first, first + count) back onto grad_input_.
  void columns_to_image(std::size_t first, std::size_t count);

  Shape input_sample_shape_;  // (C_in, H, W)
  std::size_t in_channels_;
  std::size_t input_height_;
  std::size_t input_width_;
  std::size_t out_channels_;
  Extent2d kernel_;
  Extent2d stride_;
  Extent2d padding_;
  std::size_t output_height_ = 0;
  std::size_t output_width_ = 0;
  bool has_bias_;
  bool input_gradient_needed_ = true;
  Tensor weight_;  // (C_out, C_in, k_h, k_w)
  Tensor bias_;    // (C_out), empty without bias
  Tensor weight_gradient_;
  Tensor bias_gradient_;
  // saved for backward
  const Tensor* saved_input_ = nullptr;  // x (owned by the previous layer), read again only
                                         // when a batch spans several column groups
  std::size_t saved_batch_size_ = 0;
  bool columns_hold_batch_ = false;      // columns_ are the last forward's whole batch
  // scratch, grown as needed and never shrunk
  std::vector<Scalar> columns_;          // K × (group·positions), row-major
  std::vector<Scalar> group_product_;    // C_out × (group·positions): W·columns, or dy
  std::vector<Scalar> group_weight_gradient_;  // one group's dW or dWᵀ (add_weight_gradient)
  std::vector<Scalar> column_gradient_;  // K × (group·positions): Wᵀ·dy
  Tensor output_;
  Tensor grad_input_;
};

}  // namespace bnlab
