#pragma once
// Four Scalars as one SIMD value: SIMD128 in WebAssembly, an XMM register natively (the
// GCC/Clang vector extension, so one source serves both). `UnalignedLanes` reads or writes
// four Scalars at any Scalar address. Used by core/matrix_product.cpp and core/finite.cpp.
// In the double build four lanes are an AVX register, whose calling convention depends on
// compiler flags (-Wpsabi): keep them out of function parameters and return values there.

#include "core/scalar.hpp"

namespace bnlab {

typedef Scalar Lanes __attribute__((vector_size(4 * sizeof(Scalar))));
typedef Scalar UnalignedLanes __attribute__((vector_size(4 * sizeof(Scalar)), aligned(alignof(Scalar))));

}  // namespace bnlab
