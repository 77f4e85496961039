import { asClientError, type OfferBootstrap } from "@offerkit/client";
import type { ScopeRequest } from "@offerkit/core";
import type { DecisionBackend, RequestContext, Visitor } from "./decision-backend.js";
import { withTimeout } from "./with-timeout.js";

export interface OffersScopeOptions {
  backend: DecisionBackend;
  visitor: () => Promise<Visitor>;
  context: () => RequestContext | Promise<RequestContext>;
  timeoutMs: number;
  onError: (error: unknown) => void;
  /** Receives everything decided so far in this request (the SSR payload). */
  onPayload: (payload: OfferBootstrap) => void;
}

/**
 * Decisions for one incoming request. Failures never escape: a failing or slow backend, a
 * throwing identify() or a malformed scope is logged and answered with an error per scope, so
 * the page renders its fallbacks instead of a 500.
 */
export class OffersScope {
  readonly #options: OffersScopeOptions;
  #payload: OfferBootstrap = { profileId: "", propositions: [], errors: [] };

  constructor(options: OffersScopeOptions) {
    this.#options = options;
  }

  /** Everything decided in this request so far: ship it to the browser as the bootstrap. */
  get payload(): OfferBootstrap {
    return this.#payload;
  }

  visitor(): Promise<Visitor> {
    return this.#options.visitor();
  }

  /** Decide these scopes for the identified visitor; the result is also added to `payload`. */
  async decide(scopes: ScopeRequest[]): Promise<OfferBootstrap> {
    const { backend, timeoutMs } = this.#options;
    let result: OfferBootstrap;
    try {
      const visitor = await this.#options.visitor();
      result = { profileId: visitor.id, propositions: [], errors: [] };
      const context = await this.#options.context();
      const response = await withTimeout(
        backend.decide({ profile: visitor, context, scopes }),
        timeoutMs,
      );
      result = {
        profileId: visitor.id,
        propositions: response.propositions,
        errors: response.errors,
      };
    } catch (thrown) {
      this.#options.onError(thrown);
      const { code, message } = asClientError(thrown);
      result = {
        profileId: this.#payload.profileId,
        propositions: [],
        errors: scopes.map((s) => ({
          decisionId: s.decisionId,
          placementId: s.placementId,
          code,
          message,
        })),
      };
    }
    this.#payload = {
      profileId: result.profileId || this.#payload.profileId,
      propositions: [...this.#payload.propositions, ...result.propositions],
      errors: [...this.#payload.errors, ...result.errors],
    };
    this.#options.onPayload(this.#payload);
    return result;
  }
}
