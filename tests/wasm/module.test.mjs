// The built module itself: it really contains WebAssembly SIMD instructions, and it loads in
// Node from a path or from bytes, each engine with its own memory.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';

import { bnlab, smallExperiment, wasmFolder, wasmPath } from './support.mjs';

test('the .wasm contains SIMD instructions (wasm-objdump from Debian\'s wabt)', (t) => {
  let disassembly;
  try {
    disassembly = execFileSync('wasm-objdump', ['-d', wasmPath], { maxBuffer: 512 * 1024 * 1024, encoding: 'utf8' });
  } catch (error) {
    assert.fail(`wasm-objdump failed (is Debian's wabt installed? scripts/setup.sh installs it): ${error.message}`);
  }
  const count = (instruction) => disassembly.split(`${instruction} `).length - 1 +
    disassembly.split(`${instruction}\n`).length - 1;
  const counts = Object.fromEntries(['f32x4.mul', 'f32x4.add', 'v128.load', 'v128.store'].map((name) => [name, count(name)]));
  t.diagnostic(JSON.stringify(counts));
  // The matrix-product kernels alone account for hundreds of multiply-adds on 4 floats.
  assert.ok(counts['f32x4.mul'] >= 100, `f32x4.mul appears ${counts['f32x4.mul']} times`);
  assert.ok(counts['f32x4.add'] >= 100, `f32x4.add appears ${counts['f32x4.add']} times`);
  assert.ok(counts['v128.load'] >= 100, `v128.load appears ${counts['v128.load']} times`);
});

test('loads from bytes as well as from its folder, each engine with its own memory', async () => {
  const fromFolder = await bnlab.loadEngine();
  const fromBytes = await bnlab.loadEngine({ wasmBinary: readFileSync(wasmPath) });
  const first = fromFolder.createRun(smallExperiment());
  const second = fromBytes.createRun(smallExperiment());
  try {
    first.step(40);
    assert.equal(second.progress().stepsDone, 0, 'stepping one engine does not touch the other');
    second.step(40);
    assert.deepEqual(second.losses().loss, first.losses().loss, 'same experiment, same numbers');
  } finally {
    first.delete();
    second.delete();
  }
});

test('a missing module file is a BnlabError that names it', async () => {
  const missing = pathToFileURL(join(wasmFolder, 'no-such-engine.wasm'));
  await assert.rejects(bnlab.loadEngine({ wasmUrl: missing }), (error) => {
    assert.ok(error instanceof bnlab.BnlabError);
    assert.match(error.message, /no-such-engine\.wasm/);
    return true;
  });
});
