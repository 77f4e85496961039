/** Shared helpers for the server benchmarks: spawn a server process, load it with autocannon, print a table. */
import { spawn, type ChildProcess } from "node:child_process";
import autocannon from "autocannon";

export interface LoadResult {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

export interface LoadOptions {
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  /** Bodies are cycled through so that every request is not the same profile. */
  bodies?: string[];
  connections?: number;
  durationSeconds?: number;
}

export async function load(name: string, options: LoadOptions): Promise<LoadResult> {
  const bodies = options.bodies;
  let next = 0;
  const result = await autocannon({
    url: options.url,
    connections: options.connections ?? 50,
    duration: options.durationSeconds ?? 10,
    method: options.method ?? "GET",
    headers: options.headers ?? {},
    ...(bodies !== undefined && bodies.length > 0
      ? {
          requests: [
            {
              setupRequest: (req: autocannon.Request) => ({
                ...req,
                body: bodies[next++ % bodies.length] ?? "",
              }),
            },
          ],
        }
      : {}),
  });
  return {
    name,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/** Start `tsx <script> ...args` and resolve with the port it prints as `listening <port>`. */
export async function spawnServer(
  script: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; port: number; line: string; stop: () => Promise<void> }> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "--conditions=@offerkit/source", script, ...args],
    {
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, ...env },
    },
  );
  const line = await new Promise<string>((resolve, reject) => {
    let buffered = "";
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString("utf8");
      const match = /listening \d+[^\n]*/.exec(buffered);
      if (match !== null) {
        child.stdout?.off("data", onData);
        child.stdout?.resume();
        resolve(match[0]);
      }
    };
    child.stdout?.on("data", onData);
    child.once("exit", (code) =>
      reject(new Error(`${script} exited with ${code} before listening`)),
    );
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    await exited;
  };
  const port = Number(line.split(" ")[1]);
  return { child, port, line, stop };
}

export function printTable(rows: LoadResult[], baseline?: LoadResult): void {
  const header = [
    "target",
    "req/s",
    "p50 ms",
    "p99 ms",
    "non-2xx",
    "errors",
    baseline ? `× ${baseline.name}` : "",
  ];
  const lines = rows.map((r) => [
    r.name,
    r.requestsPerSecond.toFixed(0),
    r.p50.toFixed(1),
    r.p99.toFixed(1),
    String(r.non2xx),
    String(r.errors),
    baseline ? (r.requestsPerSecond / baseline.requestsPerSecond).toFixed(2) : "",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]?.length ?? 0)));
  const format = (cells: string[]): string =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  console.log(format(header));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const line of lines) console.log(format(line));
}
