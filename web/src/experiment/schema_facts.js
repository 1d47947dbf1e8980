// Reads what the form needs from the engine's JSON Schema of the experiment file
// (build/wasm/experiment.schema.json, generated from the engine's C++ tables): the choices of
// a field, its bounds and its default. The page keeps no copy of these: with no schema (an
// engine built before it existed) a choice field is a text field and the engine still checks
// every value.

import { parsePath } from './json_path.js';

function resolve(schema, node, seen = new Set()) {
  if (node === null || typeof node !== 'object') return null;
  if (typeof node.$ref === 'string' && node.$ref.startsWith('#/')) {
    if (seen.has(node.$ref)) return null;
    seen.add(node.$ref);
    const target = node.$ref.slice(2).split('/').reduce((value, key) => value?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], schema);
    const { $ref, ...rest } = node;
    return { ...resolve(schema, target, seen), ...rest };
  }
  return node;
}

/** Every schema node reachable through oneOf / anyOf / allOf from `node` (itself included). */
function branches(schema, node, depth = 0) {
  const resolved = resolve(schema, node);
  if (resolved === null || depth > 8) return [];
  const nested = ['oneOf', 'anyOf', 'allOf'].flatMap((key) => (Array.isArray(resolved[key]) ? resolved[key] : []))
    .flatMap((child) => branches(schema, child, depth + 1));
  return [resolved, ...nested];
}

/** The schema nodes that describe the value at `path` ("training.batch_size", "model.layers[0].type"). */
export function schemaNodesAt(schema, path) {
  if (schema === null || typeof schema !== 'object') return [];
  const segments = parsePath(path) ?? [];
  let nodes = branches(schema, schema);
  for (const segment of segments) {
    nodes = nodes.flatMap((node) => {
      if (typeof segment === 'number') {
        const items = node.items ?? (Array.isArray(node.prefixItems) ? node.prefixItems[segment] : undefined);
        return items === undefined ? [] : branches(schema, items);
      }
      const child = node.properties?.[segment];
      return child === undefined ? [] : branches(schema, child);
    });
  }
  return nodes;
}

/** The values a field may take (enum / const over every branch), or null when it is not a choice. */
export function choicesAt(schema, path) {
  const values = [];
  for (const node of schemaNodesAt(schema, path)) {
    if (Array.isArray(node.enum)) values.push(...node.enum);
    if ('const' in node) values.push(node.const);
  }
  const strings = [...new Set(values.filter((value) => typeof value === 'string'))];
  return strings.length > 0 ? strings : null;
}

/** {minimum, maximum, exclusiveMinimum, exclusiveMaximum, default} of a numeric field (what is known). */
export function boundsAt(schema, path) {
  const bounds = {};
  for (const node of schemaNodesAt(schema, path)) {
    for (const key of ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'default']) {
      if (typeof node[key] === 'number' && !(key in bounds)) bounds[key] = node[key];
    }
  }
  return bounds;
}
