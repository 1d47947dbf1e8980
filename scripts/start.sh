#!/usr/bin/env bash
# `npm start`: installs what is missing, builds, and serves the notebook on
# http://localhost:${PORT:-8080}.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
node scripts/build-data.mjs
bash scripts/build-native.sh
exec node scripts/serve.mjs web
