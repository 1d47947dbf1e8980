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

Json probe_to_json(const ProbeRecord& record, const Network& network, const std::string& run_name) {
  Json activations = Json::array();
  for (const ActivationProbe& probe : record.activations) {
    Json percentiles = Json::array();
    for (const double value : probe.percentiles) percentiles.push_back(number_or_null(value));
    activations.push_back({{"layer", probe.layer_index},
                           {"kind", network.layer(probe.layer_index).kind()},
                           {"percentiles", percentiles},
                           {"mean", number_or_null(probe.mean)},
                           {"std", number_or_null(probe.std)}});
  }
  Json gradients = Json::object();
  for (const GradientProbe& probe : record.gradients) gradients[probe.parameter] = number_or_null(probe.norm);
  Json batch_norms = Json::array();
  for (const BatchNormProbe& probe : record.batch_norms) {
    batch_norms.push_back({{"layer", probe.layer_index},
                           {"gamma", {{"mean", probe.gamma_mean}, {"min", probe.gamma_min}, {"max", probe.gamma_max}}},
                           {"beta", {{"mean", probe.beta_mean}, {"min", probe.beta_min}, {"max", probe.beta_max}}}});
  }
  return Json{{"type", "probe"},        {"run", run_name},          {"step", record.step},
              {"activations", activations}, {"gradient_norms", gradients}, {"batchnorm", batch_norms}};
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
