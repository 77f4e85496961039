import { describe, expect, it } from "vitest";
import { CelCompiler } from "./cel-compiler.js";
import { attributeValue } from "./predicates.js";
import { ProfileFrameInput } from "./profile-frame-input.js";

const expressions = [
  'profile.id == "p-1"',
  'profile.id == "attr-id"',
  "has(profile.id)",
  "has(profile.tier)",
  "has(profile.missing)",
  "has(profile.nested.id)",
  'profile.tier == "gold"',
  "size(profile) == 3",
  '"id" in profile',
  'profile.nested.id == "inner"',
  'profile.missing == "x"',
  'profile.exists(k, k == "id")',
];

describe("ProfileFrameInput", () => {
  it("reads every path exactly as the merged profile (attributes + id, id winning) does", () => {
    const compiler = new CelCompiler();
    const now = new Date(0);
    for (const attributes of [
      { tier: "gold", nested: { id: "inner" } },
      { tier: "gold", id: "attr-id" },
      {},
    ]) {
      const lazy = new ProfileFrameInput("p-1", attributes, {}, now);
      const merged = { profile: { ...attributes, id: "p-1" }, context: {}, now };
      for (const source of expressions) {
        const compiled = compiler.compileValue(source);
        if (!compiled.ok) throw new Error(`${source}: ${compiled.problems[0]?.message}`);
        const a = compiled.expression.evaluateValue(compiler.createFrame(lazy));
        const b = compiled.expression.evaluateValue(compiler.createFrame(merged));
        expect(a, `${source} with ${JSON.stringify(attributes)}`).toStrictEqual(b);
      }
      for (const path of [["id"], ["tier"], ["nested", "id"], ["missing"], []]) {
        expect(attributeValue(lazy, "profile", path)).toStrictEqual(
          attributeValue(merged, "profile", path),
        );
      }
    }
  });

  it("path reads and has() never build the merged profile", () => {
    class CountingInput extends ProfileFrameInput {
      merges = 0;
      override get profile(): Readonly<Record<string, unknown>> {
        this.merges++;
        return super.profile;
      }
    }
    const compiler = new CelCompiler();
    const input = new CountingInput("p-1", { tier: "gold", nested: { a: 1 } }, {}, new Date(0));
    const compiled = compiler.compileBool(
      'has(profile.tier) && has(profile.id) && profile.tier == "gold" && profile.nested.a == 1 && !has(profile.missing)',
    );
    if (!compiled.ok) throw new Error("does not compile");
    expect(compiled.expression.evaluate(compiler.createFrame(input))).toStrictEqual({
      ok: true,
      value: true,
    });
    expect(input.merges).toBe(0);
  });

  it("does not build the merged profile for path reads", () => {
    const input = new ProfileFrameInput("p-1", { tier: "gold" }, {}, new Date(0));
    expect(input.sourceOf("tier")).toBe(input.attributes);
    expect(input.sourceOf("id")).toStrictEqual({ id: "p-1" });
    expect(input.profile).toStrictEqual({ tier: "gold", id: "p-1" });
  });
});
