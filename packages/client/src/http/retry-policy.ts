import { HTTPError, type RetryOptions } from "ky";

/**
 * decide reserves caps on the server, so a request that may have reached the engine must not be
 * sent twice. Only answers in which the server states it did not process the request (429 rate
 * limited, 503 unavailable) are retried, once; network errors and timeouts are not, because the
 * request may have been decided before the connection broke.
 */
export const decideRetry: RetryOptions = {
  limit: 1,
  methods: ["post"],
  statusCodes: [429, 503],
  shouldRetry: ({ error }) =>
    error instanceof HTTPError && (error.response.status === 429 || error.response.status === 503),
};

/** simulate is a dry run (no caps, no events): every transient failure is safe to retry. */
export const simulateRetry: RetryOptions = {
  limit: 2,
  methods: ["post"],
  statusCodes: [408, 429, 500, 502, 503, 504],
};

/** Events are idempotent by id, so resending a batch can never double count. */
export const trackRetry: RetryOptions = {
  limit: 3,
  methods: ["post"],
  statusCodes: [408, 429, 500, 502, 503, 504],
  retryOnTimeout: true,
};
