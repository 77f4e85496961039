/** Query parameters as strings; a repeated parameter becomes an array so schemas can refuse it by path. */
export function parseQueryString(search: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  if (search === "") return query;
  for (const [key, value] of new URLSearchParams(search)) {
    if (key === "__proto__") continue;
    const previous = query[key];
    query[key] =
      previous === undefined
        ? value
        : Array.isArray(previous)
          ? [...previous, value]
          : [previous, value];
  }
  return query;
}
