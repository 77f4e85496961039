import { createReadStream } from "node:fs";
import { mkdir, open, type FileHandle } from "node:fs/promises";
import { dirname } from "node:path";
import { createInterface } from "node:readline";

/**
 * The durable record of a campaign's sends: an append-only JSONL file, fsynced before any append
 * resolves. One line per event in a recipient's life:
 *
 *   attempt   written and synced *before* the message goes to SMTP
 *   sent      the SMTP server accepted it (250 after DATA)
 *   failed    refused; `permanent` (5xx) is never retried, transient failures are retried by a rerun
 *   resolved  an in-doubt attempt settled on resume: `accepted` true (counts as sent) or false (resend)
 *
 * A recipient with an attempt but no outcome is *in doubt*: the process died between handing the
 * message to SMTP and writing the outcome, so the server may or may not have accepted it.
 *
 * Appends are group-committed: lines queued while an fsync runs share the next one, so durability
 * costs one fsync per batch, not per message. A torn last line (crash mid-write) is ignored.
 */
export type SendLogRecord =
  | { type: "attempt"; campaign: string; recipient: string; messageId: string; at: string }
  | {
      type: "sent";
      campaign: string;
      recipient: string;
      messageId: string;
      at: string;
      response?: string;
    }
  | {
      type: "failed";
      campaign: string;
      recipient: string;
      messageId: string;
      at: string;
      permanent: boolean;
      error: string;
    }
  | {
      type: "resolved";
      campaign: string;
      recipient: string;
      messageId: string;
      at: string;
      accepted: boolean;
    };

export type SendState = "sent" | "failed-permanent" | "failed-transient" | "in-doubt";

interface Entry {
  state: SendState;
  messageId: string;
}

export class SendLog {
  private readonly entries = new Map<string, Entry>();
  private queue: { line: string; done: () => void; fail: (error: unknown) => void }[] = [];
  private flushing: Promise<void> | undefined;
  private closed = false;

  private constructor(
    private readonly file: FileHandle,
    readonly path: string,
  ) {}

  /** Open (creating if needed) and replay the log. */
  static async open(path: string): Promise<SendLog> {
    await mkdir(dirname(path), { recursive: true });
    const file = await open(path, "a+");
    const log = new SendLog(file, path);
    const lines = createInterface({
      input: createReadStream(path, { encoding: "utf8" }),
      crlfDelay: Infinity,
    });
    for await (const line of lines) {
      if (line.trim() === "") continue;
      let record: SendLogRecord;
      try {
        record = JSON.parse(line) as SendLogRecord;
      } catch {
        continue; // torn write of the last line before a crash
      }
      log.apply(record);
    }
    return log;
  }

  state(campaign: string, recipient: string): SendState | undefined {
    return this.entries.get(key(campaign, recipient))?.state;
  }

  /** Recipients whose last attempt has no outcome, with the Message-ID that attempt used. */
  inDoubt(campaign: string): { recipient: string; messageId: string }[] {
    const prefix = `${campaign}\u0000`;
    const found: { recipient: string; messageId: string }[] = [];
    for (const [k, entry] of this.entries) {
      if (entry.state === "in-doubt" && k.startsWith(prefix))
        found.push({ recipient: k.slice(prefix.length), messageId: entry.messageId });
    }
    return found;
  }

  /** Resolves once the record is on disk (fsync). */
  append(record: SendLogRecord): Promise<void> {
    if (this.closed) return Promise.reject(new Error("send log is closed"));
    this.apply(record);
    return new Promise((done, fail) => {
      this.queue.push({ line: `${JSON.stringify(record)}\n`, done, fail });
      this.flushing ??= this.flush();
    });
  }

  async close(): Promise<void> {
    while (this.flushing) await this.flushing;
    this.closed = true;
    await this.file.close();
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        await this.file.write(batch.map((b) => b.line).join(""));
        await this.file.datasync();
        for (const b of batch) b.done();
      } catch (error) {
        for (const b of batch) b.fail(error);
      }
    }
    this.flushing = undefined;
  }

  private apply(record: SendLogRecord): void {
    const k = key(record.campaign, record.recipient);
    const current = this.entries.get(k);
    switch (record.type) {
      case "attempt":
        // A later attempt never downgrades a finished send (the sender skips those anyway).
        if (current?.state !== "sent" && current?.state !== "failed-permanent")
          this.entries.set(k, { state: "in-doubt", messageId: record.messageId });
        break;
      case "sent":
        this.entries.set(k, { state: "sent", messageId: record.messageId });
        break;
      case "failed":
        if (current?.state !== "sent")
          this.entries.set(k, {
            state: record.permanent ? "failed-permanent" : "failed-transient",
            messageId: record.messageId,
          });
        break;
      case "resolved":
        this.entries.set(k, {
          state: record.accepted ? "sent" : "failed-transient",
          messageId: record.messageId,
        });
        break;
    }
  }
}

function key(campaign: string, recipient: string): string {
  return `${campaign}\u0000${recipient}`;
}
