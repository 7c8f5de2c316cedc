import { badRequest } from "./api-error";

/** How deep a request's JSON may nest: far beyond any real body, far below what recursive code can walk. */
export const MAX_JSON_DEPTH = 64;

/**
 * Keys that name an object's prototype machinery. `JSON.parse` makes them plain own properties, but the first spread
 * or `Object.assign` of such an object changes the prototype of its copy, and a schema drops them without a word;
 * a body holding one is refused instead, so what the caller sent is what is stored.
 */
const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/** A value still to look at: where it sits is kept as a link to its parent, so a path is built only for an error. */
type Pending = { value: unknown; depth: number; key?: string | number; parent?: Pending };

function pathOf(item: Pending, prefix: string | undefined): string | undefined {
  const keys: (string | number)[] = [];
  for (let at: Pending | undefined = item; at; at = at.parent) if (at.key !== undefined) keys.unshift(at.key);
  if (prefix) keys.unshift(prefix);
  return keys.length ? keys.join(".") : undefined;
}

/**
 * 400 when `value` (parsed JSON) nests deeper than `MAX_JSON_DEPTH` or holds a prototype key anywhere (the error names
 * its path, e.g. `metadata.__proto__`). Walks with an explicit stack: a 10,000-deep body must not overflow the call
 * stack of the very check that refuses it.
 */
export function checkJsonShape(value: unknown, prefix?: string): void {
  const stack: Pending[] = [{ value, depth: 0 }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const current = item.value;
    if (typeof current !== "object" || current === null) continue;
    if (item.depth >= MAX_JSON_DEPTH)
      throw badRequest(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`, pathOf(item, prefix));
    const depth = item.depth + 1;
    if (Array.isArray(current)) {
      for (let index = 0; index < current.length; index++)
        stack.push({ value: current[index], depth, key: index, parent: item });
      continue;
    }
    for (const key of Object.keys(current)) {
      const child: Pending = { value: (current as Record<string, unknown>)[key], depth, key, parent: item };
      if (PROTOTYPE_KEYS.has(key))
        throw badRequest(`"${key}" is not allowed as a key in a JSON body`, pathOf(child, prefix));
      stack.push(child);
    }
  }
}

/** A request's JSON text parsed and checked by `checkJsonShape`; malformed JSON is a 400 too. */
export function parseJsonBody(text: string, key?: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw badRequest(`The body is not valid JSON (${(error as Error).message})`, key);
  }
  checkJsonShape(value, key);
  return value;
}
