#include "network/layer_state.hpp"

#include <algorithm>

#include "core/errors.hpp"

namespace bnlab {

namespace {

void copy_tensor(const Tensor& source, Tensor& target, const std::string& role, const char* kind) {
  if (shape_of(target) != shape_of(source)) {
    throw UsageError(std::string(kind) + "." + role + ": shape " + shape_to_string(shape_of(source)) +
                     " does not fit " + shape_to_string(shape_of(target)));
  }
  target = source;
}

}  // namespace

void copy_buffer(const Buffer& from, const Buffer& to) {
  if ((from.count == nullptr) != (to.count == nullptr)) {
    throw UsageError("buffer " + from.role + ": a counter and a tensor cannot be copied into each other");
  }
  if (from.count != nullptr) {
    *to.count = *from.count;
  } else {
    copy_tensor(*from.value, *to.value, to.role, "buffer");
  }
}

void copy_layer_state(Layer& from, Layer& to) {
  std::vector<Parameter> target_parameters = to.parameters();
  std::vector<Buffer> target_buffers = to.buffers();
  for (const Parameter& parameter : from.parameters()) {
    const auto target = std::find_if(target_parameters.begin(), target_parameters.end(),
                                     [&](const Parameter& candidate) { return candidate.role == parameter.role; });
    if (target == target_parameters.end()) throw UsageError(std::string(to.kind()) + ": has no tensor called " + parameter.role);
    copy_tensor(*parameter.value, *target->value, parameter.role, to.kind());
  }
  for (const Buffer& buffer : from.buffers()) {
    const auto target = std::find_if(target_buffers.begin(), target_buffers.end(),
                                     [&](const Buffer& candidate) { return candidate.role == buffer.role; });
    if (target == target_buffers.end()) throw UsageError(std::string(to.kind()) + ": has no tensor called " + buffer.role);
    copy_buffer(buffer, *target);
  }
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
