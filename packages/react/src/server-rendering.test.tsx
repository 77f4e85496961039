import { afterEach, describe, expect, it, vi } from "vitest";
import { act } from "@testing-library/react";
import { hydrateRoot, type Root } from "react-dom/client";
import { renderToString } from "react-dom/server";
import type { ReactNode } from "react";
import { fallbackProposition, rankedProposition } from "../test/propositions.js";
import { jsdomSanitizer } from "../test/jsdom-sanitizer.js";
import { scriptedEngine } from "../test/sources.js";
import { OfferProvider } from "./offer-provider.js";
import { OfferSlot } from "./offer-slot.js";

let root: Root | undefined;
afterEach(() => {
  act(() => root?.unmount());
  root = undefined;
  document.body.innerHTML = "";
});

const hero = rankedProposition("p1", "home", "web-hero", ["o1"]);
hero.items[0]!.representation = {
  placementId: "web-hero",
  type: "html",
  content: '<b>Big sale</b><img src="x" onerror="alert(1)">',
};
const bootstrap = {
  profileId: "u1",
  propositions: [hero, fallbackProposition("p2", "home", "web-sidebar")],
  errors: [],
};

function Page({ engine }: { engine?: ReturnType<typeof scriptedEngine> }): ReactNode {
  return (
    <OfferProvider bootstrap={bootstrap} sanitizer={jsdomSanitizer} {...(engine ? { engine } : {})}>
      <main>
        <OfferSlot decisionId="home" placementId="web-hero" fallback={<span>Default hero</span>} />
        <OfferSlot
          decisionId="home"
          placementId="web-sidebar"
          fallback={<span>Default sidebar</span>}
        />
        <OfferSlot
          decisionId="home"
          placementId="web-footer"
          fallback={<span>Default footer</span>}
        />
      </main>
    </OfferProvider>
  );
}

describe("server rendering", () => {
  it("renders bootstrapped offers into the HTML, sanitized, and hydrates with no request and no mismatch", async () => {
    const html = renderToString(<Page />);
    expect(html).toContain("<b>Big sale</b>");
    expect(html).not.toContain("onerror");
    expect(html).toContain("Welcome");
    // A scope the server did not decide is reserved invisibly, never shown half-decided.
    expect(html).toMatch(
      /data-status="loading"[^>]*style="visibility:hidden"[^>]*>.*Default footer/,
    );

    const container = document.createElement("div");
    container.innerHTML = html;
    document.body.append(container);
    const serverNodes = [...container.querySelectorAll("*")];
    const recoverable: unknown[] = [];
    const engine = scriptedEngine(() => new Promise(() => undefined));
    await act(async () => {
      root = hydrateRoot(container, <Page engine={engine} />, {
        onRecoverableError: (e) => recoverable.push(e),
      });
      await Promise.resolve();
    });
    expect(recoverable).toEqual([]);
    // Hydration adopted the server's nodes instead of re-creating them.
    expect([...container.querySelectorAll("*")]).toEqual(serverNodes);
    // Only the scope missing from the bootstrap was requested.
    expect(engine.requests.map((r) => r.scopes)).toEqual([
      [{ decisionId: "home", placementId: "web-footer" }],
    ]);
  });

  it("never fails the page when a render function throws during server rendering", () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const html = renderToString(
      <OfferProvider bootstrap={bootstrap}>
        <h1>Shop</h1>
        <OfferSlot decisionId="home" placementId="web-hero" fallback={<span>Default hero</span>}>
          {() => {
            throw new Error("bad template");
          }}
        </OfferSlot>
      </OfferProvider>,
    );
    expect(html).toContain("<h1>Shop</h1>");
    expect(html).toContain("Default hero");
    vi.restoreAllMocks();
  });
});
