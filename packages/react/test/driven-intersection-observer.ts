/**
 * happy-dom does no layout, so unit tests drive visibility through the IntersectionObserver
 * contract; real geometry is covered by the Chromium tests of examples/storefront.
 */
export class DrivenIntersectionObserver {
  static instances: DrivenIntersectionObserver[] = [];
  readonly targets = new Set<Element>();
  constructor(readonly callback: IntersectionObserverCallback) {
    DrivenIntersectionObserver.instances.push(this);
  }
  observe(el: Element): void {
    this.targets.add(el);
  }
  unobserve(el: Element): void {
    this.targets.delete(el);
  }
  disconnect(): void {
    this.targets.clear();
  }
  /** Report every observed element at this visible ratio. */
  showAll(ratio: number): void {
    const entries = [...this.targets].map(
      (target) =>
        ({
          target,
          isIntersecting: ratio > 0,
          intersectionRatio: ratio,
        }) as IntersectionObserverEntry,
    );
    this.callback(entries, this as unknown as IntersectionObserver);
  }
}

export const drivenObserver = DrivenIntersectionObserver as unknown as typeof IntersectionObserver;
