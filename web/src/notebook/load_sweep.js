// Reads a sweep cell's sweep file (docs/SWEEP_FORMAT.md) for the page: from a path inside the
// site, or written inline in the block. A sweep names its experiment by a path relative to the
// sweep file ("../mnist-compare.json", as `bnlab sweep` reads it); the page fetches that file
// from the same site and puts it inline, because the engine's expandSweep takes the experiment
// inline. Whatever cannot be read becomes a notice; what the sweep says is the engine's to judge.

import { fetchText, sitePath, truncateForDisplay } from './load_notebook.js';

const relativePathPattern = /^[A-Za-z0-9_.\-/]{1,200}$/;

/** A sweep's experiment path, relative to the sweep's own URL -> a URL inside the site, or null. */
function experimentUrl(text, sweepUrl, siteBase) {
  if (typeof text !== 'string' || !relativePathPattern.test(text) || text.startsWith('/')) return null;
  const url = new URL(text, sweepUrl);
  if (url.origin !== siteBase.origin || !url.pathname.startsWith(siteBase.pathname)) return null;
  return url;
}

async function readJsonObject(url, fetchImpl, where, codes, notices) {
  let text;
  try {
    text = await fetchText(url, fetchImpl);
  } catch (error) {
    notices.push({ code: codes.unreadable, params: { ...where, detail: truncateForDisplay(error.message) } });
    return null;
  }
  let value;
  try {
    value = JSON.parse(text);
  } catch (error) {
    notices.push({ code: codes.notJson, params: { ...where, detail: truncateForDisplay(error.message) } });
    return null;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    notices.push({ code: codes.notObject, params: where });
    return null;
  }
  return value;
}

const sweepCodes = { unreadable: 'sweep_unreadable', notJson: 'sweep_not_json', notObject: 'sweep_not_object' };
const experimentCodes = { unreadable: 'experiment_unreadable', notJson: 'experiment_not_json', notObject: 'experiment_not_object' };

/**
 * A sweep cell with its sweep object (`sweep`, experiment inline) and `sweepPath` (the site path,
 * '' for an inline sweep), or null with a notice.
 */
export async function readSweepCell(cell, siteBase, fetchImpl, notices) {
  let sweep = cell.sweepSource.inline;
  let sweepUrl = siteBase;
  const sweepPath = cell.sweepSource.path ?? '';
  if (sweep === undefined) {
    const where = { block: cell.id, path: truncateForDisplay(sweepPath) };
    const resolved = sitePath(sweepPath, siteBase);
    if ('problem' in resolved) {
      notices.push({ code: 'sweep_not_site_path', params: where });
      return null;
    }
    sweepUrl = resolved.url;
    sweep = await readJsonObject(resolved.url, fetchImpl, where, sweepCodes, notices);
    if (sweep === null) return null;
  }
  if (typeof sweep.experiment === 'string') {
    const where = { block: cell.id, path: truncateForDisplay(sweep.experiment) };
    const url = experimentUrl(sweep.experiment, sweepUrl, siteBase);
    if (url === null) {
      notices.push({ code: 'experiment_not_site_path', params: where });
      return null;
    }
    const experiment = await readJsonObject(url, fetchImpl, where, experimentCodes, notices);
    if (experiment === null) return null;
    sweep = { ...sweep, experiment };
  }
  return { ...cell, sweep, sweepPath };
}
