// Writes a minified copy of Emscripten's JavaScript glue for the page (scripts/build-web.sh):
//   node scripts/minify-engine-glue.mjs build/wasm/bnlab-engine.mjs build/site/engine/bnlab-engine.mjs
// emcc -O3 already strips whitespace, but without the Closure compiler (which Debian's
// emscripten 3.1.6 does not ship) every local name of the glue stays spelled out. Vite's own
// minifier (Oxc, already what bundles the page) mangles local names and compresses; as an ES
// module the glue keeps its one export, the factory. Embind builds its invokers with
// `new Function` from strings and passes every value they use as an argument, so renaming the
// glue's locals cannot break them (the browser tests run the page on this minified copy).
// build/wasm keeps the original, which Node and the widgets load.

import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

import { minify } from 'vite';

const [sourcePath, outputPath] = process.argv.slice(2);
if (!sourcePath || !outputPath) {
  console.error('usage: node scripts/minify-engine-glue.mjs <bnlab-engine.mjs> <output.mjs>');
  process.exit(2);
}
const source = readFileSync(sourcePath, 'utf8');
const result = await minify(sourcePath, source, { module: true, compress: true, mangle: true });
if (result.errors.length > 0) {
  throw new Error(`minify-engine-glue: ${sourcePath}: ${result.errors.map((error) => error.message).join('; ')}`);
}
writeFileSync(outputPath, result.code);
const kilobytes = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
console.error(`minify-engine-glue: ${sourcePath} ${kilobytes(source.length)} (gzip ${kilobytes(gzipSync(source).length)}) -> ` +
  `${kilobytes(result.code.length)} (gzip ${kilobytes(gzipSync(result.code).length)})`);
