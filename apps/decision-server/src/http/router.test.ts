import { describe, expect, it } from "vitest";
import { defineRoute, type HttpMethod } from "./route.js";
import { Router } from "./router.js";

function route(method: HttpMethod, path: string) {
  return defineRoute({
    method,
    path,
    operationId: `${method} ${path}`,
    summary: "",
    tag: "t",
    scope: "public",
    responses: {},
    handle: () => ({}),
  });
}

describe("Router", () => {
  const router = new Router();
  for (const [m, p] of [
    ["POST", "/v1/decisions"],
    ["GET", "/v1/offers"],
    ["POST", "/v1/offers"],
    ["GET", "/v1/offers/:id"],
    ["PUT", "/v1/offers/:id"],
    ["POST", "/v1/offers/:id/approve"],
    ["GET", "/v1/library/export"],
  ] as [HttpMethod, string][]) {
    router.add(route(m, p));
  }

  it("finds static and parameterized routes with their raw parameters", () => {
    const decide = router.match("POST", "/v1/decisions");
    expect(decide.kind === "found" && decide.route.path).toBe("/v1/decisions");
    const get = router.match("GET", "/v1/offers/a%20b");
    expect(get).toMatchObject({ kind: "found", params: { id: "a%20b" } });
    const approve = router.match("POST", "/v1/offers/x/approve");
    expect(approve).toMatchObject({ kind: "found", params: { id: "x" } });
  });

  it("tolerates one trailing slash and serves HEAD with the GET route", () => {
    expect(router.match("GET", "/v1/offers/").kind).toBe("found");
    expect(router.match("HEAD", "/v1/library/export").kind).toBe("found");
  });

  it("tells a wrong method from an unknown path", () => {
    expect(router.match("DELETE", "/v1/offers/x")).toEqual({
      kind: "method-not-allowed",
      allowed: ["GET", "PUT"],
    });
    expect(router.match("GET", "/v1/nothing")).toEqual({ kind: "not-found" });
    expect(router.match("GET", "/v1/offers/x/approve/extra")).toEqual({ kind: "not-found" });
    expect(router.match("GET", "/v1/offers//")).toEqual({ kind: "not-found" });
  });

  it("refuses a duplicate route", () => {
    expect(() => router.add(route("GET", "/v1/offers/:id"))).toThrow(/duplicate/);
  });
});
