import type { FrameInput } from "./expression.js";

/**
 * The per-request input of a decision. Rules see `profile` as the attributes plus `id`, but copying
 * the attributes into a new object on every request cost ~2 µs (a spread over objects of many
 * shapes is a slow generic path in V8) — more than all of a decision's rule evaluations. So the
 * merged map is only built when something reads the whole `profile`; path reads go through
 * `profileSource`, which picks the object that holds the path's first key.
 */
export class ProfileFrameInput implements FrameInput {
  private merged: Readonly<Record<string, unknown>> | undefined;
  private idOnly: Readonly<Record<string, unknown>> | undefined;

  constructor(
    readonly profileId: string,
    readonly attributes: Readonly<Record<string, unknown>>,
    readonly context: Readonly<Record<string, unknown>>,
    readonly now: Date,
  ) {}

  get profile(): Readonly<Record<string, unknown>> {
    return (this.merged ??= { ...this.attributes, id: this.profileId });
  }

  /** An object whose `key` (and only that key) reads exactly as it does in `profile`. */
  sourceOf(key: string | undefined): Readonly<Record<string, unknown>> {
    if (key === "id") return (this.idOnly ??= { id: this.profileId });
    return key === undefined ? this.profile : this.attributes;
  }
}

/** Where to start reading `profile.<path>` (the merged profile, or a part equal to it on path[0]). */
export function profileSource(input: FrameInput, path: readonly string[]): unknown {
  return input instanceof ProfileFrameInput ? input.sourceOf(path[0]) : input.profile;
}
