#pragma once
// The instruments a run records besides its losses and evaluations (the experiment's
// "probes" section; docs/SEMANTICS.md, "Instruments"). Run calls one hook per training step;
// everything else lives here.
//
// What a reading at step k sees: the network the k-th mini-batch saw (weights after k − 1
// updates), right after that batch's forward and backward; BatchNorm running statistics
// include batch k. The training batch is read from the network's own layer inputs; every
// other pass (probe sets, population statistics, mode gap, decision grid, confusion) runs on
// a scratch copy of the network, so training state — running statistics, dropout streams,
// the caches the next backward uses, buffer sizes — is never touched: a run records exactly
// the same losses with instruments on or off.

#include <memory>
#include <vector>

#include "data/dataset.hpp"
#include "experiment/experiment.hpp"
#include "losses/loss.hpp"
#include "network/network.hpp"
#include "training/instruments/tensor_statistics.hpp"
#include "training/records.hpp"

namespace bnlab {

class Instruments {
 public:
  // Checks everything in the probes section that depends on the model or the data (unit in
  // range, watched layers, probe set sizes, 2-D inputs for a grid) and throws ConfigError
  // naming the field. All off when experiment.probes.every is 0.
  Instruments(const Experiment& experiment, const Network& network, std::shared_ptr<const DatasetSplits> data);
  ~Instruments();
  Instruments(const Instruments&) = delete;
  Instruments& operator=(const Instruments&) = delete;

  // The hook: reads what is due at training step `step` (1-based). Call after the step's
  // forward and backward, before the optimizer's update.
  void after_backward(const Network& network, std::size_t step);

  const std::vector<ProbeRecord>& probes() const { return probes_; }
  const std::vector<RunningStatisticsRecord>& running_statistics() const { return running_statistics_; }
  const std::vector<ModeGapRecord>& mode_gaps() const { return mode_gaps_; }
  const std::vector<DecisionGridRecord>& decision_grids() const { return decision_grids_; }
  const std::vector<ConfusionRecord>& confusions() const { return confusions_; }

 private:
  struct WatchedLayer {
    std::size_t index;
    bool activation;   // its input is a pre-activation
    bool relu;         // can have dead units
    bool batch_norm;   // its input and output get histograms
    bool has_output;   // a later layer's input holds its output (false for the last layer)
  };

  const Dataset& split_data(SplitName split) const;
  Network& synchronized_scratch(const Network& network);
  // Activation probes and histograms of one source; `input_of(i)` is layer i's input.
  template <typename InputOf>
  void read_layers(InputOf&& input_of, std::size_t source, std::vector<ActivationProbe>& activations,
                   std::vector<HistogramProbe>& histograms);
  void read_parameters(const Network& network, ProbeRecord& record) const;
  ProbeSetReading read_probe_set(const ProbeSetSpec& set, std::size_t source);
  RunningStatisticsRecord read_running_statistics(const Network& network, std::size_t step);
  void predict_grid(Mode mode, std::vector<float>& probabilities);
  ConfusionRecord read_confusion(std::size_t step);

  ProbeSpec spec_;
  std::size_t batch_size_;
  std::uint64_t seed_;
  std::shared_ptr<const DatasetSplits> data_;
  std::unique_ptr<Loss> loss_;
  std::vector<WatchedLayer> watched_;
  std::vector<std::vector<HistogramBins>> bins_;  // [source][histogram], fixed by the first reading
  std::unique_ptr<Network> scratch_;              // built on first use
  std::vector<Tensor> captured_;                  // probe-set layer inputs, by layer index
  Batch batch_;
  Tensor grid_points_;  // (size², 2)
  double grid_x_min_ = 0, grid_x_max_ = 0, grid_y_min_ = 0, grid_y_max_ = 0;

  std::vector<ProbeRecord> probes_;
  std::vector<RunningStatisticsRecord> running_statistics_;
  std::vector<ModeGapRecord> mode_gaps_;
  std::vector<DecisionGridRecord> decision_grids_;
  std::vector<ConfusionRecord> confusions_;
};

}  // namespace bnlab
