import type { HttpMethod, Route } from "./route.js";

export type RouteMatch =
  | { kind: "found"; route: Route; params: Record<string, string> }
  /** The path exists but not with this method. */
  | { kind: "method-not-allowed"; allowed: HttpMethod[] }
  | { kind: "not-found" };

interface DynamicEntry {
  segments: string[];
  byMethod: Map<HttpMethod, Route>;
}

/**
 * Method + path lookup. Static paths (the hot ones: /v1/decisions, /v1/events) are one Map lookup;
 * parameterized paths are matched segment by segment, literals preferred over parameters.
 */
export class Router {
  private readonly staticRoutes = new Map<string, Map<HttpMethod, Route>>();
  private readonly dynamicRoutes: DynamicEntry[] = [];
  private readonly all: Route[] = [];

  add(route: Route): void {
    this.all.push(route);
    if (!route.path.includes("/:")) {
      const byMethod = this.staticRoutes.get(route.path) ?? new Map<HttpMethod, Route>();
      if (byMethod.has(route.method))
        throw new Error(`duplicate route ${route.method} ${route.path}`);
      byMethod.set(route.method, route);
      this.staticRoutes.set(route.path, byMethod);
      return;
    }
    const segments = route.path.split("/").slice(1);
    let entry = this.dynamicRoutes.find((e) => e.segments.join("/") === segments.join("/"));
    if (entry === undefined) {
      entry = { segments, byMethod: new Map() };
      this.dynamicRoutes.push(entry);
      // Literal segments sort before parameters so /v1/library/export never reads as /v1/:kind/:id.
      this.dynamicRoutes.sort((a, b) => specificity(b.segments) - specificity(a.segments));
    }
    if (entry.byMethod.has(route.method))
      throw new Error(`duplicate route ${route.method} ${route.path}`);
    entry.byMethod.set(route.method, route);
  }

  routes(): readonly Route[] {
    return this.all;
  }

  /** `path` is the URL path without the query string, still percent-encoded. */
  match(method: string, path: string): RouteMatch {
    const normalized = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
    const staticByMethod = this.staticRoutes.get(normalized);
    if (staticByMethod !== undefined) return pick(staticByMethod, method, {});
    const segments = normalized.split("/").slice(1);
    for (const entry of this.dynamicRoutes) {
      const params = matchSegments(entry.segments, segments);
      if (params !== undefined) return pick(entry.byMethod, method, params);
    }
    return { kind: "not-found" };
  }
}

function pick(
  byMethod: Map<HttpMethod, Route>,
  method: string,
  params: Record<string, string>,
): RouteMatch {
  const route = byMethod.get((method === "HEAD" ? "GET" : method) as HttpMethod);
  return route === undefined
    ? { kind: "method-not-allowed", allowed: [...byMethod.keys()] }
    : { kind: "found", route, params };
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | undefined {
  if (pattern.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i] as string;
    const value = actual[i] as string;
    if (expected.startsWith(":")) {
      if (value === "") return undefined;
      params[expected.slice(1)] = value; // decoded by the caller, which can report a bad encoding
    } else if (expected !== value) {
      return undefined;
    }
  }
  return params;
}

function specificity(segments: string[]): number {
  return segments.reduce((n, s, i) => n + (s.startsWith(":") ? 0 : 2 ** (segments.length - i)), 0);
}
