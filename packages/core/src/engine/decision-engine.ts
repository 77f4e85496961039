import type { CounterStore } from "../caps/counter-store.js";
import { MemoryCounterStore } from "../caps/memory-counter-store.js";
import { OfferkitError } from "../errors/offerkit-error.js";
import {
  compileLibrary,
  compileLibraryAsync,
  type CompileLibraryOptions,
} from "../library/compile-library.js";
import type { CompiledLibrary } from "../library/compiled-library.js";
import { FeedbackEvent } from "../model/event.js";
import type { LibraryBundleInput } from "../model/library.js";
import type { DecisionResponse } from "../model/proposition.js";
import type { DecisionRequestInput } from "../model/request.js";
import { parseDecisionRequest } from "../model/parse-decision-request.js";
import type { RuleRuntime } from "../rules/expression.js";
import { randomIds, seededIds, type IdGenerator } from "../util/ids.js";
import { seededRandom, type RandomSource } from "../util/seeded-random.js";
import { Subscribable } from "../util/subscribable.js";
import { decide, type DecisionEventProfile } from "./decide.js";
import { discardEvents, systemClock, type Clock, type EventSink } from "./ports.js";
import { trackEvent } from "./track.js";

export interface DecisionEngineOptions {
  /** The library to start with (validated and compiled now; throws INVALID_LIBRARY if bad). */
  library?: LibraryBundleInput | CompiledLibrary;
  counterStore?: CounterStore;
  eventSink?: EventSink;
  clock?: Clock;
  /** Seeds ids (and any randomness) so the same input gives the same output. */
  seed?: number;
  /** Source of learned rankings' draws; defaults to a stream seeded by `seed`, else Math.random. */
  random?: RandomSource;
  idGenerator?: IdGenerator;
  ruleRuntime?: RuleRuntime;
  /** How libraries are compiled (rule runtime, index); used by setLibrary and prepareLibrary. */
  compileOptions?: CompileLibraryOptions;
  /**
   * What decision events keep of the request: "full" (default) stores the profile attributes and
   * context with every decision event, which offline replay needs; "none" stores only ids, items,
   * scores and propensities, for deployments that must not keep profile data in their event log.
   */
  decisionEventProfile?: DecisionEventProfile;
}

export interface TrackResult {
  accepted: number;
  duplicates: number;
}

const EMPTY_LIBRARY = { version: 0 };

/**
 * Holds the current compiled library snapshot and decides against it. Swapping libraries is atomic:
 * a decide() that started keeps the snapshot it started with; a bad bundle is rejected and the old
 * snapshot keeps serving.
 */
export class DecisionEngine extends Subscribable<(library: CompiledLibrary) => void> {
  private snapshot: CompiledLibrary;
  readonly counters: CounterStore;
  private readonly sink: EventSink;
  private readonly clock: Clock;
  private readonly newId: IdGenerator;
  private readonly random: RandomSource;
  private readonly compileOptions: CompileLibraryOptions;
  private readonly decisionEventProfile: DecisionEventProfile;

  constructor(options: DecisionEngineOptions = {}) {
    super();
    this.decisionEventProfile = options.decisionEventProfile ?? "full";
    this.compileOptions = {
      ...options.compileOptions,
      ...(options.ruleRuntime ? { runtime: options.ruleRuntime } : {}),
    };
    this.clock = options.clock ?? systemClock;
    const clock = this.clock;
    // The default store expires windows on the engine's clock, so simulated time works end to end.
    this.counters =
      options.counterStore ?? new MemoryCounterStore({ now: () => clock.now().getTime() });
    this.sink = options.eventSink ?? discardEvents;
    this.newId =
      options.idGenerator ??
      (options.seed === undefined ? randomIds() : seededIds(seededRandom(options.seed)));
    // A stream of its own, so learned draws do not shift the seeded ids (and vice versa).
    this.random =
      options.random ??
      (options.seed === undefined ? Math.random : seededRandom(options.seed ^ 0x5bd1e995));
    this.snapshot = isCompiled(options.library)
      ? options.library
      : this.prepareLibrary(options.library ?? EMPTY_LIBRARY);
  }

  /** The compiled snapshot decisions currently use. */
  get library(): CompiledLibrary {
    return this.snapshot;
  }

  get libraryVersion(): number {
    return this.snapshot.version;
  }

  /** Validate and compile without swapping (do this off the request path, then `swapLibrary`). */
  prepareLibrary(bundle: LibraryBundleInput): CompiledLibrary;
  prepareLibrary(bundle: unknown): CompiledLibrary;
  prepareLibrary(bundle: unknown): CompiledLibrary {
    return compileLibrary(bundle, this.compileOptions);
  }

  /**
   * Validate and compile in time slices, yielding to the event loop between them, so requests keep
   * being served while a large library compiles; then `swapLibrary` (or use `setLibraryAsync`).
   */
  prepareLibraryAsync(bundle: LibraryBundleInput): Promise<CompiledLibrary>;
  prepareLibraryAsync(bundle: unknown): Promise<CompiledLibrary>;
  prepareLibraryAsync(bundle: unknown): Promise<CompiledLibrary> {
    return compileLibraryAsync(bundle, this.compileOptions);
  }

  /** Compile beside live traffic, then swap; on a bad bundle rejects and keeps the old snapshot. */
  async setLibraryAsync(bundle: LibraryBundleInput): Promise<void>;
  async setLibraryAsync(bundle: unknown): Promise<void>;
  async setLibraryAsync(bundle: unknown): Promise<void> {
    this.swapLibrary(await this.prepareLibraryAsync(bundle));
  }

  /** Atomically replace the snapshot with an already compiled one. */
  swapLibrary(library: CompiledLibrary): void {
    this.snapshot = library;
    this.notify(library);
  }

  /** Validate, compile and swap; on a bad bundle throws INVALID_LIBRARY and keeps the old snapshot. */
  setLibrary(bundle: LibraryBundleInput): void;
  setLibrary(bundle: unknown): void;
  setLibrary(bundle: unknown): void {
    this.swapLibrary(this.prepareLibrary(bundle));
  }

  /**
   * Decide for one profile. Throws VALIDATION_FAILED for a malformed request; per-scope problems
   * (unknown or non-live decision …) come back in `errors`. Never throws because of profile data.
   */
  async decide(input: DecisionRequestInput): Promise<DecisionResponse>;
  async decide(input: unknown): Promise<DecisionResponse>;
  async decide(input: unknown): Promise<DecisionResponse> {
    const parsed = parseDecisionRequest(input);
    if (!parsed.success) throw OfferkitError.fromZod(parsed.error);
    const { response, events } = await decide(this.snapshot, parsed.data, {
      counters: this.counters,
      newId: this.newId,
      now: this.clock.now(),
      random: this.random,
      decisionEventProfile: this.decisionEventProfile,
    });
    if (events.length > 0) {
      const emitted = this.sink.emit(events);
      if (emitted) await emitted;
    }
    return response;
  }

  /** Count display / interact / custom events against caps; idempotent by event id. */
  async track(inputs: readonly unknown[]): Promise<TrackResult> {
    const events: FeedbackEvent[] = [];
    const problems: OfferkitError[] = [];
    inputs.forEach((input, i) => {
      const r = FeedbackEvent.safeParse(input);
      if (r.success) events.push(r.data);
      else problems.push(OfferkitError.fromZod(r.error, "VALIDATION_FAILED", ["events", i]));
    });
    if (problems.length > 0) {
      const issues = problems.flatMap((p) => p.issues);
      throw new OfferkitError("VALIDATION_FAILED", problems[0]!.message, { issues });
    }
    const library = this.snapshot;
    const now = this.clock.now();
    const fresh: FeedbackEvent[] = [];
    for (const event of events) {
      if (await trackEvent(library, this.counters, event, now)) fresh.push(event);
    }
    if (fresh.length > 0) await this.sink.emit(fresh);
    return { accepted: fresh.length, duplicates: events.length - fresh.length };
  }
}

function isCompiled(value: unknown): value is CompiledLibrary {
  return (
    typeof value === "object" &&
    value !== null &&
    "decisions" in value &&
    (value as { decisions: unknown }).decisions instanceof Map
  );
}
