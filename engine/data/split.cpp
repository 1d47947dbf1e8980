// Train / validation / test split. The samples are put in one order — a permutation drawn from
// Rng::for_purpose(seed, "split") with shuffle, the dataset's own order without — and cut into
// consecutive parts: first train, then validation, then test. So without shuffle the last
// samples of the dataset are the test set, and the first ones are trained on.

#include <cmath>
#include <limits>
#include <sstream>
#include <string>

#include "core/errors.hpp"
#include "core/rng.hpp"
#include "data/dataset_spec.hpp"

namespace bnlab {

namespace {

std::string number_text(double value) {
  std::ostringstream text;
  text << value;
  return text.str();
}

// A count is taken as is; a fraction of `total` rounds to the nearest sample count
// (halves away from zero: 0.25 of 10 samples is 3).
std::size_t part_size(const SplitPart& part, std::size_t total, const char* field) {
  if (part.is_fraction) {
    if (!std::isfinite(part.fraction) || part.fraction < 0.0 || part.fraction >= 1.0) {
      throw DataError(std::string(field) + ": a fraction must be in [0, 1), got " +
                      number_text(part.fraction));
    }
    return static_cast<std::size_t>(std::llround(part.fraction * static_cast<double>(total)));
  }
  if (part.count >= total) {
    throw DataError(std::string(field) + ": " + std::to_string(part.count) +
                    " samples leave no training samples out of " + std::to_string(total));
  }
  return part.count;
}

}  // namespace

DatasetSplits split_dataset(const Dataset& all, const SplitSpec& spec, std::uint64_t seed) {
  const std::size_t total = all.size();
  if (total == 0) throw DataError("split: " + all.name + " has no samples");
  if (total > std::numeric_limits<std::uint32_t>::max()) {
    throw DataError("split: " + all.name + " has more samples than a split can index");
  }

  const std::size_t validation_size = part_size(spec.validation, total, "split.validation");
  const std::size_t test_size = part_size(spec.test, total, "split.test");
  if (validation_size + test_size >= total) {
    throw DataError("split.test: validation (" + std::to_string(validation_size) + ") + test (" +
                    std::to_string(test_size) + ") samples leave no training samples out of " +
                    std::to_string(total));
  }
  const std::size_t train_size = total - validation_size - test_size;

  const auto sample_count = static_cast<std::uint32_t>(total);
  std::vector<std::uint32_t> order;
  if (spec.shuffle) {
    order = Rng::for_purpose(seed, "split").permutation(sample_count);
  } else {
    order.resize(total);
    for (std::uint32_t index = 0; index < sample_count; ++index) order[index] = index;
  }

  const auto first = order.begin();
  const std::vector<std::uint32_t> train_indices(first, first + train_size);
  const std::vector<std::uint32_t> validation_indices(first + train_size,
                                                      first + train_size + validation_size);
  const std::vector<std::uint32_t> test_indices(first + train_size + validation_size, order.end());

  DatasetSplits splits;
  splits.train = select_samples(all, train_indices, all.name + " (train)");
  splits.validation = select_samples(all, validation_indices, all.name + " (validation)");
  splits.test = select_samples(all, test_indices, all.name + " (test)");
  return splits;
}

}  // namespace bnlab
