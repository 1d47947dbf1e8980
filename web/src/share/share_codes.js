// The three ways to hand a cell on (docs/EMBED.md, "Share / embed"): a link to it, the code of
// an iframe, the code of a <bnlab-experiment>. Each reproduces the cell on screen: its source
// (a notebook cell or an experiment file of the bnlab site), its variants, its language, and
// the changes made to it — as the state diff in the URL's #fragment (experiment_diff.js), or,
// for the element (which has no fragment), as the experiment itself inside it — and what an
// embed leaves out (its hidden parts and outputs, hideText). Pure: text out.

import { partChoices } from '../embed/embed_options.js';
import { diffExperiment, valueToText } from '../experiment/experiment_diff.js';

/** What a widget shows of an experiment file that names no outputs (widget_source.js). */
const inlineOutputs = Object.freeze(['loss', 'evaluation', 'table']);

/** Text safe inside a double-quoted HTML attribute. */
function attributeText(text) {
  return String(text).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** JSON safe inside <script type="application/json">: no "</script" can close it early. */
function scriptJson(value) {
  return JSON.stringify(value, null, 2).replace(/</g, '\\u003c');
}

function fragmentOf({ cellId, preset, experiment, language }) {
  const parameters = new URLSearchParams([['lang', language]]);
  for (const [path, value] of diffExperiment(preset, experiment)) parameters.set(`${cellId}.${path}`, valueToText(value));
  return parameters.toString();
}

/** The variants differ from what the source trains by itself. */
function variantsDiffer(variants, defaults) {
  return defaults === undefined || variants.join(',') !== defaults.join(',');
}

function sameList(left, right) {
  return left.length === right.length && left.every((name, index) => name === right[index]);
}

/**
 * @param {object} cell
 * @param {URL|string} cell.siteBase  the bnlab site (where index.html, embed.html and bnlab-element.js are)
 * @param {{kind: 'notebook'|'experiment'|'inline', path?: string, steps?: number|null, variants?: string[],
 *   outputs?: string[], hidden?: string[], hideText?: boolean}|null} cell.source
 *   where the cell comes from; `variants` and `outputs` are the ones the source gives by itself;
 *   `hidden` the parts (embed_options.js partChoices) and `hideText` whether the title is left
 *   out by the widget the cell is in
 * @param {string} cell.cellId
 * @param {object} cell.preset       the experiment the cell starts from
 * @param {object} cell.experiment   the experiment on screen
 * @param {string[]} cell.variants
 * @param {string[]|null} [cell.outputs]  the outputs on screen (null: the source's own)
 * @param {string} cell.language
 * @returns {{link: string|null, iframe: string|null, element: string}}
 */
export function shareCodes({ siteBase, source, cellId, preset, experiment, variants, outputs = null, language }) {
  const site = new URL(siteBase);
  const fragment = fragmentOf({ cellId, preset, experiment, language });
  const kind = source?.kind ?? 'inline';
  const steps = source?.steps ?? null;
  const extraVariants = variantsDiffer(variants, source?.variants);
  const hidden = partChoices.filter((part) => (source?.hidden ?? []).includes(part));
  const hideText = source?.hideText === true;
  const ownOutputs = source?.outputs ?? null;
  // embed.html can only leave out outputs of the source; the element names its outputs.
  const hiddenOutputs = outputs === null || ownOutputs === null ? [] : ownOutputs.filter((name) => !outputs.includes(name));
  const trimmed = hidden.length > 0 || hideText || hiddenOutputs.length > 0;

  let embedUrl = null;
  let link = null;
  if (kind === 'notebook' || kind === 'experiment') {
    const query = new URLSearchParams();
    if (kind === 'notebook') {
      query.set('notebook', source.path);
      query.set('cell', cellId);
    } else {
      query.set('experiment', source.path);
    }
    if (extraVariants) query.set('variants', variants.join(','));
    if (steps !== null) query.set('steps', String(steps));
    if (hidden.length > 0 || hiddenOutputs.length > 0) query.set('hide', [...hidden, ...hiddenOutputs].join(','));
    if (hideText) query.set('hideText', '');
    embedUrl = new URL(`embed.html?${query}#${fragment}`, site).href;
    // The notebook page shows the whole notebook at this state; a lone experiment file has no
    // notebook, and the notebook page has no flags, so their link is the embed page.
    link = kind === 'notebook' && !extraVariants && steps === null && !trimmed
      ? new URL(`index.html?${new URLSearchParams([['notebook', source.path]])}#${fragment}`, site).href
      : embedUrl;
  }
  const iframe = embedUrl === null ? null
    : `<iframe src="${attributeText(embedUrl)}" title="bnlab experiment" style="width: 100%; height: 900px; border: 0"></iframe>`;

  const script = `<script type="module" src="${attributeText(new URL('bnlab-element.js', site).href)}"></script>`;
  const unchanged = fragment === new URLSearchParams([['lang', language]]).toString();
  const attributes = [`lang="${attributeText(language)}"`];
  if (extraVariants || kind === 'inline' || !unchanged) attributes.push(`variants="${attributeText(variants.join(' '))}"`);
  const bySource = unchanged && kind !== 'inline';
  // The element shows its source's outputs, or those of a bare experiment file when it holds one.
  const elementDefault = bySource ? ownOutputs : inlineOutputs;
  if (outputs !== null && (elementDefault === null || !sameList(outputs, elementDefault))) {
    attributes.push(`outputs="${attributeText(outputs.join(' '))}"`);
  }
  if (hidden.length > 0) {
    const shown = partChoices.filter((part) => !hidden.includes(part));
    attributes.push(`controls="${shown.length === 0 ? 'none' : shown.join(' ')}"`);
  }
  if (hideText) attributes.push('hidetext');
  let element;
  if (bySource) {
    attributes.unshift(`src="${attributeText(new URL(source.path, site).href)}"`, ...(kind === 'notebook' ? [`cell="${attributeText(cellId)}"`] : []));
    if (steps !== null) attributes.push(`steps="${steps}"`);
    element = `${script}\n<bnlab-experiment ${attributes.join(' ')}></bnlab-experiment>`;
  } else {
    // A changed experiment goes inside the element, exactly as it is on screen.
    element = `${script}\n<bnlab-experiment ${attributes.join(' ')}>\n<script type="application/json">\n${scriptJson(experiment)}\n</script>\n</bnlab-experiment>`;
  }
  return { link, iframe, element };
}
