// Builds the notebook page into build/site (scripts/build-web.sh adds the engine and the
// datasets next to it). Relative base: the folder works from any path on any static host.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

// KaTeX's stylesheet offers every font as woff2, woff and ttf. Every browser that runs
// WebAssembly SIMD reads woff2, so the other two are dropped instead of shipped.
const woff2FontsOnly = {
  name: 'bnlab-katex-woff2-only',
  enforce: 'pre',
  transform(code, id) {
    if (!/katex[^/]*\.css$/.test(id)) return null;
    return { code: code.replace(/,\s*url\([^)]+\.(?:woff|ttf)\)\s*format\("(?:woff|truetype)"\)/g, ''), map: null };
  },
};

// bnlab.mjs reads the .wasm with node:fs only when it runs in Node; in the page that branch
// never runs, so the import stays as it is instead of being replaced by a browser stub.
const nodeOnlyModules = ['node:fs/promises'];

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  publicDir: false,
  resolve: {
    alias: {
      // The engine's JavaScript API, as scripts/build-wasm.sh leaves it next to the module. It
      // is bundled into the worker; the Emscripten module and its .wasm are copied as files.
      '@bnlab/api': `${projectRoot}build/wasm/bnlab.mjs`,
    },
  },
  plugins: [woff2FontsOnly],
  worker: { format: 'es', rolldownOptions: { external: nodeOnlyModules } },
  build: {
    outDir: `${projectRoot}build/site`,
    emptyOutDir: true,
    target: 'es2022',
    // KaTeX's fonts are small files; keep them files (cacheable) instead of inlined base64.
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
});
