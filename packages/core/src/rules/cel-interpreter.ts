import type { Environment } from "@marcbachmann/cel-js";
import { flattenChain } from "./cel-ast.js";
import { createCelEnvironment } from "./cel-environment.js";
import { type CelProgram, firstLine, parseAndCheck } from "./cel-parse.js";
import { CelEvalError } from "./cel-values.js";
import type {
  CompileOutcome,
  CompiledExpression,
  EvalOutcome,
  ExpressionKind,
  Frame,
  FrameInput,
  OfferView,
  RuleRuntime,
  ValueExpression,
} from "./expression.js";
import { checkResultType, toOutcome } from "./expression-result.js";
import { toLibraryValue } from "./library-input.js";
import { RULE_LIMITS, type RuleLimits } from "./limits.js";
import { sourceOf } from "./source-span.js";

/**
 * Evaluates expressions with the CEL library's own evaluator: the reference the compiler is held
 * to. Same parse, guardrails, RE2 `matches` and numeric promotion as CelCompiler.
 */
export class CelInterpreter implements RuleRuntime {
  readonly env: Environment;

  constructor(
    env?: Environment,
    private readonly limits: RuleLimits = RULE_LIMITS,
  ) {
    this.env = env ?? createCelEnvironment();
  }

  compileBool(source: string): CompileOutcome<boolean> {
    return this.compile(source, "bool");
  }
  compileNumber(source: string): CompileOutcome<number> {
    return this.compile(source, "number");
  }
  /** Any result type, raw value (see ValueExpression). */
  compileValue(
    source: string,
  ): CompileOutcome<unknown> & ({ ok: false } | { ok: true; expression: ValueExpression }) {
    return this.compile(source, "value") as never;
  }
  createFrame(input: FrameInput): Frame {
    return new InterpreterFrame(input);
  }

  private compile<T>(source: string, kind: ExpressionKind | "value"): CompileOutcome<T> {
    const parsed = parseAndCheck(this.env, source, this.limits);
    if (!parsed.ok) return parsed;
    const typeProblem = kind === "value" ? undefined : checkResultType(parsed.type, kind, source);
    if (typeProblem) return { ok: false, problems: [typeProblem] };
    return {
      ok: true,
      expression: new InterpretedExpression<T>(
        this.env,
        source,
        kind === "value" ? "bool" : kind,
        parsed.program,
      ),
    };
  }
}

/** Library-ready profile/context (see library-input.ts), converted once per request. */
class InterpreterFrame implements Frame {
  readonly profile: unknown;
  readonly context: unknown;
  constructor(readonly input: FrameInput) {
    this.profile = toLibraryValue(input.profile);
    this.context = toLibraryValue(input.context);
  }
}

class InterpretedExpression<T> implements CompiledExpression<T>, ValueExpression {
  private conjuncts: { source: string; program: CelProgram }[] | undefined;
  constructor(
    private readonly env: Environment,
    readonly source: string,
    readonly kind: ExpressionKind,
    private readonly program: CelProgram,
  ) {}

  evaluate(frame: Frame, offer?: OfferView): EvalOutcome<T> {
    return toOutcome<T>(run(this.program, frame, offer), this.kind);
  }

  evaluateValue(frame: Frame, offer?: OfferView): EvalOutcome<unknown> {
    const v = run(this.program, frame, offer);
    return v instanceof CelEvalError ? { ok: false, error: v.message } : { ok: true, value: v };
  }

  explain(frame: Frame, offer?: OfferView): string {
    this.conjuncts ??= this.splitConjuncts();
    for (const c of this.conjuncts) {
      if (run(c.program, frame, offer) !== true) return c.source;
    }
    return this.source;
  }

  private splitConjuncts(): { source: string; program: CelProgram }[] {
    const parts = flattenChain(this.program.ast, "&&");
    if (parts.length < 2) return [];
    const out: { source: string; program: CelProgram }[] = [];
    for (const part of parts) {
      const source = sourceOf(this.source, part);
      const parsed = parseAndCheck(this.env, source);
      if (!parsed.ok) return [];
      out.push({ source, program: parsed.program });
    }
    return out;
  }
}

function run(program: CelProgram, frame: Frame, offer: OfferView | undefined): unknown {
  const f = frame instanceof InterpreterFrame ? frame : new InterpreterFrame(frame.input);
  try {
    return program({
      profile: f.profile,
      context: f.context,
      offer: toLibraryValue(offer ?? {}),
      now: f.input.now,
    });
  } catch (error) {
    return new CelEvalError(firstLine(error));
  }
}
