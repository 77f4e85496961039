// `pnpm start`: the product on one machine with no services — the decision server on the embedded
// store (PGlite in ./.data, seeded with the Northwind demo library on first start; it prints its URLs
// and, once, an admin key) serving the Offer Library UI at /ui/, and the demo storefront page beside
// it. Ctrl-C stops both.
import { spawn, spawnSync } from "node:child_process";

const serverPort = process.env.OFFERKIT_PORT ?? "3000";
const storefrontPort = process.env.STOREFRONT_PORT ?? "3001";

// The Offer Library UI is static files the server serves at /ui: build them first (about 2 s).
const built = spawnSync("pnpm", ["--filter", "@offerkit/offer-library", "run", "build"], {
  stdio: "inherit",
});
if (built.status !== 0) process.exit(built.status ?? 1);

const children = [
  spawn("pnpm", ["--filter", "@offerkit/cli", "run", "serve", "--quiet"], {
    stdio: "inherit",
    env: { ...process.env, OFFERKIT_PORT: serverPort },
  }),
  spawn("pnpm", ["--filter", "@offerkit/example-storefront", "start"], {
    stdio: "inherit",
    env: { ...process.env, PORT: storefrontPort, OFFERKIT_PORT: undefined },
  }),
];

let stopping = false;
function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 5000).unref();
}
for (const child of children) {
  child.on("exit", (code) => {
    if (!stopping) {
      console.error(`a process of the demo exited (code ${code}); stopping the others`);
      stop(code ?? 1);
    } else if (children.every((c) => c.exitCode !== null || c.signalCode !== null)) process.exit(0);
  });
}
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));
console.log(
  `offerkit demo: decision server on http://127.0.0.1:${serverPort} (Offer Library UI at /ui/), storefront on http://localhost:${storefrontPort} (starting…)`,
);
