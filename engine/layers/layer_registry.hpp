#pragma once
// The registry of layer kinds: every kind is one alternative of LayerOptions, and its
// LayerTraits (the *_descriptor.hpp beside the layer) say everything else about it. The order
// is the experiment file's documented order (error messages list the kinds in it, the schema
// writes them in it). Adding a kind = its layer files, its descriptor files, one line here.

#include <variant>

#include "layers/avg_pool2d_descriptor.hpp"
#include "layers/batch_norm_descriptor.hpp"
#include "layers/conv2d_descriptor.hpp"
#include "layers/dense_descriptor.hpp"
#include "layers/dropout_descriptor.hpp"
#include "layers/flatten_descriptor.hpp"
#include "layers/group_norm_descriptor.hpp"
#include "layers/identity_descriptor.hpp"
#include "layers/layer_norm_descriptor.hpp"
#include "layers/leaky_relu_descriptor.hpp"
#include "layers/max_pool2d_descriptor.hpp"
#include "layers/prelu_descriptor.hpp"
#include "layers/relu_descriptor.hpp"
#include "layers/sigmoid_descriptor.hpp"
#include "layers/tanh_descriptor.hpp"

namespace bnlab {

using LayerOptions =
    std::variant<DenseOptions, BatchNormOptions, SigmoidOptions, TanhOptions, ReluOptions, LeakyReluOptions,
                 PreluOptions, IdentityOptions, DropoutOptions, Conv2dOptions, MaxPool2dOptions,
                 AvgPool2dOptions, FlattenOptions, LayerNormOptions, GroupNormOptions>;

}  // namespace bnlab
