export * from "./expression.js";
export { CelInterpreter } from "./cel-interpreter.js";
export { createCelEnvironment } from "./cel-environment.js";
