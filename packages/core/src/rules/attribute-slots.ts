import type { AttributeRoot } from "./cel-ast.js";
import { CelEvalError, DELEGATE, selectField } from "./cel-values.js";
import type { Frame, FrameInput } from "./expression.js";
import { toLibraryValue } from "./library-input.js";
import { profileSource } from "./profile-frame-input.js";

/**
 * Every `profile.…` / `context.…` path read by any expression a compiler has compiled gets one slot
 * number. A frame resolves a slot the first time an expression reads it, then every other
 * expression of the same request reuses the value: 1,000 rules reading `profile.age` do one lookup.
 */
export class AttributeSlots {
  private readonly byKey = new Map<string, number>();
  readonly paths: { readonly root: AttributeRoot; readonly path: readonly string[] }[] = [];

  slotOf(root: AttributeRoot, path: readonly string[]): number {
    const key = `${root}\u0000${path.join("\u0000")}`;
    let slot = this.byKey.get(key);
    if (slot === undefined) {
      slot = this.paths.length;
      this.paths.push({ root, path: [...path] });
      this.byKey.set(key, slot);
    }
    return slot;
  }

  get size(): number {
    return this.paths.length;
  }
}

const EMPTY_OFFER: Readonly<Record<string, unknown>> = Object.freeze({});

/** Per-request state of compiled expressions: resolved slots, the current offer, iteration values. */
export class CelFrame implements Frame {
  /** undefined = not resolved yet; otherwise a value, a CelEvalError, or DELEGATE. */
  readonly slots: unknown[];
  offer: unknown = EMPTY_OFFER;
  readonly vars: unknown[] = [];
  private libraryBase: { profile: unknown; context: unknown; now: Date } | undefined;

  constructor(
    readonly input: FrameInput,
    readonly owner: AttributeSlots,
  ) {
    this.slots = new Array<unknown>(owner.size);
  }

  setOffer(offer: unknown): void {
    this.offer = offer ?? EMPTY_OFFER;
  }

  /** Resolve slot `i` (callers check `slots[i] === undefined` first, the hot path). */
  resolve(i: number): unknown {
    const { root, path } = this.owner.paths[i] as AttributeSlots["paths"][number];
    let v: unknown = root === "profile" ? profileSource(this.input, path) : this.input.context;
    for (const key of path) {
      v = selectField(v, key);
      if (v === DELEGATE || v instanceof CelEvalError) break;
    }
    this.slots[i] = v;
    return v;
  }

  /** Variables for the library evaluator (used by delegated sub-expressions). */
  activation(iterationVars: readonly (readonly [string, number])[]): Record<string, unknown> {
    this.libraryBase ??= {
      profile: toLibraryValue(this.input.profile),
      context: toLibraryValue(this.input.context),
      now: this.input.now,
    };
    const a: Record<string, unknown> = { ...this.libraryBase, offer: toLibraryValue(this.offer) };
    for (const [name, index] of iterationVars) a[name] = toLibraryValue(this.vars[index]);
    return a;
  }
}
