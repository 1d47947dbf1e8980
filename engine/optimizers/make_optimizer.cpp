#include <string>

#include "core/errors.hpp"
#include "optimizers/adagrad.hpp"
#include "optimizers/adam.hpp"
#include "optimizers/optimizer.hpp"
#include "optimizers/rmsprop.hpp"
#include "optimizers/sgd.hpp"

namespace bnlab {

std::unique_ptr<Optimizer> make_optimizer(const OptimizerSpec& spec) {
  // No default case: -Wswitch flags an OptimizerKind added without an optimizer here.
  switch (spec.kind) {
    case OptimizerKind::sgd:
    case OptimizerKind::momentum:
    case OptimizerKind::nesterov:
      return std::make_unique<Sgd>(spec);
    case OptimizerKind::adagrad:
      return std::make_unique<Adagrad>(spec);
    case OptimizerKind::rmsprop:
      return std::make_unique<RmsProp>(spec);
    case OptimizerKind::adam:
      return std::make_unique<Adam>(spec);
  }
  // Only reachable with a value cast into the enum from outside its range.
  throw UsageError("make_optimizer: unknown optimizer kind " +
                   std::to_string(static_cast<int>(spec.kind)));
}

}  // namespace bnlab
