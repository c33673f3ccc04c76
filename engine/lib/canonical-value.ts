/**
 * The canonical text of one value: JSON for strings, finite numbers, booleans
 * and null; objects with their keys sorted; anything JSON cannot hold
 * (undefined, NaN, ±Infinity) spelled out unquoted, so it never equals a
 * JSON value.
 */
export function canonicalValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : `#${String(value)}`;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) return `[${value.map(canonicalValue).join(',')}]`;
      const object = value as Record<string, unknown>;
      return `{${Object.keys(object).sort().map((k) => `${JSON.stringify(k)}:${canonicalValue(object[k])}`).join(',')}}`;
    }
    default:
      return `#${typeof value}`;
  }
}
