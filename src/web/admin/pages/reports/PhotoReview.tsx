// A report's photos: thumbnails linking to the full picture; a photo reaches the portal only once staff approve it,
// so pending ones carry Approve/Reject (for those who work reports).
import { api } from '../../api.ts';
import { Problem, Success } from '../../components/Problem.tsx';
import { useI18n } from '../../i18n.tsx';
import type { ReportDetail, ReportsContext } from './types.ts';
import { useReportAction } from './useReportAction.ts';

export function PhotoReview({ ctx, report: r, path }: { ctx: ReportsContext; report: ReportDetail; path: string }) {
  const { t, tOr } = useI18n();
  const { error, done, run, busy } = useReportAction(path);
  const review = (photoId: string, status: 'approved' | 'rejected') =>
    void run(
      () => api.post(`${path}/photos/${encodeURIComponent(photoId)}/review`, { status }),
      t(status === 'approved' ? 'reports.photos.approved' : 'reports.photos.rejected'),
    );

  return (
    <section aria-labelledby="report-photos-heading" className="card">
      <h3 id="report-photos-heading">{t('reports.photos.title')}</h3>
      <Problem error={error} />
      <Success>{done}</Success>
      <ul className="report-photos">
        {r.photos.map((p, i) => {
          const src = `${path}/photos/${encodeURIComponent(p.id)}`;
          const alt = t('reports.photos.alt', { n: i + 1, number: r.number });
          return (
            <li key={p.id} className={`report-photo photo-${p.status}`} data-testid="photo-item" data-status={p.status} data-id={p.id}>
              <a href={src} target="_blank" rel="noopener">
                <img src={`${src}?size=thumb`} alt={alt} loading="lazy" />
              </a>
              <p>
                <span className="badge">{tOr(`reports.photos.status.${p.status}`, p.status)}</span>
              </p>
              {ctx.canWork && p.status === 'pending' ? (
                <p className="button-row">
                  <button type="button" className="button-small" disabled={busy} onClick={() => review(p.id, 'approved')} data-testid="photo-approve">
                    {t('reports.photos.approve')}
                    <span className="visually-hidden">: {alt}</span>
                  </button>
                  <button
                    type="button"
                    className="button-small button-danger"
                    disabled={busy}
                    onClick={() => review(p.id, 'rejected')}
                    data-testid="photo-reject"
                  >
                    {t('reports.photos.reject')}
                    <span className="visually-hidden">: {alt}</span>
                  </button>
                </p>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
