import type { Environment } from "@marcbachmann/cel-js";
import { AttributeSlots, CelFrame } from "./attribute-slots.js";
import {
  attributePathOf,
  type CelNode,
  childrenOf,
  COMPREHENSION_MACROS,
  flattenChain,
} from "./cel-ast.js";
import { createCelEnvironment } from "./cel-environment.js";
import { type CelProgram, firstLine, parseAndCheck } from "./cel-parse.js";
import {
  type Arithmetic,
  celArithmetic,
  celCompare,
  celDouble,
  celEquals,
  CelEvalError,
  celIn,
  celInt,
  celNegate,
  celNot,
  celSize,
  celString,
  checkData,
  DELEGATE,
  hasField,
  isPlainMap,
  type Ordering,
  selectField,
  selectIndex,
  STRING_PREDICATES,
  STRING_TRANSFORMS,
  TIMESTAMP_GETTERS,
} from "./cel-values.js";
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
import { DelegateUnavailable, LibraryDelegate } from "./library-delegate.js";
import { RULE_LIMITS, type RuleLimits } from "./limits.js";
import { profileSource } from "./profile-frame-input.js";
import { sourceOf } from "./source-span.js";

/** A compiled node: returns a CEL value or a CelEvalError (never DELEGATE, never throws). */
type Thunk = (f: CelFrame) => unknown;

/** Iteration variables in scope: name -> index into frame.vars (the comprehension's nesting depth). */
type Scope = ReadonlyMap<string, number>;

const NO_SCOPE: Scope = new Map();

/**
 * Compiles CEL to plain JavaScript closures (no eval, no new Function). Parsing, guardrails and
 * type-checking are cel-js's and shared with CelInterpreter; each AST node becomes a closure with
 * CEL semantics. Nodes or value combinations the closures do not model are evaluated by cel-js
 * itself (a per-node delegate), so the two runtimes agree by construction there.
 */
export class CelCompiler implements RuleRuntime {
  readonly env: Environment;
  readonly slots = new AttributeSlots();

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
    return new CelFrame(input, this.slots);
  }

  /** Attribute paths registered so far (what a frame can resolve), for the eligibility index. */
  get attributePaths(): AttributeSlots["paths"] {
    return this.slots.paths;
  }

  private compile<T>(source: string, kind: ExpressionKind | "value"): CompileOutcome<T> {
    const parsed = parseAndCheck(this.env, source, this.limits);
    if (!parsed.ok) return parsed;
    const typeProblem = kind === "value" ? undefined : checkResultType(parsed.type, kind, source);
    if (typeProblem) return { ok: false, problems: [typeProblem] };
    const builder = new ClosureBuilder(this.env, source, this.slots);
    let root: Thunk;
    let conjuncts: { thunk: Thunk; source: string }[];
    try {
      const parts = flattenChain(parsed.ast, "&&");
      if (parts.length > 1) {
        conjuncts = parts.map((n) => ({
          thunk: builder.compile(n, NO_SCOPE),
          source: sourceOf(source, n),
        }));
        root = andOf(conjuncts.map((c) => c.thunk));
      } else {
        root = builder.compile(parsed.ast, NO_SCOPE);
        conjuncts = [];
      }
    } catch (error) {
      if (!(error instanceof DelegateUnavailable)) throw error;
      root = wholeProgram(parsed.program);
      conjuncts = [];
    }
    return {
      ok: true,
      expression: new CompiledCelExpression<T>(
        source,
        kind === "value" ? "bool" : kind,
        root,
        conjuncts,
        parsed.program,
        this.slots,
      ),
    };
  }
}

class CompiledCelExpression<T> implements CompiledExpression<T>, ValueExpression {
  constructor(
    readonly source: string,
    readonly kind: ExpressionKind,
    private readonly root: Thunk,
    private readonly conjuncts: readonly { thunk: Thunk; source: string }[],
    private readonly program: CelProgram,
    private readonly owner: AttributeSlots,
  ) {}

  evaluate(frame: Frame, offer?: OfferView): EvalOutcome<T> {
    return toOutcome<T>(this.run(frame, offer), this.kind);
  }

  evaluateValue(frame: Frame, offer?: OfferView): EvalOutcome<unknown> {
    const v = this.run(frame, offer);
    return v instanceof CelEvalError ? { ok: false, error: v.message } : { ok: true, value: v };
  }

  private run(frame: Frame, offer: OfferView | undefined): unknown {
    const f = this.frameOf(frame);
    f.setOffer(offer);
    try {
      return this.root(f);
    } catch (error) {
      // A delegate that could not be built lazily: the library evaluates the whole expression.
      if (!(error instanceof DelegateUnavailable)) throw error;
      return wholeProgram(this.program)(f);
    }
  }

  explain(frame: Frame, offer?: OfferView): string {
    const f = this.frameOf(frame);
    f.setOffer(offer);
    for (const c of this.conjuncts) {
      let v: unknown;
      try {
        v = c.thunk(f);
      } catch (error) {
        if (!(error instanceof DelegateUnavailable)) throw error;
        return c.source;
      }
      if (v !== true) return c.source;
    }
    return this.source;
  }

  private frameOf(frame: Frame): CelFrame {
    return frame instanceof CelFrame && frame.owner === this.owner
      ? frame
      : new CelFrame(frame.input, this.owner);
  }
}

function wholeProgram(program: CelProgram): Thunk {
  return (f) => {
    try {
      return program(f.activation([]));
    } catch (error) {
      return new CelEvalError(firstLine(error));
    }
  };
}

function andOf(parts: readonly Thunk[]): Thunk {
  if (parts.length === 2) {
    const [a, b] = parts as [Thunk, Thunk];
    return (f) => {
      const x = a(f);
      if (x === false) return false;
      const y = b(f);
      if (y === false) return false;
      if (x === true && y === true) return true;
      return logicalError(x, y);
    };
  }
  return (f) => {
    let error: unknown;
    for (const p of parts) {
      const v = p(f);
      if (v === false) return false;
      if (v !== true) error ??= v;
    }
    return error === undefined ? true : logicalError(error);
  };
}

function orOf(parts: readonly Thunk[]): Thunk {
  return (f) => {
    let error: unknown;
    for (const p of parts) {
      const v = p(f);
      if (v === true) return true;
      if (v !== false) error ??= v;
    }
    return error === undefined ? false : logicalError(error);
  };
}

/** CEL: an operand that is an error or not a bool makes `&&`/`||` an error unless absorbed. */
function logicalError(...candidates: unknown[]): CelEvalError {
  for (const c of candidates) if (c instanceof CelEvalError) return c;
  return new CelEvalError("Logical operator requires bool operands");
}

const ORDERINGS: ReadonlySet<string> = new Set(["<", "<=", ">", ">="]);
const FLIP = { "<": ">", "<=": ">=", ">": "<", ">=": "<=" } as const;
const ARITHMETIC: ReadonlySet<string> = new Set(["+", "-", "*", "/", "%"]);

class ClosureBuilder {
  constructor(
    private readonly env: Environment,
    private readonly source: string,
    private readonly slots: AttributeSlots,
  ) {}

  compile(node: CelNode, scope: Scope): Thunk {
    switch (node.op) {
      case "value":
        return this.literal(node, scope);
      case "id":
        return this.identifier(node, scope);
      case ".":
      case "[]":
        return this.selection(node, scope);
      case "&&":
        return andOf(flattenChain(node, "&&").map((n) => this.compile(n, scope)));
      case "||":
        return orOf(flattenChain(node, "||").map((n) => this.compile(n, scope)));
      case "!_":
        return this.unary(node, scope, celNot);
      case "-_":
        return this.unary(node, scope, celNegate);
      case "?:":
        return this.conditional(node, scope);
      case "list":
        return this.listLiteral(node, scope);
      case "map":
        return this.mapLiteral(node, scope);
      case "call":
        return this.call(node, scope);
      case "rcall":
        return this.receiverCall(node, scope);
      case "==":
      case "!=":
      case "in":
        return this.equality(node, scope);
      default:
        if (ORDERINGS.has(node.op)) return this.ordering(node, scope);
        if (ARITHMETIC.has(node.op)) return this.arithmetic(node, scope);
        return this.delegated(node, scope);
    }
  }

  /** The library evaluates this node (folded to a constant when it reads no variable). */
  private delegated(node: CelNode, scope: Scope): Thunk {
    const delegate = this.delegateFor(node, scope);
    if (!readsVariables(node)) {
      const value = delegate.runConstant();
      return () => value;
    }
    return (f) => delegate.run(f);
  }

  private delegateFor(node: CelNode, scope: Scope): LibraryDelegate {
    return new LibraryDelegate(this.env, this.source, node, [...scope.entries()]);
  }

  private literal(node: CelNode, scope: Scope): Thunk {
    const v = node.args;
    if (
      v === null ||
      typeof v === "string" ||
      typeof v === "boolean" ||
      typeof v === "bigint" ||
      typeof v === "number"
    )
      return () => v;
    return this.delegated(node, scope);
  }

  private identifier(node: CelNode, scope: Scope): Thunk {
    const name = node.args as string;
    const index = scope.get(name);
    if (index !== undefined) return (f) => f.vars[index];
    switch (name) {
      case "profile":
        return (f) => f.input.profile;
      case "context":
        return (f) => f.input.context;
      case "offer":
        return (f) => f.offer;
      case "now":
        return (f) => f.input.now;
      default:
        return this.delegated(node, scope);
    }
  }

  private selection(node: CelNode, scope: Scope): Thunk {
    const path = attributePathOf(node, new Set(scope.keys()));
    const delegate = this.delegateFor(node, scope);
    if (path !== undefined && path.path.length > 0) {
      const slot = this.slots.slotOf(path.root, path.path);
      return (f) => {
        let v = f.slots[slot];
        if (v === undefined) v = f.resolve(slot);
        return v === DELEGATE ? delegate.run(f) : v;
      };
    }
    const [leftNode, key] = node.args as [CelNode, unknown];
    const left = this.compile(leftNode, scope);
    const fits = elementCheckOf(leftNode);
    const checked = fits !== ANY;
    if (node.op === ".") {
      const field = key as string;
      return (f) => {
        const l = left(f);
        if (l instanceof CelEvalError) return l;
        const v = selectField(l, field);
        return v === DELEGATE || (checked && !(v instanceof CelEvalError) && !fits(v))
          ? delegate.run(f)
          : v;
      };
    }
    const index = this.compile(key as CelNode, scope);
    return (f) => {
      const l = left(f);
      if (l instanceof CelEvalError) return l;
      const i = index(f);
      if (i instanceof CelEvalError) return i;
      const v = selectIndex(l, i);
      return v === DELEGATE || (checked && !(v instanceof CelEvalError) && !fits(v))
        ? delegate.run(f)
        : v;
    };
  }

  private unary(node: CelNode, scope: Scope, op: (v: unknown) => unknown): Thunk {
    return this.applied(node, node.args as CelNode, scope, op);
  }

  /** `op(operand)`; the node's delegate answers when op does not model the operand's type. */
  private applied(
    node: CelNode,
    operandNode: CelNode,
    scope: Scope,
    op: (v: unknown) => unknown,
  ): Thunk {
    const operand = this.compile(operandNode, scope);
    const delegate = this.delegateFor(node, scope);
    return (f) => {
      const v = operand(f);
      if (v instanceof CelEvalError) return v;
      const r = op(v);
      return r === DELEGATE ? delegate.run(f) : r;
    };
  }

  private conditional(node: CelNode, scope: Scope): Thunk {
    const [c, a, b] = (node.args as CelNode[]).map((n) => this.compile(n, scope)) as [
      Thunk,
      Thunk,
      Thunk,
    ];
    return (f) => {
      const cond = c(f);
      if (cond === true) return a(f);
      if (cond === false) return b(f);
      return cond instanceof CelEvalError
        ? cond
        : new CelEvalError("Ternary condition must be bool");
    };
  }

  private operands(node: CelNode, scope: Scope): [Thunk, Thunk, LibraryDelegate] {
    const [l, r] = node.args as [CelNode, CelNode];
    return [this.compile(l, scope), this.compile(r, scope), this.delegateFor(node, scope)];
  }

  private equality(node: CelNode, scope: Scope): Thunk {
    const fused = this.fusedComparison(node, scope);
    if (fused !== undefined) return fused;
    const [left, right, delegate] = this.operands(node, scope);
    const op = node.op;
    const fn = op === "in" ? celIn : celEquals;
    const negate = op === "!=";
    return (f) => {
      const a = left(f);
      if (a instanceof CelEvalError) return a;
      const b = right(f);
      if (b instanceof CelEvalError) return b;
      const r = fn(a, b);
      if (r === DELEGATE) return delegate.run(f);
      return negate ? !r : r;
    };
  }

  /**
   * Hot path for the most common rule shapes, `path == 'x'`, `path >= 18`, `'x' in path`: one
   * closure reads the slot and compares, falling back to the generic operation (same semantics)
   * whenever the value is not of the literal's simple type.
   */
  private fusedComparison(node: CelNode, scope: Scope): Thunk | undefined {
    const [l, r] = node.args as [CelNode, CelNode];
    const shadowed = new Set(scope.keys());
    const op = node.op;
    let pathNode = l;
    let literalNode = r;
    if (op === "in") {
      pathNode = r;
      literalNode = l;
    } else if (attributePathOf(l, shadowed) === undefined) {
      pathNode = r;
      literalNode = l;
    }
    const path = attributePathOf(pathNode, shadowed);
    if (path === undefined || path.path.length === 0 || literalNode.op !== "value")
      return undefined;
    const c = literalNode.args;
    if (typeof c !== "string" && typeof c !== "number" && typeof c !== "bigint") return undefined;
    const slot = this.slots.slotOf(path.root, path.path);
    const generic =
      op === "in"
        ? this.compileGenericEquality(node, scope)
        : ORDERINGS.has(op)
          ? this.compileGenericOrdering(node, scope)
          : this.compileGenericEquality(node, scope);
    const read = (f: CelFrame): unknown => {
      const v = f.slots[slot];
      return v === undefined ? f.resolve(slot) : v;
    };
    const cn = typeof c === "bigint" ? Number(c) : c;
    if (typeof c === "bigint" && BigInt(cn as number) !== c) return undefined;
    const pathLeft = pathNode === l;
    switch (op) {
      case "==":
      case "!=": {
        const want = op === "==";
        return typeof c === "string"
          ? (f) => {
              const v = read(f);
              return typeof v === "string" ? (v === c) === want : generic(f);
            }
          : (f) => {
              const v = read(f);
              return typeof v === "number" ? (v === cn) === want : generic(f);
            };
      }
      case "in":
        if (typeof c !== "string") return undefined;
        return (f) => {
          const v = read(f);
          if (!Array.isArray(v)) return generic(f);
          for (const el of v as unknown[]) {
            if (el === c) return true;
            if (typeof el !== "string") return generic(f);
          }
          return false;
        };
      case "<":
      case "<=":
      case ">":
      case ">=": {
        if (typeof cn !== "number") return undefined;
        const effective = pathLeft ? op : FLIP[op];
        const test =
          effective === "<"
            ? (v: number) => v < cn
            : effective === "<="
              ? (v: number) => v <= cn
              : effective === ">"
                ? (v: number) => v > cn
                : (v: number) => v >= cn;
        return (f) => {
          const v = read(f);
          return typeof v === "number" ? test(v) : generic(f);
        };
      }
      default:
        return undefined;
    }
  }

  private compileGenericEquality(node: CelNode, scope: Scope): Thunk {
    const [left, right, delegate] = this.operands(node, scope);
    const fn = node.op === "in" ? celIn : celEquals;
    const negate = node.op === "!=";
    return (f) => {
      const a = left(f);
      if (a instanceof CelEvalError) return a;
      const b = right(f);
      if (b instanceof CelEvalError) return b;
      const r = fn(a, b);
      if (r === DELEGATE) return delegate.run(f);
      return negate ? !r : r;
    };
  }

  private compileGenericOrdering(node: CelNode, scope: Scope): Thunk {
    const [left, right, delegate] = this.operands(node, scope);
    const op = node.op as Ordering;
    return (f) => {
      const a = left(f);
      if (a instanceof CelEvalError) return a;
      const b = right(f);
      if (b instanceof CelEvalError) return b;
      const r = celCompare(op, a, b);
      return r === DELEGATE ? delegate.run(f) : r;
    };
  }

  private ordering(node: CelNode, scope: Scope): Thunk {
    return this.fusedComparison(node, scope) ?? this.compileGenericOrdering(node, scope);
  }

  private arithmetic(node: CelNode, scope: Scope): Thunk {
    const [left, right, delegate] = this.operands(node, scope);
    const op = node.op as Arithmetic;
    return (f) => {
      const a = left(f);
      if (a instanceof CelEvalError) return a;
      const b = right(f);
      if (b instanceof CelEvalError) return b;
      const r = celArithmetic(op, a, b);
      return r === DELEGATE ? delegate.run(f) : r;
    };
  }

  private listLiteral(node: CelNode, scope: Scope): Thunk {
    const items = (node.args as CelNode[]).map((n) => this.compile(n, scope));
    return (f) => {
      const out = new Array<unknown>(items.length);
      for (let i = 0; i < items.length; i++) {
        const v = (items[i] as Thunk)(f);
        if (v instanceof CelEvalError) return v;
        out[i] = v;
      }
      return out;
    };
  }

  private mapLiteral(node: CelNode, scope: Scope): Thunk {
    const entries = (node.args as [CelNode, CelNode][]).map(
      ([k, v]) => [this.compile(k, scope), this.compile(v, scope)] as const,
    );
    const delegate = this.delegateFor(node, scope);
    return (f) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of entries) {
        const key = k(f);
        if (key instanceof CelEvalError) return key;
        const value = v(f);
        if (value instanceof CelEvalError) return value;
        if (typeof key === "object" && key !== null) return delegate.run(f);
        const name = String(key);
        // cel-js drops these keys from map literals; so do we (they could never be read anyway).
        if (name === "__proto__" || name === "constructor" || name === "prototype") continue;
        out[name] = value;
      }
      return out;
    };
  }

  private call(node: CelNode, scope: Scope): Thunk {
    const [name, args] = node.args as [string, CelNode[]];
    if (name === "has" && args.length === 1) return this.has(node, args[0] as CelNode, scope);
    const fn = Object.hasOwn(UNARY_FUNCTIONS, name) ? UNARY_FUNCTIONS[name] : undefined;
    if (fn !== undefined && args.length === 1 && readsVariables(node))
      return this.applied(node, args[0] as CelNode, scope, fn);
    return this.delegated(node, scope);
  }

  private has(node: CelNode, arg: CelNode, scope: Scope): Thunk {
    const [parentNode, key] = arg.args as [CelNode, string];
    const delegate = this.delegateFor(node, scope);
    // `has(profile.x)` reads the part of the profile that holds x, so the merged profile map is
    // never built just to test one key (see ProfileFrameInput).
    const onProfile =
      parentNode.op === "id" && parentNode.args === "profile" && !scope.has("profile");
    const keyPath = [key];
    const parent: Thunk = onProfile
      ? (f) => profileSource(f.input, keyPath)
      : this.compile(parentNode, scope);
    return (f) => {
      const p = parent(f);
      if (p instanceof CelEvalError) return p;
      const r = hasField(p, key);
      return r === DELEGATE ? delegate.run(f) : r;
    };
  }

  private receiverCall(node: CelNode, scope: Scope): Thunk {
    const [name, receiverNode, args] = node.args as [string, CelNode, CelNode[]];
    if (COMPREHENSION_MACROS.has(name) && args[0]?.op === "id")
      return this.comprehension(node, scope);
    if (receiverNode.op === "id" && receiverNode.args === "cel" && !scope.has("cel"))
      return this.delegated(node, scope);
    const delegate = this.delegateFor(node, scope);
    const receiver = this.compile(receiverNode, scope);
    if (args.length === 0) {
      const transform = Object.hasOwn(STRING_TRANSFORMS, name)
        ? STRING_TRANSFORMS[name]
        : undefined;
      const getter = Object.hasOwn(TIMESTAMP_GETTERS, name) ? TIMESTAMP_GETTERS[name] : undefined;
      if (name === "size" || transform || getter) {
        return (f) => {
          const r = receiver(f);
          if (r instanceof CelEvalError) return r;
          let v: unknown = DELEGATE;
          if (name === "size") v = celSize(r);
          else if (transform && typeof r === "string") v = transform(r);
          else if (getter && r instanceof Date) v = getter(r);
          return v === DELEGATE ? delegate.run(f) : v;
        };
      }
    }
    if (args.length === 1 && Object.hasOwn(STRING_PREDICATES, name)) {
      const predicate = STRING_PREDICATES[name] as (s: string, a: string) => unknown;
      const arg = this.compile(args[0] as CelNode, scope);
      return (f) => {
        const r = receiver(f);
        if (r instanceof CelEvalError) return r;
        const a = arg(f);
        if (a instanceof CelEvalError) return a;
        return typeof r === "string" && typeof a === "string" ? predicate(r, a) : delegate.run(f);
      };
    }
    return this.delegated(node, scope);
  }

  private comprehension(node: CelNode, scope: Scope): Thunk {
    const [name, receiverNode, args] = node.args as [string, CelNode, CelNode[]];
    const variable = (args[0] as CelNode).args as string;
    const index = scope.size === 0 ? 0 : Math.max(...scope.values()) + 1;
    const inner = new Map(scope).set(variable, index);
    const receiver = this.compile(receiverNode, scope);
    const body = args.slice(1).map((n) => this.compile(n, inner));
    const delegate = this.delegateFor(node, scope);
    const loop = comprehensionLoop(name, index, body);
    // cel-js types the iteration variable from the receiver's static type and rejects elements of
    // another runtime type; such element lists go to the library.
    const elementOk = elementCheckOf(receiverNode, true);
    return (f) => {
      const r = receiver(f);
      if (r instanceof CelEvalError) return r;
      let items: readonly unknown[];
      if (Array.isArray(r)) {
        for (const item of r as unknown[])
          if (checkData(item) === DELEGATE || !elementOk(item)) return delegate.run(f);
        items = r as unknown[];
      } else if (typeof r === "object" && r !== null && isPlainMap(r)) items = Object.keys(r);
      else if (typeof r !== "object" || r === null)
        return new CelEvalError("Expression cannot be range of a comprehension");
      else return delegate.run(f);
      return loop(f, items);
    };
  }
}

function comprehensionLoop(
  name: string,
  index: number,
  body: Thunk[],
): (f: CelFrame, items: readonly unknown[]) => unknown {
  const [first, second] = body as [Thunk, Thunk | undefined];
  const notBool = (v: unknown) =>
    v instanceof CelEvalError ? v : new CelEvalError(`${name}() predicate must return bool`);
  switch (name) {
    case "exists":
    case "all": {
      const stopOn = name === "exists";
      return (f, items) => {
        let error: unknown;
        for (const item of items) {
          f.vars[index] = item;
          const v = first(f);
          if (v === stopOn) return stopOn;
          if (v !== !stopOn) error ??= notBool(v);
        }
        return error ?? !stopOn;
      };
    }
    case "exists_one":
      return (f, items) => {
        let count = 0;
        for (const item of items) {
          f.vars[index] = item;
          const v = first(f);
          if (v === true) count++;
          else if (v !== false) return notBool(v);
        }
        return count === 1;
      };
    case "filter":
      return (f, items) => {
        const out: unknown[] = [];
        for (const item of items) {
          f.vars[index] = item;
          const v = first(f);
          if (v === true) out.push(item);
          else if (v !== false) return notBool(v);
        }
        return out;
      };
    default:
      // map(x, t) or map(x, p, t)
      return (f, items) => {
        const out: unknown[] = [];
        for (const item of items) {
          f.vars[index] = item;
          if (second !== undefined) {
            const keep = first(f);
            if (keep === false) continue;
            if (keep !== true) return notBool(keep);
          }
          const v = (second ?? first)(f);
          if (v instanceof CelEvalError) return v;
          out.push(v);
        }
        return out;
      };
  }
}

const ANY = (): boolean => true;
const NONE = (): boolean => false;
const PRIMITIVE_CHECKS: Readonly<Record<string, (v: unknown) => boolean>> = {
  int: (v) => typeof v === "bigint",
  double: (v) => typeof v === "number",
  string: (v) => typeof v === "string",
  bool: (v) => typeof v === "boolean",
  null: (v) => v === null,
  "google.protobuf.Timestamp": (v) => v instanceof Date,
};

interface StaticType {
  readonly name: string;
  readonly kind?: string;
  readonly keyType?: StaticType;
  readonly valueType?: StaticType;
}

/**
 * cel-js checks values read out of a statically typed list or map (`list<int>`, `map<string,
 * list<int>>`) against that type at runtime, and the iteration variable of a comprehension against
 * the receiver's element type. The compiled form makes the same check and lets the library answer
 * (with its error) when a value does not fit.
 */
function valueCheck(type: StaticType | undefined): (v: unknown) => boolean {
  if (type === undefined || type.kind === "dyn" || type.kind === "param") return ANY;
  if (Object.hasOwn(PRIMITIVE_CHECKS, type.name))
    return PRIMITIVE_CHECKS[type.name] as (v: unknown) => boolean;
  if (type.kind === "list") return (v) => Array.isArray(v);
  if (type.kind === "map")
    return (v) => typeof v === "object" && v !== null && !Array.isArray(v) && isPlainMap(v);
  return NONE;
}

/** The check for values selected from `container` (its static element/value type). */
function elementCheckOf(container: CelNode, keys = false): (v: unknown) => boolean {
  const type = container.checkedType as StaticType | undefined;
  if (type === undefined || (type.kind !== "list" && type.kind !== "map")) return ANY;
  return valueCheck(keys && type.kind === "map" ? type.keyType : type.valueType);
}

/** Whether a sub-expression reads any variable (if not, it can be evaluated once at compile time). */
function readsVariables(node: CelNode): boolean {
  const stack: CelNode[] = [node];
  while (stack.length > 0) {
    const n = stack.pop() as CelNode;
    if (n.op === "id") {
      const name = n.args as string;
      // Type names and the `cel` namespace are constants; everything else is a variable.
      if (!CONSTANT_IDENTIFIERS.has(name)) return true;
    }
    for (const c of childrenOf(n)) stack.push(c);
  }
  return false;
}

const CONSTANT_IDENTIFIERS: ReadonlySet<string> = new Set([
  "int",
  "uint",
  "double",
  "string",
  "bool",
  "bytes",
  "list",
  "map",
  "null_type",
  "type",
  "google",
  "cel",
]);

const UNARY_FUNCTIONS: Readonly<Record<string, (v: unknown) => unknown>> = {
  size: celSize,
  int: celInt,
  double: celDouble,
  string: celString,
  dyn: (v) => v,
};
