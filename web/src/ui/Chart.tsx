import type { ChartConfiguration } from 'chart.js';
import { useEffect, useId, useRef } from 'react';

export interface Series {
  label: string;
  /** Decimal strings from the server; the chart library needs numbers to draw, nothing is computed from them. */
  values: (string | null)[];
}

interface ChartProps {
  /** The chart's accessible name, e.g. "Allocation by sector". */
  name: string;
  kind: 'doughnut' | 'line' | 'bar';
  labels: string[];
  series: Series[];
  /** The text alternative: the chart's numbers as a list, formatted (also the chart's legend). */
  alternative: { label: string; value: string }[];
}

function colors(): string[] {
  const style = getComputedStyle(document.documentElement);
  return Array.from({ length: 8 }, (_, i) => style.getPropertyValue(`--chart-${i + 1}`).trim() || '#888');
}

/** The one chart wrapper: Chart.js, loaded only when a chart is first shown. */
export function Chart({ name, kind, labels, series, alternative }: ChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const listId = useId();
  // Redrawn when what it shows changes, not on every render of its parent.
  const signature = JSON.stringify([kind, labels, series]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the signature stands for kind, labels and series.
  useEffect(() => {
    let chart: { destroy(): void } | undefined;
    let cancelled = false;
    void import('./chart-library').then(({ ChartJs }) => {
      if (cancelled || canvas.current === null) return;
      const palette = colors();
      const text = getComputedStyle(document.documentElement).getPropertyValue('--text').trim();
      const config: ChartConfiguration = {
        type: kind,
        data: {
          labels,
          datasets: series.map((s, i) => ({
            label: s.label,
            data: s.values.map((v) => (v === null ? null : Number(v))),
            backgroundColor: kind === 'doughnut' ? palette : palette[i % palette.length],
            borderColor: kind === 'doughnut' ? 'transparent' : palette[i % palette.length],
            tension: 0.2,
          })),
        },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          plugins: { legend: { display: kind !== 'doughnut', labels: { color: text } } },
          scales: kind === 'doughnut' ? {} : { x: { ticks: { color: text } }, y: { ticks: { color: text } } },
        },
      };
      chart = new ChartJs(canvas.current, config);
    });
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [signature]);
  return (
    <figure className="chart">
      <figcaption>{name}</figcaption>
      <div className="chart-canvas">
        <canvas ref={canvas} role="img" aria-label={name} aria-describedby={listId} />
      </div>
      <ul id={listId} className="chart-values">
        {alternative.map((item) => (
          <li key={item.label}>
            <span>{item.label}</span> <span className="num">{item.value}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}
