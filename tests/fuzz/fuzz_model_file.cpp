// libFuzzer harness: model file text → parse_model_text → the network it describes → back to
// JSON. Only bnlab::Error may come out (tests/fuzz/README.md).
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/errors.hpp"
#include "model_file/model_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const bnlab::ModelFile file = bnlab::parse_model_text(text, "fuzz-model.json");
    // Build the network only when it is small: the fuzzer looks for wrong acceptance and
    // crashes, not for the (deliberately large) size limits.
    if (bnlab::count_parameters(file.model) > 100000) return 0;
    const auto network = bnlab::network_from_model(file, "fuzz-model.json");
    bnlab::model_to_json(*network, file.trained_steps, file.experiment).dump();
  } catch (const bnlab::Error&) {
    // a clean refusal
  }
  return 0;
}
