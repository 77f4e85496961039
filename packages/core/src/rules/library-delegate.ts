import type { Environment } from "@marcbachmann/cel-js";
import type { CelFrame } from "./attribute-slots.js";
import type { CelNode } from "./cel-ast.js";
import { type CelProgram, firstLine, parseAndCheck } from "./cel-parse.js";
import { CelEvalError } from "./cel-values.js";
import { sourceOf } from "./source-span.js";

/** Thrown when a sub-expression cannot be handed to the library; the whole expression is then. */
export class DelegateUnavailable extends Error {}

/**
 * Evaluates one sub-expression with cel-js's own evaluator, for node kinds and value combinations
 * the compiled fast path does not model. Iteration variables in scope become `dyn` variables. The
 * program is built on first use, so rare paths cost nothing at compile time.
 */
export class LibraryDelegate {
  private program: CelProgram | undefined;

  constructor(
    private readonly env: Environment,
    private readonly source: string,
    private readonly node: CelNode,
    private readonly iterationVars: readonly (readonly [string, number])[],
  ) {}

  /** The sub-expression's source (computed on first use: most delegates never run). */
  get text(): string {
    return sourceOf(this.source, this.node);
  }

  run(frame: CelFrame): unknown {
    const program = (this.program ??= this.build());
    try {
      return program(frame.activation(this.iterationVars));
    } catch (error) {
      return new CelEvalError(firstLine(error));
    }
  }

  /** For sub-expressions without variables: evaluate once, at compile time. */
  runConstant(): unknown {
    const program = (this.program ??= this.build());
    try {
      return program({ profile: {}, context: {}, offer: {}, now: new Date(0) });
    } catch (error) {
      return new CelEvalError(firstLine(error));
    }
  }

  private build(): CelProgram {
    let env = this.env;
    if (this.iterationVars.length > 0) {
      env = env.clone({});
      try {
        for (const [name] of this.iterationVars) env.registerVariable(name, "dyn");
      } catch {
        throw new DelegateUnavailable(`cannot delegate ${this.text}`);
      }
    }
    const text = this.text;
    const parsed = parseAndCheck(env, text);
    if (!parsed.ok)
      throw new DelegateUnavailable(
        `cannot delegate ${text}: ${parsed.problems[0]?.message ?? ""}`,
      );
    return parsed.program;
  }
}
