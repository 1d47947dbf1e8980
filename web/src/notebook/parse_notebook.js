// A notebook file (docs/NOTEBOOK_FORMAT.md) -> the cells the page shows. Pure: no fetching
// (load_notebook.js reads the experiment files a block names). The text is Markdown with
// formulas; `<!-- lang: en -->` / `<!-- lang: ko -->` / `<!-- lang: all -->` lines say which
// language the text after them is in; a ```bnlab fence holds one experiment cell (a JSON
// object), an optional ```bnlab-notebook fence the notebook's title. Every problem becomes a
// notice {code, params} naming the block and field; the rest of the notebook still renders.
// Nothing in a notebook is ever run: blocks are JSON, the Markdown is sanitized when shown.

export const languageCodesOfNotebooks = Object.freeze(['en', 'ko']);

export const variantChoices = Object.freeze([
  'as_written', 'without_batchnorm', 'batchnorm_before_activation', 'batchnorm_after_activation',
]);
// The curves and the table, the instrument views (web/src/instruments/instrument_panels.js), then
// BN folding for inference (web/src/views/fold_check.js).
export const outputChoices = Object.freeze(['loss', 'evaluation', 'table',
  'decision_boundary', 'covariate_shift', 'gradients', 'running_statistics', 'mode_gap', 'confusion', 'fold']);

const idPattern = /^[a-z][a-z0-9_-]{0,39}$/;
const languageMarker = /^<!--\s*lang:\s*([A-Za-z-]+)\s*-->\s*$/;
const fenceOpening = /^(`{3,}|~{3,})\s*([\w-]*)\s*$/;

function notice(code, params = {}) {
  return { code, params };
}

function typeName(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** A text given for every language ({en, ko}) or one string for all of them. */
function readTexts(value, where, field, notices) {
  if (value === undefined) return null;
  if (typeof value === 'string') return Object.fromEntries(languageCodesOfNotebooks.map((code) => [code, value]));
  if (typeName(value) !== 'object') {
    notices.push(notice('block_type', { ...where, field, expected: 'string or {"en": …, "ko": …}', got: typeName(value) }));
    return null;
  }
  const texts = {};
  for (const [code, text] of Object.entries(value)) {
    if (!languageCodesOfNotebooks.includes(code)) {
      notices.push(notice('block_unknown_field', { ...where, field: `${field}.${code}`, allowed: languageCodesOfNotebooks.join(', ') }));
    } else if (typeof text !== 'string') {
      notices.push(notice('block_type', { ...where, field: `${field}.${code}`, expected: 'string', got: typeName(text) }));
    } else {
      texts[code] = text;
    }
  }
  return texts;
}

function readNameList(value, where, field, choices, notices) {
  if (!Array.isArray(value)) {
    notices.push(notice('block_type', { ...where, field, expected: 'array of strings', got: typeName(value) }));
    return null;
  }
  const names = [];
  value.forEach((name, index) => {
    if (typeof name !== 'string' || !choices.includes(name)) {
      notices.push(notice('block_choice', { ...where, field: `${field}[${index}]`, got: JSON.stringify(name), choices: choices.join(', ') }));
    } else if (!names.includes(name)) {
      names.push(name);
    }
  });
  if (names.length === 0) {
    notices.push(notice('block_empty', { ...where, field }));
    return null;
  }
  return names;
}

const blockFields = ['id', 'experiment', 'sweep', 'variants', 'outputs', 'form', 'title', 'description', 'warm', 'settings_open'];
// A sweep cell's variants, grid and runs come from its sweep file (docs/SWEEP_FORMAT.md).
const sweepBlockFields = ['id', 'sweep', 'title', 'description'];

function readCellTexts(value, where, notices) {
  const titles = readTexts(value.title, where, 'title', notices) ?? {};
  const descriptions = readTexts(value.description, where, 'description', notices) ?? {};
  return Object.fromEntries(languageCodesOfNotebooks.map((code) => [code, {
    title: titles[code] ?? titles.en ?? value.id, description: descriptions[code] ?? descriptions.en ?? '',
  }]));
}

// An activations cell draws the engine's activation layers and their derivatives (docs/NOTEBOOK_FORMAT.md).
const activationBlockFields = ['id', 'activations', 'title', 'description'];

/** A block with `activations` (model.layers entries) -> an activations cell; the engine judges each entry. */
function readActivationBlock(value, where, notices) {
  for (const key of Object.keys(value)) {
    if (!activationBlockFields.includes(key)) {
      notices.push(notice('block_unknown_field', { ...where, field: key, allowed: activationBlockFields.join(', ') }));
    }
  }
  const { activations } = value;
  const entries = Array.isArray(activations) ? activations.filter((entry) => typeName(entry) === 'object') : [];
  if (!Array.isArray(activations) || entries.length === 0 || entries.length !== activations.length) {
    notices.push(notice('block_type', { ...where, field: 'activations', expected: 'a non-empty array of layer objects', got: typeName(activations) }));
    return null;
  }
  return { type: 'activations', id: value.id, layers: entries, texts: readCellTexts(value, where, notices) };
}

/** A block with `sweep` (a site path to a sweep file, or a sweep object) -> a sweep cell. */
function readSweepBlock(value, where, notices) {
  for (const key of Object.keys(value)) {
    if (blockFields.includes(key) && !sweepBlockFields.includes(key)) {
      notices.push(notice('block_unknown_field', { ...where, field: key, allowed: sweepBlockFields.join(', ') }));
    }
  }
  const { sweep } = value;
  if (typeof sweep !== 'string' && typeName(sweep) !== 'object') {
    notices.push(notice('block_type', { ...where, field: 'sweep', expected: 'a path or a sweep object', got: typeName(sweep) }));
    return null;
  }
  return {
    type: 'sweep',
    id: value.id,
    sweepSource: typeof sweep === 'string' ? { path: sweep } : { inline: sweep },
    texts: readCellTexts(value, where, notices),
  };
}

/**
 * One ```bnlab block -> an experiment cell definition (a sweep cell when it has `sweep`), or null (with notices) when it has
 * no usable id or experiment.
 * @param {string} text  the block's content
 * @param {number} number  the block's number in the file (1 = first), for notices
 * @param {string[]} lensNames  the form field names a block may list
 */
export function readExperimentBlock(text, number, lensNames, notices) {
  let where = { block: `#${number}` };
  let value;
  try {
    value = JSON.parse(text);
  } catch (error) {
    notices.push(notice('block_json', { ...where, detail: String(error.message) }));
    return null;
  }
  if (typeName(value) !== 'object') {
    notices.push(notice('block_type', { ...where, field: '', expected: 'object', got: typeName(value) }));
    return null;
  }
  if (typeof value.id === 'string' && idPattern.test(value.id)) where = { block: `#${number} (${value.id})` };
  for (const key of Object.keys(value)) {
    if (!blockFields.includes(key) && !('activations' in value)) notices.push(notice('block_unknown_field', { ...where, field: key, allowed: blockFields.join(', ') }));
  }
  if (!('id' in value)) {
    notices.push(notice('block_missing_field', { ...where, field: 'id' }));
    return null;
  }
  if (typeof value.id !== 'string' || !idPattern.test(value.id)) {
    notices.push(notice('block_bad_id', { ...where, field: 'id', got: JSON.stringify(value.id) }));
    return null;
  }
  if ('activations' in value) return readActivationBlock(value, where, notices);
  if ('sweep' in value) return readSweepBlock(value, where, notices);
  if (!('experiment' in value)) {
    notices.push(notice('block_missing_field', { ...where, field: 'experiment' }));
    return null;
  }
  const experiment = value.experiment;
  if (typeof experiment !== 'string' && typeName(experiment) !== 'object') {
    notices.push(notice('block_type', { ...where, field: 'experiment', expected: 'a path or an experiment object', got: typeName(experiment) }));
    return null;
  }
  const cell = {
    type: 'experiment',
    id: value.id,
    experimentSource: typeof experiment === 'string' ? { path: experiment } : { inline: experiment },
    variants: ['as_written'],
    outputs: [...outputChoices],
    form: null,
    texts: {},
    warm: false,
    settingsOpen: false,
  };
  if ('variants' in value) cell.variants = readNameList(value.variants, where, 'variants', variantChoices, notices) ?? cell.variants;
  if ('outputs' in value) cell.outputs = readNameList(value.outputs, where, 'outputs', outputChoices, notices) ?? cell.outputs;
  if ('form' in value) cell.form = readNameList(value.form, where, 'form', lensNames, notices);
  for (const flag of ['warm', 'settings_open']) {
    if (!(flag in value)) continue;
    if (typeof value[flag] !== 'boolean') notices.push(notice('block_type', { ...where, field: flag, expected: 'boolean', got: typeName(value[flag]) }));
    else cell[flag === 'warm' ? 'warm' : 'settingsOpen'] = value[flag];
  }
  const titles = readTexts(value.title, where, 'title', notices) ?? {};
  const descriptions = readTexts(value.description, where, 'description', notices) ?? {};
  for (const code of languageCodesOfNotebooks) {
    cell.texts[code] = { title: titles[code] ?? titles.en ?? value.id, description: descriptions[code] ?? descriptions.en ?? '' };
  }
  return cell;
}

function readNotebookHeader(text, notices, header) {
  const where = { block: 'bnlab-notebook' };
  let value;
  try {
    value = JSON.parse(text);
  } catch (error) {
    notices.push(notice('block_json', { ...where, detail: String(error.message) }));
    return;
  }
  if (typeName(value) !== 'object') {
    notices.push(notice('block_type', { ...where, field: '', expected: 'object', got: typeName(value) }));
    return;
  }
  for (const key of Object.keys(value)) {
    if (key !== 'title' && key !== 'subtitle') notices.push(notice('block_unknown_field', { ...where, field: key, allowed: 'title, subtitle' }));
  }
  header.title = readTexts(value.title, where, 'title', notices) ?? header.title;
  header.subtitle = readTexts(value.subtitle, where, 'subtitle', notices) ?? header.subtitle;
}

/**
 * @param {string} source  the notebook file's text
 * @param {{lensNames: string[]}} options
 * @returns {{title: object, subtitle: object, cells: object[], notices: Array<{code: string, params: object}>}}
 */
export function parseNotebook(source, { lensNames }) {
  const notices = [];
  const header = { title: {}, subtitle: {} };
  const cells = [];
  const ids = new Set();
  let texts = Object.fromEntries(languageCodesOfNotebooks.map((code) => [code, []]));
  let language = 'all';
  let blockNumber = 0;

  const flushText = () => {
    const joined = Object.fromEntries(Object.entries(texts).map(([code, lines]) => [code, lines.join('\n').trim()]));
    if (Object.values(joined).some((text) => text !== '')) cells.push({ type: 'markdown', texts: joined });
    texts = Object.fromEntries(languageCodesOfNotebooks.map((code) => [code, []]));
  };
  const addLine = (line) => {
    for (const code of languageCodesOfNotebooks) if (language === 'all' || language === code) texts[code].push(line);
  };

  const lines = String(source).replace(/\r\n?/g, '\n').split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index];
    const marker = languageMarker.exec(line);
    if (marker !== null) {
      const code = marker[1].toLowerCase();
      if (code === 'all' || languageCodesOfNotebooks.includes(code)) language = code;
      else notices.push(notice('unknown_language', { line: index + 1, language: marker[1], allowed: ['all', ...languageCodesOfNotebooks].join(', ') }));
      continue;
    }
    if (line.startsWith('<!--')) {
      // An HTML comment outside code is a note for whoever edits the file; it is not shown.
      while (index < lines.length && !lines[index].includes('-->')) index += 1;
      continue;
    }
    const fence = fenceOpening.exec(line);
    if (fence === null) {
      addLine(line);
      continue;
    }
    // A fence: find its end (a line of at least as many of the same character).
    const [, opening, info] = fence;
    const closing = new RegExp(`^${opening[0] === '`' ? '`' : '~'}{${opening.length},}\\s*$`);
    let end = index + 1;
    while (end < lines.length && !closing.test(lines[end])) end += 1;
    const body = lines.slice(index + 1, end).join('\n');
    if (info === 'bnlab') {
      blockNumber += 1;
      if (end >= lines.length) notices.push(notice('block_unclosed', { block: `#${blockNumber}`, line: index + 1 }));
      flushText();
      const cell = readExperimentBlock(body, blockNumber, lensNames, notices);
      if (cell !== null && ids.has(cell.id)) {
        notices.push(notice('block_duplicate_id', { block: `#${blockNumber}`, field: 'id', got: cell.id }));
      } else if (cell !== null) {
        ids.add(cell.id);
        cells.push(cell);
      }
    } else if (info === 'bnlab-notebook') {
      readNotebookHeader(body, notices, header);
    } else {
      // Any other code block is Markdown (shown as code, never run).
      for (let copy = index; copy <= Math.min(end, lines.length - 1); copy += 1) addLine(lines[copy]);
    }
    index = end;
  }
  flushText();
  return { ...header, cells, notices };
}
