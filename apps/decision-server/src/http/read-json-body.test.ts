import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OfferkitError } from "@offerkit/core";
import { MAX_JSON_DEPTH, readJsonBody } from "./read-json-body.js";

// A real HTTP server: the reader works on node's IncomingMessage stream.
let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    readJsonBody(req, 1000).then(
      (value) => res.end(JSON.stringify({ ok: true, value: value ?? null })),
      (error: unknown) => {
        const e = OfferkitError.fromUnknown(error);
        res.end(JSON.stringify({ ok: false, code: e.code, issues: e.issues }));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function post(
  body: string | Uint8Array,
  contentType = "application/json",
): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method: "POST",
    body,
    headers: { "content-type": contentType },
  });
  return (await response.json()) as Record<string, unknown>;
}

describe("readJsonBody", () => {
  it("parses JSON, accepts +json media types with parameters, and reads an empty body as undefined", async () => {
    expect(await post('{"a":[1,"x"]}')).toEqual({ ok: true, value: { a: [1, "x"] } });
    expect(await post("[1]", "application/merge-patch+json; charset=utf-8")).toEqual({
      ok: true,
      value: [1],
    });
    expect(await post("")).toEqual({ ok: true, value: null });
  });

  it("refuses other content types, malformed JSON and invalid UTF-8, naming where", async () => {
    expect(await post("{}", "text/plain")).toMatchObject({
      code: "BAD_REQUEST",
      issues: [{ path: ["headers", "content-type"] }],
    });
    expect(await post('{"a":')).toMatchObject({ code: "BAD_REQUEST", issues: [{ path: [] }] });
    expect(await post(new Uint8Array([0x7b, 0xff, 0x7d]))).toMatchObject({
      code: "BAD_REQUEST",
      issues: [{ message: "body is not valid UTF-8" }],
    });
  });

  it("refuses bodies over the limit with PAYLOAD_TOO_LARGE", async () => {
    expect(await post(JSON.stringify({ a: "x".repeat(2000) }))).toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
    });
  });

  it("refuses deep nesting, __proto__ keys and NUL characters at their path", async () => {
    const deep = "[".repeat(MAX_JSON_DEPTH + 1) + "]".repeat(MAX_JSON_DEPTH + 1);
    expect(await post(deep)).toMatchObject({ code: "BAD_REQUEST" });
    expect(((await post(deep)).issues as { path: unknown[] }[])[0]!.path).toHaveLength(
      MAX_JSON_DEPTH,
    );
    expect(await post('{"a":{"__proto__":{"admin":true}}}')).toMatchObject({
      issues: [{ path: ["a", "__proto__"], message: "forbidden key" }],
    });
    expect(await post('{"a":["ok","b\\u0000c"]}')).toMatchObject({ issues: [{ path: ["a", 1] }] });
    expect(await post('{"k\\u0000":1}')).toMatchObject({ issues: [{ path: ["k\u0000"] }] });
  });
});
