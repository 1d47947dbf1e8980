// Puts the real datasets' IDX files into the engine's in-memory file system, once per worker:
// fetched from the page's own origin (gzip, decompressed here with DecompressionStream), so a
// second run in the same worker starts without fetching or decompressing again. The HTTP cache
// keeps the compressed bytes for the next worker; the dataset store of the service worker
// (web/src/offline/service_worker_template.js) keeps them for offline use.

import { DataError } from '@bnlab/api';

/**
 * The network could not answer (offline, or the site is down) and no stored copy exists (the
 * service worker keeps every dataset a run fetched once): a DataError with a code, which the
 * page words in its language as "reconnect" (problem.dataset_unreachable).
 */
function unreachable(url, detail) {
  const dataset = new URL(url).pathname.split('/').at(-2) ?? '';
  return Object.assign(new DataError(`could not fetch ${url}: ${detail}`), { code: 'dataset_unreachable', params: { dataset } });
}

/** The service worker's dataset store (service_worker_template.js, `dataCache`). */
const datasetStore = 'bnlab-data';

/**
 * Stores a dataset fetched from bnlab's own site in the service worker's dataset store. The
 * service worker stores what passes through it, but the first visit fetches the lecture's
 * dataset (the warm-up) before the service worker controls the page; without this, that
 * dataset would be missing offline. Nothing is stored for another origin's page (the element).
 */
function keepForOffline(url, response) {
  if (typeof caches === 'undefined' || new URL(url).origin !== globalThis.origin || response.status !== 200) return;
  caches.open(datasetStore).then((store) => store.put(url, response)).catch(() => {});
}

async function fetchDecompressed(url) {
  let response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw unreachable(url, error?.message ?? String(error));
  }
  if (!response.ok || response.body === null) {
    throw new DataError(`could not fetch ${url}: HTTP ${response.status}`);
  }
  keepForOffline(url, response.clone());
  const stream = response.body.pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export class DatasetFiles {
  /** enginePath -> Promise that settles once the file is written (shared by concurrent callers). */
  #written = new Map();

  /**
   * Makes every file of `files` ([{url, enginePath}]) readable by the engine.
   * @param {import('@bnlab/api').Engine} engine
   * @param {Array<{url: string, enginePath: string}>} files
   */
  async ensure(engine, files) {
    await Promise.all(files.map((file) => {
      let pending = this.#written.get(file.enginePath);
      if (pending === undefined) {
        pending = fetchDecompressed(file.url).then((bytes) => engine.writeFile(file.enginePath, bytes));
        // A failed fetch may succeed later (the server came back): do not remember failures.
        pending.catch(() => this.#written.delete(file.enginePath));
        this.#written.set(file.enginePath, pending);
      }
      return pending;
    }));
  }
}
