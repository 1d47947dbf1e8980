// Every block of the shipped notebooks (notebooks/*.md), read as the page reads it
// (web/src/notebook/load_notebook.js), is accepted by the engine: an experiment cell's preset
// validates, and a run of it can be built for each variant the block lists (a variant can fail
// where the file alone does not, e.g. a placement variant of a model without an activation); a
// sweep cell's sweep expands. The page would otherwise show the learner a cell whose Run the
// engine refuses. The notebook parser's list of variant names is the API's list.

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { lensNames } from '../../web/src/experiment/lenses.js';
import { loadNotebook } from '../../web/src/notebook/load_notebook.js';
import { variantChoices } from '../../web/src/notebook/parse_notebook.js';
import { bnlab, repositoryRoot } from './support.mjs';

const siteBase = new URL('http://bnlab.test/');

/** fetch over the repository's files, as the site serves them (build/site mirrors the folders). */
async function fetchFromRepository(url) {
  const path = join(repositoryRoot, decodeURIComponent(new URL(url).pathname));
  try {
    return new Response(readFileSync(path, 'utf8'), { status: 200 });
  } catch {
    return new Response('', { status: 404 });
  }
}

/** The MNIST files of build/data where the engine's file system looks for them (/data/mnist). */
function writeMnist(engine) {
  const folder = join(repositoryRoot, 'build', 'data', 'mnist');
  for (const name of readdirSync(folder)) engine.writeFile(`/data/mnist/${name}`, readFileSync(join(folder, name)));
}

/** The preset shortened to one step, so building the run is what is checked, not training. */
function shortened(experiment) {
  const training = { ...experiment.training, steps: 1 };
  delete training.epochs;
  return { ...experiment, training };
}

const notebookNames = readdirSync(join(repositoryRoot, 'notebooks')).filter((name) => name.endsWith('.md'));

test('the notebook parser knows exactly the API\'s variants', () => {
  assert.deepEqual([...variantChoices], [...bnlab.variantNames]);
});

test('every experiment and sweep block of every shipped notebook is accepted by the engine', async () => {
  assert.ok(notebookNames.length >= 2, `notebooks found: ${notebookNames.join(', ')}`);
  const engine = await bnlab.loadEngine();
  writeMnist(engine);
  let experimentCells = 0;
  let sweepCells = 0;
  for (const name of notebookNames) {
    const notebook = await loadNotebook({ path: `notebooks/${name}`, siteBase, lensNames, fetchImpl: fetchFromRepository });
    assert.deepEqual(notebook.notices, [], `${name}: notices`);
    for (const cell of notebook.cells) {
      const where = `${name}, block ${cell.id}`;
      if (cell.type === 'experiment') {
        experimentCells += 1;
        const verdict = engine.validateExperiment(cell.preset);
        assert.deepEqual(verdict.problems, [], `${where}: problems`);
        assert.equal(verdict.ok, true, where);
        assert.ok(cell.variants.length >= 1, `${where}: no variant`);
        for (const variant of cell.variants) {
          const run = engine.createRun(shortened(cell.preset), { variant });
          try {
            assert.equal(run.progress().status, 'training', `${where}, ${variant}`);
          } finally {
            run.delete();
          }
        }
      } else if (cell.type === 'sweep') {
        sweepCells += 1;
        const expanded = engine.expandSweep(cell.sweep);
        assert.ok(expanded.cells.length >= 2, `${where}: ${expanded.cells.length} sweep cells`);
      }
    }
  }
  // The shipped notebooks hold 10 experiment blocks and 7 sweep blocks today: a parser that
  // silently dropped blocks would make this test pass on nothing.
  assert.ok(experimentCells >= 10, `experiment blocks: ${experimentCells}`);
  assert.ok(sweepCells >= 7, `sweep blocks: ${sweepCells}`);
});
