# The WebAssembly build (configured with `emcmake cmake`; see scripts/build-wasm.sh).
# Included by CMakeLists.txt under EMSCRIPTEN. Defines:
#   bnlab_dependencies        the header-only libraries, as the native build has them
#   bnlab_add_wasm_module()   the Embind module: build/wasm/bnlab-engine.{mjs,wasm} plus the
#                             JavaScript API (bindings/js) copied next to it, so the folder is
#                             self-contained for Node, the web page and the widgets.

option(BNLAB_WASM_SIMD "compile with WebAssembly SIMD (-msimd128)" ON)
# "wasm": native WebAssembly exception handling (zero cost until something throws; all current
# browsers and Node >= 17). "js": Emscripten's JavaScript-based emulation (any engine, slower:
# calls that may throw go through JavaScript trampolines).
set(BNLAB_WASM_EXCEPTIONS "wasm" CACHE STRING "exception handling: wasm or js")
set(BNLAB_WASM_MAXIMUM_MEMORY "1GB" CACHE STRING "largest the wasm heap may grow to")
# Eigen has no WebAssembly SIMD backend: with -msimd128 alone its matrix products run the
# scalar kernel (packet size 1) auto-vectorized. Its hand-written SSE kernels, which
# Emscripten's SSE headers translate to SIMD128 instructions, make the Ioffe training step
# ~20% faster here. Needs -msimd128.
option(BNLAB_WASM_EIGEN_SSE "let Eigen use its SSE kernels, mapped to WebAssembly SIMD" ON)

# em++ searches only its own sysroot, not /usr/include. Eigen's folder holds nothing else, so
# it can go on the path as is; xtensor, xtl and nlohmann get a build-local folder of links so
# that no other Debian header can shadow Emscripten's libc.
set(bnlab_wasm_include_dir ${CMAKE_BINARY_DIR}/system-include)
file(MAKE_DIRECTORY ${bnlab_wasm_include_dir})
foreach(library xtensor xtl nlohmann)
  if(NOT EXISTS /usr/include/${library})
    message(FATAL_ERROR "/usr/include/${library} is missing (run scripts/setup.sh)")
  endif()
  file(CREATE_LINK /usr/include/${library} ${bnlab_wasm_include_dir}/${library} SYMBOLIC)
endforeach()

if(BNLAB_WASM_EXCEPTIONS STREQUAL "wasm")
  set(bnlab_wasm_exception_flags -fwasm-exceptions)
elseif(BNLAB_WASM_EXCEPTIONS STREQUAL "js")
  set(bnlab_wasm_exception_flags -fexceptions)
else()
  message(FATAL_ERROR "BNLAB_WASM_EXCEPTIONS must be wasm or js, got ${BNLAB_WASM_EXCEPTIONS}")
endif()

add_library(bnlab_dependencies INTERFACE)
target_include_directories(bnlab_dependencies SYSTEM INTERFACE /usr/include/eigen3 ${bnlab_wasm_include_dir})
# Engine errors are C++ exceptions; Emscripten disables catching them unless asked. The flag
# must be the same for every object file and the link.
target_compile_options(bnlab_dependencies INTERFACE ${bnlab_wasm_exception_flags})
target_link_options(bnlab_dependencies INTERFACE ${bnlab_wasm_exception_flags})
if(BNLAB_WASM_SIMD)
  target_compile_options(bnlab_dependencies INTERFACE -msimd128)
  target_link_options(bnlab_dependencies INTERFACE -msimd128)
  if(BNLAB_WASM_EIGEN_SSE)
    # Three workarounds for Eigen 3.4 + clang 14 (Emscripten 3.1.6):
    # 1. Eigen includes <mmintrin.h>, which only exists for x86 (MMX); an empty stub stands in.
    # 2. clang reports itself as GCC 4.2, for which Eigen's SSE code uses x86 inline assembly
    #    (minps); as GCC 10 it uses intrinsics, which Emscripten provides.
    # 3. As GCC >= 6, Eigen's matrix-product kernel pins registers with empty asm statements
    #    ("+x" constraints) that cannot exist in WebAssembly. They only steer x86 register
    #    allocation, so eigen_without_asm.hpp includes Eigen once with __asm__ defined away.
    file(CONFIGURE OUTPUT ${bnlab_wasm_include_dir}/mmintrin.h CONTENT
         "// Stub: Eigen includes <mmintrin.h>; MMX does not exist in WebAssembly (cmake/wasm.cmake).\n")
    file(CONFIGURE OUTPUT ${bnlab_wasm_include_dir}/eigen_without_asm.hpp CONTENT
         "// Forced include of the WebAssembly build (cmake/wasm.cmake, workaround 3).\n#pragma once\n#define __asm__(...)\n#include <Eigen/Core>\n#undef __asm__\n")
    # Eigen sizes its matrix-product kernel for 8 vector registers on unknown architectures;
    # V8 gives WebAssembly SIMD the 16 XMM registers of x86-64 (32 on ARM64), and the larger
    # kernel is ~15% faster here.
    target_compile_options(bnlab_dependencies INTERFACE -msse4.1 -fgnuc-version=10.0
                           -DEIGEN_ARCH_DEFAULT_NUMBER_OF_REGISTERS=16
                           "SHELL:-include ${bnlab_wasm_include_dir}/eigen_without_asm.hpp")
  endif()
endif()

function(bnlab_add_wasm_module)
  file(GLOB binding_sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/bindings/*.cpp)
  add_executable(bnlab_wasm ${binding_sources})
  target_link_libraries(bnlab_wasm PRIVATE bnlab_engine)
  target_compile_options(bnlab_wasm PRIVATE -Wall -Wextra)
  set_target_properties(bnlab_wasm PROPERTIES OUTPUT_NAME bnlab-engine SUFFIX ".mjs"
                        RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR})
  target_link_options(bnlab_wasm PRIVATE
    --bind
    -O3
    # An ES module exporting a factory; in browsers and module workers it loads as is. No
    # "node" environment: Emscripten 3.1.6's Node code uses __dirname, which ES modules lack;
    # in Node the JavaScript API passes the .wasm bytes instead (bindings/js/bnlab.mjs).
    -sMODULARIZE=1
    -sEXPORT_ES6=1
    -sEXPORT_NAME=createBnlabModule
    -sENVIRONMENT=web,worker
    -sALLOW_MEMORY_GROWTH=1
    -sINITIAL_MEMORY=32MB
    -sMAXIMUM_MEMORY=${BNLAB_WASM_MAXIMUM_MEMORY}
    # A failed allocation throws std::bad_alloc (reported to JavaScript) instead of aborting.
    -sABORTING_MALLOC=0
    # Dataset files (IDX) are written into the in-memory file system from JavaScript.
    -sFORCE_FILESYSTEM=1
    "-sEXPORTED_RUNTIME_METHODS=['FS']")

  # The JavaScript API, copied next to the module it loads.
  file(GLOB api_sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/bindings/js/*.mjs
       ${PROJECT_SOURCE_DIR}/bindings/js/*.d.ts)
  set(api_outputs "")
  foreach(source ${api_sources})
    get_filename_component(name ${source} NAME)
    set(output ${CMAKE_BINARY_DIR}/${name})
    add_custom_command(OUTPUT ${output} DEPENDS ${source}
                       COMMAND ${CMAKE_COMMAND} -E copy ${source} ${output} VERBATIM)
    list(APPEND api_outputs ${output})
  endforeach()
  add_custom_target(bnlab_js_api ALL DEPENDS ${api_outputs})
endfunction()

# bench/wasm/step_parts.cpp for Node (build/wasm/step_parts.cjs: CommonJS, as Emscripten writes it; not built by default:
# `cmake --build build/wasm --target step_parts`): the training step timed part by part in
# WebAssembly, with the engine compiled exactly as for the module. NODERAWFS lets it read
# the experiment file from the real file system.
function(bnlab_add_wasm_step_parts)
  add_executable(step_parts EXCLUDE_FROM_ALL ${PROJECT_SOURCE_DIR}/bench/wasm/step_parts.cpp)
  target_link_libraries(step_parts PRIVATE bnlab_engine)
  set_target_properties(step_parts PROPERTIES SUFFIX ".cjs" RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR})
  target_link_options(step_parts PRIVATE -O3 -sENVIRONMENT=node -sNODERAWFS=1
                      -sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=32MB
                      # Node 20 has fetch(), which Emscripten 3.1.6 would use on a file path.
                      -sWASM_ASYNC_COMPILATION=0)
endfunction()

# bench/wasm/matrix_product_timing.cpp for Node (build/wasm/matrix_product_timing.cjs; not built by
# default: `cmake --build build/wasm --target matrix_product_timing`): Eigen's products against
# the engine's kernel, compiled exactly as for the module.
function(bnlab_add_wasm_matrix_product_timing)
  add_executable(matrix_product_timing EXCLUDE_FROM_ALL ${PROJECT_SOURCE_DIR}/bench/wasm/matrix_product_timing.cpp)
  target_link_libraries(matrix_product_timing PRIVATE bnlab_engine)
  set_target_properties(matrix_product_timing PROPERTIES SUFFIX ".cjs" RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR})
  target_link_options(matrix_product_timing PRIVATE -O3 -sENVIRONMENT=node -sALLOW_MEMORY_GROWTH=1
                      -sINITIAL_MEMORY=32MB -sWASM_ASYNC_COMPILATION=0)
endfunction()
