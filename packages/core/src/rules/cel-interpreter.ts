import type { Environment } from "@marcbachmann/cel-js";
import { createCelEnvironment } from "./cel-environment.js";
import type {
  CompileOutcome,
  CompiledExpression,
  ExpressionKind,
  ExpressionProblem,
  Frame,
  FrameInput,
  OfferView,
  RuleRuntime,
} from "./expression.js";

type Program = ((ctx: Record<string, unknown>) => unknown) & { ast: CelNode; check(): { valid: boolean; type?: string; error?: Error } };
interface CelNode {
  op: string;
  args: unknown;
  start: number;
  end: number;
}

/** Evaluates expressions with the CEL library's own evaluator (the reference the compiler is held to). */
export class CelInterpreter implements RuleRuntime {
  readonly env: Environment = createCelEnvironment();

  compileBool(source: string): CompileOutcome<boolean> {
    return this.compile(source, "bool");
  }
  compileNumber(source: string): CompileOutcome<number> {
    return this.compile(source, "number");
  }
  createFrame(input: FrameInput): Frame {
    return { input };
  }

  private compile<T>(source: string, kind: ExpressionKind): CompileOutcome<T> {
    let program: Program;
    try {
      program = this.env.parse(source) as unknown as Program;
    } catch (error) {
      return { ok: false, problems: [problemOf(error)] };
    }
    const checked = program.check();
    if (!checked.valid) return { ok: false, problems: [problemOf(checked.error)] };
    const wanted = kind === "bool" ? ["bool", "dyn"] : ["int", "double", "dyn"];
    if (checked.type !== undefined && !wanted.includes(checked.type)) {
      return {
        ok: false,
        problems: [{ message: `expression must return ${kind === "bool" ? "a bool" : "a number"}, not ${checked.type}`, span: { start: 0, end: source.length } }],
      };
    }
    return { ok: true, expression: new InterpretedExpression<T>(this.env, source, kind, program) };
  }
}

class InterpretedExpression<T> implements CompiledExpression<T> {
  private conjuncts: { source: string; program: Program }[] | undefined;
  constructor(
    private readonly env: Environment,
    readonly source: string,
    readonly kind: ExpressionKind,
    private readonly program: Program,
  ) {}

  evaluate(frame: Frame, offer?: OfferView) {
    return run<T>(this.program, this.kind, frame, offer);
  }

  explain(frame: Frame, offer?: OfferView): string {
    this.conjuncts ??= splitConjuncts(this.program.ast).map((n) => {
      const src = this.source.slice(n.start, n.end);
      return { source: src, program: this.env.parse(src) as unknown as Program };
    });
    for (const c of this.conjuncts) {
      const r = run<boolean>(c.program, "bool", frame, offer);
      if (!r.ok || r.value !== true) return c.source;
    }
    return this.source;
  }
}

function run<T>(program: Program, kind: ExpressionKind, frame: Frame, offer?: OfferView): { ok: true; value: T } | { ok: false; error: string } {
  try {
    const v = program({ profile: frame.input.profile, context: frame.input.context, offer: offer ?? {}, now: frame.input.now });
    if (kind === "bool") {
      if (typeof v !== "boolean") return { ok: false, error: `expected a bool, got ${typeof v}` };
      return { ok: true, value: v as T };
    }
    const n = typeof v === "bigint" ? Number(v) : v;
    if (typeof n !== "number" || !Number.isFinite(n)) return { ok: false, error: `expected a finite number, got ${String(v)}` };
    return { ok: true, value: n as T };
  } catch (error) {
    return { ok: false, error: firstLine(error) };
  }
}

function splitConjuncts(node: CelNode): CelNode[] {
  if (node.op === "&&" && Array.isArray(node.args)) return (node.args as CelNode[]).flatMap(splitConjuncts);
  return [node];
}

function firstLine(error: unknown): string {
  const m = error instanceof Error ? error.message : String(error);
  return m.split("\n")[0] ?? m;
}

function problemOf(error: unknown): ExpressionProblem {
  const node = (error as { node?: { start?: number; end?: number; pos?: number } } | undefined)?.node;
  const msg = firstLine(error);
  if (node && typeof node.start === "number" && typeof node.end === "number") {
    return { message: msg, span: { start: node.start, end: node.end } };
  }
  return { message: msg };
}
