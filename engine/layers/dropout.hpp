#pragma once
// Inverted dropout: in training each value is zeroed with probability p and survivors are
// scaled by 1/(1−p), so evaluation is the identity (PyTorch's nn.Dropout). p = 1 gives zeros.

#include "core/rng.hpp"
#include "layers/layer.hpp"

namespace bnlab {

class Dropout final : public Layer {
 public:
  // setup: the mask stream is passed in (derived from the experiment seed by the network).
  Dropout(Shape sample_shape, double probability, Rng mask_stream);
  const char* kind() const override { return "dropout"; }
  Shape output_shape() const override { return sample_shape_; }
  double probability() const { return probability_; }
  // Restarts the mask stream, e.g. so two evaluations draw the same mask.
  void reseed(const Rng& mask_stream) { mask_stream_ = mask_stream; }

  // forward / backward
  const Tensor& forward(const Tensor& input, Mode mode) override;
  const Tensor& backward(const Tensor& grad_output) override;

 private:
  Shape sample_shape_;
  double probability_;
  Rng mask_stream_;
  Tensor mask_;  // 0 or 1/(1−p) per value in training; empty after an eval forward
  Mode last_mode_ = Mode::eval;
  Tensor output_;
  Tensor grad_input_;
};

}  // namespace bnlab
