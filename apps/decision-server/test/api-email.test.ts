import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LibraryBundleInput } from "@offerkit/core";
import {
  compileTemplate,
  createSmtpPool,
  EmailLinks,
  EmailTokenCodec,
  readRecipients,
  SendLog,
  sendCampaign,
  type CompiledTemplate,
  type Recipient,
} from "@offerkit/email";
import { HttpDecider } from "@offerkit/email/cli";
import { SqlSuppressionStore } from "../src/store/suppressions/sql-suppression-store.js";
import { SmtpCapture } from "./support/smtp-capture.js";
import { startTestServer, type TestServer } from "./support/test-server.js";

const KEYS = [
  { id: "k2", secret: Buffer.alloc(32, 2).toString("base64url") },
  { id: "k1", secret: Buffer.alloc(32, 1).toString("base64url") },
];
const DAY = 86_400_000;

// One offer with an interact cap of 2 per profile, so "counted once" is observable through decisions.
const library: LibraryBundleInput = {
  placements: [
    { id: "email-hero", name: "Email hero", channel: "email", contentType: "html", itemCount: 1 },
  ],
  offers: [
    {
      id: "deal",
      name: "Deal",
      status: "approved",
      priority: 10,
      representations: [
        {
          placementId: "email-hero",
          type: "html",
          content: "<strong>Deal</strong>",
          linkUrl: "https://shop.test.example/deal?a=1",
        },
      ],
      caps: [{ id: "clicks", event: "interact", scope: "profile", limit: 2 }],
    },
    {
      id: "fb",
      name: "Fallback",
      kind: "fallback",
      status: "approved",
      representations: [
        {
          placementId: "email-hero",
          type: "html",
          content: "<p>Hello</p>",
          linkUrl: "https://shop.test.example/",
        },
      ],
    },
  ],
  collections: [{ id: "all", name: "All", kind: "static", offerIds: ["deal"] }],
  decisions: [
    {
      id: "lifecycle",
      name: "Lifecycle",
      status: "live",
      fallbackOfferId: "fb",
      scopes: [{ placementId: "email-hero", groups: [{ criteria: [{ collectionId: "all" }] }] }],
    },
  ],
};

const TEMPLATE = `<mjml><mj-head><mj-title>Hi {{ profile.firstName | default: "there" }}</mj-title></mj-head><mj-body>
  <mj-offer decision="lifecycle" placement="email-hero" items="1">
    <mj-section><mj-column><mj-text>{{ item.content | html }}</mj-text><mj-button href="{{ item.link }}">Shop</mj-button></mj-column></mj-section>
  </mj-offer>
  <mj-section><mj-column><mj-text><a href="{{ unsubscribeUrl }}">Unsubscribe</a></mj-text></mj-column></mj-section>
</mj-body></mjml>`;

let t: TestServer;
let smtp: SmtpCapture;
let template: CompiledTemplate;
let dir: string;
let links: EmailLinks;

beforeAll(async () => {
  t = await startTestServer({ library, server: { emailSigningKeys: KEYS, requestLogs: false } });
  smtp = await SmtpCapture.start();
  template = await compileTemplate(TEMPLATE, { id: "t" });
  dir = await mkdtemp(join(tmpdir(), "offerkit-email-routes-"));
  links = new EmailLinks({ tokens: new EmailTokenCodec(KEYS), baseUrl: t.url, openPixel: true });
}, 60_000);
afterAll(async () => {
  await smtp?.close();
  await t?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Recipients streamed from a JSONL file, as a campaign reads them. */
async function recipientsFile(name: string, ids: string[]): Promise<string> {
  const file = join(dir, `${name}.jsonl`);
  await writeFile(
    file,
    ids
      .map((id) => JSON.stringify({ id, email: `${id}@inbox.test`, profile: { firstName: id } }))
      .join("\n"),
  );
  return file;
}

async function send(
  campaignId: string,
  ids: string[],
  isSuppressed?: (r: Recipient) => Promise<boolean>,
) {
  const transport = createSmtpPool({ url: smtp.url, maxConnections: 2 });
  const log = await SendLog.open(join(dir, `${campaignId}.jsonl`));
  try {
    return await sendCampaign({
      campaignId,
      template,
      recipients: readRecipients(await recipientsFile(campaignId, ids)),
      transport,
      log,
      identity: { from: "Shop <news@shop.test.example>", listId: "news" },
      render: {
        decider: t.server.engine,
        links,
        messageIdDomain: "shop.test.example",
        listId: "news",
      },
      ...(isSuppressed ? { isSuppressed } : {}),
    });
  } finally {
    await log.close();
    transport.close();
  }
}

const path = (url: string) => new URL(url).pathname;
const get = (url: string) => fetch(`${t.url}${path(url)}`, { redirect: "manual" });
const eventsOf = async (profileId: string, type: string) =>
  (await t.request("GET", `/v1/events?profileId=${profileId}&type=${type}`)).body.items as {
    id: string;
    offerId: string;
  }[];
const decidesDeal = async (profileId: string) =>
  (
    await t.request("POST", "/v1/decisions", {
      body: {
        profile: { id: profileId },
        scopes: [{ decisionId: "lifecycle", placementId: "email-hero" }],
        options: { dryRun: true },
      },
    })
  ).body.propositions[0].reason === "ranked";

async function receivedFor(recipient: string) {
  const message = smtp.messages.filter((m) => m.to.includes(`${recipient}@inbox.test`)).at(-1);
  if (!message) throw new Error(`nothing received for ${recipient}`);
  const parsed = await simpleParser(message.raw);
  const html = String(parsed.html);
  const url = (route: string) =>
    new RegExp(`${t.url}/v1/email/${route}/[A-Za-z0-9_.-]+`).exec(html)?.[0];
  const rawHeaders = message.raw
    .toString("latin1")
    .split("\r\n\r\n")[0]!
    .replace(/\r\n(?=[ \t])/g, "");
  const listUnsubscribe = /^List-Unsubscribe:\s*<([^>]+)>/im.exec(rawHeaders)?.[1];
  return { html, click: url("click"), open: url("open"), unsubscribeHeader: listUnsubscribe };
}

describe("email routes over HTTP, with messages received by an SMTP server", () => {
  it("a received click link lands on the signed offer URL; two clicks of one link count the cap once", async () => {
    const summary = await send("c1", ["ana", "ben"]);
    expect(summary.sent).toBe(2);
    const { click } = await receivedFor("ana");
    expect(click).toBeDefined();

    const first = await get(click!);
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toBe("https://shop.test.example/deal?a=1");
    expect(first.headers.get("cache-control")).toBe("no-store");
    const again = await get(click!);
    expect(again.status).toBe(302);
    const interacts = await eventsOf("ana", "interact");
    expect(interacts.map((e) => e.offerId)).toEqual(["deal"]);

    // Cap 2: one counted click leaves room; a click from another message fills it.
    expect(await decidesDeal("ana")).toBe(true);
    const otherMessage = links.clickUrl({
      r: "ana",
      c: "c-other",
      u: "https://shop.test.example/deal?a=1",
      o: ["prop-x", "lifecycle", "email-hero", "deal"],
    });
    expect((await get(otherMessage)).status).toBe(302);
    expect(await decidesDeal("ana")).toBe(false);
    expect(await decidesDeal("ben")).toBe(true);
  });

  it("refuses tampered, expired and unknown-key links with a 4xx page and records nothing", async () => {
    const good = links.clickUrl({
      r: "cara",
      c: "c1",
      u: "https://shop.test.example/deal",
      o: ["p", "lifecycle", "email-hero", "deal"],
    });
    const token = good.slice(good.lastIndexOf("/") + 1);
    const body = Buffer.from(token.slice(3), "base64url");
    body[body.length - 20]! ^= 1;
    const expired = new EmailLinks({
      tokens: new EmailTokenCodec(KEYS),
      baseUrl: t.url,
      now: () => Date.now() - 200 * DAY,
    }).clickUrl({
      r: "cara",
      c: "c1",
      u: "https://shop.test.example/deal",
      o: ["p", "lifecycle", "email-hero", "deal"],
    });
    const foreign = new EmailLinks({
      tokens: new EmailTokenCodec([{ id: "k9", secret: Buffer.alloc(32, 9) }]),
      baseUrl: t.url,
    }).clickUrl({
      r: "cara",
      c: "c1",
      u: "https://evil.example/",
      o: ["p", "lifecycle", "email-hero", "deal"],
    });
    for (const [url, status] of [
      [`/v1/email/click/k2.${body.toString("base64url")}`, 400],
      [path(expired), 410],
      [path(foreign), 400],
      ["/v1/email/click/%E0%A4%A", 400],
      ["/v1/email/click/not-a-token", 400],
    ] as const) {
      const response = await fetch(`${t.url}${url}`, { redirect: "manual" });
      expect(response.status, url).toBe(status);
      expect(response.headers.get("location")).toBeNull();
      expect(await response.text()).not.toContain("evil.example");
    }
    expect(await eventsOf("cara", "interact")).toEqual([]);
  });

  it("the open pixel answers a GIF and records display events; a bad pixel gets the GIF and records nothing", async () => {
    const { open } = await receivedFor("ben");
    const response = await get(open!);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/gif");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(
      Buffer.from(await response.arrayBuffer())
        .subarray(0, 6)
        .toString(),
    ).toBe("GIF89a");
    expect((await eventsOf("ben", "display")).map((e) => e.offerId)).toEqual(["deal"]);
    await get(open!);
    expect(await eventsOf("ben", "display")).toHaveLength(1);

    const bad = await fetch(`${t.url}/v1/email/open/k2.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`);
    expect(bad.status).toBe(200);
    expect(bad.headers.get("content-type")).toBe("image/gif");
  });

  it("one-click unsubscribe (RFC 8058) is idempotent, and a later campaign skips the recipient", async () => {
    await send("c2", ["dan", "eve", "fay"]);
    const { unsubscribeHeader } = await receivedFor("eve");
    expect(unsubscribeHeader).toMatch(new RegExp(`^${t.url}/v1/email/unsubscribe/`));

    const page = await fetch(unsubscribeHeader!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post">');
    const suppressions = new SqlSuppressionStore(t.stores.sql);
    expect(await suppressions.isSuppressed("eve", "news")).toBe(false);

    const post = (body: string) =>
      fetch(unsubscribeHeader!, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body,
      });
    expect((await post("")).status).toBe(400);
    expect((await post("List-Unsubscribe=One-Click")).status).toBe(200);
    expect((await post("List-Unsubscribe=One-Click")).status).toBe(200);
    expect(
      await t.stores.sql.query("SELECT recipient_id, list_id FROM email_suppressions"),
    ).toEqual([{ recipient_id: "eve", list_id: "news" }]);

    // A sender outside the server (offerkit email send --server) asks over HTTP with a decide key.
    const status = (id: string, query = "", key?: string) =>
      fetch(`${t.url}/v1/email/suppressions/${encodeURIComponent(id)}${query}`, {
        ...(key === undefined ? {} : { headers: { authorization: `Bearer ${key}` } }),
      });
    const decideKey = await t.createKey(["decide"]);
    expect(await (await status("eve", "?listId=news", decideKey)).json()).toEqual({
      recipientId: "eve",
      listId: "news",
      suppressed: true,
    });
    // Unsubscribed from "news" only: other lists and list-less checks still send.
    expect(await (await status("eve", "?listId=offers", decideKey)).json()).toMatchObject({
      suppressed: false,
    });
    expect(await (await status("eve", "", decideKey)).json()).toMatchObject({ suppressed: false });
    expect(await (await status("dan", "?listId=news", decideKey)).json()).toMatchObject({
      suppressed: false,
    });
    expect((await status("eve", "?listId=news")).status).toBe(401);
    expect((await status("eve", "?listId=news", await t.createKey(["track"]))).status).toBe(403);
    const badQuery = await status("eve", "?list=news", decideKey);
    expect(badQuery.status).toBe(400);
    expect(await badQuery.json()).toMatchObject({
      error: { issues: [expect.objectContaining({ path: ["query"] })] },
    });
    const viaHttp = new HttpDecider(t.url, decideKey);

    const before = smtp.messages.length;
    const summary = await send("c3", ["dan", "eve", "fay"], (r) =>
      viaHttp.isSuppressed(r.id, "news"),
    );
    expect(summary).toMatchObject({ sent: 2, suppressed: 1 });
    expect(
      smtp.messages
        .slice(before)
        .flatMap((m) => m.to)
        .sort(),
    ).toEqual(["dan@inbox.test", "fay@inbox.test"]);
  });
});
