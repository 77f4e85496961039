import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import {
  DecisionEvent,
  FeedbackEvent,
  formatPath,
  OfferEvent,
  OfferkitError,
  type Issue,
} from "@offerkit/core";

export interface EventLog {
  decisions: DecisionEvent[];
  feedback: FeedbackEvent[];
}

/**
 * Reads a JSON Lines file of offer events (decision, display, interact, custom — mixed or not),
 * one per line; blank lines are skipped. Every bad line is reported as `<file>:<line>` plus the
 * path inside the event, all at once.
 */
export async function readEventLog(
  cwd: string,
  path: string,
  into: EventLog = { decisions: [], feedback: [] },
): Promise<EventLog> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, path), "utf8");
  } catch (error) {
    throw new OfferkitError("BAD_REQUEST", `cannot read ${path}: ${(error as Error).message}`);
  }
  const issues: Issue[] = [];
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    const where = `${path}:${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      issues.push({ path: [where], message: `not valid JSON: ${(error as Error).message}` });
      return;
    }
    const parsed = OfferEvent.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues.slice(0, 3)) {
        const inner = issue.path.filter((p): p is string | number => typeof p !== "symbol");
        issues.push({ path: [where, ...inner], message: issue.message });
      }
      return;
    }
    const event = parsed.data;
    if (event.type === "decision") into.decisions.push(DecisionEvent.parse(event));
    else into.feedback.push(FeedbackEvent.parse(event));
  });
  if (issues.length > 0) {
    throw new OfferkitError(
      "VALIDATION_FAILED",
      `${path} has ${issues.length} bad line(s); first: ${formatPath(issues[0]!.path)}: ${issues[0]!.message}`,
      { issues },
    );
  }
  return into;
}
