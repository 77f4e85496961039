import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const MAIN = fileURLToPath(new URL("../../src/main.ts", import.meta.url));

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Output lines seen so far (JSON logs on stdout, banner on stderr). */
  output: string[];
  exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
  /** SIGTERM and wait for the exit (SIGKILL after 10 s). */
  stop(): Promise<number | null>;
}

/** Runs src/main.ts (the real server entry) in its own process with OFFERKIT_* settings; resolves when it listens. */
export async function spawnServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    ["--conditions=@offerkit/source", "--import", "tsx", MAIN],
    {
      env: { ...process.env, OFFERKIT_PORT: "0", OFFERKIT_REQUEST_LOGS: "false", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start within 60 s:\n${output.join("\n")}`)),
      60_000,
    );
    const onLine = (chunk: Buffer): void => {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (line === "") continue;
        output.push(line);
        const match = /"msg":"listening","url":"([^"]+)"/.exec(line);
        if (match?.[1] !== undefined) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      }
    };
    child.stdout.on("data", onLine);
    child.stderr.on("data", onLine);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${output.join("\n")}`));
    });
  });
  return {
    url,
    child,
    output,
    exited,
    kill: (signal) => void child.kill(signal),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
