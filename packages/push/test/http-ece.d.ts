// Minimal typing for the parts of http_ece the tests use (the package ships no types).
declare module "http_ece" {
  import type { ECDH } from "node:crypto";
  export function decrypt(
    buffer: Buffer,
    params: {
      version: "aes128gcm" | "aesgcm";
      privateKey?: ECDH;
      authSecret?: string | Buffer;
      dh?: string;
      salt?: string;
    },
  ): Buffer;
}
