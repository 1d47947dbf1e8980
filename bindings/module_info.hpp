#pragma once
// Facts about the loaded module that callers and tests check: how it was built, and how much
// of its memory is in use (leak checks across many create/delete cycles).

#include <emscripten/val.h>

namespace bnlab::bindings {

// {simd: boolean, exceptions: "wasm" | "js", scalar: "float" | "double"}
emscripten::val build_info();

// {heapBytes, inUseBytes}: the size of the wasm memory (it only grows) and the bytes malloc
// has handed out and not yet taken back.
emscripten::val heap_statistics();

}  // namespace bnlab::bindings
