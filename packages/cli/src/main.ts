import { processIo } from "./cli-io.js";
import { runCli } from "./run-cli.js";

const code = await runCli(process.argv.slice(2), processIo());
// Stores and servers are closed by the commands; exit explicitly so a stray pool timer cannot hold the process.
process.exit(code);
