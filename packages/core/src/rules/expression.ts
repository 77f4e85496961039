/**
 * The contract between the decision pipeline and the rule language. The pipeline only ever sees
 * these types, so the CEL implementation behind them (interpreted or compiled to closures) can change
 * without touching decision logic.
 */

export type ExpressionKind = "bool" | "number";

/** What `offer` means inside a rule or formula; built once per offer when a library compiles. */
export interface OfferView {
  readonly id: string;
  readonly priority: number;
  readonly tags: readonly string[];
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly startDate?: Date | undefined;
  readonly endDate?: Date | undefined;
}

/** Per-request input to every rule. */
export interface FrameInput {
  readonly profile: Readonly<Record<string, unknown>>;
  readonly context: Readonly<Record<string, unknown>>;
  readonly now: Date;
}

/** Per-request evaluation state, created once per decide() (e.g. profile paths resolved to slots). */
export interface Frame {
  readonly input: FrameInput;
}

export type EvalOutcome<T> = { ok: true; value: T } | { ok: false; error: string };

export interface CompiledExpression<T> {
  readonly source: string;
  readonly kind: ExpressionKind;
  evaluate(frame: Frame, offer?: OfferView): EvalOutcome<T>;
  /**
   * After evaluate gave false (or an error): the source text of the first top-level conjunct that is
   * false or failed, so a trace can say *which* clause excluded the offer.
   */
  explain(frame: Frame, offer?: OfferView): string;
}

export interface ExpressionProblem {
  message: string;
  /** 0-based character span inside the expression source. */
  span?: { start: number; end: number };
}

export type CompileOutcome<T> =
  | { ok: true; expression: CompiledExpression<T> }
  | { ok: false; problems: ExpressionProblem[] };

/**
 * An expression of any result type, evaluated to its raw CEL value (int = bigint, double = number,
 * list = array, map = object, timestamp = Date). Used by tests and tools, not by the pipeline.
 */
export interface ValueExpression {
  readonly source: string;
  evaluateValue(frame: Frame, offer?: OfferView): EvalOutcome<unknown>;
}

/** A rule language implementation. */
export interface RuleRuntime {
  compileBool(source: string): CompileOutcome<boolean>;
  compileNumber(source: string): CompileOutcome<number>;
  createFrame(input: FrameInput): Frame;
}
