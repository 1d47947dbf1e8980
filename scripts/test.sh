#!/usr/bin/env bash
# `npm test`: installs what is missing, builds, and runs every test suite: native (CTest),
# WebAssembly and the JavaScript API (node's test runner), and the page in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
node scripts/build-data.mjs
bash scripts/build-native.sh
bash scripts/build-wasm.sh
ctest --test-dir build/native --output-on-failure -j "$(nproc 2>/dev/null || echo 2)"
node --test tests/wasm/
# The JavaScript API's TypeScript types, against a typed usage example.
node node_modules/typescript/bin/tsc -p tests/types/tsconfig.json
# The page in Debian's Chromium (headless): build the site, then the browser tests, one file at
# a time — they measure the page thread's responsiveness while two workers train, which
# parallel test files on the same cores would distort.
bash scripts/build-web.sh
node --test --test-concurrency=1 tests/browser/
