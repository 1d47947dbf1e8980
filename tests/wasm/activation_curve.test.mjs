// engine.activationCurve: the engine's own activation layers, forward (values) and backward from
// a gradient of 1 (derivatives), on a grid of x — checked against the functions' closed forms
// (in float precision, the engine's scalar), and its refusals.

import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import { bnlab } from './support.mjs';

const grid = [-4, -2.5, -1, -0.25, 0, 0.25, 1, 2.5, 4];
const tolerance = 2e-6;
let engine;
before(async () => { engine = await bnlab.loadEngine(); });

const sigmoid = (x) => 1 / (1 + Math.exp(-x));
const closedForms = [
  [{ type: 'sigmoid' }, sigmoid, (x) => sigmoid(x) * (1 - sigmoid(x))],
  [{ type: 'tanh' }, Math.tanh, (x) => 1 - Math.tanh(x) ** 2],
  [{ type: 'relu' }, (x) => Math.max(0, x), (x) => (x > 0 ? 1 : 0)],
  [{ type: 'leaky_relu', negative_slope: 0.1 }, (x) => (x > 0 ? x : 0.1 * x), (x) => (x > 0 ? 1 : 0.1)],
  [{ type: 'prelu' }, (x) => (x > 0 ? x : 0.25 * x), (x) => (x > 0 ? 1 : 0.25)],
];

for (const [layer, value, derivative] of closedForms) {
  test(`${JSON.stringify(layer)}: values and derivatives are the closed form's`, () => {
    const curve = engine.activationCurve(layer, grid);
    assert.ok(curve.values instanceof Float64Array && curve.derivatives instanceof Float64Array);
    assert.equal(curve.values.length, grid.length);
    grid.forEach((x, index) => {
      assert.ok(Math.abs(curve.values[index] - value(x)) <= tolerance, `f(${x}) = ${curve.values[index]}, expected ${value(x)}`);
      assert.ok(Math.abs(curve.derivatives[index] - derivative(x)) <= tolerance, `f'(${x}) = ${curve.derivatives[index]}, expected ${derivative(x)}`);
    });
  });
}

test('the sigmoid\'s derivative is at most 1/4, reached at 0', () => {
  const { derivatives } = engine.activationCurve({ type: 'sigmoid' }, grid);
  assert.ok(Math.max(...derivatives) <= 0.25 + tolerance);
  assert.ok(Math.abs(derivatives[grid.indexOf(0)] - 0.25) <= tolerance);
});

test('refusals: not an activation, an unknown type, a bad option, an empty or non-finite grid', () => {
  assert.throws(() => engine.activationCurve({ type: 'dense', units: 3 }, grid),
    (error) => error instanceof bnlab.UsageError && error.message === 'activationCurve: a dense layer is not an element-wise activation');
  assert.throws(() => engine.activationCurve({ type: 'batchnorm' }, grid), bnlab.UsageError);
  assert.throws(() => engine.activationCurve({ type: 'swish' }, grid), (error) => error instanceof bnlab.ConfigError && error.path.startsWith('layer'));
  assert.throws(() => engine.activationCurve({ type: 'leaky_relu', negative_slope: 'steep' }, grid),
    (error) => error instanceof bnlab.ConfigError && error.path.includes('negative_slope'));
  assert.throws(() => engine.activationCurve({ type: 'relu' }, []), bnlab.UsageError);
  assert.throws(() => engine.activationCurve({ type: 'relu' }, [0, Number.NaN]), bnlab.UsageError);
  assert.throws(() => engine.activationCurve({ type: 'relu' }, new Float64Array(100001)),
    (error) => error instanceof bnlab.UsageError && error.message === 'activationCurve: 100001 inputs, at most 100000 are plotted');
  assert.equal(engine.activationCurve({ type: 'relu' }, new Float64Array(100000)).values.length, 100000, 'the limit itself is plotted');
});
