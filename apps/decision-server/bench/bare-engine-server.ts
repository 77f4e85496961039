/**
 * Reference for bench:server, not a product: the engine behind a bare node:http handler — no auth, no
 * validation beyond the engine's, no logs, no metrics, no event storage. The gap between this row and
 * the server's rows is what the HTTP layer and event storage cost. Prints `listening <port> -`.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { DecisionEngine } from "@offerkit/core";
import { generateWorkload } from "@offerkit/core/bench-workload";

const engine = new DecisionEngine({
  library: generateWorkload({ offers: Number(process.env.BENCH_OFFERS ?? 1000), caps: true })
    .library,
});
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    void engine.decide(JSON.parse(Buffer.concat(chunks).toString("utf8"))).then((response) => {
      const body = JSON.stringify(response);
      res.writeHead(200, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(body),
      });
      res.end(body);
    });
  });
});
server.listen(0, "127.0.0.1", () =>
  process.stdout.write(`listening ${(server.address() as AddressInfo).port} -\n`),
);
process.once("SIGTERM", () => server.close(() => process.exit(0)));
