// libFuzzer harness: experiment file text → strict JSON → parse_experiment. Any input may be
// refused, but only with a bnlab::Error; a crash, a sanitizer report or another exception type
// is a bug. tests/fuzz/README.md says how to run it.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/errors.hpp"
#include "experiment/experiment.hpp"
#include "network/network.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const bnlab::Experiment experiment = bnlab::parse_experiment(bnlab::parse_json_text(text, "fuzz.json"));
    // What a run checks next, without allocating the model: shapes and the parameter count.
    if (!experiment.model.input_shape.empty()) bnlab::count_parameters(experiment.model);
  } catch (const bnlab::Error&) {
    // a clean refusal
  }
  return 0;
}
