#!/usr/bin/env bash
# Runs the libFuzzer harnesses of tests/fuzz (built by scripts/build-fuzz.sh).
#   bash scripts/fuzz.sh smoke          every regression input once, then each harness for a
#                                       fixed number of runs with a fixed seed (npm test)
#   bash scripts/fuzz.sh long [SECONDS] each harness for SECONDS (default 300) of real fuzzing;
#                                       new interesting inputs go to build/fuzz/corpus/<harness>
# A crash leaves its input in build/fuzz/artifacts/ and makes the script fail: add that input
# to tests/fuzz/regressions/<harness>/ once it is fixed (tests/fuzz/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-smoke}
seconds=${2:-300}
smoke_runs=${BNLAB_FUZZ_SMOKE_RUNS:-10000}
harnesses=(experiment model_file idx command_line)
mkdir -p build/fuzz/artifacts
# Leaks are real findings too; ASan's default options otherwise.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# An empty or missing folder (git keeps no empty folders) is an empty list, not an error.
shopt -s nullglob
for harness in "${harnesses[@]}"; do
  binary=build/fuzz/fuzz_$harness
  [ -x "$binary" ] || { echo "fuzz: $binary is missing (run bash scripts/build-fuzz.sh)" >&2; exit 1; }
  seeds=tests/fuzz/corpus/$harness
  regressions=tests/fuzz/regressions/$harness
  dictionary=()
  [ -f "tests/fuzz/$harness.dict" ] && dictionary=(-dict="tests/fuzz/$harness.dict")
  regression_inputs=("$regressions"/*)
  seed_folders=()
  [ -d "$seeds" ] && seed_folders=("$seeds")
  # Every input that ever crashed, run once each (a file argument is executed, not fuzzed).
  if [ ${#regression_inputs[@]} -gt 0 ]; then
    "$binary" -artifact_prefix=build/fuzz/artifacts/"$harness"- "${regression_inputs[@]}" 2>build/fuzz/"$harness"-regressions.log ||
      { cat build/fuzz/"$harness"-regressions.log >&2; echo "fuzz: a regression input of $harness fails" >&2; exit 1; }
  fi
  if [ "$mode" = smoke ]; then
    # New inputs go to a scratch folder (the first folder argument), never into the repository.
    scratch=$(mktemp -d)
    "$binary" -runs="$smoke_runs" -seed=1 -max_len=4096 "${dictionary[@]}" \
      -artifact_prefix=build/fuzz/artifacts/"$harness"- "$scratch" "${seed_folders[@]}" 2>build/fuzz/"$harness"-smoke.log ||
      { tail -40 build/fuzz/"$harness"-smoke.log >&2; rm -rf "$scratch"; echo "fuzz: $harness found a crash" >&2; exit 1; }
    rm -rf "$scratch"
    echo "fuzz: $harness: ${#regression_inputs[@]} regression inputs, $smoke_runs runs (seed 1): no finding" >&2
  else
    corpus=build/fuzz/corpus/$harness
    mkdir -p "$corpus"
    "$binary" -max_total_time="$seconds" -max_len=65536 "${dictionary[@]}" \
      -artifact_prefix=build/fuzz/artifacts/"$harness"- "$corpus" "${seed_folders[@]}"
  fi
done
