// The page's entry: picks the notebook (the URL's ?notebook=, a path inside the site; the
// lecture by default) and the language (the link's, else the browser's), reads the cells'
// changes from the URL's #fragment, shows the notebook, and keeps the fragment in step with
// the page so the link can be shared. A notebook file the learner picks replaces the page's.

import './styles/page.css';
// uPlot's stylesheet is the page's, not the plot view's: a view that imported CSS would have the
// bundle add a <link> to whatever document loads it — a course page too (<bnlab-experiment>,
// which adopts the same CSS into its shadow root instead: embed/shadow_styles.js).
import 'uplot/dist/uPlot.min.css';
import { languages, pickLanguage } from './i18n/translator.js';
import { lensNames } from './experiment/lenses.js';
import { loadNotebook } from './notebook/load_notebook.js';
import './cells/notebook_element.js';
import { registerServiceWorker } from './offline/register_service_worker.js';

const defaultNotebook = 'notebooks/lecture.md';

function readPageState() {
  const parameters = new URLSearchParams(window.location.hash.slice(1));
  const linked = parameters.get('lang');
  const language = linked !== null && linked in languages ? linked : pickLanguage(navigator.languages);
  const notebookPath = new URLSearchParams(window.location.search).get('notebook') ?? defaultNotebook;
  return { language, parameters, notebookPath };
}

function writePageState({ parameters }) {
  const url = new URL(window.location.href);
  url.hash = parameters.toString();
  window.history.replaceState(null, '', url);
}

const siteBase = new URL('./', document.baseURI);
const { language, parameters, notebookPath } = readPageState();
const notebook = document.createElement('bn-notebook');
notebook.language = language;
notebook.parameters = parameters;
notebook.loading = true;
notebook.notebookPath = notebookPath;
notebook.addEventListener('page-state-change', (event) => writePageState(event.detail));
notebook.addEventListener('notebook-open', async (event) => {
  const { text, name, tooLarge } = event.detail;
  if (tooLarge) {
    notebook.openNotices = [{ code: 'notebook_too_large', params: { path: name } }];
    return;
  }
  const loaded = await loadNotebook({ text, name, siteBase, lensNames });
  if (loaded.cells.length === 0) {
    // Nothing to show: the notebook on the page stays, with the reasons.
    notebook.openNotices = loaded.notices;
    return;
  }
  notebook.openNotices = [];
  // A picked file has no link state of its own: its cells start from their presets.
  notebook.parameters = new URLSearchParams([['lang', notebook.language]]);
  notebook.notebookPath = null;
  notebook.notebook = loaded;
});
document.getElementById('app').replaceChildren(notebook);
loadNotebook({ path: notebookPath, siteBase, lensNames }).then((loaded) => {
  notebook.notebook = loaded;
  notebook.loading = false;
});
registerServiceWorker();
