import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { DecisionEngine } from "@offerkit/core";
import { beforeAll, describe, expect, it } from "vitest";
import { emailTestLibrary } from "../../test/support/email-test-library.js";
import {
  TRACKING_BASE,
  testLinks,
  testTokens,
  verifiedClaims,
} from "../../test/support/tracking-keys.js";
import { compileTemplate } from "../template/compile-template.js";
import type { CompiledTemplate } from "../template/compiled-template.js";
import { ClickClaims, OpenClaims, UnsubscribeClaims } from "../tracking/tracking-claims.js";
import { messageKey } from "./message-identity.js";
import type { Recipient } from "./recipient.js";
import { render, type RenderOptions } from "./render-email.js";

const promo = readFileSync(new URL("../../test/fixtures/promo.mjml", import.meta.url), "utf8");
const NOW = new Date("2026-11-22T09:00:00Z");
let compiled: CompiledTemplate;
let options: RenderOptions;

beforeAll(async () => {
  compiled = await compileTemplate(promo, { id: "promo" });
  options = {
    decider: new DecisionEngine({ library: emailTestLibrary, clock: { now: () => NOW } }),
    campaignId: "nov-promo",
    links: testLinks(() => NOW.getTime()),
    messageIdDomain: "mail.test.example",
    now: () => NOW,
  };
});

function recipient(id: string, profile: Recipient["profile"] = {}): Recipient {
  return { id, email: `${id}@example.com`, profile: { firstName: "Ana", level: 3, ...profile } };
}

const count = (html: string, pattern: RegExp) => html.match(pattern)?.length ?? 0;
const tracked = (html: string, route: string) =>
  [...html.matchAll(new RegExp(`${TRACKING_BASE}${route}([A-Za-z0-9_.-]+)`, "g"))].map(
    (m) => m[1]!,
  );

describe("render", () => {
  it.each([
    [3, 3, false],
    [2, 2, false],
    [1, 1, false],
    [0, 0, true],
  ])(
    "level %i → %i grid items (fallback: %s) with no empty boxes",
    async (level, items, fallback) => {
      const email = await render(compiled, recipient(`r-level-${level}`, { level }), options);
      expect(count(email.html, /grid-item(?!-outlook)/g)).toBe(items);
      expect(count(email.html, /grid-fallback(?!-outlook)/g)).toBe(fallback ? 1 : 0);
      expect(count(email.html, /class="hero/g)).toBe(1);
      if (items > 0)
        expect(email.html).toContain(
          `mj-column-per-${items === 1 ? "100" : items === 2 ? "50" : "33"}`,
        );
      expect(email.html).not.toMatch(/\{\{|\u2063|\ue000/);
      expect(email.text).not.toMatch(/\{\{|\u2063|\ue000/);
      const [hero, grid] = email.propositions;
      expect(grid!.reason).toBe(fallback ? "fallback" : "ranked");
      const shown = (p: typeof hero) =>
        p!.items.length > 0 ? p!.items.map((i) => i.offerId) : [p!.fallback!.offerId];
      expect(email.displays.map((d) => d.offerId)).toEqual([...shown(hero), ...shown(grid)]);
      if (fallback) {
        expect(email.html).toContain("Discover the collection");
        expect(email.text).toContain("Discover the collection");
        expect(email.text).toContain("Browse [");
      }
    },
  );

  it("leaves a slot out entirely when its scope fails", async () => {
    const broken = await compileTemplate(
      promo.replace(
        'decision="promo" placement="email-grid"',
        'decision="retired" placement="email-grid"',
      ),
    );
    const email = await render(broken, recipient("r-broken"), options);
    expect(email.scopeErrors).toMatchObject([{ decisionId: "retired", placementId: "email-grid" }]);
    expect(count(email.html, /grid-item|grid-fallback/g)).toBe(0);
    expect(count(email.html, /class="hero/g)).toBe(1);
    expect(email.text).toMatch(/Shop now \[[^\]]+\]\n\nUnsubscribe/);
  });

  it("renders a first name of <script>&\"' inert in subject, HTML and text", async () => {
    const email = await render(compiled, recipient("r-xss", { firstName: `<script>&"'` }), options);
    expect(email.html).not.toContain("<script>");
    expect(email.html).toContain("Hi &lt;script&gt;&amp;&quot;&#39;!");
    expect(email.html).toContain("<title>&lt;script&gt;&amp;&quot;&#39;, your offers</title>");
    expect(email.html).toContain('aria-label="&lt;script&gt;&amp;&quot;&#39;, your offers"');
    expect(email.subject).toBe(`<script>&"', your offers`);
    expect(email.preheader).toBe(`Picked for <script>&"'`);
    expect(email.html).toContain("Picked for &lt;script&gt;&amp;&quot;&#39;");
    // text/plain is never interpreted: the name appears as typed, and nothing else changed.
    expect(email.text.startsWith(`Hi <script>&"'! Your account [`)).toBe(true);
  });

  it("sanitizes offer HTML and refuses unsafe URLs from offer data", async () => {
    const email = await render(compiled, recipient("r-evil", { evil: true }), options);
    expect(email.propositions[0]!.items[0]!.offerId).toBe("evil");
    for (const part of [email.html, email.text]) {
      expect(
        part.match(
          /.{0,80}(<script|\son\w+=|javascript:|<iframe|evil\.example|display:none\}).{0,40}/gi,
        ),
      ).toBeNull();
    }
    expect(email.text).not.toContain("alert(");
    expect(email.html).toContain("<h1>Deal</h1>");
    // The attribute payload is escaped, not interpreted; the javascript: link became "#".
    expect(email.html).toContain('title="&quot;&gt;&lt;script&gt;alert(4)&lt;/script&gt;"');
    expect(email.html).toContain('<a href="#">More</a>');
    // The safe link inside the offer HTML is kept — as a signed click redirect to its own target.
    const clicks = tracked(email.html, "/v1/email/click/").map((t) =>
      ClickClaims.parse(verifiedClaims(testTokens(), t, NOW)),
    );
    expect(clicks.map((c) => c.u)).toContain("https://shop.test.example/deal?a=1&b=2");
    expect(email.text).toContain("Deal");
  });

  it("signs every offer link per recipient, adds the open pixel first and the unsubscribe link", async () => {
    const email = await render(compiled, recipient("r-links"), options);
    const tokens = testTokens();
    const clickTokens = tracked(email.html, "/v1/email/click/");
    const clicks = clickTokens.map((t) => ClickClaims.parse(verifiedClaims(tokens, t, NOW)));
    const hero = email.propositions[0]!;
    const grid = email.propositions[1]!;
    expect(clicks.map((c) => [c.u, c.o[3]])).toEqual([
      ["https://shop.test.example/grid-1", "grid-1"],
      ["https://shop.test.example/grid-1", "grid-1"],
      ["https://shop.test.example/grid-2", "grid-2"],
      ["https://shop.test.example/grid-3", "grid-3"],
    ]);
    expect(clicks[0]).toMatchObject({
      r: "r-links",
      c: "nov-promo",
      o: [hero.id, "promo", "email-hero", "grid-1"],
    });
    expect(clicks[1]!.o).toEqual([grid.id, "promo", "email-grid", "grid-1"]);
    // The text part carries the same signed links; an image link is labelled with its alt text.
    for (const token of clickTokens) expect(email.text).toContain(token);
    expect(email.text).toContain(
      `First offer (name) [${TRACKING_BASE}/v1/email/click/${clickTokens[1]}]`,
    );

    const [open] = tracked(email.html, "/v1/email/open/");
    const openClaims = OpenClaims.parse(verifiedClaims(tokens, open!, NOW));
    expect(openClaims.i.map((i) => i[3])).toEqual(["grid-1", "grid-1", "grid-2", "grid-3"]);
    expect(email.html.indexOf("/v1/email/open/")).toBeLessThan(email.html.indexOf("Hi Ana"));
    expect(email.text).not.toContain("/v1/email/open/");

    const unsubscribe = UnsubscribeClaims.parse(
      verifiedClaims(tokens, email.unsubscribeUrl.split("/").pop()!, NOW),
    );
    expect(unsubscribe).toEqual({ t: "u", r: "r-links", c: "nov-promo" });
    expect(email.html).toContain(`<a href="${email.unsubscribeUrl}">Unsubscribe</a>`);
    expect(email.text).toContain(`Unsubscribe [${email.unsubscribeUrl}]`);

    const other = await render(compiled, recipient("r-links-2"), options);
    expect(tracked(other.html, "/v1/email/click/")[0]).not.toBe(clickTokens[0]);
  });

  it("keeps concurrent renders apart: every link, id and value belongs to its own recipient", async () => {
    const levels = [3, 1, 0, 2, 3, 0, 1, 2];
    const emails = await Promise.all(
      levels.map((level, i) =>
        render(compiled, recipient(`r-par-${i}`, { level, firstName: `N${i}` }), options),
      ),
    );
    const tokens = testTokens();
    emails.forEach((email, i) => {
      expect(email.recipient.id).toBe(`r-par-${i}`);
      expect(email.html).toContain(`Hi N${i}!`);
      expect(
        email.displays.every(
          (d) => d.profileId === `r-par-${i}` && d.id.includes(email.messageKey),
        ),
      ).toBe(true);
      const clicks = tracked(email.html, "/v1/email/click/").map((t) =>
        ClickClaims.parse(verifiedClaims(tokens, t, NOW)),
      );
      expect(clicks.length).toBeGreaterThan(0);
      expect(clicks.every((c) => c.r === `r-par-${i}`)).toBe(true);
      expect(count(email.html, /grid-item(?!-outlook)/g)).toBe(levels[i]);
      expect(email.htmlBytes).toBe(Buffer.byteLength(email.html));
    });
  });

  it("percent-encodes values inside URLs and personalizes subject and preheader", async () => {
    const email = await render(
      compiled,
      { ...recipient("a&b=c d/é"), profile: { level: 1 } },
      options,
    );
    expect(email.html).toContain(
      'href="https://shop.test.example/account?u=a%26b%3Dc%20d%2F%C3%A9"',
    );
    expect(email.subject).toBe("Hello, your offers");
    expect(email.preheader).toBe("Picked for you");
    const early = await render(compiled, recipient("r-early", { early: true }), options);
    expect(early.preheader).toBe("Early bird: 20% off until noon");
    expect(early.subject).toBe("Ana, your offers");
  });

  it("counts the HTML part's UTF-8 bytes exactly (without re-scanning the message)", async () => {
    for (const profile of [{ level: 3 }, { level: 0, firstName: "Chloé €" }, { evil: true }]) {
      const email = await render(compiled, recipient("r-bytes", profile), options);
      expect(email.htmlBytes).toBe(Buffer.byteLength(email.html));
    }
  });

  it("writes characters above U+00FF as character references in HTML and as themselves in text", async () => {
    const email = await render(
      compiled,
      recipient("r-wide", { firstName: "Zoë € 😀 <b>" }),
      options,
    );
    expect(email.html).toContain("Zoë &#8364; &#128512; &lt;b&gt;");
    expect(email.html).not.toMatch(/[\u0100-\uffff]/);
    expect(email.text).toContain("Zoë € 😀 <b>");
    expect(email.subject).toContain("Zoë € 😀 <b>");
    expect(email.htmlBytes).toBe(Buffer.byteLength(email.html));
  });

  it("derives message identity and event ids from (campaign, recipient) only", async () => {
    const a = await render(compiled, recipient("r-same"), options);
    const b = await render(compiled, recipient("r-same"), options);
    expect(a.messageId).toBe(b.messageId);
    expect(a.messageId).toMatch(/^<[A-Za-z0-9_-]{22}@mail\.test\.example>$/);
    // 132 bits of SHA-256(campaign NUL recipient): the same key every version has sent (resends keep their Message-ID).
    for (const id of ["r-same", "Chloé €", ""]) {
      const digest = createHash("sha256").update(`nov-promo\u0000${id}`, "utf8").digest();
      expect(messageKey("nov-promo", id)).toBe(
        digest.subarray(0, 17).toString("base64url").slice(0, 22),
      );
    }
    expect(a.messageKey).toBe(messageKey("nov-promo", "r-same"));
    expect(a.displays.map((d) => d.id)).toHaveLength(4);
    expect(new Set(a.displays.map((d) => d.id)).size).toBe(4);
    expect(a.displays[0]).toMatchObject({
      type: "display",
      profileId: "r-same",
      decisionId: "promo",
      placementId: "email-hero",
      timestamp: NOW.toISOString(),
    });
  });
});
