#pragma once
// The setup MaxPool2d and AvgPool2d share: a k_h × k_w window slides with a stride over every
// channel of a (C, H, W) sample, with PyTorch's padding and floor or ceil mode (geometry in
// window.hpp), so the output is (C, H_out, W_out). Each pooling layer's forward and backward
// stay in its own file; this base only checks shapes and holds the buffers both use.

#include "layers/layer.hpp"
#include "layers/window.hpp"

namespace bnlab {

class Pool2d : public Layer {
 public:
  // setup
  Shape output_shape() const override { return output_sample_shape_; }
  const Extent2d& kernel() const { return kernel_; }
  const Extent2d& stride() const { return stride_; }
  const Extent2d& padding() const { return padding_; }
  bool ceil_mode() const { return ceil_mode_; }

 protected:
  // setup: input_sample_shape is (C, H, W); throws UsageError naming `kind` when the kernel
  // does not fit or the padding is more than half the kernel.
  Pool2d(const char* kind, const Shape& input_sample_shape, const PoolWindow& window);

  // What forward and backward loop over: N·C planes of H × W inputs and H_out × W_out outputs.
  struct PlaneSizes {
    std::size_t planes;
    std::size_t height;
    std::size_t width;
    std::size_t output_height;
    std::size_t output_width;
  };
  // Opens forward: throws UsageError naming kind() unless `input` is (batch, C, H, W) with this
  // layer's sample shape, saves that shape for backward and sizes output_ to (batch, C, H_out,
  // W_out).
  PlaneSizes start_forward(const Tensor& input);
  // Opens backward: grad_input_ shaped like the last forward's input and zeroed.
  PlaneSizes start_backward();

  Shape input_sample_shape_;
  Shape output_sample_shape_;
  Extent2d kernel_;
  Extent2d stride_;
  Extent2d padding_;
  bool ceil_mode_;
  // True when some window reaches past the input (padding, or a ceil-mode last window): forward
  // and backward then clip every window (window_span); otherwise every window is k_h × k_w
  // inputs and the layers take their fast path.
  bool clips_windows_;
  Shape saved_input_shape_;  // (N, C, H, W) of the last forward
  Tensor output_;
  Tensor grad_input_;

 private:
  PlaneSizes plane_sizes() const;  // of the last forward's input
};

}  // namespace bnlab
