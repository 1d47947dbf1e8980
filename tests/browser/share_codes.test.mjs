// In Node: the link, iframe code and element code of "Share / embed" (web/src/share/share_codes.js)
// carry the cell's source, variants, language and changes — and read back through the same
// readers the notebook page, embed.html and the element use.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { applyDiff, textToValue } from '../../web/src/experiment/experiment_diff.js';
import { readEmbedParameters } from '../../web/src/embed/embed_options.js';
import { shareCodes } from '../../web/src/share/share_codes.js';

const preset = { name: 'demo', seed: 1, training: { batch_size: 64, epochs: 5 }, optimizer: { type: 'sgd', learning_rate: 0.1 } };
const changed = { ...preset, training: { batch_size: 128, epochs: 5 }, optimizer: { type: 'adam', learning_rate: 0.1 } };
const site = 'https://bnlab.example/course/';

function applyFragment(url, cellId) {
  const fragment = new URLSearchParams(new URL(url).hash.slice(1));
  // As the notebook page and embed.html read it (cells/notebook_element.js): cellId.json.path=value.
  const pairs = [...fragment].filter(([key]) => key !== 'lang').map(([key, text]) => {
    assert.ok(key.startsWith(`${cellId}.`), key);
    return [key.slice(cellId.length + 1), textToValue(text)];
  });
  const { experiment, problems } = applyDiff(preset, pairs);
  assert.deepEqual(problems, []);
  return { language: fragment.get('lang'), experiment };
}

describe('share / embed codes', () => {
  test('a changed notebook cell: the link and the iframe carry the diff, the element the experiment', () => {
    const codes = shareCodes({
      siteBase: site, source: { kind: 'notebook', path: 'notebooks/lecture.md', variants: ['as_written', 'without_batchnorm'] },
      cellId: 'lecture', preset, experiment: changed, variants: ['as_written', 'without_batchnorm'], language: 'ko',
    });
    const link = new URL(codes.link);
    assert.equal(`${link.origin}${link.pathname}`, 'https://bnlab.example/course/index.html');
    assert.equal(link.searchParams.get('notebook'), 'notebooks/lecture.md');
    assert.deepEqual(applyFragment(codes.link, 'lecture'), { language: 'ko', experiment: changed });

    const iframeSource = /^<iframe src="([^"]+)"/.exec(codes.iframe)[1].replace(/&amp;/g, '&');
    const embed = new URL(iframeSource);
    assert.equal(embed.pathname, '/course/embed.html');
    const { options, problems } = readEmbedParameters(embed.searchParams);
    assert.deepEqual(problems, []);
    assert.equal(options.notebook, 'notebooks/lecture.md');
    assert.equal(options.cell, 'lecture');
    assert.equal(options.language, null);  // the language is in the fragment, with the state
    assert.equal(options.variants, null);
    assert.deepEqual(applyFragment(iframeSource, 'lecture').experiment, changed);

    assert.match(codes.element, /^<script type="module" src="https:\/\/bnlab\.example\/course\/bnlab-element\.js"><\/script>\n<bnlab-experiment lang="ko" variants="as_written without_batchnorm">/);
    const inline = /<script type="application\/json">\n([\s\S]*)\n<\/script>/.exec(codes.element)[1];
    assert.deepEqual(JSON.parse(inline), changed);
  });

  test('an unchanged experiment file: the element names it by src', () => {
    const codes = shareCodes({
      siteBase: site, source: { kind: 'experiment', path: 'examples/spirals-compare.json', steps: 300, variants: ['as_written', 'without_batchnorm'] },
      cellId: 'experiment', preset, experiment: preset, variants: ['as_written'], language: 'en',
    });
    assert.equal(codes.element, '<script type="module" src="https://bnlab.example/course/bnlab-element.js"></script>\n'
      + '<bnlab-experiment src="https://bnlab.example/course/examples/spirals-compare.json" lang="en" variants="as_written" steps="300"></bnlab-experiment>');
    const embed = new URL(codes.link);
    assert.equal(embed.pathname, '/course/embed.html');
    const { options } = readEmbedParameters(embed.searchParams);
    assert.deepEqual([options.experiment, options.variants, options.steps], ['examples/spirals-compare.json', ['as_written'], 300]);
  });

  test('an inline experiment has no link or iframe, and markup in it cannot close the script', () => {
    const hostile = { ...preset, name: '</script><img src=x onerror=alert(1)>' };
    const codes = shareCodes({ siteBase: site, source: { kind: 'inline' }, cellId: 'experiment', preset: hostile, experiment: hostile, variants: ['as_written'], language: 'en' });
    assert.equal(codes.link, null);
    assert.equal(codes.iframe, null);
    assert.equal(codes.element.match(/<\/script>/g).length, 2);
    assert.ok(!codes.element.includes('<img'));
    const inline = /<script type="application\/json">\n([\s\S]*)\n<\/script>/.exec(codes.element)[1];
    assert.deepEqual(JSON.parse(inline), hostile);
  });
});
