// Puts the real datasets' IDX files into the engine's in-memory file system, once per worker:
// fetched from the page's own origin (gzip, decompressed here with DecompressionStream), so a
// second run in the same worker starts without fetching or decompressing again. The HTTP cache
// keeps the compressed bytes for the next worker.

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
