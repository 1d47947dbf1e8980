#!/usr/bin/env bash
# The speed comparison in one command: builds bnlab three ways and times the training step of
# every network in bench/networks/ (Ioffe MLP, wide MLP, MNIST CNN, playground MLP, each with
# and without BN), alternating the targets in one run, and prints a table with ratios:
#   bnlab wasm            build/wasm          (the shipped module, SIMD, in Node)
#   bnlab native sse4.2   build/bench-sse42   (-msse4.2: 128-bit SIMD like wasm, no AVX)
#   bnlab native          build/bench-native  (-march=native)
#   TensorFlow.js 4.22    bench/node_modules  (@tensorflow/tfjs-backend-wasm, SIMD, 1 thread)
# Every bnlab target times the same C++ loop (Run::step in chunks of 100 after a warm-up; see
# bench/wasm/step_timing.{cpp,mjs}); TF.js the same networks read from the same files
# (bench/tfjs/tfjs_step_timing.mjs). TF.js is installed into bench/node_modules from
# bench/package-lock.json on first use; the product and `npm test` never touch it.
#   bash bench/run-speed-comparison.sh [--rounds 3] [--networks ioffe,ioffe-nobn] [--scale 0.2]
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)

# Build output goes to a log, shown only if a build fails.
quietly() {
  local log
  log=$(mktemp)
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    exit 1
  fi
  rm -f "$log"
}

echo "building (wasm SIMD, native sse4.2, native -march=native) ..." >&2
quietly bash scripts/build-wasm.sh
for variant in "sse42:-msse4.2" "native:-march=native"; do
  folder="build/bench-${variant%%:*}"
  quietly cmake -S bench/wasm -B "$folder" -DCMAKE_BUILD_TYPE=Release "-DBNLAB_ARCH_FLAGS=${variant#*:}"
  quietly cmake --build "$folder" -j "$jobs" --target step_timing
done
if [ ! -d bench/node_modules/@tensorflow/tfjs-backend-wasm ]; then
  echo "installing TensorFlow.js into bench/node_modules (bench/package-lock.json) ..." >&2
  quietly npm ci --prefix bench --no-audit --no-fund
fi

exec node bench/compare.mjs "$@"
