import { InvalidPushInputError } from "../../errors/push-error.js";

export type WebPushUrgency = "very-low" | "low" | "normal" | "high";

const URGENCIES: readonly string[] = ["very-low", "low", "normal", "high"];
const TOPIC = /^[A-Za-z0-9_-]{1,32}$/;

/** RFC 8030 §5.4: a Topic is at most 32 characters of the URL-safe base64 alphabet. */
export function assertWebPushTopic(topic: string, path: string[]): void {
  if (!TOPIC.test(topic))
    throw new InvalidPushInputError(path, "must be 1-32 URL-safe base64 characters");
}

export function assertWebPushUrgency(urgency: string, path: string[]): void {
  if (!URGENCIES.includes(urgency))
    throw new InvalidPushInputError(path, `must be one of ${URGENCIES.join(", ")}`);
}
