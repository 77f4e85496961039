import { CelEvalError } from "./cel-values.js";
import type { EvalOutcome, ExpressionKind, ExpressionProblem } from "./expression.js";

/** A rule must be bool-typed, a formula numeric (or dyn: decided at evaluation). */
export function checkResultType(
  type: string,
  kind: ExpressionKind,
  source: string,
): ExpressionProblem | undefined {
  const wanted = kind === "bool" ? ["bool", "dyn"] : ["int", "double", "dyn"];
  if (wanted.includes(type)) return undefined;
  return {
    message: `expression must return ${kind === "bool" ? "a bool" : "a number"}, not ${type}`,
    span: { start: 0, end: source.length },
  };
}

/** The value of a whole expression as the pipeline sees it: a bool, a finite number, or an error. */
const TRUE: EvalOutcome<boolean> = Object.freeze({ ok: true, value: true });
const FALSE: EvalOutcome<boolean> = Object.freeze({ ok: true, value: false });

export function toOutcome<T>(v: unknown, kind: ExpressionKind): EvalOutcome<T> {
  // Shared frozen outcomes: a full scan evaluates thousands of rules per request.
  if (v === true && kind === "bool") return TRUE as EvalOutcome<T>;
  if (v === false && kind === "bool") return FALSE as EvalOutcome<T>;
  if (v instanceof CelEvalError) return { ok: false, error: v.message };
  if (kind === "bool") {
    return typeof v === "boolean"
      ? { ok: true, value: v as T }
      : { ok: false, error: `expected a bool, got ${describe(v)}` };
  }
  const n = typeof v === "bigint" ? Number(v) : v;
  if (typeof n !== "number" || !Number.isFinite(n))
    return { ok: false, error: `expected a finite number, got ${describe(v)}` };
  return { ok: true, value: n as T };
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a map";
  return typeof v === "function"
    ? "a function"
    : `${typeof v} ${String(v as string | number | bigint | boolean | symbol | undefined)}`;
}
