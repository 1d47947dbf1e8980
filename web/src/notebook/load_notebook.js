// Reads a notebook for the page: from a same-origin path (the URL's ?notebook=) or from the
// text of a file the learner picked, then the experiment files its blocks name (paths into
// the site, e.g. examples/mnist-compare.json). Whatever cannot be read becomes a notice and
// the rest of the notebook is shown; nothing read here is ever run.

import { readSweepCell } from './load_sweep.js';
import { parseNotebook } from './parse_notebook.js';

const pathPattern = /^[A-Za-z0-9_][A-Za-z0-9_.\-/]*$/;
const longestPath = 200;

/**
 * A path inside the site (relative, same origin, no "..") -> its absolute URL, or a problem
 * code: 'not_a_site_path' for anything else (absolute or cross-origin URLs included).
 * @param {string} text
 * @param {URL} siteBase  the folder the page is served from
 * @returns {{url: URL}|{problem: string}}
 */
export function sitePath(text, siteBase) {
  if (typeof text !== 'string' || text.length === 0 || text.length > longestPath || !pathPattern.test(text)
    || text.split('/').some((part) => part === '..' || part === '.' || part === '')) {
    return { problem: 'not_a_site_path' };
  }
  const url = new URL(text, siteBase);
  if (url.origin !== siteBase.origin || !url.pathname.startsWith(siteBase.pathname)) return { problem: 'not_a_site_path' };
  return { url };
}

export async function fetchText(url, fetchImpl) {
  let response;
  try {
    response = await fetchImpl(url);
  } catch (error) {
    throw Object.assign(new Error(String(error?.message ?? error)), { code: 'fetch_failed' });
  }
  if (!response.ok) throw Object.assign(new Error(`HTTP ${response.status}`), { code: 'fetch_failed' });
  return response.text();
}

/** The first `limit` characters of a text for a notice (names from files and URLs can be long). */
export function truncateForDisplay(text, limit = 80) {
  const value = String(text);
  return value.length > limit ? `${value.slice(0, limit - 1)}…` : value;
}

/**
 * Fills in every experiment cell's preset (the experiment object it starts from); a cell
 * whose experiment file cannot be read is dropped with a notice.
 */
async function readExperiments(parsed, siteBase, fetchImpl) {
  const cells = [];
  for (const cell of parsed.cells) {
    if (cell.type === 'sweep') {
      const loaded = await readSweepCell(cell, siteBase, fetchImpl, parsed.notices);
      if (loaded !== null) cells.push(loaded);
      continue;
    }
    if (cell.type !== 'experiment') {
      cells.push(cell);
      continue;
    }
    if (cell.experimentSource.inline !== undefined) {
      cells.push({ ...cell, preset: cell.experimentSource.inline, presetPath: null });
      continue;
    }
    const { path } = cell.experimentSource;
    const where = { block: cell.id, path: truncateForDisplay(path) };
    const resolved = sitePath(path, siteBase);
    if ('problem' in resolved) {
      parsed.notices.push({ code: 'experiment_not_site_path', params: where });
      continue;
    }
    try {
      const text = await fetchText(resolved.url, fetchImpl);
      let preset;
      try {
        preset = JSON.parse(text);
      } catch (error) {
        parsed.notices.push({ code: 'experiment_not_json', params: { ...where, detail: truncateForDisplay(error.message) } });
        continue;
      }
      if (preset === null || typeof preset !== 'object' || Array.isArray(preset)) {
        parsed.notices.push({ code: 'experiment_not_object', params: where });
        continue;
      }
      cells.push({ ...cell, preset, presetPath: path });
    } catch (error) {
      parsed.notices.push({ code: 'experiment_unreadable', params: { ...where, detail: truncateForDisplay(error.message) } });
    }
  }
  return { ...parsed, cells };
}

/**
 * @param {{path?: string, text?: string, name?: string, siteBase: URL, lensNames: string[], fetchImpl?: typeof fetch}} options
 *   `path` (a site path) or `text` (a picked file's content, `name` its file name)
 * @returns {Promise<{title, subtitle, cells, notices, source: string}>}  never rejects
 */
export async function loadNotebook({ path, text, name, siteBase, lensNames, fetchImpl = fetch }) {
  let source = text;
  const label = truncateForDisplay(path ?? name ?? '');
  if (source === undefined) {
    const resolved = sitePath(path, siteBase);
    if ('problem' in resolved) {
      return { title: {}, subtitle: {}, cells: [], notices: [{ code: 'notebook_not_site_path', params: { path: label } }], source: label };
    }
    try {
      source = await fetchText(resolved.url, fetchImpl);
    } catch (error) {
      return { title: {}, subtitle: {}, cells: [], notices: [{ code: 'notebook_unreadable', params: { path: label, detail: truncateForDisplay(error.message) } }], source: label };
    }
  }
  const parsed = parseNotebook(source, { lensNames });
  const loaded = await readExperiments(parsed, siteBase, fetchImpl);
  if (loaded.cells.length === 0 && loaded.notices.length === 0) {
    loaded.notices.push({ code: 'notebook_empty', params: { path: label } });
  }
  return { ...loaded, source: label };
}
