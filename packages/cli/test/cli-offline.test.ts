/** Commands that need no store: validate, simulate and decide-batch on a library file or the demo. */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { retailDemoLibrary, retailDemoProfiles } from "@offerkit/core/demo";
import { runCli } from "../src/run-cli.js";
import { captureIo } from "./capture-io.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "offerkit-cli-"));
  await writeFile(join(dir, "demo.json"), JSON.stringify(retailDemoLibrary));
  const broken = structuredClone(retailDemoLibrary) as {
    offers: { caps?: { limit: number }[] }[];
    decisions: { fallbackOfferId: string }[];
  };
  broken.decisions[0]!.fallbackOfferId = "no-such-offer";
  await writeFile(join(dir, "broken.json"), JSON.stringify(broken));
  await writeFile(join(dir, "ana.json"), JSON.stringify(retailDemoProfiles[0]));
  await writeFile(
    join(dir, "context.json"),
    JSON.stringify({ channel: "web", month: 11, cartValue: 64 }),
  );
  const lines = Array.from({ length: 60 }, (_, i) =>
    JSON.stringify({ ...retailDemoProfiles[i % 3], id: `batch-${i}` }),
  );
  lines.splice(10, 0, "{not json", "");
  await writeFile(join(dir, "profiles.jsonl"), `${lines.join("\n")}\n`);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("offerkit library validate", () => {
  it("accepts a valid bundle and summarizes it", async () => {
    const io = captureIo(dir);
    expect(await runCli(["library", "validate", "demo.json"], io)).toBe(0);
    expect(io.out()).toMatch(/demo\.json is valid: \d+ offers, 6 placements/);
  });

  it("lists every problem with its path and exits 1", async () => {
    const io = captureIo(dir);
    expect(await runCli(["library", "validate", "broken.json"], io)).toBe(1);
    expect(io.err()).toContain("INVALID_LIBRARY");
    expect(io.err()).toMatch(/decisions\[0\]\.fallbackOfferId: .+/);
  });

  it("reports a missing file and usage errors", async () => {
    const missing = captureIo(dir);
    expect(await runCli(["library", "validate", "nope.json"], missing)).toBe(1);
    expect(missing.err()).toContain("cannot read nope.json");
    const usage = captureIo(dir);
    expect(await runCli(["library", "validate"], usage)).toBe(2);
    expect(usage.err()).toContain("offerkit library validate <bundle.json>");
    expect(await runCli(["library", "frobnicate"], captureIo(dir))).toBe(2);
    expect(await runCli(["nonsense"], captureIo(dir))).toBe(2);
    expect(await runCli(["simulate", "--bogus-flag"], captureIo(dir))).toBe(2);
  });
});

describe("offerkit simulate", () => {
  it("prints the propositions and why each candidate stayed or left", async () => {
    const args = [
      "simulate",
      "--library",
      "demo",
      "--profile",
      "ana.json",
      "--context",
      "context.json",
      "--decision",
      "homepage",
      "--placement",
      "web-sidebar",
      "--now",
      "2026-11-25T10:00:00Z",
    ];
    const io = captureIo(dir);
    expect(await runCli(args, io)).toBe(0);
    const json = captureIo(dir);
    expect(await runCli([...args, "--json"], json)).toBe(0);
    const response = JSON.parse(json.out()) as {
      propositions: { items: { rank: number; offerId: string; name: string }[] }[];
      trace: { scopes: { candidates: { offerId: string; stage: string }[] }[] };
    };
    const out = io.out();
    expect(out).toMatch(/homepage \/ web-sidebar → 3 item\(s\)/);
    for (const item of response.propositions[0]!.items)
      expect(out).toContain(`${item.rank}. ${item.offerId}  "${item.name}"`);
    const candidates = response.trace.scopes[0]!.candidates;
    expect(candidates.length).toBeGreaterThan(10);
    for (const c of candidates)
      expect(out).toMatch(
        new RegExp(`${c.stage === "selected" ? "✓" : "✗"} ${c.offerId} +${c.stage}`),
      );
    // Ana has been a customer for 800 days: the welcome offer fails its rule, shown with the expression.
    expect(out).toMatch(/✗ welcome-10 +eligibility .*\[profile\.tenureDays < 30\]/);
  });

  it("prints JSON with --json and fails clearly on a bad profile", async () => {
    const io = captureIo(dir);
    expect(
      await runCli(
        [
          "simulate",
          "--library",
          "demo.json",
          "--profile",
          "ana.json",
          "--decision",
          "homepage",
          "--placement",
          "web-hero",
          "--json",
        ],
        io,
      ),
    ).toBe(0);
    expect(JSON.parse(io.out())).toMatchObject({
      propositions: [{ decisionId: "homepage" }],
      trace: { scopes: [{}] },
    });
    await writeFile(join(dir, "bad-profile.json"), JSON.stringify({ attributes: {} }));
    const bad = captureIo(dir);
    expect(
      await runCli(
        [
          "simulate",
          "--library",
          "demo",
          "--profile",
          "bad-profile.json",
          "--decision",
          "homepage",
          "--placement",
          "web-hero",
        ],
        bad,
      ),
    ).toBe(1);
    expect(bad.err()).toMatch(/profile\.id: /);
  });
});

describe("offerkit decide-batch", () => {
  it("streams one JSON line per input line in order, reports bad lines, and shows progress on stderr", async () => {
    const io = captureIo(dir);
    const code = await runCli(
      [
        "decide-batch",
        "--library",
        "demo",
        "--profiles",
        "profiles.jsonl",
        "--decision",
        "homepage",
        "--placement",
        "web-hero",
        "--concurrency",
        "4",
      ],
      io,
    );
    expect(code).toBe(0);
    const lines = io
      .out()
      .trimEnd()
      .split("\n")
      .map(
        (l) =>
          JSON.parse(l) as {
            line: number;
            profileId?: string;
            propositions?: unknown[];
            error?: { code: string };
          },
      );
    expect(lines).toHaveLength(61);
    expect(lines.map((l) => l.line)).toEqual([...lines.map((l) => l.line)].sort((a, b) => a - b));
    expect(lines.filter((l) => l.error !== undefined)).toEqual([
      { line: 11, error: expect.objectContaining({ code: "BAD_REQUEST" }) },
    ]);
    expect(lines[0]).toMatchObject({
      profileId: "batch-0",
      propositions: [{ decisionId: "homepage", placementId: "web-hero" }],
    });
    expect(io.err()).toMatch(/decide-batch \[#+\] 100% 61\/61/);
    expect(io.err()).toContain("decided 61 profile(s)");
  });

  it("writes to --out", async () => {
    const io = captureIo(dir);
    expect(
      await runCli(
        [
          "decide-batch",
          "--library",
          "demo",
          "--profiles",
          "profiles.jsonl",
          "--decision",
          "homepage",
          "--placement",
          "web-hero",
          "--out",
          "out.jsonl",
        ],
        io,
      ),
    ).toBe(0);
    expect(io.out()).toBe("");
    const { readFile } = await import("node:fs/promises");
    expect((await readFile(join(dir, "out.jsonl"), "utf8")).trimEnd().split("\n")).toHaveLength(61);
  });
});

describe("channel commands", () => {
  it("explain what is missing instead of crashing", async () => {
    const io = captureIo(dir);
    expect(await runCli(["push"], io)).toBe(2);
    expect(io.err()).toContain("push needs a subcommand: build");
    expect(await runCli(["email", "forward"], captureIo(dir))).toBe(2);
  });

  it("delegate push build and email render to their packages, each with its io", async () => {
    const push = captureIo(dir);
    expect(await runCli(["push", "build", "--help"], push)).toBe(0);
    expect(push.out()).toContain("offerkit push build --provider");
    const email = captureIo(dir);
    expect(await runCli(["email", "render", "--help"], email)).toBe(0);
    expect(email.out()).toContain("offerkit email render --template");
  });
});
