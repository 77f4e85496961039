import type { IncomingMessage, ServerResponse } from "node:http";
import type { DecisionEngine } from "@offerkit/core";

/**
 * The decision server's wire contract (POST /v1/decisions, /v1/events with a bearer key) over a
 * real engine, so the storefront can run in "remote" mode and the server can be stopped.
 */
export function miniDecisionServer(engine: DecisionEngine, apiKey: string) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      const respond = (status: number, value: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(value));
      };
      if (req.headers.authorization !== `Bearer ${apiKey}`)
        return respond(401, { error: { code: "UNAUTHORIZED", message: "bad key" } });
      const parsed = JSON.parse(body) as { events?: unknown[] };
      const work =
        req.url === "/v1/events" ? engine.track(parsed.events ?? []) : engine.decide(parsed);
      work.then(
        (value) => respond(200, value),
        (error: { code?: string; message: string }) =>
          respond(400, { error: { code: error.code ?? "INTERNAL", message: error.message } }),
      );
    });
  };
}
