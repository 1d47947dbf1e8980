#include "network/layer_state.hpp"

#include <algorithm>

#include "core/errors.hpp"

namespace bnlab {

namespace {

Tensor& find_role(std::vector<Parameter>& parameters, std::vector<Buffer>& buffers,
                  const std::string& role, const char* kind) {
  for (Parameter& parameter : parameters) {
    if (parameter.role == role) return *parameter.value;
  }
  for (Buffer& buffer : buffers) {
    if (buffer.role == role) return *buffer.value;
  }
  throw UsageError(std::string(kind) + ": has no tensor called " + role);
}

}  // namespace

void copy_layer_state(Layer& from, Layer& to) {
  std::vector<Parameter> target_parameters = to.parameters();
  std::vector<Buffer> target_buffers = to.buffers();
  const auto copy = [&](const std::string& role, const Tensor& source) {
    Tensor& target = find_role(target_parameters, target_buffers, role, to.kind());
    if (shape_of(target) != shape_of(source)) {
      throw UsageError(std::string(to.kind()) + "." + role + ": shape " +
                       shape_to_string(shape_of(source)) + " does not fit " +
                       shape_to_string(shape_of(target)));
    }
    target = source;
  };
  for (const Parameter& parameter : from.parameters()) copy(parameter.role, *parameter.value);
  for (const Buffer& buffer : from.buffers()) copy(buffer.role, *buffer.value);
}

bool common_parameters_equal(Layer& first, Layer& second) {
  for (const Parameter& left : first.parameters()) {
    for (const Parameter& right : second.parameters()) {
      if (left.role != right.role) continue;
      if (shape_of(*left.value) != shape_of(*right.value)) return false;
      if (!std::equal(left.value->begin(), left.value->end(), right.value->begin())) return false;
    }
  }
  return true;
}

}  // namespace bnlab
