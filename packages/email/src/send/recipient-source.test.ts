import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Recipient } from "../render/recipient.js";
import { readRecipients } from "./recipient-source.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "offerkit-recipients-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function all(path: string): Promise<Recipient[]> {
  const out: Recipient[] = [];
  for await (const r of readRecipients(path)) out.push(r);
  return out;
}

describe("readRecipients", () => {
  it("reads CSV with typed cells, nested headers, JSON cells and context columns", async () => {
    const path = join(dir, "r.csv");
    await writeFile(
      path,
      "\ufeffid,email,firstName,age,vip,loyalty.tier,loyalty.points,interests,context.cartValue,zip\n" +
        'c1,Ana@Example.com,"Ana, ""A""",34,true,gold,4200,"[""run"",""yoga""]",64,01234\n' +
        ",ben@example.com,Ben,,false,,,,,\n",
    );
    expect(await all(path)).toEqual([
      {
        id: "c1",
        email: "Ana@Example.com",
        profile: {
          firstName: 'Ana, "A"',
          age: 34,
          vip: true,
          loyalty: { tier: "gold", points: 4200 },
          interests: ["run", "yoga"],
          zip: "01234",
        },
        context: { cartValue: 64 },
      },
      {
        id: "ben@example.com",
        email: "ben@example.com",
        profile: { firstName: "Ben", vip: false },
      },
    ]);
  });

  it("reads JSONL and reports the line of a bad record", async () => {
    const path = join(dir, "r.jsonl");
    await writeFile(
      path,
      '{"id":"a","email":"a@example.com","profile":{"x":1}}\n\n{"email":"not-an-email"}\n',
    );
    const seen: string[] = [];
    await expect(async () => {
      for await (const r of readRecipients(path)) seen.push(r.id);
    }).rejects.toThrow(/r\.jsonl:3: missing or invalid email/);
    expect(seen).toEqual(["a"]);
  });

  it("keeps __proto__ columns as data", async () => {
    const path = join(dir, "proto.csv");
    await writeFile(path, "email,__proto__.polluted,constructor\nx@example.com,yes,1\n");
    const [r] = await all(path);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(r!.profile!)).toEqual(["__proto__", "constructor"]);
  });
});
