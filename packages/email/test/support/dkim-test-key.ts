import { generateKeyPairSync } from "node:crypto";

/** A fresh 2048-bit RSA DKIM key and the TXT record a resolver would return for it. */
export function dkimTestKey(): { privateKey: string; txt: string } {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const spki = publicKey.export({ type: "spki", format: "der" }).toString("base64");
  return {
    privateKey: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    txt: `v=DKIM1; k=rsa; p=${spki}`,
  };
}

/** The signed header names (h=) of the first DKIM-Signature in a raw message, lower-cased. */
export function dkimSignedHeaders(raw: Buffer): string[] {
  const headers = raw
    .toString("latin1")
    .split(/\r?\n\r?\n/)[0]!
    .replace(/\r?\n[ \t]+/g, " ");
  const signature = /^DKIM-Signature:(.*)$/im.exec(headers)?.[1] ?? "";
  const h = /(?:^|;)\s*h=([^;]*)/.exec(signature)?.[1] ?? "";
  return h
    .split(":")
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
}
