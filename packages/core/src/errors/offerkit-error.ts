import { OfferkitErrorCode } from "./codes.js";

/** One problem with a location: a path into the input and, for expressions, a character span. */
export interface Issue {
  path: (string | number)[];
  message: string;
  /** For CEL problems: where inside the expression (0-based, end exclusive). */
  span?: { start: number; end: number };
}

export interface OfferkitErrorOptions {
  issues?: Issue[];
  cause?: unknown;
}

/** The one error class of offerkit: a code from a closed union, a message, and located issues. */
export class OfferkitError extends Error {
  override readonly name = "OfferkitError";
  readonly code: OfferkitErrorCode;
  readonly issues: Issue[];

  constructor(code: OfferkitErrorCode, message: string, options: OfferkitErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.issues = options.issues ?? [];
  }

  /** Coerce anything thrown into an OfferkitError, keeping the original as cause. */
  static fromUnknown(error: unknown, fallbackCode: OfferkitErrorCode = "INTERNAL"): OfferkitError {
    if (error instanceof OfferkitError) return error;
    if (isZodLikeError(error)) return OfferkitError.fromZod(error);
    // Errors of packages that cannot import core at runtime (push, client) carry the same codes.
    const code =
      error instanceof Error
        ? OfferkitErrorCode.safeParse((error as { code?: unknown }).code)
        : undefined;
    if (error instanceof Error && code?.success) {
      const issues = (error as { issues?: unknown }).issues;
      return new OfferkitError(code.data, error.message, {
        cause: error,
        ...(Array.isArray(issues) ? { issues: issues as Issue[] } : {}),
      });
    }
    const message = error instanceof Error ? error.message : String(error);
    return new OfferkitError(fallbackCode, message, { cause: error });
  }

  /** Turn a zod error into VALIDATION_FAILED with one issue per failing path. */
  static fromZod(
    error: ZodLikeError,
    code: OfferkitErrorCode = "VALIDATION_FAILED",
    prefix: (string | number)[] = [],
  ): OfferkitError {
    const issues = error.issues.map((i) => ({
      path: [...prefix, ...i.path.map((p) => (typeof p === "symbol" ? String(p) : p))],
      message: i.message,
    }));
    const first = issues[0];
    const summary = first ? `${formatPath(first.path)}: ${first.message}` : "invalid input";
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
    return new OfferkitError(code, `${summary}${more}`, { issues, cause: error });
  }

  toJSON(): { code: OfferkitErrorCode; message: string; issues?: Issue[] } {
    return this.issues.length > 0
      ? { code: this.code, message: this.message, issues: this.issues }
      : { code: this.code, message: this.message };
  }
}

interface ZodLikeError {
  issues: { path: PropertyKey[]; message: string }[];
}

function isZodLikeError(error: unknown): error is ZodLikeError {
  return (
    typeof error === "object" &&
    error !== null &&
    (error as { name?: unknown }).name === "ZodError" &&
    Array.isArray((error as { issues?: unknown }).issues)
  );
}

/** offers[3].caps[0].limit */
export function formatPath(path: readonly (string | number)[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out === "" ? p : `.${p}`;
  return out === "" ? "(root)" : out;
}
