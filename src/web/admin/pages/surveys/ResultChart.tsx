// One question's numbers as a bar chart (chart.js, only the parts used, registered once). The canvas is a picture with
// a short summary; the table beside it holds the same numbers for screen readers and keyboard users. No animation:
// the numbers are there at once (and for people who asked for reduced motion).
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';
import { useEffect, useRef } from 'react';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

export interface Bar {
  label: string;
  value: number;
}

interface Props {
  bars: Bar[];
  /** What the picture shows, in one sentence (the canvas's accessible name). */
  summary: string;
  /** The value axis's name, e.g. "Antworten" or "durchschnittlicher Platz". */
  axisLabel: string;
  /** Whole numbers on the axis (counts); false for averages. */
  integer?: boolean;
  testId?: string;
}

export function ResultChart({ bars, summary, axisLabel, integer = true, testId }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  // the chart is drawn again only when the numbers change, not on every render of the page
  const numbers = JSON.stringify(bars);
  useEffect(() => {
    if (!canvas.current) return;
    const shown = JSON.parse(numbers) as Bar[];
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: {
        labels: shown.map((b) => b.label),
        datasets: [{ label: axisLabel, data: shown.map((b) => b.value), backgroundColor: '#1f5fa8', borderColor: '#0d3d73', borderWidth: 1 }],
      },
      options: {
        indexAxis: 'y',
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: { tooltip: { enabled: true } },
        scales: {
          x: { beginAtZero: true, ticks: { precision: integer ? 0 : 1, color: '#333' }, title: { display: true, text: axisLabel, color: '#333' } },
          y: { ticks: { color: '#333' } },
        },
      },
    });
    return () => chart.destroy();
  }, [numbers, axisLabel, integer]);

  // a bar is about 2.2 rem high; the box grows with the options so labels never overlap
  const height = 48 + bars.length * 36;
  return (
    <div className="result-chart" style={{ height }}>
      <canvas ref={canvas} role="img" aria-label={summary} data-testid={testId}>
        {summary}
      </canvas>
    </div>
  );
}
