import { createHmac } from "node:crypto";
import type { HmacSha256 } from "../core-tracking.js";

/** node:crypto HMAC-SHA256: same bytes as Web Crypto, synchronous, ~20× cheaper per token. */
export const nodeHmacSha256: HmacSha256 = (secret, message) => createHmac("sha256", secret).update(message).digest();
