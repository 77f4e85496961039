import { Duration } from "@marcbachmann/cel-js/evaluator";
import { re2Matches } from "./safe-regex.js";

/**
 * Runtime value operations of the compiled form. Values are cel-js's: int = bigint, double =
 * number, string, bool, null, list = Array, map = plain object, timestamp = Date, duration =
 * Duration. An operation returns a value, a `CelEvalError` (CEL error value: absorbed by `&&`, `||`
 * and the quantifier macros as CEL specifies), or `DELEGATE`: "not a combination the fast path
 * models" — the compiled node then asks the library's own evaluator, so results never differ.
 */
export class CelEvalError {
  constructor(readonly message: string) {}
}

export const DELEGATE: unique symbol = Symbol("delegate to the library evaluator");
export type Delegate = typeof DELEGATE;

const MAX_INT = 9223372036854775807n;
const MIN_INT = -9223372036854775808n;

const objectPrototype = Object.prototype;
/** A JSON object: its keys are data. Own properties only are ever read. */
export function isPlainMap(v: object): v is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === objectPrototype || proto === null;
}

/** Values the fast path understands; anything else (Map, bytes, uint, host objects) is delegated. */
function isKnownObject(v: object): boolean {
  return Array.isArray(v) || isPlainMap(v) || v instanceof Date || v instanceof Duration;
}

/** A value read from data: returned as is if the fast path knows its type, else DELEGATE. */
export function checkData(v: unknown): unknown {
  switch (typeof v) {
    case "string":
    case "number":
    case "bigint":
    case "boolean":
      return v;
    case "object":
      return v === null || isKnownObject(v) ? v : DELEGATE;
    default:
      return DELEGATE;
  }
}

export function noSuchKey(key: unknown): CelEvalError {
  return new CelEvalError(`No such key: ${String(key)}`);
}

/** `obj.key` (and `obj["key"]` on a map). Never reads inherited properties. */
export function selectField(obj: unknown, key: string): unknown {
  if (typeof obj === "object" && obj !== null) {
    if (Array.isArray(obj)) return noSuchKey(key);
    if (isPlainMap(obj)) {
      if (!Object.hasOwn(obj, key)) return noSuchKey(key);
      const v = obj[key];
      return v === undefined ? noSuchKey(key) : checkData(v);
    }
    return DELEGATE;
  }
  return noSuchKey(key);
}

/** `obj[index]` for lists and maps, with cel-js's key coercion (map keys compare as property keys). */
export function selectIndex(obj: unknown, index: unknown): unknown {
  if (typeof obj !== "object" || obj === null) return noSuchKey(index);
  if (Array.isArray(obj)) {
    let i: number;
    if (typeof index === "bigint") i = Number(index);
    else if (typeof index === "number") i = index;
    else if (typeof index === "object" && index !== null) return DELEGATE;
    else return noSuchKey(index);
    const v: unknown = obj[i];
    return v === undefined ? new CelEvalError(`index out of bounds: ${i}`) : checkData(v);
  }
  if (isPlainMap(obj)) {
    if (typeof index === "object" && index !== null) return DELEGATE;
    const key = index as PropertyKey;
    if (!Object.hasOwn(obj, key)) return noSuchKey(index);
    const v = obj[key as string];
    return v === undefined ? noSuchKey(index) : checkData(v);
  }
  return DELEGATE;
}

/** `has(obj.key)` on the last selection: presence, never an error for a missing key. */
export function hasField(obj: unknown, key: string): boolean | Delegate {
  if (typeof obj !== "object" || obj === null || Array.isArray(obj)) return false;
  if (!isPlainMap(obj)) return DELEGATE;
  if (!Object.hasOwn(obj, key)) return false;
  const v = obj[key];
  if (v === undefined) return false;
  return checkData(v) === DELEGATE ? DELEGATE : true;
}

function isPrimitive(v: unknown): boolean {
  return v === null || (typeof v !== "object" && typeof v !== "function");
}

/** `==` (negate for `!=`). int and double compare numerically. Aggregates go to the library. */
export function celEquals(a: unknown, b: unknown): boolean | Delegate {
  if (a === b) return true;
  const ta = typeof a;
  const tb = typeof b;
  if ((ta === "bigint" && tb === "number") || (ta === "number" && tb === "bigint"))
    return (a as number) == (b as number);
  const pa = isPrimitive(a);
  const pb = isPrimitive(b);
  if (pa && pb) return false;
  if (pa) return isKnownObject(b as object) ? false : DELEGATE;
  if (pb) return isKnownObject(a as object) ? false : DELEGATE;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return DELEGATE;
}

/** `x in list` / `key in map`. */
export function celIn(a: unknown, b: unknown): boolean | Delegate {
  if (!isPrimitive(a) || typeof b !== "object" || b === null) return DELEGATE;
  if (Array.isArray(b)) {
    for (const el of b as unknown[]) {
      if (el === a) return true;
      if (isPrimitive(el)) {
        if (
          (typeof a === "bigint" && typeof el === "number") ||
          (typeof a === "number" && typeof el === "bigint")
        ) {
          if ((a as number) == (el as number)) return true;
        }
      } else if (!isKnownObject(el as object)) return DELEGATE;
    }
    return false;
  }
  if (isPlainMap(b)) {
    const key = a as PropertyKey;
    return Object.hasOwn(b, key) ? b[key as string] !== undefined : false;
  }
  return DELEGATE;
}

export type Ordering = "<" | "<=" | ">" | ">=";

export function celCompare(op: Ordering, a: unknown, b: unknown): boolean | Delegate {
  const ta = typeof a;
  const tb = typeof b;
  const numeric = (ta === "number" || ta === "bigint") && (tb === "number" || tb === "bigint");
  if (
    !(
      numeric ||
      (ta === tb && (ta === "string" || ta === "boolean")) ||
      (a instanceof Date && b instanceof Date) ||
      (a instanceof Duration && b instanceof Duration)
    )
  ) {
    return DELEGATE;
  }
  const x = a as number;
  const y = b as number;
  switch (op) {
    case "<":
      return x < y;
    case "<=":
      return x <= y;
    case ">":
      return x > y;
    case ">=":
      return x >= y;
  }
}

function checkedInt(v: bigint): bigint | CelEvalError {
  return v <= MAX_INT && v >= MIN_INT ? v : new CelEvalError(`integer overflow: ${v}`);
}

export type Arithmetic = "+" | "-" | "*" | "/" | "%";

/** Arithmetic; int op double promotes the int to double (offerkit's documented promotion). */
export function celArithmetic(op: Arithmetic, a: unknown, b: unknown): unknown {
  const ta = typeof a;
  const tb = typeof b;
  if (ta === "bigint" && tb === "bigint") {
    const x = a as bigint;
    const y = b as bigint;
    switch (op) {
      case "+":
        return checkedInt(x + y);
      case "-":
        return checkedInt(x - y);
      case "*":
        return checkedInt(x * y);
      case "/":
        return y === 0n ? new CelEvalError("division by zero") : x / y;
      case "%":
        return y === 0n ? new CelEvalError("modulo by zero") : x % y;
    }
  }
  if ((ta === "number" || ta === "bigint") && (tb === "number" || tb === "bigint")) {
    if (op === "%") return DELEGATE;
    const x = Number(a);
    const y = Number(b);
    switch (op) {
      case "+":
        return x + y;
      case "-":
        return x - y;
      case "*":
        return x * y;
      case "/":
        return x / y;
    }
  }
  if (op === "+") {
    if (ta === "string" && tb === "string") return (a as string) + (b as string);
    if (a instanceof Date && b instanceof Duration) return b.extendTimestamp(a);
    if (a instanceof Duration && b instanceof Date) return a.extendTimestamp(b);
    if (a instanceof Duration && b instanceof Duration) return a.addDuration(b);
  } else if (op === "-") {
    if (a instanceof Date && b instanceof Date)
      return Duration.fromMilliseconds(a.getTime() - b.getTime());
    if (a instanceof Date && b instanceof Duration) return b.subtractTimestamp(a);
    if (a instanceof Duration && b instanceof Duration) return a.subtractDuration(b);
  }
  return DELEGATE;
}

export function celNegate(a: unknown): unknown {
  if (typeof a === "number") return -a;
  if (typeof a === "bigint") return -a;
  return DELEGATE;
}

export function celNot(a: unknown): unknown {
  return typeof a === "boolean" ? !a : DELEGATE;
}

function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

export function celSize(v: unknown): unknown {
  if (typeof v === "string") return BigInt(codePointLength(v));
  if (typeof v === "object" && v !== null) {
    if (Array.isArray(v)) return BigInt(v.length);
    if (isPlainMap(v)) return BigInt(Object.keys(v).length);
  }
  return DELEGATE;
}

/** Receiver-style string functions: (receiver, argument) both strings, else DELEGATE. */
export const STRING_PREDICATES: Readonly<Record<string, (s: string, arg: string) => unknown>> = {
  startsWith: (s, arg) => s.startsWith(arg),
  endsWith: (s, arg) => s.endsWith(arg),
  contains: (s, arg) => s.includes(arg),
  matches_re2: (s, arg) => {
    try {
      return re2Matches(s, arg);
    } catch (error) {
      return new CelEvalError(error instanceof Error ? error.message : String(error));
    }
  },
};

export const STRING_TRANSFORMS: Readonly<Record<string, (s: string) => string>> = {
  lowerAscii: (s) => s.toLowerCase(),
  upperAscii: (s) => s.toUpperCase(),
  trim: (s) => s.trim(),
};

/** UTC timestamp accessors without a time-zone argument (with one, the library evaluates). */
export const TIMESTAMP_GETTERS: Readonly<Record<string, (d: Date) => bigint>> = {
  getFullYear: (d) => BigInt(d.getUTCFullYear()),
  getMonth: (d) => BigInt(d.getUTCMonth()),
  getDate: (d) => BigInt(d.getUTCDate()),
  getDayOfMonth: (d) => BigInt(d.getUTCDate() - 1),
  getDayOfWeek: (d) => BigInt(d.getUTCDay()),
  getHours: (d) => BigInt(d.getUTCHours()),
  getMinutes: (d) => BigInt(d.getUTCMinutes()),
  getSeconds: (d) => BigInt(d.getUTCSeconds()),
  getMilliseconds: (d) => BigInt(d.getUTCMilliseconds()),
};

export function celInt(v: unknown): unknown {
  if (typeof v === "bigint") return v;
  if (typeof v === "number")
    return Number.isFinite(v)
      ? BigInt(Math.trunc(v))
      : new CelEvalError("int() type error: integer overflow");
  return DELEGATE;
}

export function celDouble(v: unknown): unknown {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  return DELEGATE;
}

export function celString(v: unknown): unknown {
  switch (typeof v) {
    case "string":
      return v;
    case "bigint":
    case "boolean":
      return `${v}`;
    case "number":
      return v === Infinity ? "+Inf" : v === -Infinity ? "-Inf" : `${v}`;
    default:
      return DELEGATE;
  }
}
