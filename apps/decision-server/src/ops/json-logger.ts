/** Where log lines go; tests capture them, the server writes to stdout. */
export type LogWriter = (chunk: string) => void;

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";
const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/**
 * Structured JSON logs, one object per line. Lines are buffered and written once per event-loop turn so
 * a busy server does one write per turn, not one per request.
 */
export class JsonLogger {
  private buffer: string[] = [];
  private scheduled = false;

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
    this.buffer.push(JSON.stringify({ time: new Date().toISOString(), level, msg, ...this.base, ...fields }));
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  flush(): void {
    this.scheduled = false;
    if (this.buffer.length === 0) return;
    const chunk = `${this.buffer.join("\n")}\n`;
    this.buffer = [];
    this.write(chunk);
  }
}

/** An Error as loggable fields (stack included: logs are for operators). */
export function errorFields(error: unknown): Record<string, unknown> {
  if (error instanceof Error) return { err: { name: error.name, message: error.message, stack: error.stack } };
  return { err: { message: String(error) } };
}
