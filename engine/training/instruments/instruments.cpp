#include "training/instruments/instruments.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "core/errors.hpp"
#include "layers/batch_norm.hpp"
#include "layers/channel_statistics.hpp"
#include "metrics/metrics.hpp"
#include "network/layer_state.hpp"
#include "training/evaluation.hpp"

namespace bnlab {

namespace {

bool due(std::size_t every, std::size_t step) { return every > 0 && (step == 1 || step % every == 0); }

Shape input_shape_of(const Network& network, std::size_t index) {
  return index == 0 ? network.spec().input_shape : network.layer(index - 1).output_shape();
}

// The probe set's sample count, checked against its split.
std::size_t check_probe_set(const ProbeSetSpec& set, const Dataset& data) {
  const char* split = split_name(set.split);
  if (data.size() == 0) {
    throw ConfigError(set.path + ".split", "empty_split", Json{{"split", split}}, std::string("the ") + split + " split is empty");
  }
  if (set.samples > data.size()) {
    throw ConfigError(set.path + ".samples", "probe_set_too_large",
                      Json{{"split", split}, {"maximum", data.size()}, {"got", set.samples}}, "expected at most the " + std::to_string(data.size()) +
                                                 " samples of the " + split + " split, got " +
                                                 std::to_string(set.samples));
  }
  return set.samples == 0 ? data.size() : set.samples;
}

void check_classification(const Dataset& train, const std::string& path) {
  if (train.task != TaskKind::classification) {
    throw ConfigError(path, "needs_class_labels", Json::object(), "needs class labels, but the dataset has regression targets");
  }
}

// Copies the (n, ...) rows of one chunk into rows [at, at + n) of `into` (total rows).
void copy_rows(const Tensor& rows, std::size_t total, std::size_t at, Tensor& into) {
  Shape shape = shape_of(rows);
  shape[0] = total;
  ensure_shape(into, shape);
  const std::size_t per_sample = rows.size() / rows.shape()[0];
  std::copy(rows.data(), rows.data() + rows.size(), into.data() + at * per_sample);
}

// The chunks an eval pass over n samples uses; a trailing chunk of one joins the previous one
// (batch statistics need more than one value).
template <typename Visit>
void for_each_chunk(std::size_t count, std::size_t chunk, Visit&& visit) {
  for (std::size_t begin = 0; begin < count;) {
    std::size_t end = std::min(begin + chunk, count);
    if (count - end == 1) end = count;
    visit(begin, end);
    begin = end;
  }
}

void append_softmax(const Tensor& logits, std::vector<float>& probabilities) {
  const std::size_t rows = logits.shape()[0];
  const std::size_t classes = logits.shape()[1];
  for (std::size_t row = 0; row < rows; ++row) {
    const Scalar* first = logits.data() + row * classes;
    const double largest = *std::max_element(first, first + classes);
    double sum = 0.0;
    for (std::size_t k = 0; k < classes; ++k) sum += std::exp(double(first[k]) - largest);
    for (std::size_t k = 0; k < classes; ++k) {
      probabilities.push_back(static_cast<float>(std::exp(double(first[k]) - largest) / sum));
    }
  }
}

std::vector<double> as_doubles(const Tensor& tensor) { return {tensor.begin(), tensor.end()}; }

}  // namespace

Instruments::Instruments(const Experiment& experiment, const Network& network,
                         std::shared_ptr<const DatasetSplits> data)
    : spec_(experiment.probes),
      batch_size_(experiment.training.batch_size),
      seed_(experiment.seed),
      data_(std::move(data)) {
  if (spec_.every == 0) {
    spec_ = ProbeSpec{};
    spec_.every = 0;
    return;
  }
  loss_ = make_loss(experiment.loss);

  // Watched layers: the ones named, or every activation and batchnorm layer.
  std::vector<std::size_t> indices;
  if (spec_.layers) {
    for (std::size_t position = 0; position < spec_.layers->size(); ++position) {
      const std::size_t index = (*spec_.layers)[position];
      const std::string path = "probes.layers[" + std::to_string(position) + "]";
      if (index >= network.layer_count()) {
        throw ConfigError(path, "layer_index_out_of_range", Json{{"maximum", network.layer_count() - 1}, {"got", index}},
                          "expected a layer index below " + std::to_string(network.layer_count()) +
                                    " (model.layers has " + std::to_string(network.layer_count()) +
                                    " layers), got " + std::to_string(index));
      }
      const Layer& layer = network.layer(index);
      if (!layer.is_activation() && dynamic_cast<const BatchNorm*>(&layer) == nullptr) {
        throw ConfigError(path, "layer_not_watchable", Json{{"layer", layer.kind()}, {"index", index}},
                          layer_path(index) + " is a " + layer.kind() +
                                    " layer; expected an activation or batchnorm layer");
      }
      indices.push_back(index);
    }
  } else {
    for (std::size_t index = 0; index < network.layer_count(); ++index) indices.push_back(index);
  }
  for (const std::size_t index : indices) {
    const Layer& layer = network.layer(index);
    const bool batch_norm = dynamic_cast<const BatchNorm*>(&layer) != nullptr;
    if (!layer.is_activation() && !batch_norm) continue;
    watched_.push_back({index, layer.is_activation(), layer.can_have_dead_units(),
                        batch_norm, index + 1 < network.layer_count()});
  }
  // A batchnorm layer is only read for its histograms.
  if (spec_.unit) {
    for (const WatchedLayer& watched : watched_) {
      if (!watched.activation && spec_.histogram_bins == 0) continue;
      const std::size_t width = input_shape_of(network, watched.index)[0];
      if (*spec_.unit >= width) {
        throw ConfigError("probes.unit", "unit_out_of_range", Json{{"width", width}, {"layer", watched.index}, {"got", *spec_.unit}},
                          "expected a unit index below " + std::to_string(width) +
                                             " (the width of the input of " + layer_path(watched.index) +
                                             "), got " + std::to_string(*spec_.unit));
      }
    }
  }
  for (const ProbeSetSpec& set : spec_.probe_sets) check_probe_set(set, split_data(set.split));
  if (spec_.mode_gap.every > 0) check_probe_set(spec_.mode_gap.data, split_data(spec_.mode_gap.data.split));
  if (spec_.confusion.every > 0) {
    check_classification(data_->train, "probes.confusion");
    check_probe_set(spec_.confusion.data, split_data(spec_.confusion.data.split));
  }
  if (spec_.decision_grid.every > 0) {
    const Shape& input_shape = network.spec().input_shape;
    if (input_shape != Shape{2}) {
      throw ConfigError("probes.decision_grid", "grid_needs_two_features", Json{{"got", shape_to_string(input_shape)}},
                        "needs samples of 2 values (x, y), but the dataset's samples "
                                                "have shape " + shape_to_string(input_shape));
    }
    check_classification(data_->train, "probes.decision_grid");
    // The grid spans every split's inputs (as the model sees them, after preprocessing),
    // widened by 5 % on each side so that the outermost points are not on the border.
    double x_min = INFINITY, x_max = -INFINITY, y_min = INFINITY, y_max = -INFINITY;
    for (const Dataset* part : {&data_->train, &data_->validation, &data_->test}) {
      for (std::size_t sample = 0; sample < part->size(); ++sample) {
        x_min = std::min<double>(x_min, part->inputs(sample, 0));
        x_max = std::max<double>(x_max, part->inputs(sample, 0));
        y_min = std::min<double>(y_min, part->inputs(sample, 1));
        y_max = std::max<double>(y_max, part->inputs(sample, 1));
      }
    }
    const auto widen = [](double& low, double& high) {
      const double margin = high > low ? 0.05 * (high - low) : 1.0;
      low -= margin;
      high += margin;
    };
    widen(x_min, x_max);
    widen(y_min, y_max);
    grid_x_min_ = x_min, grid_x_max_ = x_max, grid_y_min_ = y_min, grid_y_max_ = y_max;
    const std::size_t size = spec_.decision_grid.size;
    ensure_shape(grid_points_, {size * size, std::size_t{2}});
    for (std::size_t row = 0; row < size; ++row) {
      for (std::size_t column = 0; column < size; ++column) {
        const double step = 1.0 / static_cast<double>(size - 1);
        grid_points_(row * size + column, 0) = static_cast<Scalar>(x_min + column * step * (x_max - x_min));
        grid_points_(row * size + column, 1) = static_cast<Scalar>(y_min + row * step * (y_max - y_min));
      }
    }
  }
  bins_.resize(1 + spec_.probe_sets.size());
}

Instruments::~Instruments() = default;

const Dataset& Instruments::split_data(SplitName split) const {
  return split == SplitName::train ? data_->train : split == SplitName::validation ? data_->validation : data_->test;
}

Network& Instruments::synchronized_scratch(const Network& network) {
  if (!scratch_) scratch_ = std::make_unique<Network>(network.spec(), seed_);
  const std::vector<NamedParameter>& from = network.named_parameters();
  const std::vector<NamedParameter>& to = scratch_->named_parameters();
  for (std::size_t index = 0; index < from.size(); ++index) *to[index].parameter.value = *from[index].parameter.value;
  const std::vector<NamedBuffer>& buffers_from = network.named_buffers();
  const std::vector<NamedBuffer>& buffers_to = scratch_->named_buffers();
  for (std::size_t index = 0; index < buffers_from.size(); ++index) {
    copy_buffer(buffers_from[index].buffer, buffers_to[index].buffer);
  }
  return *scratch_;
}

template <typename InputOf>
void Instruments::read_layers(InputOf&& input_of, std::size_t source, std::vector<ActivationProbe>& activations,
                              std::vector<HistogramProbe>& histograms) {
  std::vector<HistogramBins>& bins = bins_.at(source);
  const bool first_reading = bins.empty();
  std::size_t slot = 0;
  const auto histogram = [&](std::size_t index, const char* tensor_name, const Tensor& tensor) {
    const std::vector<double> values = unit_values(tensor, spec_.unit);
    if (first_reading) bins.push_back(choose_histogram_bins(values, spec_.histogram_bins));
    const HistogramBins& fixed = bins.at(slot++);
    histograms.push_back({index, tensor_name, fixed.lower, fixed.upper, histogram_counts(values, fixed)});
  };
  for (const WatchedLayer& watched : watched_) {
    const Tensor& input = input_of(watched.index);
    if (watched.activation) {
      std::vector<double> values = unit_values(input, spec_.unit);
      double sum = 0.0;
      for (const double value : values) sum += value;
      const double mean = sum / static_cast<double>(values.size());
      double squares = 0.0;
      for (const double value : values) squares += (value - mean) * (value - mean);
      const double dead = spec_.dead_units && watched.relu ? dead_unit_fraction(input)
                                                           : std::numeric_limits<double>::quiet_NaN();
      ActivationProbe probe{watched.index, {}, mean, std::sqrt(squares / static_cast<double>(values.size())), dead};
      probe.percentiles = percentiles_of(values, spec_.percentiles);
      activations.push_back(std::move(probe));
    }
    if (spec_.histogram_bins == 0) continue;
    if (watched.activation) histogram(watched.index, "activation_input", input);
    if (watched.batch_norm) {
      histogram(watched.index, "batchnorm_input", input);
      if (watched.has_output) histogram(watched.index, "batchnorm_output", input_of(watched.index + 1));
    }
  }
}

void Instruments::read_parameters(const Network& network, ProbeRecord& record) const {
  if (spec_.batch_norm || spec_.batch_norm_units) {
    for (std::size_t index = 0; index < network.layer_count(); ++index) {
      const auto* batch_norm = dynamic_cast<const BatchNorm*>(&network.layer(index));
      if (batch_norm == nullptr) continue;
      BatchNormProbe probe{index, 0, 0, 0, 0, 0, 0, {}, {}};
      const auto summarize = [](const Tensor& tensor, double& mean, double& minimum, double& maximum) {
        double sum = 0.0;
        minimum = tensor.size() ? tensor.data()[0] : 0.0;
        maximum = minimum;
        for (const Scalar value : tensor) {
          sum += value;
          minimum = std::min<double>(minimum, value);
          maximum = std::max<double>(maximum, value);
        }
        mean = tensor.size() ? sum / static_cast<double>(tensor.size()) : 0.0;
      };
      summarize(batch_norm->gamma(), probe.gamma_mean, probe.gamma_min, probe.gamma_max);
      summarize(batch_norm->beta(), probe.beta_mean, probe.beta_min, probe.beta_max);
      if (spec_.batch_norm_units) {
        probe.gamma = as_doubles(batch_norm->gamma());
        probe.beta = as_doubles(batch_norm->beta());
      }
      record.batch_norms.push_back(std::move(probe));
    }
  }
  if (spec_.gradients || spec_.layer_gradients) {
    for (const NamedParameter& named : network.named_parameters()) {
      double squares = 0.0;
      for (const Scalar value : *named.parameter.gradient) squares += double(value) * value;
      if (spec_.gradients) record.gradients.push_back({named.name, std::sqrt(squares)});
      if (!spec_.layer_gradients) continue;
      // Layers' parameters are contiguous in named_parameters(): sum squares, root at the end.
      if (record.layer_gradients.empty() || record.layer_gradients.back().layer_index != named.layer_index) {
        record.layer_gradients.push_back({named.layer_index, 0.0});
      }
      record.layer_gradients.back().norm += squares;
    }
    for (LayerGradientProbe& probe : record.layer_gradients) probe.norm = std::sqrt(probe.norm);
  }
}

ProbeSetReading Instruments::read_probe_set(const ProbeSetSpec& set, std::size_t source) {
  const Dataset& data = split_data(set.split);
  const std::size_t count = set.samples == 0 ? data.size() : set.samples;
  Network& scratch = *scratch_;
  std::vector<std::size_t> needed;
  for (const WatchedLayer& watched : watched_) {
    needed.push_back(watched.index);
    if (spec_.histogram_bins > 0 && watched.batch_norm && watched.has_output) needed.push_back(watched.index + 1);
  }
  captured_.resize(scratch.layer_count());
  std::vector<std::uint32_t> order(count);
  std::iota(order.begin(), order.end(), 0u);
  for_each_chunk(count, evaluation_chunk(scratch.spec()), [&](std::size_t begin, std::size_t end) {
    gather_batch(data, order, begin, end, batch_);
    scratch.forward(batch_.inputs, Mode::eval);
    for (const std::size_t index : needed) copy_rows(scratch.layer_input(index), count, begin, captured_[index]);
  });
  ProbeSetReading reading{set.split, count, {}, {}};
  read_layers([this](std::size_t index) -> const Tensor& { return captured_[index]; }, source,
              reading.activations, reading.histograms);
  return reading;
}

RunningStatisticsRecord Instruments::read_running_statistics(const Network& network, std::size_t step) {
  RunningStatisticsRecord record{step, {}};
  Network& scratch = *scratch_;
  std::vector<std::size_t> layers;
  std::vector<PopulationStatistics> statistics;
  for (std::size_t index = 0; index < network.layer_count(); ++index) {
    const auto* batch_norm = dynamic_cast<const BatchNorm*>(&network.layer(index));
    if (batch_norm == nullptr || !batch_norm->spec().track_running_stats) continue;
    layers.push_back(index);
    statistics.emplace_back(batch_norm->channels());
  }
  if (layers.empty()) return record;
  // One eval-mode pass serves every layer: in eval mode each BatchNorm uses its running
  // statistics, so a later layer's input does not depend on what the earlier ones measure.
  const Dataset& train = data_->train;
  std::vector<std::uint32_t> order(train.size());
  std::iota(order.begin(), order.end(), 0u);
  for_each_chunk(train.size(), evaluation_chunk(scratch.spec()), [&](std::size_t begin, std::size_t end) {
    gather_batch(train, order, begin, end, batch_);
    scratch.forward(batch_.inputs, Mode::eval);
    for (std::size_t position = 0; position < layers.size(); ++position) {
      const Tensor& input = scratch.layer_input(layers[position]);
      statistics[position].add(input, channel_layout_of(input, input_shape_of(scratch, layers[position])));
    }
  });
  for (std::size_t position = 0; position < layers.size(); ++position) {
    const auto& batch_norm = dynamic_cast<const BatchNorm&>(network.layer(layers[position]));
    Tensor mean;
    Tensor variance;
    statistics[position].finish(mean, variance);
    record.layers.push_back({layers[position], as_doubles(batch_norm.running_mean()),
                             as_doubles(batch_norm.running_variance()), as_doubles(mean), as_doubles(variance)});
  }
  return record;
}

void Instruments::predict_grid(Mode mode, std::vector<float>& probabilities) {
  Network& scratch = *scratch_;
  const std::size_t count = grid_points_.shape()[0];
  probabilities.clear();
  probabilities.reserve(count * scratch.output_shape()[0]);
  Tensor chunk_points;
  for_each_chunk(count, evaluation_chunk(scratch.spec()), [&](std::size_t begin, std::size_t end) {
    ensure_shape(chunk_points, {end - begin, std::size_t{2}});
    std::copy(grid_points_.data() + 2 * begin, grid_points_.data() + 2 * end, chunk_points.data());
    append_softmax(scratch.forward(chunk_points, mode), probabilities);
  });
}

ConfusionRecord Instruments::read_confusion(std::size_t step) {
  const ProbeSetSpec& set = spec_.confusion.data;
  const Dataset& data = split_data(set.split);
  const std::size_t count = set.samples == 0 ? data.size() : set.samples;
  const std::size_t classes = data_->train.num_classes;
  ConfusionRecord record{step, set.split, classes, std::vector<std::uint32_t>(classes * classes, 0), {}};
  std::vector<std::uint32_t> order(count);
  std::iota(order.begin(), order.end(), 0u);
  for_each_chunk(count, evaluation_chunk(scratch_->spec()), [&](std::size_t begin, std::size_t end) {
    gather_batch(data, order, begin, end, batch_);
    const Tensor& logits = scratch_->forward(batch_.inputs, Mode::eval);
    for (std::size_t row = 0; row < end - begin; ++row) {
      const std::size_t predicted = argmax_row(logits, row);
      const auto label = static_cast<std::size_t>(batch_.labels[row]);
      ++record.matrix[label * classes + predicted];
      if (predicted != label) record.misclassified.push_back(static_cast<std::uint32_t>(begin + row));
    }
  });
  return record;
}

void Instruments::after_backward(const Network& network, std::size_t step) {
  if (spec_.every == 0) return;
  const bool probes_due = due(spec_.every, step);
  const bool statistics_due = due(spec_.running_statistics.every, step);
  const bool gap_due = due(spec_.mode_gap.every, step);
  const bool grid_due = due(spec_.decision_grid.every, step);
  const bool confusion_due = due(spec_.confusion.every, step);
  const bool scratch_due = (probes_due && !spec_.probe_sets.empty()) || statistics_due || gap_due ||
                           grid_due || confusion_due;
  if (scratch_due) synchronized_scratch(network);

  if (probes_due) {
    ProbeRecord record{step, {}, {}, {}, {}, {}, {}};
    if (spec_.train_batch) {
      read_layers([&network](std::size_t index) -> const Tensor& { return network.layer_input(index); }, 0,
                  record.activations, record.histograms);
    }
    read_parameters(network, record);
    for (std::size_t set = 0; set < spec_.probe_sets.size(); ++set) {
      record.probe_sets.push_back(read_probe_set(spec_.probe_sets[set], 1 + set));
    }
    probes_.push_back(std::move(record));
  }
  if (statistics_due) {
    RunningStatisticsRecord record = read_running_statistics(network, step);
    if (!record.layers.empty()) running_statistics_.push_back(std::move(record));
  }
  if (confusion_due) confusions_.push_back(read_confusion(step));

  // Eval-mode passes first; the train-mode ones below update the scratch copy's running
  // statistics (never the trained network's), which no later pass of this step reads.
  ModeGapRecord gap{};
  const ProbeSetSpec& gap_set = spec_.mode_gap.data;
  if (gap_due) {
    gap.eval = evaluate_network(*scratch_, *loss_, split_data(gap_set.split), gap_set.split, step, batch_,
                                {Mode::eval, gap_set.samples, 0, false});
  }
  DecisionGridRecord grid{step, spec_.decision_grid.size, data_->train.num_classes, grid_x_min_, grid_x_max_,
                          grid_y_min_, grid_y_max_, {}, {}};
  if (grid_due) predict_grid(Mode::eval, grid.eval);

  if (gap_due) {
    gap.step = step;
    gap.train = evaluate_network(*scratch_, *loss_, split_data(gap_set.split), gap_set.split, step, batch_,
                                 {Mode::train, gap_set.samples, batch_size_, false});
    if (spec_.mode_gap.batch_of_one) {
      gap.batch_of_one = evaluate_network(*scratch_, *loss_, split_data(gap_set.split), gap_set.split, step,
                                          batch_, {Mode::train, gap_set.samples, 0, true});
    } else {
      const double not_a_number = std::numeric_limits<double>::quiet_NaN();
      gap.batch_of_one = {step, gap_set.split, false, 0, not_a_number, not_a_number, not_a_number,
                          not_a_number, not_a_number, not_a_number, not_a_number};
    }
    mode_gaps_.push_back(gap);
  }
  if (grid_due) {
    if (spec_.decision_grid.train_mode) predict_grid(Mode::train, grid.train);
    decision_grids_.push_back(std::move(grid));
  }
}

}  // namespace bnlab
