/** Copy of a record without its `version`, which the store keeps separately. */
export function withoutVersion<T extends { version?: string }>(
  record: T,
): Omit<T, "version"> {
  const copy = { ...record };
  delete copy.version;
  return copy;
}
