import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { VisibilityTracker } from "./visibility-tracker.js";

/**
 * happy-dom has no layout, so this drives the tracker's dwell logic through the
 * IntersectionObserver contract; real geometry is covered by the Chromium tests of the storefront.
 */
class DrivenIntersectionObserver {
  static instances: DrivenIntersectionObserver[] = [];
  readonly targets = new Set<Element>();
  constructor(
    readonly callback: IntersectionObserverCallback,
    readonly options: IntersectionObserverInit,
  ) {
    DrivenIntersectionObserver.instances.push(this);
  }
  observe(el: Element) {
    this.targets.add(el);
  }
  unobserve(el: Element) {
    this.targets.delete(el);
  }
  disconnect() {
    this.targets.clear();
  }
  show(el: Element, ratio: number) {
    const entry = {
      target: el,
      isIntersecting: ratio > 0,
      intersectionRatio: ratio,
    } as IntersectionObserverEntry;
    this.callback([entry], this as unknown as IntersectionObserver);
  }
}

describe("VisibilityTracker", () => {
  let tracker: VisibilityTracker;
  let io: () => DrivenIntersectionObserver;
  beforeEach(() => {
    vi.useFakeTimers();
    DrivenIntersectionObserver.instances = [];
    tracker = new VisibilityTracker({
      IntersectionObserver: DrivenIntersectionObserver as unknown as typeof IntersectionObserver,
    });
    io = () => DrivenIntersectionObserver.instances[0]!;
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it("reports once after the element has been half visible for a full second, then stops watching", () => {
    const el = document.createElement("div");
    const seen = vi.fn();
    tracker.observe(el, seen);
    io().show(el, 0.5);
    vi.advanceTimersByTime(999);
    expect(seen).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(seen).toHaveBeenCalledTimes(1);
    expect(io().targets.has(el)).toBe(false);
    io().show(el, 1);
    vi.advanceTimersByTime(5000);
    expect(seen).toHaveBeenCalledTimes(1);
  });

  it("restarts the dwell when the element drops under half visible", () => {
    const el = document.createElement("div");
    const seen = vi.fn();
    tracker.observe(el, seen);
    io().show(el, 0.8);
    vi.advanceTimersByTime(800);
    io().show(el, 0.3);
    vi.advanceTimersByTime(800);
    io().show(el, 0.6);
    vi.advanceTimersByTime(999);
    expect(seen).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(seen).toHaveBeenCalledTimes(1);
  });

  it("does not count time while the tab is hidden", () => {
    const el = document.createElement("div");
    const seen = vi.fn();
    tracker.observe(el, seen);
    io().show(el, 1);
    vi.advanceTimersByTime(500);
    const state = vi.spyOn(document, "visibilityState", "get").mockReturnValue("hidden");
    document.dispatchEvent(new Event("visibilitychange"));
    vi.advanceTimersByTime(5000);
    expect(seen).not.toHaveBeenCalled();
    state.mockReturnValue("visible");
    document.dispatchEvent(new Event("visibilitychange"));
    vi.advanceTimersByTime(1000);
    expect(seen).toHaveBeenCalledTimes(1);
  });

  it("shares ONE observer among all elements and forgets an element on cleanup", () => {
    const a = document.createElement("div");
    const b = document.createElement("div");
    const seenA = vi.fn();
    const stopA = tracker.observe(a, seenA);
    tracker.observe(b, () => undefined);
    expect(DrivenIntersectionObserver.instances).toHaveLength(1);
    expect(io().options.threshold).toEqual([0, 0.5]);
    io().show(a, 1);
    stopA();
    vi.advanceTimersByTime(2000);
    expect(seenA).not.toHaveBeenCalled();
    expect([...io().targets]).toEqual([b]);
  });

  it("reports nothing where IntersectionObserver does not exist", () => {
    vi.stubGlobal("IntersectionObserver", undefined);
    const bare = new VisibilityTracker();
    const seen = vi.fn();
    expect(() => bare.observe(document.createElement("div"), seen)()).not.toThrow();
    vi.advanceTimersByTime(5000);
    expect(seen).not.toHaveBeenCalled();
    vi.unstubAllGlobals();
  });
});
