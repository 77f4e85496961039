import { PushError } from "./push-error.js";

/** The offer's end date has passed: a push for it would advertise something unavailable. */
export class OfferExpiredError extends PushError {
  override readonly name = "OfferExpiredError";
  readonly offerId: string;
  readonly endDate: Date;

  constructor(offerId: string, endDate: Date) {
    // PRECONDITION_FAILED: the request is fine, the offer's validity no longer holds.
    super("PRECONDITION_FAILED", `offer ${offerId} ended at ${endDate.toISOString()}`);
    this.offerId = offerId;
    this.endDate = endDate;
  }
}
