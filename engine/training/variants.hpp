#pragma once
// The variants a cell (or the API) trains of one experiment. Each changes only where the
// BatchNorm layers are, so that every variant shares the initial weights of every dense and
// conv2d layer (their init streams are keyed by their position among layers of their kind,
// which no variant changes) and the mini-batch order (the shared "batches" stream).
//
//   as_written                    the experiment file's layers
//   without_batchnorm             its batchnorm layers removed (compare_pair.hpp)
//   batchnorm_before_activation   every batchnorm that directly follows an activation moved in
//                                 front of it (z = Wx + b → BN → f, as in Ioffe & Szegedy)
//   batchnorm_after_activation    every batchnorm directly in front of an activation moved
//                                 behind it (f → BN, as some Keras tutorials place it)
//
// A dense or conv2d layer written with "bias": false because a batchnorm followed it gets its
// bias back wherever a variant leaves it without a batchnorm right behind (nothing else
// replaces it); one that a batchnorm comes to follow keeps its bias as written.

#include <string>

#include "experiment/experiment.hpp"

namespace bnlab {

enum class Variant { as_written, without_batch_norm, batch_norm_before_activation, batch_norm_after_activation };

const EnumNames<Variant>& variant_names();

// The experiment of `variant`; its name says which, and its source JSON carries the moved
// layers (a saved model then reopens the variant it was trained as).
Experiment make_variant(const Experiment& experiment, Variant variant);

// A hex digest (FNV-1a, 64 bits) of the initial weights every variant shares: the weight
// tensors of the dense and conv2d layers, in order. Equal digests across a cell's variants
// show that they started from the same weights.
std::string shared_weights_digest(Network& network);

}  // namespace bnlab
