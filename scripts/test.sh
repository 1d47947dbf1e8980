#!/usr/bin/env bash
# `npm test`: installs what is missing, builds, and runs every test suite: native (CTest),
# WebAssembly and the JavaScript API (node's test runner), and the page in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/node-env.sh  # after setup: it may have installed Node.js 20 into build/node
node scripts/build-data.mjs
bash scripts/build-native.sh
bash scripts/build-wasm.sh
ctest --test-dir build/native --output-on-failure -j "$(nproc 2>/dev/null || echo 2)"
# Fuzzing smoke test: every input that ever crashed, then a fixed number of runs per harness
# with a fixed seed (scripts/fuzz.sh long fuzzes for minutes). In CI also the whole native
# suite under ASan + UBSan, from the same build (build/fuzz).
bash scripts/build-fuzz.sh --target fuzz_experiment fuzz_model_file fuzz_idx fuzz_command_line
bash scripts/fuzz.sh smoke
if [ "${CI:-}" = true ]; then
  bash scripts/test-sanitizers.sh
fi
node --test tests/wasm/
# The JavaScript API's TypeScript types, against a typed usage example.
node node_modules/typescript/bin/tsc -p tests/types/tsconfig.json
# The page in Debian's Chromium (headless): build the site, then the browser tests, one file at
# a time — each starts Chromium and two training workers, and parallel files on two cores
# would only slow each other down. (The page's timings are a benchmark: bench/page/.)
bash scripts/build-web.sh
node --test --test-concurrency=1 tests/browser/
