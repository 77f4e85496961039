import http from "node:http";
import http2 from "node:http2";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export type Reply = { status: number; headers?: Record<string, string>; body?: string };

async function listen(server: http.Server | http2.Http2Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A local HTTP/1.1 server (push service, FCM) answering with whatever `reply` decides. */
export async function startHttpServer(reply: (request: ReceivedRequest) => Reply) {
  const received: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const request = { path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks) };
      received.push(request);
      const r = reply(request);
      res.writeHead(r.status, r.headers).end(r.body ?? "");
    });
  });
  const url = await listen(server);
  return {
    url,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A local cleartext HTTP/2 (h2c) server standing in for APNs. */
export async function startHttp2Server(reply: (request: ReceivedRequest) => Reply) {
  const received: ReceivedRequest[] = [];
  const server = http2.createServer();
  server.on("stream", (stream, headers) => {
    const chunks: Buffer[] = [];
    stream.on("data", (c: Buffer) => chunks.push(c));
    stream.on("end", () => {
      const request = { path: String(headers[":path"]), headers, body: Buffer.concat(chunks) };
      received.push(request);
      const r = reply(request);
      stream.respond({ ":status": r.status, ...r.headers });
      stream.end(r.body ?? "");
    });
  });
  const url = await listen(server);
  return {
    url,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
      }),
  };
}
