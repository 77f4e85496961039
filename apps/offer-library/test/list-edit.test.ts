import { describe, expect, it } from "vitest";
import {
  fromLocalInput,
  issuesAt,
  issuesNotAt,
  issuesStillApplying,
  toLocalInput,
  valueAtPath,
} from "../src/forms/issues-at.js";
import { moveItem, removeAt, replaceAt } from "../src/forms/list-edit.js";
import { formatLiteral, parseList, parseLiteral } from "../src/forms/use-synced-text.js";

describe("list edits", () => {
  it("moves an item up and down and ignores moves past either end", () => {
    expect(moveItem(["a", "b", "c"], 2, -1)).toEqual(["a", "c", "b"]);
    expect(moveItem(["a", "b", "c"], 0, 1)).toEqual(["b", "a", "c"]);
    expect(moveItem(["a", "b", "c"], 0, -1)).toEqual(["a", "b", "c"]);
    expect(moveItem(["a", "b", "c"], 2, 1)).toEqual(["a", "b", "c"]);
  });

  it("replaces and removes by index without touching the input", () => {
    const list = ["a", "b"];
    expect(replaceAt(list, 1, "x")).toEqual(["a", "x"]);
    expect(removeAt(list, 0)).toEqual(["b"]);
    expect(list).toEqual(["a", "b"]);
  });
});

describe("form helpers", () => {
  const issues = [
    { path: ["caps", 0, "limit"], message: "too small" },
    {
      path: ["scopes", 1, "groups", 0, "criteria", 0, "collectionId"],
      message: "unknown collection",
    },
  ];

  it("finds the issues of exactly one field", () => {
    expect(issuesAt(issues, ["caps", 0, "limit"])).toEqual([issues[0]]);
    expect(issuesAt(issues, ["caps", 0])).toEqual([]);
    expect(
      issuesAt(issues, ["scopes", "1", "groups", 0, "criteria", 0, "collectionId"]),
    ).toHaveLength(1);
    expect(issuesNotAt(issues, [["caps", 0, "limit"]])).toEqual([issues[1]]);
  });

  it("reads tag lists and JSON literals as typed", () => {
    expect(parseList(" a, ,b ,")).toEqual(["a", "b"]);
    expect(parseLiteral("0.25")).toBe(0.25);
    expect(parseLiteral('["x", 2]')).toEqual(["x", 2]);
    expect(parseLiteral("gold")).toBe("gold");
    expect(parseLiteral("  ")).toBeUndefined();
    expect(formatLiteral("3")).toBe('"3"');
    expect(formatLiteral("gold")).toBe("gold");
  });

  it("converts datetime-local values to ISO and back, passing unparsable text through", () => {
    const iso = fromLocalInput("2026-03-01T10:00");
    expect(iso).toBe(new Date("2026-03-01T10:00").toISOString());
    expect(toLocalInput(iso)).toBe("2026-03-01T10:00");
    expect(fromLocalInput("")).toBeUndefined();
    expect(fromLocalInput("soon")).toBe("soon");
  });
});

describe("issues of the last save", () => {
  it("keep only the messages whose field still holds what was sent", () => {
    const sent = { fallbackOfferId: "", scopes: [{ placementId: "x", groups: [] }] };
    const issues = [
      { path: ["fallbackOfferId"], message: "must be 1-128 characters" },
      { path: ["scopes", 0, "placementId"], message: "unknown placement" },
    ];
    expect(issuesStillApplying(issues, sent, sent)).toEqual(issues);
    const edited = { ...sent, fallbackOfferId: "house-ad" };
    expect(issuesStillApplying(issues, sent, edited)).toEqual([issues[1]]);
    expect(valueAtPath(sent, ["scopes", 0, "placementId"])).toBe("x");
    expect(valueAtPath(sent, ["scopes", 3, "placementId"])).toBeUndefined();
  });
});
