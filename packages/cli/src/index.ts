export { runCli, USAGE } from "./run-cli.js";
export { processIo, type CliIo } from "./cli-io.js";
export { formatSimulation } from "./format-simulation.js";
