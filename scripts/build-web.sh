#!/usr/bin/env bash
# Builds the notebook page into build/site: a static folder any static host can serve.
#   build/site/index.html, assets/   the page (Vite: web/ -> bundled, hashed, minified)
#   build/site/engine/               the WebAssembly engine (from scripts/build-wasm.sh), its
#                                    JavaScript glue minified (scripts/minify-engine-glue.mjs)
#   build/site/data/                 the page's datasets, gzip (from scripts/build-data.mjs)
# Everything the page loads comes from this folder; nothing from another origin.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node-env.sh
site=build/site
for needed in build/wasm/bnlab-engine.mjs build/wasm/bnlab-engine.wasm build/wasm/bnlab.mjs build/data/site/mnist; do
  if [ ! -e "$needed" ]; then
    echo "build-web: $needed is missing (run bash scripts/build-wasm.sh and node scripts/build-data.mjs first)" >&2
    exit 1
  fi
done
# BNLAB_VITE_ARGS: extra flags, e.g. "--minify false" for readable names in a profile
# (bench/page/page_profile.mjs).
node node_modules/vite/bin/vite.js build --config web/vite.config.mjs --logLevel warn ${BNLAB_VITE_ARGS:-}
mkdir -p "$site/engine" "$site/data"
cp build/wasm/bnlab-engine.wasm "$site/engine/"
# The page gets the glue minified (local names mangled; see the script).
node scripts/minify-engine-glue.mjs build/wasm/bnlab-engine.mjs "$site/engine/bnlab-engine.mjs"
cp -R build/data/site/. "$site/data/"
echo "build-web: $site is ready" >&2
