#!/usr/bin/env bash
# `npm test`: installs what is missing, builds, and runs every test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
node scripts/build-data.mjs
bash scripts/build-native.sh
if [ -f scripts/build-wasm.sh ]; then bash scripts/build-wasm.sh; fi
ctest --test-dir build/native --output-on-failure -j "$(nproc 2>/dev/null || echo 2)"
# WebAssembly and JavaScript API tests (node's built-in test runner).
if [ -d tests/wasm ]; then
  node --test tests/wasm/
fi
