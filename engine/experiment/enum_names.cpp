#include "experiment/enum_names.hpp"

namespace bnlab {

const EnumNames<InitScheme>& init_scheme_names() {
  static const EnumNames<InitScheme> names{
      {InitScheme::pytorch_default, "pytorch_default"}, {InitScheme::uniform, "uniform"},
      {InitScheme::normal, "normal"},                   {InitScheme::xavier_uniform, "xavier_uniform"},
      {InitScheme::xavier_normal, "xavier_normal"},     {InitScheme::he_uniform, "he_uniform"},
      {InitScheme::he_normal, "he_normal"}};
  return names;
}

const EnumNames<OptimizerKind>& optimizer_kind_names() {
  static const EnumNames<OptimizerKind> names{
      {OptimizerKind::sgd, "sgd"},         {OptimizerKind::momentum, "momentum"},
      {OptimizerKind::nesterov, "nesterov"}, {OptimizerKind::adagrad, "adagrad"},
      {OptimizerKind::rmsprop, "rmsprop"}, {OptimizerKind::adam, "adam"}};
  return names;
}

const EnumNames<LossKind>& loss_kind_names() {
  static const EnumNames<LossKind> names{{LossKind::cross_entropy, "cross_entropy"},
                                         {LossKind::mean_squared_error, "mse"},
                                         {LossKind::mean_absolute_error, "l1"}};
  return names;
}

const EnumNames<DatasetKind>& dataset_kind_names() {
  static const EnumNames<DatasetKind> names{
      {DatasetKind::inline_data, "inline"}, {DatasetKind::spirals, "spirals"},
      {DatasetKind::circles, "circles"},    {DatasetKind::xor_quadrants, "xor"},
      {DatasetKind::blobs, "blobs"},        {DatasetKind::moons, "moons"},
      {DatasetKind::scaled_regression, "scaled_regression"}, {DatasetKind::idx, "idx"},
      {DatasetKind::stripes, "stripes"},    {DatasetKind::mnist, "mnist"},
      {DatasetKind::fashion_mnist, "fashion_mnist"}};
  return names;
}

const EnumNames<Preprocessing>& preprocessing_names() {
  static const EnumNames<Preprocessing> names{{Preprocessing::none, "none"},
                                              {Preprocessing::scale_to_unit, "scale_to_unit"},
                                              {Preprocessing::min_max, "min_max"},
                                              {Preprocessing::standardize, "standardize"}};
  return names;
}

}  // namespace bnlab
