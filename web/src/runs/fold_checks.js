// BN folding for inference (eq. 5.18 of the notes) on the models a session's runs ended with,
// as state: which runs can be folded, and for each the engine's check once it answers
// (Run.foldBatchNorm in the run's worker, docs/API.md). The view (views/fold_check.js) only
// renders what this holds.

/** Statuses whose model file is the weights a learner would deploy (not diverged, not failed). */
const foldableStatuses = new Set(['complete', 'stopped']);

/** Whether run `run` (a session RunState or a snapshot) can be folded: it ended with a model and has a batchnorm. */
export function isFoldable(run) {
  const layers = Array.isArray(run?.info?.model) ? run.info.model : [];
  return foldableStatuses.has(run?.status) && run.model !== null && run.model !== undefined
    && layers.some((layer) => layer?.type === 'batchnorm');
}

export class FoldChecks {
  /** runIndex -> {pending: boolean, result: object|null, error: {name, message}|null} */
  entries = new Map();
  #onChange;
  #session = null;

  constructor(onChange) {
    this.#onChange = onChange;
  }

  /** Folds every foldable run of `session` (once each; a new session starts afresh). */
  request(session) {
    if (session !== this.#session) {
      this.entries = new Map();
      this.#session = session;
    }
    session.runs.forEach((run, runIndex) => {
      if (!isFoldable(run) || this.entries.get(runIndex)?.pending) return;
      const entry = { pending: true, result: null, error: null };
      this.entries.set(runIndex, entry);
      session.foldBatchNorm(runIndex).then((result) => {
        entry.result = result;
      }, (error) => {
        entry.error = { name: error?.name ?? 'Error', message: String(error?.message ?? error) };
      }).finally(() => {
        entry.pending = false;
        if (this.#session === session) this.#onChange();
      });
    });
    this.#onChange();
  }

  /** The checks of `session` (empty for any other session). */
  of(session) {
    return session === this.#session ? this.entries : new Map();
  }
}
