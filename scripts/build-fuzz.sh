#!/usr/bin/env bash
# The hardening build in build/fuzz, with Debian's clang-14: the engine, the CLI and the native
# test suite compiled with AddressSanitizer + UndefinedBehaviorSanitizer, plus the libFuzzer
# harnesses of tests/fuzz. scripts/fuzz.sh and scripts/test-sanitizers.sh use it.
# Extra arguments go to `cmake --build` (e.g. --target fuzz_experiment).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
if ! command -v clang++-14 >/dev/null 2>&1; then
  echo "build-fuzz: clang++-14 not found (scripts/setup.sh installs clang-14 and libclang-rt-14-dev)" >&2
  exit 1
fi
# -O1: the sanitizers' usual level (fast enough to test, stack traces still readable); no
# benchmarks and no double-precision gradient checks, which add nothing under the sanitizers.
cmake -S . -B build/fuzz -DCMAKE_BUILD_TYPE=Sanitize \
  -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
  -DCMAKE_CXX_FLAGS_SANITIZE="-O1 -g" \
  -DBNLAB_SANITIZE=ON -DBNLAB_BUILD_FUZZERS=ON -DBNLAB_BUILD_BENCH=OFF -DBNLAB_BUILD_GRADIENT_CHECKS=OFF >/dev/null
cmake --build build/fuzz -j "$jobs" "$@"
