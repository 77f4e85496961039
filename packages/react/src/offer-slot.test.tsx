import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { StrictMode } from "react";
import { OfferStore } from "@offerkit/client";
import type { Proposition } from "@offerkit/core";
import {
  DrivenIntersectionObserver,
  drivenObserver,
} from "../test/driven-intersection-observer.js";
import { fallbackProposition, rankedProposition, responseOf } from "../test/propositions.js";
import { deferred, scriptedEngine } from "../test/sources.js";
import { OfferProvider } from "./offer-provider.js";
import { OfferSlot } from "./offer-slot.js";
import { jsdomSanitizer } from "../test/jsdom-sanitizer.js";

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const slotOf = (container: HTMLElement) =>
  container.querySelector<HTMLElement>("[data-offerkit-slot]")!;
const bootstrapOf = (...propositions: Proposition[]) => ({
  profileId: "u1",
  propositions,
  errors: [],
});

describe("<OfferSlot>", () => {
  it("renders bootstrapped offers on the first render without asking the engine", () => {
    const engine = scriptedEngine(() => Promise.reject(new Error("must not be asked")));
    const { container } = render(
      <OfferProvider
        engine={engine}
        bootstrap={bootstrapOf(rankedProposition("p1", "home", "web-hero", ["o1", "o2"]))}
      >
        <OfferSlot decisionId="home" placementId="web-hero" fallback={<span>Default</span>} />
      </OfferProvider>,
    );
    expect(slotOf(container).dataset.status).toBe("ready");
    expect([...container.querySelectorAll("[data-offer-id]")].map((e) => e.textContent)).toEqual([
      "Offer o1",
      "Offer o2",
    ]);
    expect(engine.requests).toHaveLength(0);
  });

  it("renders the decision's fallback offer when nothing qualified", () => {
    const { container } = render(
      <OfferProvider bootstrap={bootstrapOf(fallbackProposition("p1", "home", "web-hero"))}>
        <OfferSlot decisionId="home" placementId="web-hero" fallback={<span>Default</span>} />
      </OfferProvider>,
    );
    expect(slotOf(container).dataset.status).toBe("fallback");
    expect(slotOf(container).textContent).toBe("Welcome");
  });

  it("reserves the space with the host fallback rendered invisibly and inert, then shows the answer", async () => {
    const answer = deferred<ReturnType<typeof responseOf>>();
    const { container } = render(
      <OfferProvider engine={scriptedEngine(() => answer.promise)} profile={{ id: "u1" }}>
        <OfferSlot
          decisionId="home"
          placementId="web-hero"
          fallback={<a href="https://shop.example/sale">Default</a>}
        />
      </OfferProvider>,
    );
    const loading = slotOf(container);
    expect(loading.dataset.status).toBe("loading");
    expect(loading.textContent).toBe("Default");
    expect(loading.style.visibility).toBe("hidden");
    expect(loading.getAttribute("aria-hidden")).toBe("true");
    expect(loading.hasAttribute("inert")).toBe(true);
    await act(async () => {
      answer.resolve(responseOf([rankedProposition("p1", "home", "web-hero", ["o1"])]));
      await answer.promise;
    });
    expect(slotOf(container).dataset.status).toBe("ready");
    expect(slotOf(container).textContent).toBe("Offer o1");
  });

  it("reveals the fallback after the timeout and keeps it when a late answer arrives", async () => {
    vi.useFakeTimers();
    const answer = deferred<ReturnType<typeof responseOf>>();
    const { container } = render(
      <OfferProvider
        engine={scriptedEngine(() => answer.promise)}
        profile={{ id: "u1" }}
        revealAfterMs={800}
      >
        <OfferSlot decisionId="home" placementId="web-hero" fallback={<span>Default</span>} />
      </OfferProvider>,
    );
    await act(() => vi.advanceTimersByTimeAsync(799));
    expect(slotOf(container).style.visibility).toBe("hidden");
    await act(() => vi.advanceTimersByTimeAsync(1));
    expect(slotOf(container).dataset.status).toBe("timeout");
    expect(slotOf(container).style.visibility).toBe("");
    expect(slotOf(container).hasAttribute("inert")).toBe(false);
    await act(async () => {
      answer.resolve(responseOf([rankedProposition("p1", "home", "web-hero", ["o1"])]));
      await vi.advanceTimersByTimeAsync(0);
    });
    expect(slotOf(container).textContent).toBe("Default");
  });

  it("shows the host fallback at once when the engine fails, and when there is no provider", async () => {
    const { container } = render(
      <>
        <OfferProvider
          engine={scriptedEngine(() => Promise.reject(new Error("down")))}
          profile={{ id: "u1" }}
        >
          <OfferSlot decisionId="home" placementId="web-hero" fallback={<span>Default A</span>} />
        </OfferProvider>
        <OfferSlot decisionId="home" placementId="web-hero" fallback={<span>Default B</span>} />
      </>,
    );
    await screen.findByText("Default A", { selector: "[data-status=error] span" });
    const slots = container.querySelectorAll<HTMLElement>("[data-offerkit-slot]");
    expect([...slots].map((s) => [s.dataset.status, s.textContent, s.style.visibility])).toEqual([
      ["error", "Default A", ""],
      ["error", "Default B", ""],
    ]);
  });

  it("contains a throwing render function: the slot shows its fallback, the host tree lives on", () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    render(
      <OfferProvider bootstrap={bootstrapOf(rankedProposition("p1", "home", "web-hero", ["o1"]))}>
        <h1>Shop</h1>
        <OfferSlot decisionId="home" placementId="web-hero" fallback={<span>Default</span>}>
          {() => {
            throw new Error("bad template");
          }}
        </OfferSlot>
      </OfferProvider>,
    );
    expect(screen.getByText("Shop")).toBeTruthy();
    expect(
      screen.getByText("Default").closest("[data-offerkit-slot]")!.getAttribute("data-status"),
    ).toBe("error");
  });

  it("passes JSON content and the item to a render function", () => {
    const proposition = rankedProposition("p1", "home", "web-hero", ["o1"]);
    proposition.items[0]!.representation = {
      placementId: "web-hero",
      type: "json",
      content: { headline: "Free shipping", code: "SHIP" },
    };
    render(
      <OfferProvider bootstrap={bootstrapOf(proposition)}>
        <OfferSlot decisionId="home" placementId="web-hero">
          {({ item, isFallback }) => {
            const content = item.representation.content as { headline: string; code: string };
            return (
              <b>
                {content.headline} / {content.code} / {String(isFallback)}
              </b>
            );
          }}
        </OfferSlot>
      </OfferProvider>,
    );
    expect(screen.getByText("Free shipping / SHIP / false")).toBeTruthy();
  });

  describe("built-in renderers", () => {
    it("renders text and images inside their click-through link, and refuses non-http links", () => {
      const proposition = rankedProposition("p1", "home", "web-hero", ["o1", "o2", "o3"]);
      proposition.items[0]!.representation.linkUrl = "https://shop.example/o1";
      proposition.items[1]!.representation = {
        placementId: "web-hero",
        type: "image",
        url: "https://cdn.example/o2.png",
        altText: "Sale",
        linkUrl: "https://shop.example/o2",
      };
      proposition.items[2]!.representation.linkUrl = "javascript:alert(1)";
      const { container } = render(
        <OfferProvider bootstrap={bootstrapOf(proposition)}>
          <OfferSlot decisionId="home" placementId="web-hero" />
        </OfferProvider>,
      );
      const items = [...container.querySelectorAll("[data-offer-id]")];
      expect(items[0]!.querySelector("a")!.getAttribute("href")).toBe("https://shop.example/o1");
      expect(items[0]!.textContent).toBe("Offer o1");
      const image = items[1]!.querySelector("a > img")!;
      expect([
        image.getAttribute("src"),
        image.getAttribute("alt"),
        image.parentElement!.getAttribute("href"),
      ]).toEqual(["https://cdn.example/o2.png", "Sale", "https://shop.example/o2"]);
      expect(items[2]!.innerHTML).toBe("Offer o3");
    });

    const hostile =
      '<p>Sale<script>window.pwned=1</script><img src="x" onerror="window.pwned=2"><a href="javascript:window.pwned=3">go</a><style>body{display:none}</style><form action="https://evil.example"><input name="pw"></form></p>';
    const htmlProposition = () => {
      const proposition = rankedProposition("p1", "home", "web-hero", ["o1"]);
      proposition.items[0]!.representation = {
        placementId: "web-hero",
        type: "html",
        content: hostile,
      };
      return proposition;
    };

    it("renders nothing rather than unsanitized HTML where DOMPurify cannot work (happy-dom breaks it)", () => {
      const { container } = render(
        <OfferProvider bootstrap={bootstrapOf(htmlProposition())}>
          <OfferSlot decisionId="home" placementId="web-hero" />
        </OfferProvider>,
      );
      expect(container.querySelector("[data-offerkit-html]")!.innerHTML).toBe("");
    });

    it("sanitizes HTML: no script, no event handler, no javascript: URL reaches the DOM", () => {
      const { container } = render(
        <OfferProvider bootstrap={bootstrapOf(htmlProposition())} sanitizer={jsdomSanitizer}>
          <OfferSlot decisionId="home" placementId="web-hero" />
        </OfferProvider>,
      );
      const html = container.querySelector("[data-offerkit-html]")!;
      expect(html.textContent).toContain("Sale");
      expect(html.querySelector("script, style, form, [onerror]")).toBeNull();
      expect(html.querySelector("a")!.getAttribute("href")).toBeNull();
      expect(html.innerHTML).not.toMatch(/javascript:|onerror|pwned/);
    });
  });

  describe("tracking", () => {
    beforeEach(() => {
      DrivenIntersectionObserver.instances = [];
    });

    it("sends one display per item after it is seen and one interact per click, under StrictMode and re-renders", async () => {
      vi.useFakeTimers();
      const engine = scriptedEngine(() => Promise.reject(new Error("unused")));
      const store = new OfferStore({
        events: engine,
        bootstrap: bootstrapOf(rankedProposition("p1", "home", "web-hero", ["o1", "o2"])),
        visibility: { IntersectionObserver: drivenObserver },
        flushIntervalMs: 100,
      });
      const page = (label: string) => (
        <StrictMode>
          <OfferProvider store={store}>
            <p>{label}</p>
            <OfferSlot decisionId="home" placementId="web-hero" />
          </OfferProvider>
        </StrictMode>
      );
      const { rerender } = render(page("first"));
      expect(DrivenIntersectionObserver.instances).toHaveLength(1);
      const io = DrivenIntersectionObserver.instances[0]!;
      expect(io.targets.size).toBe(2);
      act(() => io.showAll(0.6));
      rerender(page("second"));
      act(() => io.showAll(0.6));
      await act(() => vi.advanceTimersByTimeAsync(1000));
      rerender(page("third"));
      act(() => io.showAll(1));
      await act(() => vi.advanceTimersByTimeAsync(3000));
      expect(engine.events.map((e) => [e.type, e.offerId])).toEqual([
        ["display", "o1"],
        ["display", "o2"],
      ]);
      fireEvent.click(screen.getByText("Offer o1"));
      await act(() => vi.advanceTimersByTimeAsync(100));
      expect(engine.events.map((e) => [e.type, e.offerId])).toEqual([
        ["display", "o1"],
        ["display", "o2"],
        ["interact", "o1"],
      ]);
      expect(engine.events[2]).toMatchObject({
        propositionId: "p1",
        profileId: "u1",
        decisionId: "home",
        placementId: "web-hero",
      });
    });

    it("sends nothing for an item that is never half visible", async () => {
      vi.useFakeTimers();
      const engine = scriptedEngine(() => Promise.reject(new Error("unused")));
      const store = new OfferStore({
        events: engine,
        bootstrap: bootstrapOf(rankedProposition("p1", "home", "web-hero", ["o1"])),
        visibility: { IntersectionObserver: drivenObserver },
        flushIntervalMs: 100,
      });
      render(
        <OfferProvider store={store}>
          <OfferSlot decisionId="home" placementId="web-hero" />
        </OfferProvider>,
      );
      act(() => DrivenIntersectionObserver.instances[0]!.showAll(0.4));
      await act(() => vi.advanceTimersByTimeAsync(5000));
      expect(engine.events).toEqual([]);
    });
  });
});
