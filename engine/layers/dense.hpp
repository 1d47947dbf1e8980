#pragma once
// Fully-connected layer, PyTorch's nn.Linear: y = x·Wᵀ + b with W of shape (units, inputs).

#include "layers/layer.hpp"

namespace bnlab {

class Dense final : public Layer {
 public:
  // setup
  Dense(std::size_t input_features, std::size_t units, bool has_bias);
  const char* kind() const override { return "dense"; }
  Shape output_shape() const override { return {units_}; }
  std::size_t input_features() const { return input_features_; }
  std::size_t units() const { return units_; }
  bool has_bias() const { return has_bias_; }

  // forward / backward
  const Tensor& forward(const Tensor& input, Mode mode) override;
  const Tensor& backward(const Tensor& grad_output) override;
  void set_input_gradient_needed(bool needed) override { input_gradient_needed_ = needed; }

  // parameters
  std::vector<Parameter> parameters() override;
  Tensor& weight() { return weight_; }
  Tensor& bias() { return bias_; }

 private:
  std::size_t input_features_;
  std::size_t units_;
  bool has_bias_;
  bool input_gradient_needed_ = true;
  Tensor weight_;  // (units, input_features)
  Tensor bias_;    // (units), empty without bias
  Tensor weight_gradient_;
  Tensor bias_gradient_;
  const Tensor* saved_input_ = nullptr;  // x, for dW = dyᵀ·x (owned by the previous layer)
  Tensor output_;
  Tensor grad_input_;
};

}  // namespace bnlab
