import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messageIdFor, messageKey } from "../src/index.js";
import type { SendLogRecord } from "../src/send/send-log.js";
import { emailTestLibrary } from "./support/email-test-library.js";
import { SmtpSink } from "./support/smtp-sink.js";

const COUNT = 300;
const KILL_AT = 120;
const CAMPAIGN = "crash-test";
const PACKAGE_DIR = new URL("..", import.meta.url).pathname;
const SEND_PROCESS = new URL("./support/email-send-process.ts", import.meta.url).pathname;
const SIGNING_KEYS = `k1:${Buffer.alloc(32, 3).toString("base64url")}`;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "offerkit-crash-"));
  const lines = Array.from({ length: COUNT }, (_, i) =>
    JSON.stringify({
      id: `c-${i}`,
      email: `c-${i}@inbox.example`,
      profile: { firstName: `N${i}`, level: i % 4 },
    }),
  );
  await writeFile(join(dir, "recipients.jsonl"), `${lines.join("\n")}\n`);
  await writeFile(join(dir, "library.json"), JSON.stringify(emailTestLibrary));
  await writeFile(
    join(dir, "promo.mjml"),
    readFileSync(new URL("./fixtures/promo.mjml", import.meta.url), "utf8"),
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function command(sink: SmtpSink, log: string, extra: string[] = []): string[] {
  return [
    "--template",
    join(dir, "promo.mjml"),
    "--recipients",
    join(dir, "recipients.jsonl"),
    "--library",
    join(dir, "library.json"),
    "--smtp",
    sink.url,
    "--from",
    "Shop <news@test.example>",
    "--tracking-base",
    "https://t.test.example",
    "--campaign",
    CAMPAIGN,
    "--log",
    log,
    "--max-connections",
    "3",
    "--concurrency",
    "6",
    ...extra,
  ];
}

interface Run {
  child: ChildProcess;
  exit: Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>;
}

function startSend(args: string[]): Run {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "--conditions=@offerkit/source", SEND_PROCESS, ...args],
    {
      cwd: PACKAGE_DIR,
      env: { ...process.env, OFFERKIT_EMAIL_SIGNING_KEYS: SIGNING_KEYS },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
  const exit = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, exit };
}

/** A sink that accepts message number KILL_AT and kills the sender right after answering 250. */
async function crashingSink(victim: { run?: Run }): Promise<SmtpSink> {
  return SmtpSink.start({
    beforeAccept: (_message, index) => {
      if (index === KILL_AT) setImmediate(() => victim.run?.child.kill("SIGKILL"));
      return undefined;
    },
  });
}

async function logRecords(path: string): Promise<SendLogRecord[]> {
  return (await readFile(path, "utf8"))
    .split("\n")
    .filter((l) => l.trim() !== "")
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as SendLogRecord];
      } catch {
        return [];
      }
    });
}

function inDoubtRecipients(records: SendLogRecord[]): Set<string> {
  const open = new Set<string>();
  for (const r of records) {
    if (r.type === "attempt") open.add(r.recipient);
    else open.delete(r.recipient);
  }
  return open;
}

describe("crash and resume (offerkit email send killed with SIGKILL, then rerun)", () => {
  it(
    "with the relay's accepted Message-IDs: every recipient received exactly once",
    { timeout: 240_000 },
    async () => {
      const victim: { run?: Run } = {};
      const sink = await crashingSink(victim);
      const log = join(dir, "exact.send-log.jsonl");
      try {
        victim.run = startSend(command(sink, log));
        const crashed = await victim.run.exit;
        expect(crashed.signal, crashed.stderr).toBe("SIGKILL");
        const acceptedBeforeCrash = sink.accepted.length;
        expect(acceptedBeforeCrash).toBeGreaterThan(KILL_AT);
        expect(acceptedBeforeCrash).toBeLessThan(COUNT);

        // In doubt: attempted but no outcome logged. Some of those the server had accepted (250 sent, log not written).
        const inDoubt = inDoubtRecipients(await logRecords(log));
        const acceptedInDoubt = sink.accepted.filter((m) =>
          inDoubt.has(m.recipients[0]!.split("@")[0]!),
        ).length;
        expect(inDoubt.size).toBeGreaterThan(0);

        // What an operator exports from the relay's log: the Message-IDs it accepted.
        const acceptedIds = join(dir, "accepted-ids.txt");
        await writeFile(acceptedIds, sink.accepted.map((m) => m.messageId).join("\n"));
        const rerun = startSend(command(sink, log, ["--accepted-ids", acceptedIds]));
        const resumed = await rerun.exit;
        expect(resumed.code, resumed.stderr).toBe(0);
        expect(resumed.stdout).toContain(
          `in doubt from an interrupted run: ${inDoubt.size} (resent 0, settled accepted ${acceptedInDoubt}, settled not accepted ${inDoubt.size - acceptedInDoubt}, skipped 0)`,
        );

        const counts = sink.countsByRecipient();
        expect(counts.size).toBe(COUNT);
        expect([...counts.entries()].filter(([, n]) => n !== 1)).toEqual([]);
        expect(sink.accepted).toHaveLength(COUNT);
        for (const message of sink.accepted) {
          const id = message.recipients[0]!.split("@")[0]!;
          expect(message.messageId).toBe(messageIdFor(messageKey(CAMPAIGN, id), "test.example"));
        }
      } finally {
        await sink.stop();
      }
    },
  );

  it(
    "with the same command: everyone received, only in-doubt recipients possibly twice and with one Message-ID",
    { timeout: 240_000 },
    async () => {
      const victim: { run?: Run } = {};
      const sink = await crashingSink(victim);
      const log = join(dir, "resend.send-log.jsonl");
      try {
        victim.run = startSend(command(sink, log));
        expect((await victim.run.exit).signal).toBe("SIGKILL");
        const inDoubt = inDoubtRecipients(await logRecords(log));
        const acceptedInDoubt = sink.accepted
          .map((m) => m.recipients[0]!.split("@")[0]!)
          .filter((id) => inDoubt.has(id));
        const rerun = await startSend(command(sink, log)).exit;
        expect(rerun.code, rerun.stderr).toBe(0);

        const counts = sink.countsByRecipient();
        expect(counts.size).toBe(COUNT);
        const twice = [...counts.entries()]
          .filter(([, n]) => n > 1)
          .map(([address]) => address.split("@")[0]!);
        expect([...counts.values()].every((n) => n <= 2)).toBe(true);
        // Exactly the in-doubt recipients the server had accepted before the crash got a second copy.
        expect(twice.sort()).toEqual(acceptedInDoubt.sort());
        expect(twice.length).toBeLessThanOrEqual(6);
        // Deliveries of one recipient are the same message: distinct (recipient, Message-ID) pairs = recipients.
        expect(new Set(sink.accepted.map((m) => `${m.recipients[0]} ${m.messageId}`)).size).toBe(
          COUNT,
        );
        // A third run has nothing left to do.
        const third = await startSend(command(sink, log)).exit;
        expect(third.stdout).toContain("sent 0, failed 0");
        expect(sink.countsByRecipient().size).toBe(COUNT);
      } finally {
        await sink.stop();
      }
    },
  );
});
