#pragma once
// Optimizer contract: step(parameters) updates every parameter in place from its gradient,
// and returns whether every value it wrote is finite: the update loop already holds each new
// value, so Run learns of a diverging step without a separate pass over ~100 000 parameters
// (finite_watch in core/finite.hpp), and reads the parameters again only to name the first
// non-finite one.
// State (momentum buffers, squared-gradient sums, step count) is kept per parameter, by the
// parameter's position in the list, so the list must be the same on every call.
// Formulas follow PyTorch (see docs/SEMANTICS.md); weight_decay is L2: g += weight_decay·p
// before anything else.

#include <memory>
#include <vector>

#include "layers/layer.hpp"

namespace bnlab {

enum class OptimizerKind { sgd, momentum, nesterov, adagrad, rmsprop, adam };

struct OptimizerSpec {
  OptimizerKind kind = OptimizerKind::sgd;
  double learning_rate = 0.01;
  double weight_decay = 0.0;
  double momentum = 0.9;               // momentum, nesterov
  double dampening = 0.0;              // momentum (PyTorch's SGD dampening; nesterov needs 0)
  double beta1 = 0.9;                  // adam
  double beta2 = 0.999;                // adam
  double epsilon = 1e-8;               // adam, rmsprop, adagrad (the parser defaults adagrad to 1e-10)
  double alpha = 0.99;                 // rmsprop smoothing
  double initial_accumulator = 0.0;    // adagrad
};

class Optimizer {
 public:
  virtual ~Optimizer() = default;
  virtual bool step(const std::vector<Parameter>& parameters) = 0;
  virtual std::size_t steps_taken() const = 0;
};

std::unique_ptr<Optimizer> make_optimizer(const OptimizerSpec& spec);

}  // namespace bnlab
