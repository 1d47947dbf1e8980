#include "optimizers/parameter_layout.hpp"

#include "core/errors.hpp"

namespace bnlab {

void require(bool condition, const char* name, const std::string& problem) {
  if (!condition) throw UsageError(std::string(name) + ": " + problem);
}

void check_layout(const char* name, const std::vector<Parameter>& parameters,
                  const std::vector<std::size_t>& sizes, bool first_step) {
  const auto fail = [name](const std::string& problem) {
    throw UsageError(std::string(name) + ": " + problem);
  };
  if (!first_step && parameters.size() != sizes.size()) {
    fail("step() got " + std::to_string(parameters.size()) + " parameters, but the state was " +
         "built for " + std::to_string(sizes.size()) + " (pass the same list every step)");
  }
  for (std::size_t index = 0; index < parameters.size(); ++index) {
    const Parameter& parameter = parameters[index];
    const auto which = [&] {
      return "parameter " + std::to_string(index) + " (" + parameter.role + ")";
    };
    if (parameter.value == nullptr || parameter.gradient == nullptr) {
      fail(which() + " has no value or gradient tensor");
    }
    if (parameter.gradient->size() != parameter.value->size()) {
      fail(which() + " has " + std::to_string(parameter.value->size()) + " values but " +
           std::to_string(parameter.gradient->size()) + " gradients");
    }
    if (!first_step && parameter.value->size() != sizes[index]) {
      fail(which() + " has " + std::to_string(parameter.value->size()) +
           " values, but its state was built for " + std::to_string(sizes[index]));
    }
  }
}

}  // namespace bnlab
