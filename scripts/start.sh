#!/usr/bin/env bash
# `npm start`: installs what is missing, builds the engine (WebAssembly), the datasets and the
# page, and serves the notebook on http://localhost:${PORT:-8080}. The served folder, build/site,
# is static: any static host can serve it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/node-env.sh  # after setup: it may have installed Node.js 20 into build/node
node scripts/build-data.mjs
bash scripts/build-wasm.sh
bash scripts/build-web.sh
exec node scripts/serve.mjs build/site
