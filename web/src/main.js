// The page's entry: reads the state a link carries (the URL's #fragment: language and every
// cell's changed settings), picks the language (the link's, else the browser's), shows the
// lecture notebook, and keeps the URL in step with the page so the link can be shared.

import './styles/page.css';
import { languages, pickLanguage } from './i18n/translator.js';
import './cells/notebook_element.js';
import { lectureNotebook } from '../notebooks/lecture.js';

function readPageState() {
  const parameters = new URLSearchParams(window.location.hash.slice(1));
  const linked = parameters.get('lang');
  const language = linked !== null && linked in languages ? linked : pickLanguage(navigator.languages);
  return { language, parameters };
}

function writePageState({ parameters }) {
  const url = new URL(window.location.href);
  url.hash = parameters.toString();
  window.history.replaceState(null, '', url);
}

const { language, parameters } = readPageState();
const notebook = document.createElement('bn-notebook');
notebook.notebook = lectureNotebook;
notebook.language = language;
notebook.parameters = parameters;
notebook.addEventListener('page-state-change', (event) => writePageState(event.detail));
document.getElementById('app').replaceChildren(notebook);
