import { readdirSync, readFileSync } from "node:fs";
import { DecisionEngine } from "@offerkit/core";
import { retailDemoLibrary } from "@offerkit/core/demo";
import { describe, expect, it } from "vitest";
import { compileTemplate, render, type Recipient } from "../src/index.js";
import { testLinks } from "./support/tracking-keys.js";

const EXAMPLES = new URL("../../../examples/email/", import.meta.url);
const templates = readdirSync(new URL("templates/", EXAMPLES)).filter((f) => f.endsWith(".mjml"));
const profiles = readdirSync(new URL("profiles/", EXAMPLES)).map(
  (f) => JSON.parse(readFileSync(new URL(`profiles/${f}`, EXAMPLES), "utf8")) as Recipient,
);
const NOW = new Date("2026-11-22T09:00:00Z");

describe("examples/email templates with the retail demo library", () => {
  it("has the three marketing templates", () => {
    expect(templates.sort()).toEqual([
      "cart-reminder.mjml",
      "loyalty-statement.mjml",
      "newsletter.mjml",
    ]);
  });

  it.each(templates)("%s compiles strictly and renders for every sample profile", async (file) => {
    const compiled = await compileTemplate(
      readFileSync(new URL(`templates/${file}`, EXAMPLES), "utf8"),
      { id: file },
    );
    expect(compiled.warnings).toEqual([]);
    const engine = new DecisionEngine({ library: retailDemoLibrary, clock: { now: () => NOW } });
    for (const recipient of profiles) {
      const email = await render(compiled, recipient, {
        decider: engine,
        campaignId: "examples",
        links: testLinks(() => NOW.getTime()),
        messageIdDomain: "northwind.example",
        now: () => NOW,
      });
      expect(email.scopeErrors).toEqual([]);
      expect(email.propositions).toHaveLength(2);
      expect(email.html).not.toMatch(/\{\{|\}\}/);
      expect(email.text).not.toMatch(/\{\{|\}\}|<[a-z]/i);
      expect(email.subject).not.toBe("");
      expect(email.htmlBytes).toBeLessThan(90 * 1024);
      expect(email.html).toContain("/v1/email/click/");
      expect(email.html).toContain(email.unsubscribeUrl);
    }
  });
});
