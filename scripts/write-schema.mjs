// Writes <wasm build folder>/experiment.schema.json (default build/wasm): the JSON Schema of experiment files, asked of the
// WebAssembly engine just built (the engine builds it from its parser's own tables, so the
// page's form takes its choices and bounds from the same place the validator does).
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const wasmFolder = resolve(projectRoot, process.argv[2] ?? join('build', 'wasm'));
const { loadEngine } = await import(pathToFileURL(join(wasmFolder, 'bnlab.mjs')).href);
const engine = await loadEngine();
const target = join(wasmFolder, 'experiment.schema.json');
writeFileSync(target, `${JSON.stringify(engine.experimentSchema(), null, 2)}\n`);
console.error(`write-schema: ${target}`);
