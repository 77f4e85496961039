import { OfferkitClientError } from "@offerkit/client";

/** Reject with TIMEOUT after `ms`: a page waits for its offers only so long. */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new OfferkitClientError("TIMEOUT", `no decision within ${ms} ms`)),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
