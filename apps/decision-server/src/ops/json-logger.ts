/** Where log lines go; tests capture them, the server writes to stdout. */
export type LogWriter = (chunk: string) => void;

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";
const LEVEL_RANK: Record<LogLevel, number> = {
  debug: 10,
  info: 20,
  warn: 30,
  error: 40,
  silent: 100,
};

/** Buffered lines are written when this many characters wait, or after FLUSH_AFTER_MS. */
const FLUSH_AT_CHARS = 32 * 1024;
const FLUSH_AFTER_MS = 50;

/**
 * Structured JSON logs, one object per line. Info and debug lines are buffered and written in chunks
 * (at 32 KiB or after 50 ms), so a busy server makes a few large writes instead of one per request;
 * warnings and errors are written at once. flush() writes everything (shutdown calls it).
 */
export class JsonLogger {
  private buffer: string[] = [];
  private buffered = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly write: LogWriter = (chunk) => void process.stdout.write(chunk),
    private readonly level: LogLevel = "info",
    private readonly base: Record<string, unknown> = {},
  ) {}

  enabled(level: Exclude<LogLevel, "silent">): boolean {
    return LEVEL_RANK[level] >= LEVEL_RANK[this.level];
  }

  debug(msg: string, fields?: Record<string, unknown>): void {
    this.log("debug", msg, fields);
  }
  info(msg: string, fields?: Record<string, unknown>): void {
    this.log("info", msg, fields);
  }
  warn(msg: string, fields?: Record<string, unknown>): void {
    this.log("warn", msg, fields);
  }
  error(msg: string, fields?: Record<string, unknown>): void {
    this.log("error", msg, fields);
  }

  log(level: Exclude<LogLevel, "silent">, msg: string, fields?: Record<string, unknown>): void {
    if (!this.enabled(level)) return;
    const line = JSON.stringify({
      time: new Date().toISOString(),
      level,
      msg,
      ...this.base,
      ...fields,
    });
    this.buffer.push(line);
    this.buffered += line.length;
    if (LEVEL_RANK[level] >= LEVEL_RANK.warn || this.buffered >= FLUSH_AT_CHARS) {
      this.flush();
    } else if (this.timer === undefined) {
      this.timer = setTimeout(() => this.flush(), FLUSH_AFTER_MS);
      this.timer.unref(); // pending log lines alone do not keep a process alive; shutdown flushes them
    }
  }

  flush(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.buffer.length === 0) return;
    const chunk = `${this.buffer.join("\n")}\n`;
    this.buffer = [];
    this.buffered = 0;
    this.write(chunk);
  }
}

/** An Error as loggable fields (stack included: logs are for operators). */
export function errorFields(error: unknown): Record<string, unknown> {
  if (error instanceof Error)
    return { err: { name: error.name, message: error.message, stack: error.stack } };
  return { err: { message: String(error) } };
}
