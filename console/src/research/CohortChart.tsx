import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import { useEffect, useRef } from 'react';
import { chartSeries, type MonthPoint } from './cohort-data.ts';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Tooltip, Legend);

/** Diagonal grey stripes: a suppressed month reads as "hidden", not as a count. */
function hatch(): CanvasPattern | string {
  const tile = document.createElement('canvas');
  tile.width = tile.height = 8;
  const context = tile.getContext('2d');
  if (!context) return '#bbb';
  context.strokeStyle = '#777';
  context.lineWidth = 2;
  context.beginPath();
  context.moveTo(0, 8);
  context.lineTo(8, 0);
  context.stroke();
  return context.createPattern(tile, 'repeat') ?? '#bbb';
}

/** EHRs per month as bars (suppressed months hatched up to k), the mean value as a line on its own axis, drawn on top (lower `order`). */
export function CohortChart({ points, minimumCellSize, summary }: { points: MonthPoint[]; minimumCellSize: number | null; summary: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const series = chartSeries(points, minimumCellSize);
    const chart = new Chart(canvas.current, {
      data: {
        labels: series.labels,
        datasets: [
          { type: 'bar', label: 'EHRs', data: series.ehrCounts, backgroundColor: '#3b6ea5', stack: 'ehrs', yAxisID: 'ehrs', order: 1 },
          {
            type: 'bar',
            label: `suppressed (<${minimumCellSize ?? '?'} EHRs)`,
            data: series.suppressed,
            backgroundColor: hatch(),
            borderColor: '#777',
            borderWidth: 1,
            stack: 'ehrs',
            yAxisID: 'ehrs',
            order: 1,
          },
          {
            type: 'line',
            label: 'mean value',
            data: series.means,
            borderColor: '#c0662b',
            backgroundColor: '#c0662b',
            spanGaps: false,
            yAxisID: 'mean',
            order: 0,
          },
        ],
      },
      options: {
        animation: false,
        responsive: true,
        scales: {
          ehrs: { type: 'linear', position: 'left', beginAtZero: true, title: { display: true, text: 'EHRs' } },
          mean: { type: 'linear', position: 'right', grid: { drawOnChartArea: false }, title: { display: true, text: 'mean value' } },
        },
      },
    });
    return () => chart.destroy();
  }, [points, minimumCellSize]);
  return <canvas ref={canvas} role="img" aria-label={summary} />;
}
