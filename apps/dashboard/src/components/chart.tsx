import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  Legend,
);

/** Distinguishable colours (Okabe-Ito), one per run or series. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

export interface Series {
  label: string;
  values: Array<number | null>;
}

/**
 * A Chart.js chart in a canvas. Charts are pictures: each one says in its label what it shows, and
 * every page that draws one also shows the numbers in a table.
 */
export function ChartView(props: {
  kind: 'bar' | 'line';
  labels: Array<string | number>;
  series: Series[];
  title: string;
  yLabel?: string;
  xLabel?: string;
  height?: number;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const config: ChartConfiguration<'bar' | 'line'> = {
      type: props.kind,
      data: {
        labels: props.labels,
        datasets: props.series.map((s, i) => ({
          label: s.label,
          data: s.values,
          backgroundColor: PALETTE[i % PALETTE.length],
          borderColor: PALETTE[i % PALETTE.length],
          borderWidth: props.kind === 'line' ? 2 : 0,
          pointRadius: props.kind === 'line' ? 2 : undefined,
          spanGaps: true,
        })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { display: props.series.length > 1, position: 'bottom' } },
        scales: {
          x: { title: { display: Boolean(props.xLabel), text: props.xLabel ?? '' } },
          y: { beginAtZero: props.kind === 'bar', title: { display: Boolean(props.yLabel), text: props.yLabel ?? '' } },
        },
      },
    };
    const chart = new Chart(canvas.current, config);
    return () => chart.destroy();
  }, [props.kind, props.labels, props.series, props.title, props.xLabel, props.yLabel]);
  return (
    <figure class="chart">
      <figcaption>{props.title}</figcaption>
      <div class="chart-box" style={{ height: `${props.height ?? 240}px` }}>
        <canvas ref={canvas} role="img" aria-label={`${props.title} (chart; the numbers are in the table)`} />
      </div>
    </figure>
  );
}
