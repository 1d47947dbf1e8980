// The BN step-through of an experiment cell, as state: which run, batchnorm layer and unit the
// learner looks at, and the engine's trace of that unit on the batch the next step trains on.
// While the session is paused with its runs at one step, every change of step or choice asks
// the run's worker for a new trace (Run.traceBatchNorm, docs/API.md); the view
// (instruments/batchnorm_step_through.js) only renders what this holds.

/**
 * The batchnorm layers a learner can step through: those of each run's own variant (its
 * model.layers as the engine built it, from Run.info()), in the runs' order.
 * @returns {Array<{runIndex: number, variant: string, layer: number, ordinal: number}>}
 */
export function batchNormChoices(runs) {
  const choices = [];
  runs.forEach((run, runIndex) => {
    const layers = Array.isArray(run.info?.model) ? run.info.model : [];
    let ordinal = 0;
    layers.forEach((layer, index) => {
      if (layer?.type !== 'batchnorm') return;
      ordinal += 1;
      choices.push({ runIndex, variant: run.variant, layer: index, ordinal });
    });
  });
  return choices;
}

export class BatchNormStepThrough {
  /** {runIndex, layer, unit} */
  selection = null;
  /** the newest trace (the engine's, plus `units` and `runIndex`), or null */
  trace = null;
  /** {name, message} when the engine refused the request */
  error = null;
  /** a request is on its way */
  pending = false;
  #onChange;
  #requestedKey = null;

  constructor(onChange) {
    this.#onChange = onChange;
  }

  /** The learner picked another layer or unit: the next refresh traces it. */
  select(session, selection) {
    this.selection = { ...selection };
    this.refresh(session);
  }

  /** Called after every change of the session: asks for a trace when there is a new one to see. */
  refresh(session) {
    if (session === null || !session.paused || session.commonStep === null) return;
    const choices = batchNormChoices(session.runs);
    if (choices.length === 0) return;
    const known = this.selection !== null
      && choices.some((choice) => choice.runIndex === this.selection.runIndex && choice.layer === this.selection.layer);
    if (!known) this.selection = { runIndex: choices[0].runIndex, layer: choices[0].layer, unit: 0 };
    const { runIndex, layer, unit } = this.selection;
    const run = session.runs[runIndex];
    if (run.ended) return;
    const key = `${runIndex}:${layer}:${unit}:${run.stepsDone}`;
    if (key === this.#requestedKey) return;
    this.#requestedKey = key;
    this.pending = true;
    session.traceBatchNorm(runIndex, layer, unit).then((trace) => {
      if (key !== this.#requestedKey) return;
      this.trace = { ...trace, runIndex };
      this.error = null;
    }, (error) => {
      if (key !== this.#requestedKey) return;
      this.error = { name: error?.name ?? 'Error', message: String(error?.message ?? error) };
    }).finally(() => {
      if (key !== this.#requestedKey) return;
      this.pending = false;
      this.#onChange();
    });
  }
}
