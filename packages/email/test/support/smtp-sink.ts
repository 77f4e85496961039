import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";

export interface ReceivedMessage {
  raw: Buffer;
  recipients: string[];
  messageId: string | undefined;
  /** Which SMTP connection delivered it (to see the pool at work). */
  session: string;
}

export interface SmtpSinkOptions {
  /**
   * Called with each complete message before it is accepted; return an SMTP error to refuse it.
   * Runs before the 250, i.e. the message is not accepted (and not stored) unless this resolves undefined.
   */
  beforeAccept?: (
    message: ReceivedMessage,
    index: number,
  ) =>
    | Promise<{ code: number; message: string } | undefined>
    | { code: number; message: string }
    | undefined;
}

/** A real SMTP server on 127.0.0.1 that keeps every accepted message in memory, for tests. */
export class SmtpSink {
  readonly accepted: ReceivedMessage[] = [];
  private readonly server: SMTPServer;
  private received = 0;
  readonly sessions = new Set<string>();

  private constructor(options: SmtpSinkOptions) {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      closeTimeout: 1_000,
      size: 10 * 1024 * 1024,
      onConnect: (session: SMTPServerSession, callback: (error?: Error) => void) => {
        this.sessions.add(session.id);
        callback();
      },
      onData: (
        stream: SMTPServerDataStream,
        session: SMTPServerSession,
        callback: (error?: Error | null) => void,
      ) => {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          const raw = Buffer.concat(chunks);
          const message: ReceivedMessage = {
            raw,
            recipients: session.envelope.rcptTo.map((r) => r.address),
            messageId: /^Message-ID:\s*(<[^>]+>)/im.exec(raw.toString("latin1"))?.[1],
            session: session.id,
          };
          const index = this.received++;
          void Promise.resolve(options.beforeAccept?.(message, index)).then((refusal) => {
            if (refusal) {
              const error = Object.assign(new Error(refusal.message), {
                responseCode: refusal.code,
              });
              callback(error);
              return;
            }
            this.accepted.push(message);
            callback(null);
          });
        });
      },
    });
  }

  static async start(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
    const sink = new SmtpSink(options);
    await new Promise<void>((resolve, reject) => {
      sink.server.once("error", reject);
      sink.server.listen(0, "127.0.0.1", () => resolve());
    });
    // A client killed mid-session (the crash tests) resets its connection: expected, not a failure.
    sink.server.on("error", () => undefined);
    return sink;
  }

  get port(): number {
    return (this.server.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Accepted messages per recipient address. */
  countsByRecipient(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const m of this.accepted)
      for (const r of m.recipients) counts.set(r, (counts.get(r) ?? 0) + 1);
    return counts;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
