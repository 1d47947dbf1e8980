// In Node: what the widgets read from their attributes and URLs (web/src/embed/embed_options.js),
// which host messages embed.html accepts (host_messages.js), and the export files
// (web/src/export/export_files.js) — each export read back the way a user's tool would.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { readElementOptions, readEmbedParameters, withSteps } from '../../web/src/embed/embed_options.js';
import { outputChoices } from '../../web/src/notebook/parse_notebook.js';
import { isHostCommand } from '../../web/src/embed/host_messages.js';
import { curveCsvColumns, curveCsvText, exportFileName, modelFileText, reportText } from '../../web/src/export/export_files.js';
import { RunHistory } from '../../web/src/runs/run_history.js';

function attributes(values) {
  return (name) => (Object.hasOwn(values, name) ? values[name] : null);
}

describe('<bnlab-experiment> attributes', () => {
  test('good attributes become options', () => {
    const { options, problems } = readElementOptions(attributes({
      src: ' https://bnlab.example/examples/mnist-compare.json ', variants: 'as_written, without_batchnorm',
      outputs: 'loss table', controls: 'settings', lang: 'ko', steps: '300', height: '640px',
    }));
    assert.deepEqual(problems, []);
    assert.equal(options.src, 'https://bnlab.example/examples/mnist-compare.json');
    assert.deepEqual(options.variants, ['as_written', 'without_batchnorm']);
    assert.deepEqual(options.outputs, ['loss', 'table']);
    assert.deepEqual(options.hidden, ['file', 'share', 'export']);
    assert.equal(options.language, 'ko');
    assert.equal(options.steps, 300);
    assert.equal(options.height, 640);
  });

  test('no attributes: everything shown, nothing overridden', () => {
    const { options, problems } = readElementOptions(attributes({}));
    assert.deepEqual(problems, []);
    assert.deepEqual(options, { src: null, cell: null, variants: null, outputs: null, hidden: [], language: null, steps: null, height: null, hideText: false });
    assert.deepEqual(readElementOptions(attributes({ controls: 'none' })).options.hidden, ['settings', 'file', 'share', 'export']);
  });

  const badAttributes = [
    [{ variants: 'as_written magic' }, 'embed_bad_choice', 'variants'],
    [{ outputs: 'loss, histogram' }, 'embed_bad_choice', 'outputs'],
    [{ controls: 'settings buttons' }, 'embed_bad_choice', 'controls'],
    [{ lang: 'fr' }, 'embed_bad_choice', 'lang'],
    [{ steps: '0' }, 'embed_bad_steps', 'steps'],
    [{ steps: '1e3' }, 'embed_bad_steps', 'steps'],
    [{ steps: '12.5' }, 'embed_bad_steps', 'steps'],
    [{ height: '9' }, 'embed_bad_height', 'height'],
    [{ height: '50%' }, 'embed_bad_height', 'height'],
    [{ height: 'calc(100vh)' }, 'embed_bad_height', 'height'],
    [{ cell: 'Lecture One' }, 'embed_bad_cell_id', 'cell'],
    [{ src: '   ' }, 'embed_empty', 'src'],
    [{ variants: ' , ' }, 'embed_empty', 'variants'],
  ];
  for (const [given, code, field] of badAttributes) {
    test(`${JSON.stringify(given)} -> ${code}`, () => {
      const { problems } = readElementOptions(attributes(given));
      assert.equal(problems.length, 1, JSON.stringify(problems));
      assert.equal(problems[0].code, code);
      assert.equal(problems[0].params.field, field);
    });
  }

  test('a long bad value is cut short in the message', () => {
    const { problems } = readElementOptions(attributes({ lang: 'x'.repeat(500) }));
    assert.ok(problems[0].params.got.length <= 60);
  });
});

describe('embed.html parameters', () => {
  test('a notebook cell with flags', () => {
    const { options, problems } = readEmbedParameters(new URLSearchParams('notebook=notebooks/lecture.md&cell=lecture&hideText&hide=settings,table&lang=ko&host=https://lms.example.org'));
    assert.deepEqual(problems, []);
    assert.equal(options.notebook, 'notebooks/lecture.md');
    assert.equal(options.cell, 'lecture');
    assert.equal(options.hideText, true);
    assert.deepEqual(options.hidden, ['settings']);
    // hide=table leaves every other output of a cell (the instrument views included).
    assert.ok(outputChoices.includes('table') && outputChoices.includes('loss'));
    assert.deepEqual(options.outputs, outputChoices.filter((name) => name !== 'table'));
    assert.equal(options.language, 'ko');
    assert.equal(options.host, 'https://lms.example.org');
  });

  const badQueries = [
    ['experiment=examples/a.json&hidetext=true', 'embed_unknown_parameter'],
    ['experiment=examples/a.json&cel=lecture', 'embed_unknown_parameter'],
    ['cell=lecture', 'embed_no_source'],
    ['experiment=examples/a.json&notebook=notebooks/lecture.md', 'embed_two_sources'],
    ['experiment=examples/a.json&hideText=yes', 'embed_bad_choice'],
    ['experiment=examples/a.json&hide=settings,everything', 'embed_bad_choice'],
    ['experiment=examples/a.json&cell=lecture', 'embed_cell_without_notebook'],
    ['experiment=examples/a.json&host=https://lms.example.org/course', 'embed_bad_origin'],
    ['experiment=examples/a.json&host=*', 'embed_bad_origin'],
    ['experiment=examples/a.json&steps=-1', 'embed_bad_steps'],
  ];
  for (const [query, code] of badQueries) {
    test(`?${query} -> ${code}`, () => {
      const { problems } = readEmbedParameters(new URLSearchParams(query));
      assert.deepEqual(problems.map((problem) => problem.code), [code]);
    });
  }

  test('steps replaces the experiment\'s own length', () => {
    const experiment = { name: 'x', training: { batch_size: 8, epochs: 5 } };
    assert.deepEqual(withSteps(experiment, 40).training, { batch_size: 8, steps: 40 });
    assert.deepEqual(experiment.training, { batch_size: 8, epochs: 5 });
    assert.equal(withSteps(experiment, null), experiment);
  });
});

describe('messages from the host page', () => {
  test('only the documented shapes are commands', () => {
    assert.equal(isHostCommand({ type: 'bnlab:run', version: 1 }), true);
    assert.equal(isHostCommand({ type: 'bnlab:request-height', version: 1 }), true);
    for (const message of [null, 'bnlab:run', ['bnlab:run'], { type: 'bnlab:run' }, { type: 'bnlab:run', version: 2 },
      { type: 'bnlab:run', version: '1' }, { type: 'bnlab:eval', version: 1 }, { type: 'bnlab:run', version: 1, code: 'alert(1)' }]) {
      assert.equal(isHostCommand(message), false, JSON.stringify(message));
    }
  });
});

function finishedRun(variant) {
  const history = new RunHistory();
  history.append({ step: [10, 20, 30], loss: [0.9, 0.5, 0.25] }, {
    validation: { step: [0, 20], final: [0, 0], loss: [1, 0.5], accuracy: [0.5, 0.75], mae: [NaN, NaN], mse: [NaN, NaN], rmse: [NaN, NaN], rmsle: [NaN, NaN], r2: [NaN, NaN] },
    test: { step: [30], final: [1], loss: [0.4], accuracy: [0.8], mae: [NaN], mse: [NaN], rmse: [NaN], rmsle: [NaN], r2: [NaN] },
  });
  return {
    variant, status: 'complete', progress: { stepsDone: 30 }, summary: { status: 'complete', steps: 30, final: { test: { loss: 0.4, accuracy: 0.8 } } },
    divergence: null, error: null, history, model: { format: 'bnlab-model', version: 1, tensors: {} },
  };
}

describe('export files', () => {
  test('the report parses and holds the experiment, the seed and every variant\'s records', () => {
    const experiment = { name: 'demo', seed: 9 };
    const report = JSON.parse(reportText({ cellId: 'lecture', engineVersion: '0.1.0', experiment, runs: [finishedRun('as_written'), finishedRun('without_batchnorm')], created: new Date(0) }));
    assert.equal(report.format, 'bnlab-report');
    assert.equal(report.version, 1);
    assert.deepEqual(report.engine, { name: 'bnlab', version: '0.1.0' });
    assert.equal(report.seed, 9);
    assert.deepEqual(report.experiment, experiment);
    assert.deepEqual(report.variants.map((variant) => variant.variant), ['as_written', 'without_batchnorm']);
    assert.deepEqual(report.variants[0].records.losses, { step: [10, 20, 30], loss: [0.9, 0.5, 0.25] });
    assert.deepEqual(report.variants[0].records.evaluations.validation.accuracy, [0.5, 0.75]);
    assert.equal(report.variants[0].records.evaluations.validation.mae[0], null);
    assert.deepEqual(report.variants[1].final, { test: { loss: 0.4, accuracy: 0.8 } });
  });

  test('the CSV has a header and one row per curve point', () => {
    const lines = curveCsvText(finishedRun('as_written')).trim().split('\n');
    assert.equal(lines[0], curveCsvColumns.join(','));
    assert.equal(lines.length, 1 + 3 + 2 + 1);
    assert.deepEqual(lines[1].split(','), ['loss', '', '10', '', '0.9', '', '', '', '', '', '']);
    assert.deepEqual(lines[5].split(',').slice(0, 6), ['evaluation', 'validation', '20', 'false', '0.5', '0.75']);
    assert.deepEqual(lines[6].split(',').slice(0, 6), ['evaluation', 'test', '30', 'true', '0.4', '0.8']);
    assert.ok(lines.every((line) => line.split(',').length === curveCsvColumns.length));
  });

  test('the model file is the run\'s, as JSON; file names are safe', () => {
    assert.deepEqual(JSON.parse(modelFileText(finishedRun('as_written'))), { format: 'bnlab-model', version: 1, tensors: {} });
    assert.equal(modelFileText({ model: null }), null);
    assert.equal(exportFileName('lecture', 'without_batchnorm', 'model.json'), 'lecture-without_batchnorm.model.json');
    assert.equal(exportFileName('../../x y', null, 'csv'), 'x-y.csv');
  });
});
