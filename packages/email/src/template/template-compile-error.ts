import { OfferkitError, type Issue } from "@offerkit/core";

/** A template that cannot be registered: MJML validation, token syntax, or a token in an unsafe place. */
export class TemplateCompileError extends OfferkitError {
  constructor(message: string, issues: Issue[] = [], cause?: unknown) {
    super("VALIDATION_FAILED", message, cause === undefined ? { issues } : { issues, cause });
  }
}
