#pragma once
// Copying parameters and buffers between layers of the same kind and shape (used to build
// folded networks and compare pairs, and to check that a pair shares its initial weights).

#include "layers/layer.hpp"

namespace bnlab {

// Copies every parameter and buffer of `from` into `to`, matched by role; throws UsageError
// if the roles or shapes differ.
void copy_layer_state(Layer& from, Layer& to);

// Copies one buffer's value (a tensor of the same shape, or a counter) into another.
void copy_buffer(const Buffer& from, const Buffer& to);

// True when every parameter role the two layers both have (a Dense may have a bias in one
// network and not in the other) holds the same shape and exactly the same numbers.
bool common_parameters_equal(Layer& first, Layer& second);

}  // namespace bnlab
