#pragma once
// Shared setup of the element-wise non-linearities: output shape = input shape, and they
// mark their input as the "pre-activation" the probes watch.

#include "layers/layer.hpp"

namespace bnlab {

class Activation : public Layer {
 public:
  explicit Activation(Shape sample_shape) : sample_shape_(std::move(sample_shape)) {}
  Shape output_shape() const override { return sample_shape_; }
  bool is_activation() const override { return true; }

 protected:
  Shape sample_shape_;
  Tensor output_;
  Tensor grad_input_;
};

}  // namespace bnlab
