import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmailCliIo } from "./email-cli-io.js";
import { runEmailRender } from "./run-email-render.js";
import { runEmailSend } from "./run-email-send.js";

const EXAMPLES = new URL("../../../../examples/email/", import.meta.url).pathname;
let out: string;

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), "offerkit-email-cli-"));
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

function capture(env: Record<string, string> = {}): {
  io: EmailCliIo;
  stdout: () => string;
  stderr: () => string;
} {
  let stdout = "";
  let stderr = "";
  return {
    io: {
      stdout: { write: (c: string) => (stdout += c) },
      stderr: { write: (c: string) => (stderr += c) },
      cwd: EXAMPLES,
      env,
    },
    stdout: () => stdout,
    stderr: () => stderr,
  };
}

describe("runEmailRender", () => {
  it("writes the HTML and text parts for a profile with the demo library", async () => {
    const { io, stdout, stderr } = capture();
    const code = await runEmailRender(
      [
        "--template",
        "templates/newsletter.mjml",
        "--profile",
        "profiles/ana.json",
        "--out",
        out,
        "--now",
        "2026-11-22T09:00:00Z",
      ],
      io,
    );
    expect(code, stderr()).toBe(0);
    expect(stdout()).toContain("subject:   Ana, this week at Northwind");
    expect(stdout()).toMatch(/offers: {4}email-hero: [a-z0-9-]+/);
    const html = await readFile(join(out, "newsletter.html"), "utf8");
    const text = await readFile(join(out, "newsletter.txt"), "utf8");
    expect(html).toContain("Hi Ana,");
    expect(html).not.toContain("{{");
    expect(
      text.startsWith("Northwind Outfitters [https://shop.northwind.example/]\n\nHi Ana,"),
    ).toBe(true);
  });

  it("reports template errors with exit 1 and bad usage with exit 2", async () => {
    const bad = capture();
    expect(await runEmailRender(["--template", "templates/newsletter.mjml"], bad.io)).toBe(2);
    expect(bad.stderr()).toContain("--template and --profile are required");
    const unknown = capture();
    expect(await runEmailRender(["--nope"], unknown.io)).toBe(2);
    const missing = capture();
    expect(
      await runEmailRender(
        ["--template", "templates/missing.mjml", "--profile", "profiles/ana.json"],
        missing.io,
      ),
    ).toBe(2);
    expect(missing.stderr()).toContain("cannot read template");
  });
});

describe("runEmailSend", () => {
  it("refuses to start without what a send needs", async () => {
    const noArgs = capture();
    expect(await runEmailSend([], noArgs.io)).toBe(2);
    expect(noArgs.stderr()).toContain(
      "missing --template, --recipients, --smtp, --from, --tracking-base",
    );
    const noKeys = capture();
    const args = [
      "--template",
      "templates/newsletter.mjml",
      "--recipients",
      "recipients.csv",
      "--smtp",
      "smtp://127.0.0.1:9",
      "--from",
      "N <n@northwind.example>",
      "--tracking-base",
      "https://t.northwind.example",
    ];
    expect(await runEmailSend(args, noKeys.io)).toBe(2);
    expect(noKeys.stderr()).toContain("OFFERKIT_EMAIL_SIGNING_KEYS");
    const help = capture();
    expect(await runEmailSend(["--help"], help.io)).toBe(0);
    expect(help.stdout()).toContain("--accepted-ids");
  });
});
