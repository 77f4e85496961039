import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DecisionEngine, type FeedbackEvent } from "@offerkit/core";
import { dkimVerify } from "mailauth/lib/dkim/verify.js";
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  compileTemplate,
  createSmtpPool,
  messageIdFor,
  messageKey,
  readRecipients,
  SendLog,
  sendCampaign,
} from "../src/index.js";
import { ClickClaims, UnsubscribeClaims } from "../src/tracking/tracking-claims.js";
import { dkimSignedHeaders, dkimTestKey } from "./support/dkim-test-key.js";
import { emailTestLibrary } from "./support/email-test-library.js";
import { SmtpSink } from "./support/smtp-sink.js";
import { TRACKING_BASE, testLinks, testTokens, verifiedClaims } from "./support/tracking-keys.js";
import { readFileSync } from "node:fs";

const COUNT = 1000;
const CAMPAIGN = "nov-promo";
const DOMAIN = "mail.test.example";
const NOW = new Date("2026-11-22T09:00:00Z");
let dir: string;
let sink: SmtpSink;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "offerkit-email-"));
  sink = await SmtpSink.start();
});

afterAll(async () => {
  await sink.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("sendCampaign through a real SMTP server", () => {
  it(
    `sends ${COUNT} DKIM-signed, personalized messages through the pool`,
    { timeout: 240_000 },
    async () => {
      const lines = Array.from({ length: COUNT }, (_, i) => {
        const id = `r-${String(i).padStart(4, "0")}`;
        return JSON.stringify({
          id,
          email: `${id}@inbox.example`,
          profile: { firstName: `Name${i}`, level: i % 4 },
        });
      });
      const recipientsFile = join(dir, "recipients.jsonl");
      await writeFile(recipientsFile, `${lines.join("\n")}\n`);

      const template = await compileTemplate(
        readFileSync(new URL("./fixtures/promo.mjml", import.meta.url), "utf8"),
      );
      const engine = new DecisionEngine({ library: emailTestLibrary, clock: { now: () => NOW } });
      const tracked: FeedbackEvent[] = [];
      let trackedAccepted = 0;
      const tracker = {
        async track(events: FeedbackEvent[]) {
          tracked.push(...events);
          const { accepted } = await engine.track(events);
          trackedAccepted += accepted;
        },
      };
      const key = dkimTestKey();
      const transport = createSmtpPool({
        url: sink.url,
        maxConnections: 4,
        maxMessages: 50,
        dkim: { domainName: "test.example", keySelector: "s1", privateKey: key.privateKey },
      });
      const log = await SendLog.open(join(dir, "send-log.jsonl"));
      const summary = await sendCampaign({
        campaignId: CAMPAIGN,
        template,
        recipients: readRecipients(recipientsFile),
        transport,
        log,
        identity: { from: "Northwind <news@test.example>", listId: "promo.test.example" },
        render: {
          decider: engine,
          links: testLinks(() => NOW.getTime()),
          messageIdDomain: DOMAIN,
          now: () => NOW,
        },
        tracker,
        concurrency: 8,
      });
      transport.close();
      await log.close();

      expect(summary).toMatchObject({ sent: COUNT, failed: 0, skipped: 0, trackingFailures: 0 });
      expect(sink.accepted).toHaveLength(COUNT);
      expect([...sink.countsByRecipient().values()].every((n) => n === 1)).toBe(true);
      expect(sink.countsByRecipient().size).toBe(COUNT);
      // maxMessages 50 recycles connections: at least COUNT / 50 sessions, several in parallel.
      expect(sink.sessions.size).toBeGreaterThanOrEqual(COUNT / 50);
      // Display events went to the engine once per shown offer, only for accepted messages.
      expect(trackedAccepted).toBe(tracked.length);
      expect(tracked.length).toBeGreaterThanOrEqual(COUNT * 2);

      const tokens = testTokens();
      const resolver = async (name: string) => {
        if (name !== "s1._domainkey.test.example")
          throw Object.assign(new Error("not found"), { code: "ENOTFOUND" });
        return [[key.txt]];
      };
      let verified = 0;
      for (const message of sink.accepted) {
        const parsed = await simpleParser(message.raw);
        const recipientId = message.recipients[0]!.split("@")[0]!;
        const index = Number(recipientId.slice(2));
        expect(parsed.messageId).toBe(messageIdFor(messageKey(CAMPAIGN, recipientId), DOMAIN));
        expect(parsed.headers.get("content-type")).toMatchObject({
          value: "multipart/alternative",
        });
        expect(parsed.subject).toBe(`Name${index}, your offers`);
        expect(parsed.html).toContain(`Hi Name${index}!`);
        expect(parsed.text).toContain(
          `Hi Name${index}! Your account [https://shop.test.example/account?u=${recipientId}]`,
        );
        expect(parsed.text).not.toMatch(/<[a-z]/i);

        const rawHeaders = message.raw
          .toString("latin1")
          .split(/\r\n\r\n/)[0]!
          .replace(/\r\n(?=[ \t])/g, "");
        const listUnsubscribe = /^List-Unsubscribe:\s*(.*)$/im.exec(rawHeaders)?.[1] ?? "";
        expect(listUnsubscribe).toMatch(/^<https:\/\/[^>]+>$/);
        const unsubscribeUrl = listUnsubscribe.slice(1, -1);
        expect(unsubscribeUrl.startsWith(`${TRACKING_BASE}/v1/email/unsubscribe/`)).toBe(true);
        expect(/^List-Unsubscribe-Post:\s*(.*)$/im.exec(rawHeaders)?.[1]).toBe(
          "List-Unsubscribe=One-Click",
        );
        const unsubscribe = UnsubscribeClaims.parse(
          verifiedClaims(tokens, unsubscribeUrl.split("/").pop()!, NOW),
        );
        expect(unsubscribe.r).toBe(recipientId);

        const clickTokens = [
          ...(parsed.html as string).matchAll(/\/v1\/email\/click\/([A-Za-z0-9_.-]+)/g),
        ].map((m) => m[1]!);
        expect(clickTokens.length).toBeGreaterThanOrEqual(2);
        for (const token of new Set(clickTokens)) {
          const click = ClickClaims.parse(verifiedClaims(tokens, token, NOW));
          expect(click.r).toBe(recipientId);
          expect(click.c).toBe(CAMPAIGN);
        }

        expect(dkimSignedHeaders(message.raw)).toEqual(
          expect.arrayContaining([
            "from",
            "subject",
            "message-id",
            "list-unsubscribe",
            "list-unsubscribe-post",
          ]),
        );
        const dkim = await dkimVerify(message.raw, { resolver, curTime: new Date() });
        expect(dkim.results.map((r) => r.status.result)).toEqual(["pass"]);
        verified++;
      }
      expect(verified).toBe(COUNT);
    },
  );
});
