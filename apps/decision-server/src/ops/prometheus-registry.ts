/**
 * A minimal Prometheus registry (counters, gauges, histograms with labels) rendering the text
 * exposition format 0.0.4. Small enough to own; label values are escaped, label sets are keyed once.
 */

type Labels = Record<string, string>;

interface Metric {
  render(): string;
}

function labelKey(labels: Labels): string {
  const names = Object.keys(labels);
  if (names.length === 0) return "";
  return names
    .sort()
    .map((k) => `${k}="${escapeLabel(labels[k] ?? "")}"`)
    .join(",");
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

function header(name: string, help: string, type: string): string {
  return `# HELP ${name} ${help.replace(/\\/g, "\\\\").replace(/\n/g, "\\n")}\n# TYPE ${name} ${type}\n`;
}

function sample(name: string, key: string, value: number): string {
  return `${name}${key === "" ? "" : `{${key}}`} ${Number.isFinite(value) ? value : value > 0 ? "+Inf" : "-Inf"}\n`;
}

export class Counter implements Metric {
  private readonly values = new Map<string, number>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  inc(labels: Labels = {}, by = 1): void {
    const key = labelKey(labels);
    this.values.set(key, (this.values.get(key) ?? 0) + by);
  }

  get(labels: Labels = {}): number {
    return this.values.get(labelKey(labels)) ?? 0;
  }

  render(): string {
    let out = header(this.name, this.help, "counter");
    for (const [key, value] of this.values) out += sample(this.name, key, value);
    return out;
  }
}

export class Gauge implements Metric {
  private readonly values = new Map<string, number | (() => number)>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  set(value: number | (() => number), labels: Labels = {}): void {
    this.values.set(labelKey(labels), value);
  }

  render(): string {
    let out = header(this.name, this.help, "gauge");
    for (const [key, value] of this.values)
      out += sample(this.name, key, typeof value === "function" ? value() : value);
    return out;
  }
}

export interface HistogramSeries {
  counts: number[];
  sum: number;
  count: number;
}

export class Histogram implements Metric {
  private readonly series = new Map<string, HistogramSeries>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly buckets: readonly number[],
  ) {}

  observe(value: number, labels: Labels = {}): void {
    this.observeSeries(this.seriesFor(labels), value);
  }

  /** The series of one label set, for hot paths that observe the same labels again and again. */
  seriesFor(labels: Labels): HistogramSeries {
    const key = labelKey(labels);
    let series = this.series.get(key);
    if (series === undefined) {
      series = { counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, series);
    }
    return series;
  }

  observeSeries(series: HistogramSeries, value: number): void {
    // Counts are per bucket here and made cumulative when rendered, so observe stays one increment.
    const index = this.buckets.findIndex((upper) => value <= upper);
    if (index >= 0) series.counts[index] = (series.counts[index] ?? 0) + 1;
    series.sum += value;
    series.count += 1;
  }

  render(): string {
    let out = header(this.name, this.help, "histogram");
    for (const [key, series] of this.series) {
      const prefix = key === "" ? "" : `${key},`;
      let cumulative = 0;
      this.buckets.forEach((upper, i) => {
        cumulative += series.counts[i] ?? 0;
        out += sample(`${this.name}_bucket`, `${prefix}le="${upper}"`, cumulative);
      });
      out += sample(`${this.name}_bucket`, `${prefix}le="+Inf"`, series.count);
      out += sample(`${this.name}_sum`, key, series.sum);
      out += sample(`${this.name}_count`, key, series.count);
    }
    return out;
  }
}

export class PrometheusRegistry {
  private readonly metrics: Metric[] = [];

  counter(name: string, help: string): Counter {
    return this.register(new Counter(name, help));
  }

  gauge(name: string, help: string): Gauge {
    return this.register(new Gauge(name, help));
  }

  histogram(name: string, help: string, buckets: readonly number[]): Histogram {
    return this.register(new Histogram(name, help, buckets));
  }

  render(): string {
    return this.metrics.map((m) => m.render()).join("");
  }

  private register<M extends Metric>(metric: M): M {
    this.metrics.push(metric);
    return metric;
  }
}
