import { describe, expect, it } from "vitest";
import { OfferkitError, formatPath } from "./offerkit-error.js";
import { httpStatusOf } from "./http-status.js";
import { z } from "zod";

describe("OfferkitError", () => {
  it("fromUnknown keeps OfferkitErrors, maps zod errors to located issues, wraps the rest", () => {
    const own = new OfferkitError("NOT_FOUND", "nope");
    expect(OfferkitError.fromUnknown(own)).toBe(own);
    const zod = z.object({ a: z.object({ b: z.int() }) }).safeParse({ a: { b: "x" } }).error;
    const fromZod = OfferkitError.fromUnknown(zod);
    expect(fromZod).toMatchObject({ code: "VALIDATION_FAILED", issues: [{ path: ["a", "b"] }] });
    expect(fromZod.message).toMatch(/^a\.b: /);
    expect(OfferkitError.fromUnknown(new TypeError("boom"))).toMatchObject({
      code: "INTERNAL",
      message: "boom",
    });
    expect(OfferkitError.fromUnknown("text", "UNAVAILABLE")).toMatchObject({
      code: "UNAVAILABLE",
      message: "text",
    });
  });

  it("keeps the code of a foreign error that uses offerkit's codes", () => {
    class PushError extends Error {
      code = "PAYLOAD_TOO_LARGE";
      issues = [{ path: ["aps", "alert"], message: "too long" }];
    }
    expect(OfferkitError.fromUnknown(new PushError("too big"))).toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
      issues: [{ path: ["aps", "alert"] }],
    });
    class Other extends Error {
      code = "ECONNRESET";
    }
    expect(OfferkitError.fromUnknown(new Other("reset")).code).toBe("INTERNAL");
  });

  it("maps codes to HTTP statuses in one place and formats paths", () => {
    expect(httpStatusOf("PRECONDITION_FAILED")).toBe(412);
    expect(httpStatusOf("REFERENCED")).toBe(409);
    expect(httpStatusOf("VALIDATION_FAILED")).toBe(400);
    expect(formatPath(["offers", 3, "caps", 0, "limit"])).toBe("offers[3].caps[0].limit");
    expect(formatPath([])).toBe("(root)");
  });
});
