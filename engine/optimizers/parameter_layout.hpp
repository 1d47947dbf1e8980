#pragma once
// Checks every optimizer shares: settings in range, and a parameter list that keeps the
// layout the optimizer's state was built for. Messages are built only on failure, so a
// normal step allocates nothing.

#include <cstddef>
#include <string>
#include <vector>

#include "layers/layer.hpp"

namespace bnlab {

// Throws UsageError("<name>: <problem>") unless condition holds.
void require(bool condition, const char* name, const std::string& problem);

// The parameter list must keep the layout the state was built for (same count, same sizes).
void check_layout(const char* name, const std::vector<Parameter>& parameters,
                  const std::vector<std::size_t>& sizes, bool first_step);

}  // namespace bnlab
