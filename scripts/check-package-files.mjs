// `npm pack` runs this first (package.json "prepack"): the package is the JavaScript API and
// the WebAssembly engine from build/wasm (package.json "files"). Packing without them is refused
// here, instead of producing a package that cannot load.
import { existsSync, readFileSync } from 'node:fs';

const { files } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const missing = files.filter((file) => !existsSync(new URL(`../${file}`, import.meta.url)));
if (missing.length > 0) {
  console.error(`npm pack: ${missing.join(', ')} missing; build the engine first (bash scripts/build-wasm.sh)`);
  process.exit(1);
}
