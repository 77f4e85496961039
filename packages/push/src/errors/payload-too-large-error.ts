import { PushError } from "./push-error.js";

/**
 * The parts of a payload that may not be cut (ids, links, tracking token, custom data) exceed the
 * provider's limit even with every text field emptied: nothing can be sent.
 */
export class PayloadTooLargeError extends PushError {
  override readonly name = "PayloadTooLargeError";
  /** UTF-8 bytes of the smallest payload the builder could make. */
  readonly byteLength: number;
  readonly limit: number;
  readonly provider: string;

  constructor(provider: string, byteLength: number, limit: number) {
    super(
      "PAYLOAD_TOO_LARGE",
      `${provider} payload needs ${byteLength} bytes without any text; the limit is ${limit}`,
    );
    this.provider = provider;
    this.byteLength = byteLength;
    this.limit = limit;
  }
}
