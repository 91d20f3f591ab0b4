import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { useEffect, useRef } from 'react';

// Only the parts a bar chart needs: this module is its own chunk, loaded when a dashboard opens.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export interface BarSeries {
  label: string;
  values: number[];
}

// Colours with at least 3:1 contrast against the white card (WCAG 1.4.11, graphical objects).
const COLOURS = ['#1d5fa8', '#b3541e', '#2f7a3d', '#7a3d8f'];

/**
 * A bar chart drawn on a canvas. The canvas is hidden from assistive technologies: the table next
 * to it, in the same figure, says the same numbers.
 */
export default function BarChart({ labels, series, horizontal = false }: { labels: string[]; series: BarSeries[]; horizontal?: boolean }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const chart = new Chart(canvas.current!, {
      type: 'bar',
      data: { labels, datasets: series.map((entry, index) => ({ label: entry.label, data: entry.values, backgroundColor: COLOURS[index % COLOURS.length] })) },
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        animation: false,
        maintainAspectRatio: false,
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { display: series.length > 1 } },
      },
    });
    return () => chart.destroy();
  }, [labels, series, horizontal]);
  return (
    <div className="chart-canvas">
      <canvas ref={canvas} aria-hidden="true" />
    </div>
  );
}
