// Starts the training worker (web/src/worker/training_worker.js) and the sweep worker
// (web/src/worker/sweep_worker.js) — also when the page that
// uses it is on another origin than bnlab's files, as a course page holding <bnlab-experiment>
// is. A Worker's script must be same-origin with the page, so `new Worker(crossOriginUrl)`
// throws a SecurityError. The bootstrap is a Blob URL (which has the page's origin) holding one
// line, `import "<the worker's URL on the bnlab site>";`: the module worker then fetches the
// real worker with CORS (the bnlab server sends Access-Control-Allow-Origin), and the worker's
// own imports, the engine and the datasets resolve against bnlab's URLs, not the page's.
//
// Why a Blob URL and not the alternatives: a `data:` URL worker gets an opaque origin (its
// fetches carry `Origin: null`, and Firefox refuses module data: workers); a same-origin
// bootstrap file would have to be copied onto every course site. Blob-URL module workers work
// in Chromium 80+ and Firefox 114+ (read from the browsers' documentation, not tested here: the
// tests run Chromium only). A host page whose own Content-Security-Policy forbids
// `worker-src blob:` must allow it (docs/EMBED.md).

import sweepWorkerUrl from '../worker/sweep_worker.js?worker&url';
import trainingWorkerUrl from '../worker/training_worker.js?worker&url';

/** worker URL -> Blob URL of its bootstrap (one per page, kept for the page's lifetime) */
const bootstraps = new Map();

function bootstrapFor(workerUrl) {
  let bootstrap = bootstraps.get(workerUrl);
  if (bootstrap === undefined) {
    const source = `import ${JSON.stringify(workerUrl)};\n`;
    bootstrap = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    bootstraps.set(workerUrl, bootstrap);
  }
  return bootstrap;
}

/** A module worker of `builtUrl` (a built worker chunk), from a bootstrap when it is on another origin. */
function startWorker(builtUrl, name) {
  const workerUrl = new URL(builtUrl, import.meta.url);
  const sameOrigin = workerUrl.origin === globalThis.location?.origin;
  return new Worker(sameOrigin ? workerUrl : bootstrapFor(workerUrl.href), { type: 'module', name });
}

/**
 * A new training worker, named `name` (shown in the browser's developer tools).
 * @param {string} name
 * @returns {Worker}
 */
export function startTrainingWorker(name) {
  return startWorker(trainingWorkerUrl, name);
}

/** A new sweep worker (runs/sweep_pool.js). */
export function startSweepWorker(name) {
  return startWorker(sweepWorkerUrl, name);
}
