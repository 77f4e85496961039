import { afterEach, describe, expect, it } from "vitest";
import { rankedProposition } from "../../test/propositions.js";
import {
  bootstrapScript,
  readBootstrap,
  serializeBootstrap,
  type OfferBootstrap,
} from "./offer-bootstrap.js";

describe("bootstrap payload", () => {
  afterEach(() => {
    document.body.innerHTML = "";
  });

  it("cannot break out of its script element, whatever the offer content holds", () => {
    const proposition = rankedProposition("p1", "home", "web-hero", ["o1"]);
    proposition.items[0]!.representation.content =
      "</script><script>window.pwned = 1</script><!-- \u2028";
    const bootstrap: OfferBootstrap = { profileId: "u1", propositions: [proposition], errors: [] };
    const json = serializeBootstrap(bootstrap);
    expect(json).not.toMatch(/[<>\u2028]/);
    document.body.innerHTML = bootstrapScript(bootstrap);
    expect(document.querySelectorAll("script")).toHaveLength(1);
    expect(readBootstrap()).toEqual(bootstrap);
  });

  it("reads nothing when the element is absent or malformed", () => {
    expect(readBootstrap()).toBeUndefined();
    document.body.innerHTML =
      '<script type="application/json" id="offerkit-bootstrap">{"nope":</script>';
    expect(readBootstrap()).toBeUndefined();
    document.body.innerHTML =
      '<script type="application/json" id="offerkit-bootstrap">{"profileId":"u1"}</script>';
    expect(readBootstrap()).toBeUndefined();
  });
});
