#include <string>

#include "core/errors.hpp"
#include "losses/loss.hpp"
#include "losses/mean_absolute_error.hpp"
#include "losses/mean_squared_error.hpp"
#include "losses/softmax_cross_entropy.hpp"

namespace bnlab {

std::unique_ptr<Loss> make_loss(LossKind kind) {
  // No default case: -Wswitch flags a LossKind added without a loss here.
  switch (kind) {
    case LossKind::cross_entropy:
      return std::make_unique<SoftmaxCrossEntropy>();
    case LossKind::mean_squared_error:
      return std::make_unique<MeanSquaredError>();
    case LossKind::mean_absolute_error:
      return std::make_unique<MeanAbsoluteError>();
  }
  // Only reachable with a value cast into the enum from outside its range.
  throw UsageError("make_loss: unknown loss kind " + std::to_string(static_cast<int>(kind)));
}

}  // namespace bnlab
