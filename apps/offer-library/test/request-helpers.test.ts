import { describe, expect, it } from "vitest";
import { isPathPrefix, issueSpan, issueText } from "../src/offers/issue-span.js";
import { SimulateInputError, simulateRequest } from "../src/simulate/simulate-request.js";

describe("issue positions", () => {
  it("takes the span from the issue, or from the server's '(at start..end)' message suffix", () => {
    expect(issueSpan({ path: ["expression"], message: "x", span: { start: 2, end: 5 } })).toEqual({
      start: 2,
      end: 5,
    });
    const issue = {
      path: ["eligibility", "expression"],
      message: "Unexpected token: EOF (at 33..33)",
    };
    expect(issueSpan(issue)).toEqual({ start: 33, end: 33 });
    expect(issueText(issue)).toBe("Unexpected token: EOF");
    expect(issueSpan({ path: [], message: "no position" })).toBeUndefined();
    expect(isPathPrefix(["eligibility"], issue.path)).toBe(true);
    expect(isPathPrefix(["representations"], issue.path)).toBe(false);
  });
});

describe("simulate requests", () => {
  const scope = { decisionId: "home", placementId: "web", label: "Home → web" };

  it("sends the profile, the context and the chosen scopes", () => {
    expect(
      simulateRequest('{"id":"p","attributes":{"age":3}}', '{"channel":"web"}', [scope]),
    ).toEqual({
      profile: { id: "p", attributes: { age: 3 } },
      context: { channel: "web" },
      scopes: [{ decisionId: "home", placementId: "web" }],
    });
  });

  it("accepts bare attributes as the profile and an empty context", () => {
    expect(simulateRequest('{"age":3}', "", [scope]).profile).toEqual({
      id: "simulated-profile",
      attributes: { age: 3 },
    });
  });

  it("explains bad input instead of sending it", () => {
    expect(() => simulateRequest("{", "{}", [scope])).toThrow(/Profile is not valid JSON/);
    expect(() => simulateRequest("[]", "{}", [scope])).toThrow(/must be a JSON object/);
    expect(() => simulateRequest('{"id":"p"}', "{}", [])).toThrow(SimulateInputError);
  });
});
