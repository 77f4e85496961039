import { useId } from "react";

export interface ChartSeries {
  name: string;
  /** A colour with at least 3:1 contrast on white. */
  color: string;
  /** One value per day; null draws a gap. */
  values: (number | null)[];
}

interface LineChartProps {
  title: string;
  /** One sentence for screen readers: what the chart shows. */
  description: string;
  days: string[];
  series: ChartSeries[];
  formatValue: (value: number) => string;
  /** Largest y value shown at least (1 for rates). */
  minMax?: number;
}

const WIDTH = 720;
const HEIGHT = 240;
const PAD = { left: 56, right: 16, top: 12, bottom: 40 };

/**
 * A small line chart in inline SVG: one line per series, day on x. The SVG is an image with a title and
 * a description; the numbers themselves are in the data table next to every chart.
 */
export function LineChart({
  title,
  description,
  days,
  series,
  formatValue,
  minMax = 1,
}: LineChartProps) {
  const id = useId();
  const max = niceMax(
    Math.max(minMax, ...series.flatMap((s) => s.values.filter((v): v is number => v !== null))),
  );
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (i: number) =>
    PAD.left + (days.length <= 1 ? plotW / 2 : (i * plotW) / (days.length - 1));
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  const labelEvery = Math.max(1, Math.ceil(days.length / 8));

  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        width="100%"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {ticks.map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(v)} y2={y(v)} stroke="#d0d0d0" />
            <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end" fontSize="12" fill="#333">
              {formatValue(v)}
            </text>
          </g>
        ))}
        {days.map((day, i) =>
          i % labelEvery === 0 || i === days.length - 1 ? (
            <text
              key={day}
              x={x(i)}
              y={HEIGHT - PAD.bottom + 18}
              textAnchor="middle"
              fontSize="12"
              fill="#333"
            >
              {day.slice(5)}
            </text>
          ) : null,
        )}
        {series.map((s) => (
          <g key={s.name}>
            <path d={pathOf(s.values, x, y)} fill="none" stroke={s.color} strokeWidth="2" />
            {s.values.map((v, i) =>
              v === null ? null : <circle key={i} cx={x(i)} cy={y(v)} r="3" fill={s.color} />,
            )}
          </g>
        ))}
      </svg>
      <figcaption>
        <strong>{title}</strong>
        <ul className="chart-legend">
          {series.map((s) => (
            <li key={s.name}>
              <span className="chart-swatch" style={{ background: s.color }} aria-hidden="true" />{" "}
              {s.name}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}

function pathOf(
  values: (number | null)[],
  x: (i: number) => number,
  y: (v: number) => number,
): string {
  let d = "";
  let pen = false;
  values.forEach((v, i) => {
    if (v === null) {
      pen = false;
      return;
    }
    d += `${pen ? "L" : "M"}${x(i).toFixed(1)},${y(v).toFixed(1)} `;
    pen = true;
  });
  return d.trim();
}

/** 1, 2, 5 × 10^n at or above `value`, so tick labels are round. */
export function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}
