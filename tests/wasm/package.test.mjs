// The JavaScript API as an npm package: `npm pack` of the project gives a tarball with the API,
// its types and the engine (and nothing of the page); it installs into a fresh project without
// the network (`npm install <tarball> --offline`: the package has no dependencies), where
// `import { loadEngine } from 'bnlab'` trains a compare pair in Node, Vite bundles it with the
// engine's files, and TypeScript resolves the package's types through its `exports`.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { repositoryRoot } from './support.mjs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const quiet = ['--no-audit', '--no-fund', '--loglevel=error'];

describe('the npm package', () => {
  let folder;
  let packed;

  before(async () => {
    folder = await mkdtemp(join(tmpdir(), 'bnlab-package-'));
    const output = execFileSync(npm, ['pack', '--json', '--pack-destination', folder, ...quiet], { cwd: repositoryRoot, encoding: 'utf8' });
    [packed] = JSON.parse(output);
  });

  after(async () => {
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  test('holds the API, its types and the engine, and nothing of the page', () => {
    const paths = packed.files.map((file) => file.path).sort();
    for (const needed of ['package.json', 'build/wasm/bnlab.mjs', 'build/wasm/errors.mjs', 'build/wasm/experiment_json.mjs',
      'build/wasm/bnlab.d.ts', 'build/wasm/bnlab-engine.mjs', 'build/wasm/bnlab-engine.wasm']) {
      assert.ok(paths.includes(needed), `${needed} is in the package`);
    }
    assert.deepEqual(paths.filter((path) => /^(web|engine|tests|bench|node_modules|build\/site|build\/native)\//.test(path)), []);
  });

  test('installs offline into a fresh project, imports as "bnlab" and trains; tsc reads its types', async () => {
    const project = join(folder, 'course-tool');
    await mkdir(project);
    await writeFile(join(project, 'package.json'), `${JSON.stringify({ name: 'course-tool', version: '1.0.0', private: true, type: 'module' }, null, 2)}\n`);
    execFileSync(npm, ['install', join(folder, packed.filename), '--offline', ...quiet], { cwd: project, encoding: 'utf8' });

    await writeFile(join(project, 'train.mjs'), `import { loadEngine, ConfigError } from 'bnlab';
const engine = await loadEngine();
const experiment = {
  name: 'package-check', seed: 3, dataset: { kind: 'spirals', samples: 400, noise: 0.05, classes: 2 },
  split: { validation: 0.1, test: 0.2 }, preprocessing: 'standardize',
  model: { layers: [{ type: 'dense', units: 16, bias: false }, { type: 'batchnorm' }, { type: 'relu' }, { type: 'dense', units: 2 }] },
  loss: 'cross_entropy', optimizer: { type: 'sgd', learning_rate: 0.2 },
  training: { batch_size: 20, steps: 400, evaluate_every: 100 }, compare: true,
};
const pair = engine.createComparePair(experiment);
try {
  let progress;
  do progress = pair.step(100); while (progress.withBatchNorm.status === 'training');
  pair.finalize();
  const accuracy = pair.withBatchNorm.evaluations().test.accuracy.at(-1);
  const model = pair.withBatchNorm.getModel();
  let refused = '';
  try { engine.createRun({ ...experiment, model: { layers: [{ type: 'dense', units: -4 }] } }); } catch (error) { refused = error instanceof ConfigError ? error.path : 'other'; }
  console.log(JSON.stringify({ status: progress.withBatchNorm.status, steps: progress.withBatchNorm.stepsDone, accuracy, format: model.format, refused, shares: pair.sharesInitialWeights }));
} finally {
  pair.delete();
}
`);
    const result = JSON.parse(execFileSync(process.execPath, ['train.mjs'], { cwd: project, encoding: 'utf8' }));
    assert.equal(result.status, 'complete');
    assert.equal(result.steps, 400);
    assert.ok(result.accuracy > 0.7, `test accuracy ${result.accuracy}`);
    assert.equal(result.format, 'bnlab-model');
    assert.equal(result.refused, 'model.layers[0].units');
    assert.equal(result.shares, true);

    // TypeScript, as a consumer's project sets it up (Node's module resolution), finds the types
    // through the package's "exports" and checks a typed use of them.
    await writeFile(join(project, 'check.ts'), `import { loadEngine, type Engine, type Run } from 'bnlab';
export async function firstLoss(): Promise<number> {
  const engine: Engine = await loadEngine();
  const run: Run = engine.createRun('{}');
  const losses = run.losses();
  run.delete();
  return losses.loss[0] ?? Number.NaN;
}
`);
    await writeFile(join(project, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, skipLibCheck: false, types: [] },
      files: ['check.ts'],
    }));
    execFileSync(process.execPath, [join(repositoryRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project], { cwd: project, encoding: 'utf8' });
    // A bundler (Vite, as docs/API.md shows it): 'bnlab' resolves through "exports", and the
    // engine's two files are emitted as assets the page loads.
    await writeFile(join(project, 'index.html'), '<!doctype html><script type="module" src="./main.js"></script>\n');
    await writeFile(join(project, 'main.js'), `import { loadEngine } from 'bnlab';
import moduleUrl from 'bnlab/bnlab-engine.mjs?url';
import wasmUrl from 'bnlab/bnlab-engine.wasm?url';
const engine = await loadEngine({ moduleUrl, wasmUrl });
console.log(engine.build);
`);
    await writeFile(join(project, 'vite.config.mjs'), "export default { logLevel: 'error', build: { target: 'es2022', rollupOptions: { external: ['node:fs/promises'] } } };\n");
    execFileSync(process.execPath, [join(repositoryRoot, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], { cwd: project, encoding: 'utf8' });
    const emitted = await readdir(join(project, 'dist', 'assets'));
    assert.ok(emitted.some((file) => /^bnlab-engine-.*\.wasm$/.test(file)), emitted.join(', '));
    assert.ok(emitted.some((file) => /^bnlab-engine-.*\.mjs$/.test(file)), emitted.join(', '));
    const bundle = await readFile(join(project, 'dist', 'assets', emitted.find((file) => /^index-.*\.js$/.test(file))), 'utf8');
    assert.match(bundle, /could not load the engine from/);

    // And a wrong use is an error: the check is real.
    await writeFile(join(project, 'check.ts'), `import { loadEngine } from 'bnlab';\nconst engine = await loadEngine();\nengine.createRun(42);\n`);
    assert.throws(() => execFileSync(process.execPath, [join(repositoryRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project], { cwd: project, encoding: 'utf8', stdio: 'pipe' }));
  });
});
