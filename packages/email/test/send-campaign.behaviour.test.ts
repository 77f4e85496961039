import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DecisionEngine, type FeedbackEvent } from "@offerkit/core";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  compileTemplate,
  createSmtpPool,
  SendLog,
  sendCampaign,
  type CompiledTemplate,
  type Recipient,
  type SendCampaignOptions,
} from "../src/index.js";
import { emailTestLibrary } from "./support/email-test-library.js";
import { SmtpSink, type SmtpSinkOptions } from "./support/smtp-sink.js";
import { testLinks } from "./support/tracking-keys.js";

const NOW = new Date("2026-11-22T09:00:00Z");
let template: CompiledTemplate;
let dir: string;
let sink: SmtpSink | undefined;

beforeAll(async () => {
  template = await compileTemplate(
    readFileSync(new URL("./fixtures/promo.mjml", import.meta.url), "utf8"),
  );
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "offerkit-send-"));
});
afterEach(async () => {
  await sink?.stop();
  sink = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function* stream(recipients: Recipient[]): AsyncGenerator<Recipient> {
  yield* recipients;
}

const people = (ids: string[]): Recipient[] =>
  ids.map((id) => ({ id, email: `${id}@inbox.example`, profile: { firstName: id, level: 2 } }));

async function run(
  sinkOptions: SmtpSinkOptions,
  recipients: Recipient[],
  extra: Partial<SendCampaignOptions> = {},
) {
  sink = await SmtpSink.start(sinkOptions);
  const transport = createSmtpPool({ url: sink.url, maxConnections: 2 });
  const log = await SendLog.open(join(dir, "log.jsonl"));
  try {
    return await sendCampaign({
      campaignId: "behaviour",
      template,
      recipients: stream(recipients),
      transport,
      log,
      identity: { from: "Shop <news@test.example>" },
      render: {
        decider: new DecisionEngine({ library: emailTestLibrary, clock: { now: () => NOW } }),
        links: testLinks(() => NOW.getTime()),
        messageIdDomain: "test.example",
      },
      ...extra,
    });
  } finally {
    transport.close();
    await log.close();
  }
}

describe("sendCampaign", () => {
  it("never retries permanent refusals, retries transient ones on the next run, skips suppressed and duplicate rows", async () => {
    const refuse: SmtpSinkOptions = {
      beforeAccept: (message) => {
        const to = message.recipients[0]!;
        if (to.startsWith("hard@")) return { code: 550, message: "mailbox unavailable" };
        if (to.startsWith("soft@")) return { code: 451, message: "try again later" };
        return undefined;
      },
    };
    const recipients = people(["a", "hard", "soft", "b", "blocked", "a", "c"]);
    const isSuppressed = (r: Recipient) => r.id === "blocked";
    const first = await run(refuse, recipients, { isSuppressed });
    expect(first).toMatchObject({ sent: 3, failed: 2, suppressed: 1, skipped: 1 });
    expect(first.failures).toEqual([
      expect.objectContaining({ recipient: "hard", permanent: true }),
      expect.objectContaining({ recipient: "soft", permanent: false }),
    ]);
    expect([...sink!.countsByRecipient().keys()].sort()).toEqual([
      "a@inbox.example",
      "b@inbox.example",
      "c@inbox.example",
    ]);
    await sink!.stop();

    const second = await run({}, recipients, { isSuppressed });
    expect(second).toMatchObject({ sent: 1, failed: 0, skipped: 6 });
    expect([...sink!.countsByRecipient().keys()]).toEqual(["soft@inbox.example"]);
  });

  it("tracks displays only after the SMTP accept, and a tracking failure does not fail the send", async () => {
    const tracked: FeedbackEvent[] = [];
    const refuseB: SmtpSinkOptions = {
      beforeAccept: (m) =>
        m.recipients[0]!.startsWith("b@") ? { code: 550, message: "no" } : undefined,
    };
    const summary = await run(refuseB, people(["a", "b"]), {
      tracker: {
        track: (events) => {
          tracked.push(...events);
          return Promise.reject(new Error("event store down"));
        },
      },
    });
    expect(summary).toMatchObject({ sent: 1, failed: 1, trackingFailures: 1 });
    expect(tracked.length).toBeGreaterThan(0);
    expect(new Set(tracked.map((e) => e.profileId))).toEqual(new Set(["a"]));
    expect(tracked.every((e) => e.type === "display")).toBe(true);
  });

  it("refuses messages above the HTML size limit before they reach SMTP", async () => {
    const summary = await run({}, people(["a"]), { maxHtmlBytes: 2_000 });
    expect(summary).toMatchObject({ sent: 0, failed: 1 });
    expect(summary.failures[0]!.error).toMatch(/HTML part is \d+ bytes \(limit 2000\)/);
    expect(sink!.accepted).toHaveLength(0);
  });
});
