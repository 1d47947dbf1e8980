#!/usr/bin/env bash
# Times the training step of the Ioffe & Szegedy MLP (784-100-100-100-10, dense -> batchnorm
# -> sigmoid, batch 60; bench/wasm/ioffe-mlp.json) in one run, four ways:
#   wasm SIMD       build/wasm         (the shipped module, in Node)
#   wasm scalar     build/wasm-nosimd  (-DBNLAB_WASM_SIMD=OFF)
#   native sse4.2   build/bench-sse42  (-msse4.2: 128-bit SIMD like wasm, no AVX)
#   native          build/bench-native (-march=native)
# and prints ms/step and the ratios. Every variant times the same C++ loop (Run::step in
# chunks of 100 after a warm-up); see bench/wasm/ioffe_step_timing.{cpp,mjs}.
#   bash bench/run-ioffe-comparison.sh [--steps 2000] [--rounds 3]
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

echo "building (wasm SIMD, wasm scalar, native sse4.2, native -march=native) ..." >&2
quietly bash scripts/build-wasm.sh
BUILD_DIR=build/wasm-nosimd quietly bash scripts/build-wasm.sh -DBNLAB_WASM_SIMD=OFF
for variant in "sse42:-msse4.2" "native:-march=native"; do
  folder="build/bench-${variant%%:*}"
  quietly cmake -S bench/wasm -B "$folder" -DCMAKE_BUILD_TYPE=Release "-DBNLAB_ARCH_FLAGS=${variant#*:}"
  quietly cmake --build "$folder" -j "$jobs" --target ioffe_step_timing
done

exec node bench/wasm/compare_timings.mjs "$@"
