// Where a widget's experiment comes from: an experiment file or a notebook (one of its cells)
// at a URL, or the JSON the element holds inline. The answer is the definition of ONE cell —
// the same shape the notebook page hands <bn-experiment-cell> — or the problems that keep the
// widget from showing one. Nothing fetched here is run: experiment files and notebooks are
// data (JSON, Markdown that is sanitized when shown), exactly as on the notebook page.

import { lensNames } from '../experiment/lenses.js';
import { loadNotebook } from '../notebook/load_notebook.js';

const largestSource = 1 << 20;

/** The variants a bare experiment file trains: the compare pair when it says `compare: true`. */
function defaultVariants(experiment) {
  return experiment?.compare === true ? ['as_written', 'without_batchnorm'] : ['as_written'];
}

function problem(code, params) {
  return { problems: [{ code, params }] };
}

/** A URL's text, or {problem} (not reachable, HTTP error, too large). */
async function fetchText(url) {
  let response;
  try {
    response = await fetch(url, { credentials: 'omit' });
  } catch (error) {
    return { problem: { code: 'embed_unreachable', params: { url: url.href, detail: String(error?.message ?? error) } } };
  }
  if (!response.ok) return { problem: { code: 'embed_http_error', params: { url: url.href, status: String(response.status) } } };
  const text = await response.text();
  if (text.length > largestSource) return { problem: { code: 'embed_too_large', params: { url: url.href } } };
  return { text };
}

/** The site path of `url` when it lies inside the bnlab site (examples/…), else ''. */
function pathInSite(url, siteBase) {
  if (url.origin !== siteBase.origin || !url.pathname.startsWith(siteBase.pathname)) return '';
  return url.pathname.slice(siteBase.pathname.length);
}

/** An experiment file's text -> the cell, or the problem. */
function experimentCell(text, where, { cellId = 'experiment', presetPath = '' } = {}) {
  let preset;
  try {
    preset = JSON.parse(text);
  } catch (error) {
    return problem('embed_not_json', { source: where, detail: String(error.message).slice(0, 120) });
  }
  if (preset === null || typeof preset !== 'object' || Array.isArray(preset)) {
    return problem('embed_not_object', { source: where });
  }
  // A bare experiment file has no lesson text: its own name and description head the cell.
  const own = {
    title: typeof preset.name === 'string' ? preset.name : '',
    description: typeof preset.description === 'string' ? preset.description : '',
  };
  return {
    cell: {
      type: 'experiment', id: cellId, preset, presetPath, texts: { en: own, ko: own }, variants: defaultVariants(preset),
      outputs: ['loss', 'evaluation', 'table'], form: null,
    },
    notices: [],
  };
}

/** the notebook cells a widget can show: experiment cells, sweeps and activation plots */
const widgetCellTypes = ['experiment', 'sweep', 'activations'];

/** A notebook's text -> its cell `cellId` (the first experiment cell when null). */
async function notebookCell(text, where, siteBase, cellId) {
  const loaded = await loadNotebook({ text, name: where, siteBase, lensNames });
  const shown = loaded.cells.filter((cell) => widgetCellTypes.includes(cell.type));
  const cell = cellId === null ? shown.find((candidate) => candidate.type === 'experiment') : shown.find((candidate) => candidate.id === cellId);
  if (cell === undefined) {
    if (cellId === null || shown.length === 0) return { problems: [{ code: 'embed_no_cells', params: { source: where } }, ...loaded.notices] };
    return problem('embed_unknown_cell', { cell: cellId, source: where, cells: shown.map((candidate) => candidate.id).join(', ') });
  }
  return { cell, notices: loaded.notices };
}

/**
 * @param {object} request
 * @param {string|null} request.url     an experiment file (.json) or a notebook (.md)
 * @param {string|null} request.inline  the JSON text the element holds, when there is no url
 * @param {string|null} request.cellId  a notebook's cell
 * @param {URL} request.base            what a relative url is relative to (the host page)
 * @param {URL} request.siteBase        the bnlab site (its notebooks name examples/… inside it)
 * @returns {Promise<{cell: object, notices: object[], source: object|null}|{problems: object[]}>}
 *   `cell`: a notebook cell definition (type 'experiment', 'sweep' or 'activations'); an
 *   experiment file gives an experiment cell
 *   `source`: where the cell is on the bnlab site ({kind: 'notebook'|'experiment', path}), null
 *   when it is not there (inline JSON, another site), for "Share / embed"
 */
export async function loadWidgetSource({ url, inline, cellId, base, siteBase }) {
  if (url === null) {
    if (inline === null) return problem('embed_no_experiment', {});
    return { ...experimentCell(inline, 'inline JSON'), source: null };
  }
  let resolved;
  try {
    resolved = new URL(url, base);
  } catch {
    return problem('embed_bad_url', { url: url.slice(0, 60) });
  }
  if (resolved.protocol !== 'https:' && resolved.protocol !== 'http:') return problem('embed_bad_url', { url: url.slice(0, 60) });
  const fetched = await fetchText(resolved);
  if ('problem' in fetched) return { problems: [fetched.problem] };
  const where = resolved.href;
  const isNotebook = /\.(md|markdown)$/i.test(resolved.pathname) || !fetched.text.trimStart().startsWith('{');
  if (!isNotebook) {
    if (cellId !== null) return problem('embed_cell_without_notebook', {});
    const path = pathInSite(resolved, siteBase);
    return { ...experimentCell(fetched.text, where, { presetPath: path }), source: path === '' ? null : { kind: 'experiment', path } };
  }
  // bnlab's own notebooks name examples/… from the site's root; a notebook elsewhere names
  // files next to itself.
  const path = pathInSite(resolved, siteBase);
  const notebookBase = path !== '' ? siteBase : new URL('./', resolved);
  const answer = await notebookCell(fetched.text, where, notebookBase, cellId);
  return { ...answer, source: path === '' ? null : { kind: 'notebook', path } };
}
