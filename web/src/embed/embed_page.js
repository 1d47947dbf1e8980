// embed.html: one experiment cell for an iframe in a course page or an LMS. The query picks what
// to show (docs/EMBED.md): `?experiment=examples/….json` or `?notebook=notebooks/….md&cell=…`
// (paths inside this site only, as on the notebook page), `variants`, `steps`, `lang`,
// `hideText`, `hide=settings,file,share,export,loss,evaluation,table` and `host` (the only
// origin it talks to). The #fragment is the cell's state diff, the same as the notebook page's
// link (`#lang=ko&lecture.training.batch_size=128`). A parameter it does not know is a visible
// notice, never ignored. The page tells its parent window its height and what runs did
// (host_events.js); the parent may ask it to run or to report its height (host_messages.js).

import '../styles/page.css';
import 'uplot/dist/uPlot.min.css';
import './widget.css';
import { diffExperiment, valueToText } from '../experiment/experiment_diff.js';
import { languages, pickLanguage, translatorFor } from '../i18n/translator.js';
import { sitePath } from '../notebook/load_notebook.js';
import { experimentsFromParameters } from '../cells/notebook_element.js';
import { describeNotice } from '../views/problem_text.js';
import { readEmbedParameters, withSteps } from './embed_options.js';
import { createWidgetCell } from './widget_cell.js';
import { hostEventTypes, hostEventVersion, watchCellForHost } from './host_events.js';
import { listenToHost } from './host_messages.js';
import { loadWidgetSource } from './widget_source.js';
import { registerServiceWorker } from '../offline/register_service_worker.js';

const siteBase = new URL('./', document.baseURI);
const container = document.getElementById('embed');
const query = new URLSearchParams(window.location.search);
const fragment = new URLSearchParams(window.location.hash.slice(1));
const { options, problems } = readEmbedParameters(query);
const linkedLanguage = fragment.get('lang');
const language = options.language
  ?? (linkedLanguage !== null && linkedLanguage in languages ? linkedLanguage : pickLanguage(navigator.languages));
const t = translatorFor(language);
document.documentElement.lang = language;

const inIframe = window.parent !== window;
/** Messages go to the `host` origin when the URL names one; else to whichever page holds the frame. */
const hostOrigin = options.host ?? '*';

function tellHost(type, detail) {
  if (inIframe) window.parent.postMessage({ type, ...detail }, hostOrigin);
}

function reportHeight() {
  tellHost(hostEventTypes.height, { version: hostEventVersion, height: Math.ceil(document.documentElement.scrollHeight) });
}

function showNotices(notices, heading) {
  if (notices.length === 0) return null;
  const box = document.createElement('div');
  box.className = 'notice page-notices embed-notices';
  box.setAttribute('role', 'alert');
  const title = document.createElement('p');
  title.textContent = heading;
  const list = document.createElement('ul');
  for (const notice of notices) {
    const item = document.createElement('li');
    item.dataset.code = notice.code;
    item.textContent = describeNotice(notice, t, language);
    list.append(item);
  }
  box.append(title, list);
  return box;
}

/** The link of the cell's state: the fragment holds the language and the diff against the preset. */
function writeState(cell) {
  const parameters = new URLSearchParams([['lang', language]]);
  for (const [path, value] of diffExperiment(cell.preset, cell.experiment)) parameters.set(`${cell.cellId}.${path}`, valueToText(value));
  const url = new URL(window.location.href);
  url.hash = parameters.toString();
  window.history.replaceState(null, '', url);
}

async function loadCell() {
  const path = options.notebook ?? options.experiment;
  if (path === null) return { problems: [] };
  const resolved = sitePath(path, siteBase);
  if ('problem' in resolved) return { problems: [{ code: 'notebook_not_site_path', params: { path: path.slice(0, 60) } }] };
  return loadWidgetSource({ url: resolved.url.href, inline: null, cellId: options.cell, base: siteBase, siteBase });
}

async function start() {
  const root = document.createElement('div');
  root.className = 'bnlab-root embed-root';
  if (options.hidden.length > 0) root.dataset.hide = options.hidden.join(' ');
  if (options.hideText) root.dataset.hideText = '';
  container.replaceChildren(root);
  new ResizeObserver(reportHeight).observe(document.documentElement);

  const loaded = await loadCell();
  if ('problems' in loaded) {
    root.replaceChildren(...[showNotices([...problems, ...loaded.problems], t('embed.problemsHeading'))].filter(Boolean));
    return;
  }
  const { cell: definition } = loaded;
  const source = {
    kind: options.notebook !== null ? 'notebook' : 'experiment', path: options.notebook ?? options.experiment,
  };
  if (definition.type !== 'experiment') {
    // A sweep or the activation plots: no state in the fragment, no events for the host.
    const { cell, problems: unusable } = createWidgetCell({
      definition, options, outputs: null, source, language, assetBase: siteBase.href,
    });
    const notices = [...problems, ...loaded.notices, ...unusable];
    root.replaceChildren(...[showNotices(notices, t('embed.noticesHeading')), cell].filter(Boolean));
    listenToHost({ hostOrigin: options.host, onRun: () => cell.run?.(), onHeight: reportHeight });
    return;
  }
  const preset = withSteps(definition.preset, options.steps);
  const linked = experimentsFromParameters(fragment, [{ type: 'experiment', id: definition.id, preset }]);
  const notices = [...problems, ...loaded.notices, ...linked.notices];
  const { cell } = createWidgetCell({
    definition, options, outputs: definition.outputs.filter((name) => options.outputs.includes(name)), source, language,
    assetBase: siteBase.href, initialExperiment: linked.initial.get(definition.id) ?? null,
    initialText: linked.texts.get(definition.id) ?? null,
  });
  cell.addEventListener('experiment-change', () => writeState(cell));
  watchCellForHost(cell, tellHost);
  listenToHost({ hostOrigin: options.host, onRun: () => cell.run(), onHeight: reportHeight });
  root.replaceChildren(...[showNotices(notices, t('embed.noticesHeading')), cell].filter(Boolean));
}

registerServiceWorker();
start();
