#include "network/population_statistics.hpp"

#include <numeric>

#include "core/errors.hpp"
#include "layers/batch_norm.hpp"

namespace bnlab {

void recompute_population_statistics(Network& network, const Dataset& train, std::size_t batch_size) {
  if (train.size() == 0) throw UsageError("population statistics: the training set is empty");
  std::vector<std::uint32_t> order(train.size());
  std::iota(order.begin(), order.end(), 0u);
  Batch batch;
  for (std::size_t index = 0; index < network.layer_count(); ++index) {
    auto* batch_norm = dynamic_cast<BatchNorm*>(&network.layer(index));
    if (batch_norm == nullptr || !batch_norm->spec().track_running_stats) continue;
    PopulationStatistics statistics(batch_norm->channels());
    const Shape sample_shape = index == 0 ? network.spec().input_shape
                                          : network.layer(index - 1).output_shape();
    for (std::size_t begin = 0; begin < train.size(); begin += batch_size) {
      const std::size_t end = std::min(begin + batch_size, train.size());
      gather_batch(train, order, begin, end, batch);
      const Tensor& input = network.forward_prefix(batch.inputs, index, Mode::eval);
      statistics.add(input, channel_layout_of(input, sample_shape));
    }
    Tensor mean;
    Tensor variance;
    statistics.finish(mean, variance);
    batch_norm->set_running_statistics(mean, variance);
  }
}

}  // namespace bnlab
