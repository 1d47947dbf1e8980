#pragma once
// How a bound call reports back to JavaScript: {ok: true, value} or
// {ok: false, kind, message, path, code, params}. bindings/js/bnlab.mjs turns a failure into a thrown Error
// subclass named by `kind`, carrying the engine's message unchanged.
//
// Why not let the exception propagate: Emscripten hands JavaScript an opaque number (or a
// WebAssembly.Exception) for a C++ exception, with no message. Catching here, inside C++, also
// means every destructor has run and the exception object is freed before control returns to
// JavaScript, so the module stays consistent and usable after any error.

#include <new>
#include <stdexcept>
#include <string>
#include <utility>

#include <emscripten/val.h>

#include "core/errors.hpp"

namespace bnlab::bindings {

inline emscripten::val succeeded(emscripten::val value) {
  emscripten::val outcome = emscripten::val::object();
  outcome.set("ok", true);
  outcome.set("value", std::move(value));
  return outcome;
}

// code and params_json: a ConfigError's code and its params as JSON text (docs/ERRORS.md).
inline emscripten::val failed(const char* kind, const std::string& message, const std::string& path,
                              const std::string& code = "", const std::string& params_json = "{}") {
  emscripten::val outcome = emscripten::val::object();
  outcome.set("ok", false);
  outcome.set("kind", std::string(kind));
  outcome.set("message", message);
  outcome.set("path", path);
  outcome.set("code", code);
  outcome.set("params", params_json);
  return outcome;
}

// Runs `action` (which returns an emscripten::val) and wraps its result or its error.
// Most specific engine errors first; std::bad_alloc is what a failed allocation throws once
// the heap has reached its maximum (ABORTING_MALLOC=0), so it is reported, not fatal.
template <typename Action>
emscripten::val guarded(Action&& action) {
  const char* kind = "EngineError";
  std::string message;
  std::string path;
  std::string code;
  std::string params = "{}";
  try {
    return succeeded(std::forward<Action>(action)());
  } catch (const ConfigError& error) {
    kind = "ConfigError";
    message = error.what();
    path = error.path();
    code = error.code();
    params = error.params().dump(-1, ' ', false, Json::error_handler_t::replace);
  } catch (const DataError& error) {
    kind = "DataError";
    message = error.what();
  } catch (const ModelFileError& error) {
    kind = "ModelFileError";
    message = error.what();
  } catch (const UsageError& error) {
    kind = "UsageError";
    message = error.what();
  } catch (const Error& error) {
    message = error.what();
  } catch (const std::bad_alloc&) {
    kind = "OutOfMemoryError";
    message = "out of memory: the engine could not allocate what this experiment needs "
              "(WebAssembly memory is limited; use fewer samples or a smaller model)";
  } catch (const std::exception& error) {
    message = error.what();
  } catch (...) {
    message = "unknown engine error";
  }
  return failed(kind, message, path, code, params);
}

}  // namespace bnlab::bindings
