import pg from "pg";
import { quoteIdentifier } from "./identifiers.js";

const RECONNECT_DELAY_MS = 1000;

/**
 * LISTEN needs a connection of its own that stays open. When it drops, reconnect after a pause;
 * notifications sent meanwhile are lost, which is why version watchers also poll.
 */
export class PgNotificationListener {
  private client: pg.Client | undefined;
  private stopped = false;
  private reconnectTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly channel: string,
    private readonly onPayload: (payload: string) => void,
  ) {}

  async start(): Promise<void> {
    const client = new pg.Client(this.config);
    client.on("notification", (message) => {
      if (message.channel === this.channel && message.payload !== undefined)
        this.onPayload(message.payload);
    });
    client.on("error", () => this.onConnectionLost(client));
    client.on("end", () => this.onConnectionLost(client));
    await client.connect();
    try {
      await client.query(`LISTEN ${quoteIdentifier(this.channel)}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private onConnectionLost(client: pg.Client): void {
    // Only the live connection matters; errors of one still connecting reject start() instead.
    if (client !== this.client) return;
    this.client = undefined;
    client.end().catch(() => undefined);
    this.retryLater();
  }

  private retryLater(): void {
    if (this.stopped || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.stopped) return;
      // Still unreachable: try again later (the version poll covers the gap).
      this.start().catch(() => this.retryLater());
    }, RECONNECT_DELAY_MS);
    this.reconnectTimer.unref();
  }
}
