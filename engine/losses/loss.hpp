#pragma once
// Loss contract: forward(prediction, targets) returns the mean loss of the batch and caches
// what backward needs; backward() returns d(mean loss)/d(prediction) in a buffer the loss owns.
// Classification losses read targets.labels; regression losses read targets.values.

#include <cstdint>
#include <memory>
#include <vector>

#include "core/tensor.hpp"

namespace bnlab {

struct Targets {
  const std::vector<std::int32_t>* labels = nullptr;  // classification: one class per sample
  const Tensor* values = nullptr;                     // regression: same shape as prediction
};

enum class LossKind { cross_entropy, mean_squared_error, mean_absolute_error };

class Loss {
 public:
  virtual ~Loss() = default;
  virtual const char* kind() const = 0;
  virtual double forward(const Tensor& prediction, const Targets& targets) = 0;
  virtual const Tensor& backward() = 0;
};

std::unique_ptr<Loss> make_loss(LossKind kind);

}  // namespace bnlab
