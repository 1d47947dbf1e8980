// How deeply arrays and objects nest in a value the page got from JSON.parse (a typed
// experiment, a link's value). The engine refuses more than 64 levels with a named problem
// (max_json_depth in engine/experiment/json_reader.hpp); the page's own walks over an
// experiment (structuredClone, JSON.stringify, deepEqual, the form) recurse, so a value that
// deep is never made part of an experiment: the text goes to the engine instead, or the link's
// value is ignored with a notice.

/** The engine's limit on arrays and objects inside each other. */
export const maximumJsonDepth = 64;

/** Whether arrays and objects nest more than `limit` levels; without recursion, for any depth. */
export function nestsDeeperThan(value, limit = maximumJsonDepth) {
  if (value === null || typeof value !== 'object') return false;
  const pending = [[value, 1]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop();
    if (depth > limit) return true;
    for (const child of Object.values(current)) {
      if (child !== null && typeof child === 'object') pending.push([child, depth + 1]);
    }
  }
  return false;
}
