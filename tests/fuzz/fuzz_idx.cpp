// libFuzzer harness: the IDX loader on in-memory bytes. The input is split at the first
// "\n--labels--\n" into the images file and the labels file (without the marker, the whole
// input is the images file and the labels are a valid 1-label file). Only bnlab::Error may
// come out (tests/fuzz/README.md).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "data/idx_loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::string marker = "\n--labels--\n";
  const std::size_t split = text.find(marker);
  std::vector<std::uint8_t> images(data, data + (split == std::string::npos ? size : split));
  std::vector<std::uint8_t> labels{0, 0, 8, 1, 0, 0, 0, 1, 3};
  if (split != std::string::npos) labels.assign(data + split + marker.size(), data + size);
  try {
    const bnlab::Dataset dataset = bnlab::load_idx(images, labels, "fuzz", images.size() % 3);
    (void)dataset;
  } catch (const bnlab::Error&) {
    // a clean refusal
  }
  return 0;
}
