// Builds the notebook page into build/site (scripts/build-web.sh adds the engine and the
// datasets next to it). Relative base: the folder works from any path on any static host.
import { cp, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
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

// The engine's JSON Schema of the experiment file, written by the wasm build from the C++
// tables. The form takes its choices and bounds from it; an engine built before the schema
// existed gives `null`, and the form then shows text fields (the engine still checks them).
const schemaFile = `${projectRoot}build/wasm/experiment.schema.json`;
const experimentSchema = {
  name: 'bnlab-experiment-schema',
  resolveId: (id) => (id === 'virtual:bnlab-experiment-schema' ? '\0bnlab-experiment-schema' : null),
  async load(id) {
    if (id !== '\0bnlab-experiment-schema') return null;
    if (!existsSync(schemaFile)) return 'export default null;';
    this.addWatchFile(schemaFile);
    return `export default ${await readFile(schemaFile, 'utf8')};`;
  },
};

// The notebooks and the experiment files they name are served from the site itself, as
// files (the page fetches them same-origin; the CLI runs the same examples/*.json).
const siteFolders = ['notebooks', 'examples'];
const copySiteFolders = {
  name: 'bnlab-copy-notebooks-and-examples',
  apply: 'build',
  async writeBundle(options) {
    for (const folder of siteFolders) await cp(`${projectRoot}${folder}`, `${options.dir}/${folder}`, { recursive: true });
  },
};

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
  plugins: [woff2FontsOnly, experimentSchema, copySiteFolders],
  worker: { format: 'es', rolldownOptions: { external: nodeOnlyModules } },
  // The dev server may read the notebooks and examples at the project's root.
  server: { fs: { allow: [projectRoot] } },
  build: {
    outDir: `${projectRoot}build/site`,
    emptyOutDir: true,
    target: 'es2022',
    // KaTeX's fonts are small files; keep them files (cacheable) instead of inlined base64.
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
});
