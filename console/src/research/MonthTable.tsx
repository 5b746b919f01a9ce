import type { MonthPoint } from './cohort-data.ts';

const shown = (value: number | null, digits = 0) => (value === null ? '—' : value.toFixed(digits));

/** The chart's numbers as a table, for screen readers and for copying: each month with its note. */
export function MonthTable({ points }: { points: MonthPoint[] }) {
  return (
    <table aria-label="Cohort by month">
      <thead>
        <tr>
          <th>month</th>
          <th>EHRs</th>
          <th>values</th>
          <th>mean</th>
          <th>note</th>
        </tr>
      </thead>
      <tbody>
        {points.map((point) => (
          <tr key={point.month} data-month={point.month} data-status={point.status} className={`month-${point.status}`}>
            <td>{point.month}</td>
            <td>{shown(point.ehrCount)}</td>
            <td>{shown(point.valueCount)}</td>
            <td>{shown(point.mean, 2)}</td>
            <td>{point.note}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
