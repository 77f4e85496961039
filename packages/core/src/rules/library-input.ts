/**
 * cel-js decides a value's CEL type from `value.constructor`, so a JSON object with an own
 * `constructor` key (legal profile data) would be rejected as an unsupported host object. Such
 * objects are handed to the library as Maps (which it reads by key), so profile data with any keys
 * stays plain data. Copy-on-write: objects that need no change are passed through untouched.
 */
export function toLibraryValue(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      const c = toLibraryValue(v);
      if (c !== v) (copy ??= value.slice())[i] = c;
    }
    return copy ?? value;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  let changed = Object.hasOwn(record, "constructor");
  const converted: [string, unknown][] = [];
  for (const k of keys) {
    const v = record[k];
    const c = toLibraryValue(v);
    if (c !== v) changed = true;
    converted.push([k, c]);
  }
  if (!changed) return value;
  if (Object.hasOwn(record, "constructor")) return new Map(converted);
  const copy: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [k, v] of converted)
    Object.defineProperty(copy, k, {
      value: v,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return copy;
}
