// In Node: the link, iframe code and element code of "Share / embed" (web/src/share/share_codes.js)
// carry the cell's source, variants, language and changes — and read back through the same
// readers the notebook page, embed.html and the element use.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { applyDiff, textToValue } from '../../web/src/experiment/experiment_diff.js';
import { readElementOptions, readEmbedParameters } from '../../web/src/embed/embed_options.js';
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

  test("an embed's hidden parts, hideText and outputs go into the iframe and the element codes", () => {
    const source = {
      kind: 'notebook', path: 'notebooks/lecture.md', variants: ['as_written', 'without_batchnorm'],
      outputs: ['decision_boundary', 'loss', 'evaluation', 'table'], hidden: ['settings', 'share'], hideText: true,
    };
    const codes = shareCodes({
      siteBase: site, source, cellId: 'playground', preset, experiment: preset,
      variants: ['as_written', 'without_batchnorm'], outputs: ['decision_boundary', 'loss'], language: 'en',
    });
    // The notebook page has no flags: the link is the embed page with them.
    assert.equal(codes.link, /^<iframe src="([^"]+)"/.exec(codes.iframe)[1].replace(/&amp;/g, '&'));
    const { options, problems } = readEmbedParameters(new URL(codes.link).searchParams);
    assert.deepEqual(problems, []);
    assert.deepEqual(options.hidden, ['settings', 'share']);
    assert.equal(options.hideText, true);
    // embed.html shows the source's outputs that its hide= does not name.
    assert.deepEqual(source.outputs.filter((name) => options.outputs.includes(name)), ['decision_boundary', 'loss']);

    const tag = /<bnlab-experiment ([^>]*)>/.exec(codes.element)[1];
    const attributes = Object.fromEntries([...tag.matchAll(/([a-z]+)(?:="([^"]*)")?/g)].map((match) => [match[1], match[2] ?? '']));
    const element = readElementOptions((name) => attributes[name] ?? null);
    assert.deepEqual(element.problems, []);
    assert.deepEqual(element.options.hidden, ['settings', 'share']);
    assert.equal(element.options.hideText, true);
    assert.deepEqual(element.options.outputs, ['decision_boundary', 'loss']);
    assert.equal(element.options.cell, 'playground');
  });

  test('a changed cell inside the element keeps the outputs it shows (an inline experiment shows loss, evaluation and table)', () => {
    const codes = shareCodes({
      siteBase: site, source: { kind: 'notebook', path: 'notebooks/lecture.md', variants: ['as_written'], outputs: ['decision_boundary', 'loss'] },
      cellId: 'playground', preset, experiment: changed, variants: ['as_written'], outputs: ['decision_boundary', 'loss'], language: 'en',
    });
    assert.match(codes.element, /<bnlab-experiment lang="en" variants="as_written" outputs="decision_boundary loss">/);
    const plain = shareCodes({
      siteBase: site, source: { kind: 'notebook', path: 'notebooks/lecture.md', variants: ['as_written'], outputs: ['loss', 'evaluation', 'table'] },
      cellId: 'lecture', preset, experiment: changed, variants: ['as_written'], outputs: ['loss', 'evaluation', 'table'], language: 'en',
    });
    assert.doesNotMatch(plain.element, /outputs=/);
  });

  test('a sweep cell: the link, the iframe and the element name the cell, with no variants or state', () => {
    const codes = shareCodes({
      siteBase: site, source: { kind: 'notebook', path: 'notebooks/lecture.md', variants: [] },
      cellId: 'learning-rate-sweep', preset: {}, experiment: {}, variants: [], language: 'ko',
    });
    assert.equal(codes.link, 'https://bnlab.example/course/index.html?notebook=notebooks%2Flecture.md#lang=ko');
    assert.equal(codes.iframe, '<iframe src="https://bnlab.example/course/embed.html?notebook=notebooks%2Flecture.md&amp;cell=learning-rate-sweep#lang=ko" title="bnlab experiment" style="width: 100%; height: 900px; border: 0"></iframe>');
    assert.equal(codes.element, '<script type="module" src="https://bnlab.example/course/bnlab-element.js"></script>\n'
      + '<bnlab-experiment src="https://bnlab.example/course/notebooks/lecture.md" cell="learning-rate-sweep" lang="ko"></bnlab-experiment>');
  });
});
