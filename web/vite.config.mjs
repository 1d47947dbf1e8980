// Builds the notebook page into build/site (scripts/build-web.sh adds the engine and the
// datasets next to it). Relative base: the folder works from any path on any static host.
import { createHash } from 'node:crypto';
import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
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

// Lit announces itself on the page's global object (litHtmlVersions, reactiveElementVersions,
// litPropertyMetadata) and calls hooks it finds there (litElementPolyfillSupport, …). The same
// bundle runs inside other people's course pages (<bnlab-experiment>, docs/EMBED.md): a page
// that defines any of those names could break the widget or have a function of its own called
// by it. So the build keeps Lit to itself: the version lists are not written, the hooks are
// not read, and the property metadata lives in a module-local WeakMap. The build fails if a
// Lit release spells these differently (nothing would be stripped silently).
const litGlobalHooks = /\b[A-Za-z_$][\w$]*\.(litHtmlPolyfillSupport|litElementHydrateSupport|litElementPolyfillSupport|reactiveElementPolyfillSupport)\b/g;
const litVersionLists = /\([A-Za-z_$][\w$]*\.(litHtmlVersions|litElementVersions|reactiveElementVersions)\?\?=\[\]\)\.push\("[^"]*"\)/g;
const litMetadataWrite = /[A-Za-z_$][\w$]*\.litPropertyMetadata\?\?=new WeakMap/g;
const litGlobalNames = /litHtmlVersions|litElementVersions|reactiveElementVersions|litPropertyMetadata|PolyfillSupport|HydrateSupport/;
const litWithoutGlobals = {
  name: 'bnlab-lit-without-globals',
  apply: 'build',
  transform(code, id) {
    if (!/[\\/]node_modules[\\/](lit-html|lit-element|@lit[\\/]reactive-element)[\\/][^\\/]+\.js$/.test(id)) return null;
    if (!litGlobalNames.test(code)) return null;
    let result = code.replace(litGlobalHooks, 'undefined').replace(litVersionLists, 'void 0');
    if (result.search(litMetadataWrite) >= 0) {
      result = `const bnlabLitPropertyMetadata = new WeakMap();\n${result.replace(litMetadataWrite, 'void 0')
        .replace(/\blitPropertyMetadata\b/g, 'bnlabLitPropertyMetadata')}`;
    }
    const left = result.replace(/bnlabLitPropertyMetadata/g, '').match(litGlobalNames);
    if (left !== null) this.error(`${id}: Lit reads or writes the global "${left[0]}" in a way this build does not know`);
    return { code: result, map: null };
  },
};

// CodeMirror's style-mod numbers the CSS class names it makes with a counter it keeps on the
// page's global object (globalThis[Symbol.for("\u037c")]), so that several copies of style-mod
// on one document never hand out the same name. The JSON editor of the experiment file view
// loads it, and in <bnlab-experiment> that would put a property on a course page's window.
// The widget's editor mounts its styles in the widget's own shadow root, where no other copy's
// classes apply, and bnlab's pages load one copy only; so the build keeps the counter in the
// module. The build fails if a style-mod release spells its global differently.
const styleModGlobal = /const top = typeof globalThis != "undefined" \? globalThis : typeof window != "undefined" \? window : \{\}/;
const styleModWithoutGlobals = {
  name: 'bnlab-style-mod-without-globals',
  apply: 'build',
  transform(code, id) {
    if (!/[\\/]node_modules[\\/]style-mod[\\/]/.test(id)) return null;
    if (!styleModGlobal.test(code)) this.error(`${id}: style-mod keeps its class counter in a way this build does not know`);
    return { code: code.replace(styleModGlobal, 'const top = {} /* bnlab: module-local, vite.config.mjs */'), map: null };
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

// The service worker (web/src/offline/service_worker_template.js): its list of the site's files
// is this build's output, the notebooks and examples, and the engine that scripts/build-web.sh
// copies in (fixed names). Its version is a digest of that list, so a new build — new hashed
// names — installs a new worker, which replaces the old store.
const engineFiles = ['engine/bnlab-engine.mjs', 'engine/bnlab-engine.wasm'];
async function filesUnder(folder) {
  const entries = await readdir(`${projectRoot}${folder}`, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile())
    .map((entry) => `${entry.parentPath.slice(projectRoot.length)}/${entry.name}`.replace(/\\/g, '/')).sort();
}
const serviceWorker = {
  name: 'bnlab-service-worker',
  apply: 'build',
  async writeBundle(options, bundle) {
    const built = Object.keys(bundle).filter((file) => !file.endsWith('.map')).sort();
    const copied = (await Promise.all(siteFolders.map(filesUnder))).flat();
    const files = ['./', ...built, ...copied, ...engineFiles];
    const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 16);
    const template = await readFile(fileURLToPath(new URL('src/offline/service_worker_template.js', import.meta.url)), 'utf8');
    const source = template.replace("'__BNLAB_VERSION__'", JSON.stringify(version)).replace('__BNLAB_SITE_FILES__', JSON.stringify(files));
    await writeFile(`${options.dir}/service-worker.js`, source);
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
  plugins: [woff2FontsOnly, litWithoutGlobals, styleModWithoutGlobals, experimentSchema, copySiteFolders, serviceWorker],
  // keepNames: the API's error classes name themselves (`this.name = new.target.name`), and the
  // page tells a ModelFileError or an EngineAbortedError from the rest by that name; minified
  // class names would all be one letter.
  worker: { format: 'es', rolldownOptions: { external: nodeOnlyModules, output: { keepNames: true } } },
  // The dev server may read the notebooks and examples at the project's root.
  server: { fs: { allow: [projectRoot] } },
  build: {
    outDir: `${projectRoot}build/site`,
    emptyOutDir: true,
    target: 'es2022',
    // KaTeX's fonts are small files; keep them files (cacheable) instead of inlined base64.
    assetsInlineLimit: 0,
    reportCompressedSize: false,
    rolldownOptions: {
      // The notebook page, the page for iframes (embed.html) and the custom element's script.
      // The element's file keeps one fixed name (no hash), the one course pages write in their
      // <script src>; it is revalidated on every load (scripts/serve.mjs), its chunks are hashed.
      input: {
        index: fileURLToPath(new URL('index.html', import.meta.url)),
        embed: fileURLToPath(new URL('embed.html', import.meta.url)),
        'bnlab-element': fileURLToPath(new URL('src/embed/bnlab_element.js', import.meta.url)),
      },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'bnlab-element' ? 'bnlab-element.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
});
