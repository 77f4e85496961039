import { describe, expect, it } from "vitest";
import { PrometheusRegistry } from "./prometheus-registry.js";

describe("PrometheusRegistry", () => {
  it("renders counters, gauges and cumulative histograms in the text format", () => {
    const registry = new PrometheusRegistry();
    const requests = registry.counter("x_requests_total", "Requests");
    const version = registry.gauge("x_version", "Version");
    const latency = registry.histogram("x_seconds", "Latency", [0.01, 0.1]);
    requests.inc({ route: "/v1/decisions", status: "200" });
    requests.inc({ status: "200", route: "/v1/decisions" }, 2);
    requests.inc({ route: 'a"b\\c\nd' });
    version.set(7);
    latency.observe(0.005, { route: "r" });
    latency.observe(0.05, { route: "r" });
    latency.observe(5, { route: "r" });
    const text = registry.render();
    expect(text).toContain("# TYPE x_requests_total counter\n");
    expect(text).toContain('x_requests_total{route="/v1/decisions",status="200"} 3\n');
    expect(text).toContain('x_requests_total{route="a\\"b\\\\c\\nd"} 1\n');
    expect(text).toContain("x_version 7\n");
    expect(text).toContain('x_seconds_bucket{route="r",le="0.01"} 1\n');
    expect(text).toContain('x_seconds_bucket{route="r",le="0.1"} 2\n');
    expect(text).toContain('x_seconds_bucket{route="r",le="+Inf"} 3\n');
    expect(text).toContain('x_seconds_sum{route="r"} 5.055\n');
    expect(text).toContain('x_seconds_count{route="r"} 3\n');
  });
});
