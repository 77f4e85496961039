#!/usr/bin/env node
// The offerkit binary: runs the built CLI; inside the monorepo without a build it runs the TypeScript
// sources through tsx (with the @offerkit/source condition), forwarding signals to that child.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const dist = fileURLToPath(new URL("../dist/main.js", import.meta.url));
if (existsSync(dist)) {
  await import(new URL("../dist/main.js", import.meta.url).href);
} else {
  const source = fileURLToPath(new URL("../src/main.ts", import.meta.url));
  const tsx = import.meta.resolve("tsx");
  const child = spawn(
    process.execPath,
    ["--conditions=@offerkit/source", "--import", tsx, source, ...process.argv.slice(2)],
    {
      stdio: "inherit",
    },
  );
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
