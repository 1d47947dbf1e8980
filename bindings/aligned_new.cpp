// Every C++ allocation of the WebAssembly module starts on a 16-byte boundary, as glibc's
// malloc does on x86-64 (Emscripten's malloc only guarantees 8).
//
// Why: Eigen's vectorized loops (reductions such as a bias gradient's column sums) handle the
// first elements before the first 16-byte boundary separately, so the order in which they add
// numbers depends on where a buffer happens to start. With 8-byte alignment that varies with
// the allocation history, and the same experiment could give different last bits depending on
// what ran before it in the module — breaking "same seed, same numbers". 16-byte alignment
// makes the order fixed, and the same as in the native build.

#include <cstdlib>
#include <new>

namespace {

constexpr std::size_t allocation_alignment = 16;

}  // namespace

void* operator new(std::size_t size) {
  // aligned_alloc wants a multiple of the alignment; 0 bytes still needs a unique pointer.
  const std::size_t rounded = (size + allocation_alignment - 1) / allocation_alignment * allocation_alignment;
  while (true) {
    if (void* memory = std::aligned_alloc(allocation_alignment, rounded == 0 ? allocation_alignment : rounded)) {
      return memory;
    }
    const std::new_handler handler = std::get_new_handler();
    if (handler == nullptr) throw std::bad_alloc();
    handler();
  }
}

// The library's other forms (new[], nothrow) call the one above; memory from aligned_alloc is
// released with free(), which is what the library's operator delete does.
