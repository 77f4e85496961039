import { z } from "zod";
import { OfferkitError } from "../errors/offerkit-error.js";
import { DateTime, Id, JsonObject } from "../model/common.js";
import { Profile } from "../model/request.js";
import { Expression } from "../model/rule.js";
import type { CompileOutcome, OfferView } from "../rules/expression.js";
import type { CompiledLibrary } from "./compiled-library.js";
import { newRuleRuntime } from "./default-runtime.js";

/** Try one rule (boolean) or ranking formula (number) on a sample profile, context and offer. */
export const ExpressionEvaluationRequest = z
  .object({
    expression: Expression,
    kind: z.enum(["rule", "formula"]),
    profile: Profile,
    context: JsonObject.optional(),
    /** The library offer bound to `offer` (formulas and collection rules read it). */
    offerId: Id.optional(),
    /** Evaluate as of this instant (defaults to the caller's clock). */
    now: DateTime.optional(),
  })
  .strict();
export type ExpressionEvaluationRequest = z.infer<typeof ExpressionEvaluationRequest>;

export const ExpressionEvaluationResult = z.object({
  value: z.union([z.boolean(), z.number()]),
  /** A rule that gave false: the first top-level `&&` clause that is false, as the trace names it. */
  failingClause: z.string().optional(),
});
export type ExpressionEvaluationResult = z.infer<typeof ExpressionEvaluationResult>;

/**
 * Compiles and evaluates one expression exactly as the decision pipeline would (same CEL runtime,
 * same profile / context / offer bindings). Throws VALIDATION_FAILED for a bad request, NOT_FOUND for
 * an unknown offer, and INVALID_EXPRESSION (issues at ["expression"], with the source span for parse
 * and type errors) when the expression does not compile or fails on this data.
 */
export function evaluateExpression(
  library: CompiledLibrary,
  input: unknown,
  now: Date = new Date(),
): ExpressionEvaluationResult {
  const parsed = ExpressionEvaluationRequest.safeParse(input);
  if (!parsed.success) throw OfferkitError.fromZod(parsed.error);
  const request = parsed.data;

  let offer: OfferView | undefined;
  if (request.offerId !== undefined) {
    offer = library.offersById.get(request.offerId)?.view;
    if (offer === undefined) {
      throw new OfferkitError("NOT_FOUND", `offer "${request.offerId}" is not in the library`, {
        issues: [{ path: ["offerId"], message: "no offer with this id" }],
      });
    }
  }

  // A fresh runtime: the library's own runtime is shared with requests in flight and must not grow.
  const runtime = newRuleRuntime();
  const compiled: CompileOutcome<boolean | number> =
    request.kind === "rule"
      ? runtime.compileBool(request.expression)
      : runtime.compileNumber(request.expression);
  if (!compiled.ok) {
    const issues = compiled.problems.map((p) => ({
      path: ["expression"],
      message: p.message,
      ...(p.span ? { span: p.span } : {}),
    }));
    throw new OfferkitError(
      "INVALID_EXPRESSION",
      `the expression does not compile: ${compiled.problems[0]?.message ?? "invalid"}`,
      { issues },
    );
  }

  const profile = { ...request.profile.attributes, id: request.profile.id };
  const at = request.now === undefined ? now : new Date(request.now);
  const frame = runtime.createFrame({ profile, context: request.context ?? {}, now: at });
  const outcome = compiled.expression.evaluate(frame, offer);
  if (!outcome.ok) {
    throw new OfferkitError(
      "INVALID_EXPRESSION",
      `the expression fails on this data: ${outcome.error}`,
      {
        issues: [{ path: ["expression"], message: `evaluation failed: ${outcome.error}` }],
      },
    );
  }
  if (outcome.value === false)
    return { value: false, failingClause: compiled.expression.explain(frame, offer) };
  return { value: outcome.value };
}
