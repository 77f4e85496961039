import { afterEach, describe, expect, it } from "vitest";
import { act, cleanup, render, screen } from "@testing-library/react";
import { Profiler, type ReactNode } from "react";
import { rankedProposition, responseOf } from "../test/propositions.js";
import { deferred, scriptedEngine } from "../test/sources.js";
import { OfferProvider } from "./offer-provider.js";
import { useOffers } from "./use-offers.js";

afterEach(cleanup);

function Status({ placementId }: { placementId: string }): ReactNode {
  const { status, proposition } = useOffers({ decisionId: "home", placementId });
  return (
    <p data-testid={placementId}>
      {status}:{proposition?.items.map((i) => i.offerId).join(",")}
    </p>
  );
}

describe("useOffers", () => {
  it("goes loading → ready with the proposition, deciding both slots in one request", async () => {
    const answer = deferred<ReturnType<typeof responseOf>>();
    const engine = scriptedEngine(() => answer.promise);
    render(
      <OfferProvider engine={engine} profile={{ id: "u1" }}>
        <Status placementId="web-hero" />
        <Status placementId="web-sidebar" />
      </OfferProvider>,
    );
    expect(screen.getByTestId("web-hero").textContent).toBe("loading:");
    await act(async () => {
      answer.resolve(
        responseOf([
          rankedProposition("p1", "home", "web-hero", ["o1", "o2"]),
          rankedProposition("p2", "home", "web-sidebar", ["o3"]),
        ]),
      );
      await answer.promise;
    });
    expect(screen.getByTestId("web-hero").textContent).toBe("ready:o1,o2");
    expect(screen.getByTestId("web-sidebar").textContent).toBe("ready:o3");
    expect(engine.requests).toEqual([
      {
        profile: { id: "u1" },
        scopes: [
          { decisionId: "home", placementId: "web-hero" },
          { decisionId: "home", placementId: "web-sidebar" },
        ],
      },
    ]);
  });

  it("re-renders only the components of the scope that changed", async () => {
    const renders: Record<string, number> = {};
    const count = (id: string) => () => void (renders[id] = (renders[id] ?? 0) + 1);
    render(
      <OfferProvider
        bootstrap={{
          profileId: "u1",
          propositions: [rankedProposition("p1", "home", "web-hero", ["o1"])],
          errors: [],
        }}
        engine={scriptedEngine(() =>
          Promise.resolve(responseOf([rankedProposition("p2", "home", "web-sidebar", ["o3"])])),
        )}
      >
        <Profiler id="hero" onRender={count("hero")}>
          <Status placementId="web-hero" />
        </Profiler>
        <Profiler id="sidebar" onRender={count("sidebar")}>
          <Status placementId="web-sidebar" />
        </Profiler>
      </OfferProvider>,
    );
    await screen.findByText("ready:o3");
    expect(renders).toEqual({ hero: 1, sidebar: 2 });
  });

  it("reports an error instead of throwing when there is no provider", () => {
    render(<Status placementId="web-hero" />);
    expect(screen.getByTestId("web-hero").textContent).toBe("error:");
  });
});
