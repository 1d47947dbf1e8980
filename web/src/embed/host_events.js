// What a widget tells the page around it (docs/EMBED.md, "Events"): a run started, how far it
// is, and how it ended with each variant's final metrics — so an LMS can record that a student
// ran the exercise. The element dispatches them as DOM events on itself; embed.html posts the
// same objects to its parent window. Every detail carries `version`; a change that could break
// a host's reader gets a new version number, added fields do not.

export const hostEventVersion = 1;
export const hostEventTypes = Object.freeze({
  runStarted: 'bnlab:run-started',
  progress: 'bnlab:progress',
  runFinished: 'bnlab:run-finished',
  height: 'bnlab:height',
});

/** bnlab:progress at most this often (a run reports ~20 times a second). */
const progressIntervalMilliseconds = 250;

function finalMetrics(summary) {
  const final = summary?.final;
  if (final === null || typeof final !== 'object') return {};
  return structuredClone(final);
}

function runProgress(run) {
  return {
    variant: run.variant,
    status: run.status,
    stepsDone: run.progress?.stepsDone ?? 0,
    totalSteps: run.progress?.totalSteps ?? run.info?.total_steps ?? null,
  };
}

/**
 * Watches one <bn-experiment-cell> and calls `emit(type, detail)` for each host event.
 * @param {HTMLElement} cell
 * @param {(type: string, detail: object) => void} emit
 * @returns {() => void} stops watching
 */
export function watchCellForHost(cell, emit) {
  let lastProgress = -Infinity;
  let running = false;
  const base = () => ({ version: hostEventVersion, cellId: cell.cellId, experiment: String(cell.experiment?.name ?? '') });
  const onRunState = (event) => {
    if (event.detail.running) {
      running = true;
      lastProgress = -Infinity;
      emit(hostEventTypes.runStarted, { ...base(), variants: cell.runResults.map((run) => run.variant) });
      return;
    }
    if (!running) return;
    running = false;
    emit(hostEventTypes.runFinished, {
      ...base(),
      runs: cell.runResults.map((run) => ({
        ...runProgress(run),
        final: finalMetrics(run.summary),
        error: run.error === null ? null : { name: run.error.name, message: run.error.message },
      })),
    });
  };
  const onProgress = () => {
    if (!running) return;
    const now = performance.now();
    if (now - lastProgress < progressIntervalMilliseconds) return;
    lastProgress = now;
    emit(hostEventTypes.progress, { ...base(), runs: cell.runResults.map(runProgress) });
  };
  cell.addEventListener('run-state', onRunState);
  cell.addEventListener('run-progress', onProgress);
  return () => {
    cell.removeEventListener('run-state', onRunState);
    cell.removeEventListener('run-progress', onProgress);
  };
}
