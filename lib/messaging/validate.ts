/**
 * Small checks of a message's request, run before its handler: each says what is wrong (a path and why) or
 * null. Requests come from other contexts as JSON; a handler may then trust the shape it declares.
 */
export type Check = (value: unknown, path: string) => string | null;

const MAX_ID_LENGTH = 200;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** A string of at most `max` characters (`min` at least). */
export function text(max: number, min = 0): Check {
  return (value, path) =>
    typeof value === 'string' && value.length >= min && value.length <= max ? null : `${path} must be a string of ${min} to ${max} characters`;
}

/** An id made by a client or the store: a non-empty string, not too long. */
export const id: Check = text(MAX_ID_LENGTH, 1);

export const finite: Check = (value, path) => (typeof value === 'number' && Number.isFinite(value) ? null : `${path} must be a finite number`);

export const integer: Check = (value, path) => (Number.isSafeInteger(value) ? null : `${path} must be an integer`);

export const positive: Check = (value, path) => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? null : `${path} must be a positive number`);

export const boolean: Check = (value, path) => (typeof value === 'boolean' ? null : `${path} must be true or false`);

/** One of the values given (strings, numbers, booleans). */
export function oneOf(values: readonly (string | number | boolean)[]): Check {
  return (value, path) => (values.includes(value as never) ? null : `${path} must be one of ${values.map(String).join(', ')}`);
}

export function nullable(check: Check): Check {
  return (value, path) => (value === null ? null : check(value, path));
}

/** A field that may be left out (undefined); null is not absent. */
export function optional(check: Check): Check {
  return (value, path) => (value === undefined ? null : check(value, path));
}

export function arrayOf(check: Check, max: number): Check {
  return (value, path) => {
    if (!Array.isArray(value)) return `${path} must be a list`;
    if (value.length > max) return `${path} must have at most ${max} items`;
    for (const [index, item] of value.entries()) {
      const problem = check(item, `${path}[${index}]`);
      if (problem) return problem;
    }
    return null;
  };
}

/**
 * A plain object with these fields. Fields it does not name are refused, so nothing a handler spreads into a
 * record can ride along, unless `open` says the object may carry more (a page event's own fields).
 */
export function object(fields: Record<string, Check>, { open = false }: { open?: boolean } = {}): Check {
  return (value, path) => {
    if (!isPlainObject(value)) return `${path} must be an object`;
    if (!open) {
      const extra = Object.keys(value).find((key) => !Object.hasOwn(fields, key));
      if (extra) return `${path}.${extra} is not expected`;
    }
    for (const [key, check] of Object.entries(fields)) {
      const problem = check(value[key], `${path}.${key}`);
      if (problem) return problem;
    }
    return null;
  };
}

/** An empty request (`{}`). */
export const empty: Check = object({});

/** A union discriminated by one field: the check of the variant its value names. */
export function variants(field: string, byValue: Record<string, Check>): Check {
  return (value, path) => {
    if (!isPlainObject(value)) return `${path} must be an object`;
    const tag = value[field];
    const check = typeof tag === 'string' && Object.hasOwn(byValue, tag) ? byValue[tag] : undefined;
    return check ? check(value, path) : `${path}.${field} must be one of ${Object.keys(byValue).join(', ')}`;
  };
}

/** The first check that passes, else the first one's complaint. */
export function either(...checks: Check[]): Check {
  return (value, path) => {
    const problems = checks.map((check) => check(value, path));
    return problems.includes(null) ? null : (problems[0] ?? `${path} is not valid`);
  };
}
