#!/usr/bin/env bash
# Builds the WebAssembly module and its JavaScript API into build/wasm (see cmake/wasm.cmake).
# Extra arguments go to the CMake configure step, e.g. -DBNLAB_WASM_SIMD=OFF; BUILD_DIR
# chooses another folder (bench/run-ioffe-comparison.sh builds build/wasm-nosimd that way).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build/wasm}
jobs=$(nproc 2>/dev/null || echo 2)
if ! command -v emcmake >/dev/null 2>&1; then
  echo "build-wasm: emcmake not found (run scripts/setup.sh to install Debian's emscripten)" >&2
  exit 1
fi
# Debian's emcc runs its JS optimizer with the system acorn module, and must not rebuild its
# prebuilt system libraries (a rebuild attempt is an error instead of a silent slow build).
export NODE_PATH=/usr/share/nodejs
export EM_FROZEN_CACHE=1
emcmake cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build "$build_dir" -j "$jobs"
# The experiment file's JSON Schema, from the engine just built (docs/EXPERIMENT_SCHEMA.md).
node scripts/write-schema.mjs "$build_dir"
