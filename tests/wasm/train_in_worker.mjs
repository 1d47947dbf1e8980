// Worker thread for tests whose input could corrupt the module's memory (known engine bugs):
// it loads its own engine, trains workerData.experiment for workerData.steps steps and posts
// {error: {name, message} | null, progress}. The test terminates it if it hangs.
import { parentPort, workerData } from 'node:worker_threads';

import { bnlab } from './support.mjs';

const engine = await bnlab.loadEngine();
try {
  const run = engine.createRun(workerData.experiment);
  try {
    parentPort.postMessage({ error: null, progress: run.step(workerData.steps) });
  } finally {
    run.delete();
  }
} catch (error) {
  parentPort.postMessage({ error: { name: error.name, message: error.message }, progress: null });
}
