import { describe, expect, it } from "vitest";
import {
  parseCsvHeader,
  parseCsvMember,
  parseJsonlMember,
  splitCsvRecord,
} from "./audience-line.js";

describe("audience lines", () => {
  it("reads a JSON Lines member and refuses anything but profile and context", () => {
    expect(parseJsonlMember('{"profile":{"id":"p"},"context":{"channel":"web"}}')).toEqual({
      profile: { id: "p" },
      context: { channel: "web" },
    });
    expect(() => parseJsonlMember("[1]")).toThrow("expected an object");
    expect(() => parseJsonlMember('{"context":{}}')).toThrow('"profile" is missing');
    expect(() => parseJsonlMember('{"profile":{"id":"p"},"options":{"dryRun":false}}')).toThrow(
      'unknown key "options"',
    );
    expect(() => parseJsonlMember("{")).toThrow("not valid JSON");
  });

  it("splits CSV records with quotes, escaped quotes, commas inside quotes and empty cells", () => {
    expect(splitCsvRecord('a,"b,c","say ""hi""",,')).toEqual(["a", "b,c", 'say "hi"', "", ""]);
    expect(splitCsvRecord("")).toEqual([""]);
    expect(() => splitCsvRecord('"open')).toThrow("not closed");
    expect(() => splitCsvRecord('"a"b')).toThrow("after a quoted cell");
  });

  it("maps CSV columns to the profile id, typed nested attributes and the context", () => {
    const columns = parseCsvHeader("id,age,vip,loyalty.tier,loyalty.points,context.channel,note");
    expect(parseCsvMember(columns, "p-1,42,true,gold,1200.5,web,")).toEqual({
      profile: {
        id: "p-1",
        attributes: { age: 42, vip: true, loyalty: { tier: "gold", points: 1200.5 } },
      },
      context: { channel: "web" },
    });
    expect(parseCsvMember(columns, 'p-2,007,false,,,,"12 apples"')).toEqual({
      profile: { id: "p-2", attributes: { age: "007", vip: false, note: "12 apples" } },
    });
    expect(() => parseCsvMember(columns, "p-3,1")).toThrow("has 2 cells; the header has 7");
    expect(() => parseCsvHeader("age,tier")).toThrow('no "id" column');
    expect(() => parseCsvHeader("id,age,age")).toThrow('names "age" twice');
  });
});
