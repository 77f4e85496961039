/**
 * A hello-world HTTP server on one framework, run as its own process so the load generator does
 * not share its event loop. Prints `listening <port>` once ready.
 * Usage: tsx bench/hello-server.ts node|fastify|express
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

const framework = process.argv[2] ?? "node";
const body = JSON.stringify({ hello: "world" });

async function start(): Promise<number> {
  if (framework === "node") {
    const server = createServer((_req, res) => {
      res.writeHead(200, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(body),
      });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return (server.address() as AddressInfo).port;
  }
  if (framework === "fastify") {
    const { default: Fastify } = await import("fastify");
    const app = Fastify({ logger: false });
    app.get("/", () => ({ hello: "world" }));
    app.post("/", () => ({ hello: "world" }));
    await app.listen({ port: 0, host: "127.0.0.1" });
    return (app.server.address() as AddressInfo).port;
  }
  if (framework === "express") {
    const { default: express } = await import("express");
    const app = express();
    app.get("/", (_req, res) => void res.json({ hello: "world" }));
    const server = app.listen(0, "127.0.0.1");
    await new Promise<void>((resolve) => server.once("listening", resolve));
    return (server.address() as AddressInfo).port;
  }
  throw new Error(`unknown framework ${framework}`);
}

const port = await start();
process.stdout.write(`listening ${port}\n`);
