#pragma once
// The one table per enum that maps experiment-file names to values and back. Parsing an
// unknown name is an error that lists these names; there is no silent default.

#include "data/dataset_spec.hpp"
#include "experiment/json_reader.hpp"
#include "layers/layer_spec.hpp"
#include "losses/loss.hpp"
#include "optimizers/optimizer.hpp"

namespace bnlab {

// Layer "type" names, valued by their index in LayerOptions (the registry's order).
const EnumNames<std::size_t>& layer_type_names();
const EnumNames<InitScheme>& init_scheme_names();
const EnumNames<OptimizerKind>& optimizer_kind_names();
const EnumNames<LossKind>& loss_kind_names();
const EnumNames<DatasetKind>& dataset_kind_names();
const EnumNames<Preprocessing>& preprocessing_names();

}  // namespace bnlab
