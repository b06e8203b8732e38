// The daily open/overdue series as a plain SVG line chart: no chart library (nothing to load, nothing the console's
// CSP would block, no inline styles). The two lines differ in colour AND pattern (solid, dashed, with square vs round
// markers) so they stay apart without colour; the picture has a title and a summary, and the page puts the same
// numbers in a table beside it, which is what screen readers and keyboard users read.
import { useId } from 'react';
import { useI18n } from '../../i18n.tsx';

export interface SeriesPoint {
  date: string;
  open: number;
  overdue: number;
}

const W = 640;
const H = 240;
const PAD = { left: 40, right: 28, top: 12, bottom: 36 };

/** A round top for the y axis: 1, 2, 5, 10, 20, 50 … at or above the largest value. */
export function niceMax(value: number): number {
  if (value <= 1) return 1;
  const step = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 5, 10]) if (m * step >= value) return m * step;
  return 10 * step;
}

export function SeriesChart({ series, formatDate }: { series: SeriesPoint[]; formatDate: (iso: string) => string }) {
  const { t } = useI18n();
  const titleId = useId();
  const descId = useId();
  if (series.length === 0) return null;
  const max = niceMax(Math.max(...series.map((p) => Math.max(p.open, p.overdue))));
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (series.length === 1 ? innerW / 2 : (i * innerW) / (series.length - 1));
  const y = (v: number) => PAD.top + innerH - (v / max) * innerH;
  const line = (key: 'open' | 'overdue') => series.map((p, i) => `${x(i).toFixed(1)},${y(p[key]).toFixed(1)}`).join(' ');
  const ticks = [0, max / 2, max].filter((v, i, a) => Number.isInteger(v) && a.indexOf(v) === i);
  const labelEvery = Math.max(1, Math.ceil(series.length / 6));
  const peakOpen = Math.max(...series.map((p) => p.open));
  const peakOverdue = Math.max(...series.map((p) => p.overdue));
  const last = series[series.length - 1];

  return (
    <figure className="series-chart" data-testid="figures-chart">
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-labelledby={titleId} aria-describedby={descId} focusable="false">
        <title id={titleId}>{t('analytics.chart.title')}</title>
        <desc id={descId}>
          {t('analytics.chart.summary', {
            from: formatDate(series[0]?.date ?? ''),
            to: formatDate(last?.date ?? ''),
            peakOpen,
            peakOverdue,
            lastOpen: last?.open ?? 0,
            lastOverdue: last?.overdue ?? 0,
          })}
        </desc>
        <g>
          {ticks.map((v) => (
            <g key={v}>
              <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} stroke="#c8ccd0" strokeWidth="1" />
              <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end" fontSize="14" fill="#333">
                {v}
              </text>
            </g>
          ))}
          {series.map((p, i) =>
            i % labelEvery === 0 || i === series.length - 1 ? (
              <text key={p.date} x={x(i)} y={H - PAD.bottom + 18} textAnchor={i === series.length - 1 && i > 0 ? 'end' : 'middle'} fontSize="14" fill="#333">
                {formatDate(p.date)}
              </text>
            ) : null,
          )}
          <polyline points={line('open')} fill="none" stroke="#1f5fa8" strokeWidth="2.5" />
          <polyline points={line('overdue')} fill="none" stroke="#b3261e" strokeWidth="2.5" strokeDasharray="6 4" />
          {series.length <= 62
            ? series.map((p, i) => (
                <g key={p.date}>
                  <circle cx={x(i)} cy={y(p.open)} r="3" fill="#1f5fa8" />
                  <rect x={x(i) - 3} y={y(p.overdue) - 3} width="6" height="6" fill="#b3261e" />
                </g>
              ))
            : null}
        </g>
      </svg>
      <figcaption>
        <ul className="chart-legend" aria-label={t('analytics.chart.legend')}>
          <li>
            <svg width="28" height="10" aria-hidden="true" focusable="false">
              <line x1="0" x2="28" y1="5" y2="5" stroke="#1f5fa8" strokeWidth="2.5" />
              <circle cx="14" cy="5" r="3" fill="#1f5fa8" />
            </svg>{' '}
            {t('analytics.open')}
          </li>
          <li>
            <svg width="28" height="10" aria-hidden="true" focusable="false">
              <line x1="0" x2="28" y1="5" y2="5" stroke="#b3261e" strokeWidth="2.5" strokeDasharray="6 4" />
              <rect x="11" y="2" width="6" height="6" fill="#b3261e" />
            </svg>{' '}
            {t('analytics.overdue')}
          </li>
        </ul>
      </figcaption>
    </figure>
  );
}
