import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";

export interface CapturedMessage {
  raw: Buffer;
  to: string[];
}

/** A real SMTP server on 127.0.0.1 that keeps every accepted message, for tests. */
export class SmtpCapture {
  private constructor(
    private readonly server: SMTPServer,
    readonly messages: CapturedMessage[],
  ) {}

  static async start(): Promise<SmtpCapture> {
    const messages: CapturedMessage[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onData: (
        stream: SMTPServerDataStream,
        session: SMTPServerSession,
        callback: (error?: Error | null) => void,
      ) => {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          messages.push({
            raw: Buffer.concat(chunks),
            to: session.envelope.rcptTo.map((r) => r.address),
          });
          callback(null);
        });
      },
    });
    const capture = new SmtpCapture(server, messages);
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    server.on("error", () => undefined);
    return capture;
  }

  get url(): string {
    return `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
