import {
  PrometheusRegistry,
  type Counter,
  type Gauge,
  type Histogram,
} from "./prometheus-registry.js";

/** Seconds; decisions are expected in the low milliseconds, imports in the hundreds. */
const LATENCY_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10,
];

/** The metrics /metrics exposes (names follow Prometheus conventions: unit suffixes, _total counters). */
export class ServerMetrics {
  readonly registry = new PrometheusRegistry();
  readonly requestDuration: Histogram = this.registry.histogram(
    "offerkit_http_request_duration_seconds",
    "HTTP request latency by route pattern, method and status",
    LATENCY_BUCKETS,
  );
  readonly decisions: Counter = this.registry.counter(
    "offerkit_decisions_total",
    "Propositions returned by POST /v1/decisions and /v1/simulate, by outcome (items, fallback, error)",
  );
  readonly capRejections: Counter = this.registry.counter(
    "offerkit_cap_rejections_total",
    "Cap checks that found a cap exhausted (stage=check) and reservations refused atomically (stage=reserve)",
  );
  readonly eventsAccepted: Counter = this.registry.counter(
    "offerkit_events_total",
    "Events stored, by type (decision, display, interact, custom) and result (inserted, duplicate)",
  );
  readonly libraryVersion: Gauge = this.registry.gauge(
    "offerkit_library_version",
    "Library version the engine serves",
  );
  readonly librarySwaps: Counter = this.registry.counter(
    "offerkit_library_swaps_total",
    "Library snapshot reloads, by result (swapped, rejected)",
  );
  readonly inflight: Gauge = this.registry.gauge(
    "offerkit_http_inflight_requests",
    "Requests being handled",
  );

  render(): string {
    return this.registry.render();
  }
}
