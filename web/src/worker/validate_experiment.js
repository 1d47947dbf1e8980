// The one place the page asks the engine whether an experiment is valid. Every entry path
// (form, JSON view, URL, notebook, opened file) goes through it, so the page never keeps a
// copy of the engine's rules. Result: {ok, problems: [{path, code, params, message}]}.

import { EngineAbortedError } from '@bnlab/api';

/**
 * @param {import('@bnlab/api').Engine} engine
 * @param {object|string} experiment
 * @param {{ensureFiles: () => Promise<void>}} options  makes the experiment's dataset files readable
 */
export async function validateInEngine(engine, experiment, { ensureFiles }) {
  if (typeof engine.validateExperiment === 'function') {
    const { ok, problems } = engine.validateExperiment(experiment);
    return { ok, problems };
  }
  // An engine without validateExperiment: building the run is the only validator it has. It
  // reports the first problem only, and needs the dataset's files in place.
  let run = null;
  try {
    await ensureFiles();
    run = engine.createRun(experiment);
    return { ok: true, problems: [] };
  } catch (error) {
    if (error instanceof EngineAbortedError) throw error;
    return {
      ok: false,
      problems: [{
        path: typeof error?.path === 'string' ? error.path : '',
        code: typeof error?.code === 'string' ? error.code : 'engine_error',
        params: error?.params ?? {},
        message: String(error?.message ?? error),
      }],
    };
  } finally {
    run?.delete();
  }
}
