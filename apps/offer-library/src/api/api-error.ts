/** One problem reported by the server: a path into the input, a message, and for expressions a span. */
export interface ApiIssue {
  path: (string | number)[];
  message: string;
  span?: { start: number; end: number };
}

/** A non-2xx answer of the decision server ({ error: { code, message, issues? } }). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ApiIssue[],
  ) {
    super(message);
    this.name = "ApiError";
  }
}
