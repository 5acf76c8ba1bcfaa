/**
 * Encodes a JSON value with object keys sorted by UTF-16 code units and no
 * whitespace, so equal values always give equal bytes. Object members whose
 * value is `undefined` are left out, as JSON.stringify does. Strings and
 * numbers are encoded by JSON.stringify.
 *
 * @example canonicalJson({ b: 1, a: [true, null] }) // '{"a":[true,null],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return "null";

  switch (typeof value) {
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) {
        throw new TypeError(`Cannot encode the number ${value} as JSON.`);
      }
      return JSON.stringify(value);
    case "object":
      break;
    default:
      throw new TypeError(`Cannot encode a ${typeof value} as JSON.`);
  }

  if (Array.isArray(value)) {
    const items = value.map((item) =>
      item === undefined ? "null" : canonicalJson(item),
    );
    return `[${items.join(",")}]`;
  }

  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
  return `{${members.join(",")}}`;
}
