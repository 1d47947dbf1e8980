#include "training/record_json.hpp"

#include <cmath>

#include "training/run.hpp"

namespace bnlab {

namespace {

Json number_or_null(double value) { return std::isfinite(value) ? Json(value) : Json(nullptr); }

const char* status_name(RunStatus status) {
  switch (status) {
    case RunStatus::training: return "training";
    case RunStatus::complete: return "complete";
    case RunStatus::diverged: return "diverged";
  }
  return "?";
}

Json metrics_of(const EvaluationRecord& record) {
  Json metrics{{"loss", number_or_null(record.loss)}, {"samples", record.samples}};
  if (!std::isnan(record.accuracy)) {
    metrics["accuracy"] = number_or_null(record.accuracy);
  } else {
    metrics["mae"] = number_or_null(record.mae);
    metrics["mse"] = number_or_null(record.mse);
    metrics["rmse"] = number_or_null(record.rmse);
    metrics["rmsle"] = number_or_null(record.rmsle);
    metrics["r2"] = number_or_null(record.r2);
  }
  return metrics;
}

}  // namespace

Json step_to_json(const StepRecord& record, const std::string& run_name) {
  return Json{{"type", "step"}, {"run", run_name}, {"step", record.step},
              {"epoch", record.epoch}, {"loss", number_or_null(record.loss)}};
}

Json evaluation_to_json(const EvaluationRecord& record, const std::string& run_name) {
  Json json{{"type", "evaluation"}, {"run", run_name}, {"step", record.step},
            {"split", split_name(record.split)}, {"final", record.final}};
  json.update(metrics_of(record));
  return json;
}

namespace {

Json numbers_or_null(const std::vector<double>& values) {
  Json array = Json::array();
  for (const double value : values) array.push_back(number_or_null(value));
  return array;
}

Json activations_to_json(const std::vector<ActivationProbe>& probes, const Network& network, const ProbeSpec& spec) {
  Json activations = Json::array();
  for (const ActivationProbe& probe : probes) {
    Json entry{{"layer", probe.layer_index},
               {"kind", network.layer(probe.layer_index).kind()},
               {"percentiles", numbers_or_null(probe.percentiles)},
               {"mean", number_or_null(probe.mean)},
               {"std", number_or_null(probe.std)}};
    if (spec.dead_units && !std::isnan(probe.dead_fraction)) entry["dead_fraction"] = probe.dead_fraction;
    activations.push_back(entry);
  }
  return activations;
}

Json histograms_to_json(const std::vector<HistogramProbe>& probes) {
  Json histograms = Json::array();
  for (const HistogramProbe& probe : probes) {
    histograms.push_back({{"layer", probe.layer_index}, {"tensor", probe.tensor}, {"lower", probe.lower},
                          {"upper", probe.upper}, {"counts", probe.counts}});
  }
  return histograms;
}

}  // namespace

Json probe_to_json(const ProbeRecord& record, const Network& network, const ProbeSpec& spec,
                   const std::string& run_name) {
  Json json{{"type", "probe"}, {"run", run_name}, {"step", record.step}};
  if (spec.source_given && spec.train_batch) json["source"] = "train_batch";
  if (spec.train_batch) json["activations"] = activations_to_json(record.activations, network, spec);
  Json gradients = Json::object();
  for (const GradientProbe& probe : record.gradients) gradients[probe.parameter] = number_or_null(probe.norm);
  json["gradient_norms"] = gradients;
  if (spec.layer_gradients) {
    Json layers = Json::array();
    for (const LayerGradientProbe& probe : record.layer_gradients) {
      layers.push_back({{"layer", probe.layer_index}, {"norm", number_or_null(probe.norm)}});
    }
    json["layer_gradient_norms"] = layers;
  }
  Json batch_norms = Json::array();
  for (const BatchNormProbe& probe : record.batch_norms) {
    Json gamma{{"mean", probe.gamma_mean}, {"min", probe.gamma_min}, {"max", probe.gamma_max}};
    Json beta{{"mean", probe.beta_mean}, {"min", probe.beta_min}, {"max", probe.beta_max}};
    if (spec.batch_norm_units) {
      gamma["units"] = numbers_or_null(probe.gamma);
      beta["units"] = numbers_or_null(probe.beta);
    }
    batch_norms.push_back({{"layer", probe.layer_index}, {"gamma", gamma}, {"beta", beta}});
  }
  json["batchnorm"] = batch_norms;
  if (spec.histogram_bins > 0 && spec.train_batch) json["histograms"] = histograms_to_json(record.histograms);
  if (!record.probe_sets.empty()) {
    Json sets = Json::array();
    for (const ProbeSetReading& reading : record.probe_sets) {
      Json set{{"source", {{"split", split_name(reading.split)}, {"samples", reading.samples}}},
               {"mode", "eval"},
               {"activations", activations_to_json(reading.activations, network, spec)}};
      if (spec.histogram_bins > 0) set["histograms"] = histograms_to_json(reading.histograms);
      sets.push_back(set);
    }
    json["probe_sets"] = sets;
  }
  return json;
}

Json running_statistics_to_json(const RunningStatisticsRecord& record, const std::string& run_name) {
  Json layers = Json::array();
  for (const RunningStatisticsProbe& probe : record.layers) {
    layers.push_back({{"layer", probe.layer_index},
                      {"running_mean", numbers_or_null(probe.running_mean)},
                      {"running_variance", numbers_or_null(probe.running_variance)},
                      {"population_mean", numbers_or_null(probe.population_mean)},
                      {"population_variance", numbers_or_null(probe.population_variance)}});
  }
  return Json{{"type", "running_statistics"}, {"run", run_name}, {"step", record.step}, {"layers", layers}};
}

Json mode_gap_to_json(const ModeGapRecord& record, const std::string& run_name) {
  Json json{{"type", "mode_gap"}, {"run", run_name}, {"step", record.step},
            {"split", split_name(record.eval.split)}, {"eval", metrics_of(record.eval)},
            {"train", metrics_of(record.train)}};
  if (record.batch_of_one.samples > 0) json["batch_of_one"] = metrics_of(record.batch_of_one);
  return json;
}

Json decision_grid_to_json(const DecisionGridRecord& record, const std::string& run_name) {
  Json json{{"type", "decision_grid"}, {"run", run_name}, {"step", record.step},
            {"size", record.size}, {"classes", record.classes},
            {"x", {record.x_min, record.x_max}}, {"y", {record.y_min, record.y_max}},
            {"eval", record.eval}};
  if (!record.train.empty()) json["train"] = record.train;
  return json;
}

Json confusion_to_json(const ConfusionRecord& record, const std::string& run_name) {
  return Json{{"type", "confusion"}, {"run", run_name}, {"step", record.step},
              {"split", split_name(record.split)}, {"classes", record.classes},
              {"matrix", record.matrix}, {"misclassified", record.misclassified}};
}

Json run_start_to_json(const Run& run, const std::string& run_name) {
  const DatasetSplits& data = run.data();
  return Json{{"type", "start"},
              {"run", run_name},
              {"experiment", run.experiment().name},
              {"seed", run.experiment().seed},
              {"total_steps", run.total_steps()},
              {"steps_per_epoch", run.steps_per_epoch()},
              {"parameters", run.network().parameter_count()},
              {"model", layers_to_json(run.experiment().model.layers)},
              {"samples", {{"train", data.train.size()}, {"validation", data.validation.size()},
                           {"test", data.test.size()}}}};
}

Json run_summary_to_json(const Run& run, const std::string& run_name) {
  Json final_metrics = Json::object();
  for (const EvaluationRecord& record : run.evaluations()) {
    if (record.final) final_metrics[split_name(record.split)] = metrics_of(record);
  }
  Json summary{{"type", "summary"},
               {"run", run_name},
               {"status", status_name(run.status())},
               {"steps", run.steps_done()},
               {"final", final_metrics}};
  if (const std::optional<Divergence>& divergence = run.divergence()) {
    summary["divergence"] = {{"step", divergence->step},
                             {"cause", divergence_cause_name(divergence->cause)},
                             {"last_loss", std::isfinite(divergence->last_loss) ? Json(divergence->last_loss) : Json()},
                             {"tensor", divergence->tensor},
                             {"message", divergence->message()}};
  }
  return summary;
}

}  // namespace bnlab
