// The one place the page asks the engine whether an experiment is valid. Every entry path
// (form, JSON view, URL, notebook, opened file) goes through it, so the page never keeps a
// copy of the engine's rules: engine.validateExperiment returns every problem of the file at
// once as {path, code, params, message} (docs/ERRORS.md) and never throws for bad input. The
// problems that need the data (docs/ERRORS.md, "found when a run is created") come with the
// run's failure instead, with the same code and params.

/**
 * @param {import('@bnlab/api').Engine} engine
 * @param {object|string} experiment  an experiment object, or JSON text the learner typed
 * @returns {{ok: boolean, problems: Array<{path: string, code: string, params: object, message: string}>}}
 */
export function validateInEngine(engine, experiment) {
  const { ok, problems } = engine.validateExperiment(experiment);
  return { ok, problems };
}
