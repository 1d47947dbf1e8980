// The errors the JavaScript API throws. Every engine error arrives here as an outcome
// {ok: false, kind, message, path, code, params} (bindings/outcome.hpp) and is thrown as the subclass named
// by `kind`, with the engine's message unchanged.

/** Base class of every error bnlab throws. */
export class BnlabError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * A bad experiment or model description; `path` is the field, e.g. "model.layers[3].units";
 * `code` and `params` say what was wrong in a form a page can translate (docs/ERRORS.md).
 */
export class ConfigError extends BnlabError {
  constructor(message, path = '', code = '', params = {}) {
    super(message);
    /** @type {string} */
    this.path = path;
    /** @type {string} */
    this.code = code;
    /** @type {Record<string, unknown>} */
    this.params = params;
  }
}

/** A dataset that cannot be read or does not make sense. */
export class DataError extends BnlabError {}

/** A model file that is damaged, foreign or does not fit the run's architecture. */
export class ModelFileError extends BnlabError {}

/** A call made in the wrong state or with arguments that do not fit (API misuse). */
export class UsageError extends BnlabError {}

/** The engine could not allocate what was asked; the module stays usable. */
export class OutOfMemoryError extends BnlabError {}

/**
 * The WebAssembly module aborted or trapped. Its memory can no longer be trusted, so every
 * later call throws this too; load a new engine.
 */
export class EngineAbortedError extends BnlabError {}

const errorClasses = {
  ConfigError, DataError, ModelFileError, UsageError, OutOfMemoryError, EngineError: BnlabError,
};

/**
 * The value of a successful outcome, or throws the error a failed one describes.
 * @param {{ok: boolean, value?: any, kind?: string, message?: string, path?: string, code?: string, params?: string}} outcome
 */
export function unwrap(outcome) {
  if (outcome.ok) return outcome.value;
  if (outcome.kind === 'ConfigError') {
    throw new ConfigError(outcome.message, outcome.path, outcome.code, JSON.parse(outcome.params));
  }
  const ErrorClass = errorClasses[outcome.kind] ?? BnlabError;
  throw new ErrorClass(outcome.message);
}
