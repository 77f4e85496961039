import { describe, expect, it } from "vitest";
import { JsonLogger } from "./json-logger.js";

describe("JsonLogger", () => {
  it("writes one JSON object per line, buffering info lines and writing warnings at once", async () => {
    const chunks: string[] = [];
    const logger = new JsonLogger((chunk) => void chunks.push(chunk), "info", { service: "t" });
    logger.debug("hidden");
    logger.info("first", { a: 1 });
    logger.info("second");
    expect(chunks).toEqual([]); // buffered
    logger.warn("careful");
    expect(chunks).toHaveLength(1); // the warning flushed everything before it, in order
    const lines = chunks[0]!
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.msg)).toEqual(["first", "second", "careful"]);
    expect(lines[0]).toMatchObject({
      level: "info",
      service: "t",
      a: 1,
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    logger.info("later");
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(chunks).toHaveLength(2); // the timer flushed it
    expect(JSON.parse(chunks[1]!) as Record<string, unknown>).toMatchObject({ msg: "later" });
  });

  it("writes when 32 KiB wait, and writes nothing when silent", () => {
    const chunks: string[] = [];
    const logger = new JsonLogger((chunk) => void chunks.push(chunk));
    for (let i = 0; i < 400; i++) logger.info("x".repeat(100));
    expect(chunks.length).toBeGreaterThan(0);
    logger.flush();
    expect(chunks.join("").trimEnd().split("\n")).toHaveLength(400);
    const silent = new JsonLogger((chunk) => void chunks.push(chunk), "silent");
    silent.error("nothing");
    silent.flush();
    expect(chunks.join("").split("\n").filter(Boolean)).toHaveLength(400);
  });
});
