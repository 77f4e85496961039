import type { PushOutcome } from "./push-outcome.js";

export interface RetryPolicy {
  /** Total attempts including the first (default 3). */
  attempts?: number;
  /** First backoff when the provider gave no Retry-After (default 500 ms), doubled each time. */
  baseDelayMs?: number;
  /** Upper bound on any wait, Retry-After included (default 60 s). */
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Sends until the outcome is not retryable or attempts run out, waiting Retry-After when the
 * provider sent one and exponential backoff otherwise. Returns the last outcome.
 */
export async function sendWithRetries(
  send: () => Promise<PushOutcome>,
  policy: RetryPolicy = {},
): Promise<PushOutcome> {
  const attempts = policy.attempts ?? 3;
  const base = policy.baseDelayMs ?? 500;
  const max = policy.maxDelayMs ?? 60_000;
  const sleep =
    policy.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let outcome = await send();
  for (let attempt = 1; attempt < attempts && outcome.kind === "retryable"; attempt++) {
    await sleep(Math.min(max, outcome.retryAfterMs ?? base * 2 ** (attempt - 1)));
    outcome = await send();
  }
  return outcome;
}
