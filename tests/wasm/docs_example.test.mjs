// docs/API.md's example must run as written: the code block after "<!-- example -->" is
// executed from the repository root, and its output checked.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';

import { repositoryRoot } from './support.mjs';

test('docs/API.md example runs and prints what the text says', () => {
  const markdown = readFileSync(join(repositoryRoot, 'docs', 'API.md'), 'utf8');
  const match = markdown.match(/<!-- example -->\s*```js\n([\s\S]*?)```/);
  assert.ok(match, 'docs/API.md has an example block');
  // The example imports './build/wasm/bnlab.mjs' relative to the repository root; the copy
  // lives in a temporary folder, so point the import at the same file by absolute URL.
  const apiUrl = pathToFileURL(join(repositoryRoot, 'build', 'wasm', 'bnlab.mjs')).href;
  const code = match[1].replace("'./build/wasm/bnlab.mjs'", JSON.stringify(apiUrl));
  assert.notEqual(code, match[1], 'the example imports ./build/wasm/bnlab.mjs');
  const folder = mkdtempSync(join(tmpdir(), 'bnlab-docs-'));
  try {
    const script = join(folder, 'example.mjs');
    writeFileSync(script, code);
    const output = execFileSync(process.execPath, [script], { cwd: repositoryRoot, encoding: 'utf8' });
    assert.match(output, /^step 250 of 1000$/m);
    assert.match(output, /^step 1000 of 1000$/m);
    const accuracy = (name) => Number(output.match(new RegExp(`^${name}: last loss [\\d.]+, test accuracy ([\\d.]+)$`, 'm'))[1]);
    assert.ok(accuracy('with BN') > 0.9, output);
    assert.ok(accuracy('with BN') > accuracy('without BN') + 0.1, output);
    assert.match(output, /^model file with 20 tensors$/m);
    assert.match(output, /^ConfigError at model\.layers\[0\]\.units: model\.layers\[0\]\.units: expected a positive integer, got -4$/m);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
