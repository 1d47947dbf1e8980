#include "module_info.hpp"

#include <malloc.h>

#include <string>

#include <emscripten/heap.h>

#include "core/scalar.hpp"

namespace bnlab::bindings {

using emscripten::val;

val build_info() {
  val info = val::object();
#ifdef __wasm_simd128__
  info.set("simd", true);
#else
  info.set("simd", false);
#endif
#ifdef __wasm_exception_handling__
  info.set("exceptions", std::string("wasm"));
#else
  info.set("exceptions", std::string("js"));
#endif
  info.set("scalar", std::string(sizeof(Scalar) == 4 ? "float" : "double"));
  return info;
}

val heap_statistics() {
  const struct mallinfo allocator = mallinfo();
  val statistics = val::object();
  statistics.set("heapBytes", static_cast<double>(emscripten_get_heap_size()));
  statistics.set("inUseBytes", static_cast<double>(allocator.uordblks));
  return statistics;
}

}  // namespace bnlab::bindings
