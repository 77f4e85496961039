// `offerkit email send` as its own process, so tests can kill it mid-campaign like a crash.
import { runEmailSend } from "../../src/cli/index.js";

process.exitCode = await runEmailSend(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
});
