/** `pnpm --filter @offerkit/decision-server start`: serve with OFFERKIT_* settings (see README). */
import { settingsFromEnv } from "./server/env-config.js";
import { runServer, stopOnSignals } from "./server/run-server.js";

const running = await runServer(settingsFromEnv(process.env));
stopOnSignals(running);
