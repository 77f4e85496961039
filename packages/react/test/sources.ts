import type { DecisionResponse, FeedbackEvent } from "@offerkit/core";
import type { OfferRequest } from "@offerkit/client";

/** An in-process decision source answering from a function, recording its requests and events. */
export function scriptedEngine(answer: (request: OfferRequest) => Promise<DecisionResponse>) {
  const requests: OfferRequest[] = [];
  const events: FeedbackEvent[] = [];
  return {
    requests,
    events,
    decide(request: OfferRequest) {
      requests.push(request);
      return answer(request);
    },
    track(batch: FeedbackEvent[]) {
      events.push(...batch);
      return Promise.resolve({ accepted: batch.length, duplicates: 0 });
    },
  };
}

/** A promise settled from outside, for answers that arrive when the test says so. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
