import { appendFile, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SendLog } from "./send-log.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "offerkit-sendlog-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const at = "2026-11-22T09:00:00.000Z";
const base = { campaign: "c1", messageId: "<m@x>", at };

describe("SendLog", () => {
  it("replays outcomes after reopening, keyed by (campaign, recipient)", async () => {
    const path = join(dir, "log.jsonl");
    const log = await SendLog.open(path);
    await Promise.all([
      log.append({ ...base, type: "attempt", recipient: "a" }),
      log.append({ ...base, type: "attempt", recipient: "b" }),
      log.append({ ...base, type: "attempt", recipient: "c" }),
      log.append({ ...base, type: "attempt", recipient: "d" }),
    ]);
    await log.append({ ...base, type: "sent", recipient: "a", response: "250 OK" });
    await log.append({ ...base, type: "failed", recipient: "b", permanent: true, error: "550" });
    await log.append({ ...base, type: "failed", recipient: "c", permanent: false, error: "421" });
    await log.append({ ...base, campaign: "other", type: "sent", recipient: "d" });
    await log.close();

    const reopened = await SendLog.open(path);
    expect(["a", "b", "c", "d", "e"].map((r) => reopened.state("c1", r))).toEqual([
      "sent",
      "failed-permanent",
      "failed-transient",
      "in-doubt",
      undefined,
    ]);
    expect(reopened.state("other", "d")).toBe("sent");
    expect(reopened.inDoubt("c1")).toEqual([{ recipient: "d", messageId: "<m@x>" }]);
    await reopened.append({ ...base, type: "resolved", recipient: "d", accepted: true });
    expect(reopened.state("c1", "d")).toBe("sent");
    await reopened.close();
  });

  it("ignores a torn last line left by a crash mid-write", async () => {
    const path = join(dir, "torn.jsonl");
    const log = await SendLog.open(path);
    await log.append({ ...base, type: "sent", recipient: "a" });
    await log.close();
    await appendFile(path, '{"type":"sent","campaign":"c1","recipient":"b","messageId"');
    const reopened = await SendLog.open(path);
    expect(reopened.state("c1", "a")).toBe("sent");
    expect(reopened.state("c1", "b")).toBeUndefined();
    await reopened.close();
  });

  it("writes every appended record once, in order per recipient, with concurrent appends batched", async () => {
    const path = join(dir, "many.jsonl");
    const log = await SendLog.open(path);
    await Promise.all(
      Array.from({ length: 500 }, (_, i) =>
        log.append({ ...base, type: "sent", recipient: `r${i}` }),
      ),
    );
    await log.close();
    const lines = (await readFile(path, "utf8")).trim().split("\n");
    expect(lines).toHaveLength(500);
    expect(new Set(lines.map((l) => (JSON.parse(l) as { recipient: string }).recipient)).size).toBe(
      500,
    );
  });
});
