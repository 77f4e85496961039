export { runEmailRender, EMAIL_RENDER_USAGE } from "./run-email-render.js";
export { runEmailSend, EMAIL_SEND_USAGE } from "./run-email-send.js";
export type { EmailCliIo } from "./email-cli-io.js";
export { SIGNING_KEYS_ENV } from "./cli-inputs.js";
export { HttpDecider } from "./http-decider.js";
