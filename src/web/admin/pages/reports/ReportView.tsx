// One report: what was reported (description, extra fields, place with a small map, photos), who reported it (for
// those who work reports; every view of it is audited by the server), deadlines, forwarding, the history, and the
// controls: status, assignment, expected date, comments.
import { lazy, Suspense } from 'react';
import { tenantPath } from '../../api.ts';
import { Fact } from '../../components/Fact.tsx';
import { Problem } from '../../components/Problem.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import { paths } from '../../routes.ts';
import { Link } from '../../router.tsx';
import type { MapSettings } from '../geo/types.ts';
import { AssignControls } from './AssignControls.tsx';
import { DueCell, StatusBadge } from './bits.tsx';
import { CommentBox } from './CommentBox.tsx';
import { ExpectedDate } from './ExpectedDate.tsx';
import { attributeText } from './format.ts';
import { History } from './History.tsx';
import { PhotoReview } from './PhotoReview.tsx';
import { StatusControls } from './StatusControls.tsx';
import { type ReportDetail, type ReportsContext, reportPath, useReportLookups } from './types.ts';
import { Loading } from '../../components/Loading.tsx';

const PinMap = lazy(() => import('./PinMap.tsx'));

export function ReportView({ ctx, id }: { ctx: ReportsContext; id: string }) {
  const { t, tOr, formatDateTime } = useI18n();
  const path = reportPath(ctx.slug, id);
  const detail = useLoad<ReportDetail>(path);
  const tiles = useLoad<MapSettings>(tenantPath(ctx.slug, '/map'));
  const lookups = useReportLookups(ctx.slug);
  const r = detail.data;

  if (detail.loading && !r) return <Loading />;
  if (!r) return <Problem error={detail.error} />;
  const field = (code: string) => r.fields.find((f) => f.code === code);

  return (
    <div className="report" data-testid="report-detail" data-id={r.id} data-number={r.number}>
      <p>
        <Link to={paths.reports(ctx.slug)}>{t('reports.back')}</Link>
      </p>
      <h2 data-testid="report-heading">
        {t('reports.number', { number: r.number })}: {r.categoryName}
      </h2>
      <div className="conversation-grid">
        <div className="report-main">
          <p>
            <StatusBadge status={r.status} testId="report-status" />{' '}
            <span className="hint">
              {t('reports.filedAt', { at: formatDateTime(r.createdAt) })} · {tOr(`reports.source.${r.source}`, r.source)}
            </span>
          </p>
          {r.rejectReason ? <p data-testid="report-reject-reason">{t('reports.rejectReason', { reason: r.rejectReason })}</p> : null}
          {r.duplicateOf ? (
            <p data-testid="report-duplicate-of">
              {t('reports.duplicateOf')} <Link to={paths.report(ctx.slug, r.duplicateOf.id)}>{t('reports.number', { number: r.duplicateOf.number })}</Link>
            </p>
          ) : null}
          <section aria-labelledby="report-description-heading" className="card">
            <h3 id="report-description-heading">{t('reports.description')}</h3>
            <p className="report-description" data-testid="report-description">
              {r.description}
            </p>
            {Object.keys(r.attributes).length ? (
              <dl className="facts" data-testid="report-attributes">
                {Object.entries(r.attributes).map(([code, value]) => (
                  <div key={code} className="facts-row">
                    <dt>{field(code)?.label ?? code}</dt>
                    <dd>{attributeText(field(code), value, formatDateTime)}</dd>
                  </div>
                ))}
              </dl>
            ) : null}
          </section>
          <section aria-labelledby="report-place-heading" className="card">
            <h3 id="report-place-heading">{t('reports.place')}</h3>
            <p data-testid="report-address">{r.address || t('reports.noAddress')}</p>
            <p className="hint">{t('reports.coordinates', { lat: r.lat.toFixed(5), lng: r.lng.toFixed(5) })}</p>
            <Suspense fallback={<Loading />}>
              <PinMap lat={r.lat} lng={r.lng} tiles={tiles.data} label={t('reports.pinMap', { number: r.number })} />
            </Suspense>
          </section>
          {r.photos.length ? <PhotoReview ctx={ctx} report={r} path={path} /> : null}
          <History report={r} names={lookups} />
          {ctx.canWork ? <CommentBox path={path} /> : null}
        </div>
        <aside className="conversation-side" aria-label={t('reports.side')}>
          {ctx.canWork ? <ContactCard report={r} slug={ctx.slug} /> : null}
          <section aria-labelledby="report-deadlines-heading" className="card">
            <h3 id="report-deadlines-heading">{t('reports.deadlines')}</h3>
            <dl className="facts">
              <Fact term={t('reports.col.owner')} testId="report-owner">
                {r.departmentName ?? '–'} · {r.assigneeName ?? t('reports.unassigned')}
              </Fact>
              <Fact term={t('reports.col.due')}>
                {r.closedAt ? t('reports.closedAt', { at: formatDateTime(r.closedAt) }) : <DueCell at={r.nextDueAt} overdue={r.overdue} testId="report-due" />}
              </Fact>
              <Fact term={t('reports.firstResponse')}>{r.firstRespondedAt ? formatDateTime(r.firstRespondedAt) : formatDateTime(r.firstResponseDueAt)}</Fact>
              <Fact term={t('reports.followers')}>{r.followers}</Fact>
              {r.reopenCount ? <Fact term={t('reports.reopened')}>{r.reopenCount}</Fact> : null}
            </dl>
            {ctx.canWork ? <ExpectedDate path={path} expectedAt={r.expectedAt} /> : <p>{t('reports.expected', { at: formatDateTime(r.expectedAt) })}</p>}
          </section>
          {r.forward ? <ForwardCard forward={r.forward} /> : null}
          {ctx.canWork ? (
            <>
              <StatusControls ctx={ctx} report={r} path={path} />
              <AssignControls ctx={ctx} report={r} path={path} />
            </>
          ) : null}
        </aside>
      </div>
    </div>
  );
}

function ContactCard({ report: r, slug }: { report: ReportDetail; slug: string }) {
  const { t, tOr } = useI18n();
  const c = r.contact;
  return (
    <section aria-labelledby="report-contact-heading" className="card">
      <h3 id="report-contact-heading">{t('reports.contact.title')}</h3>
      {!c || c.kind === 'anonymous' ? (
        <p data-testid="report-contact">{t('reports.contact.anonymous')}</p>
      ) : (
        <dl className="facts" data-testid="report-contact">
          <dt>{t('reports.contact.name')}</dt>
          <dd>{c.residentId ? <Link to={paths.residents(slug, c.residentId)}>{c.name ?? t('reports.contact.resident')}</Link> : (c.name ?? '–')}</dd>
          <dt>{tOr(`reports.contact.kind.${c.kind}`, c.kind)}</dt>
          <dd>{c.address ?? '–'}</dd>
        </dl>
      )}
      {r.conversationId ? <p className="hint">{t('reports.fromConversation')}</p> : null}
    </section>
  );
}

function ForwardCard({ forward: f }: { forward: NonNullable<ReportDetail['forward']> }) {
  const { t, tOr, formatDateTime } = useI18n();
  return (
    <section aria-labelledby="report-forward-heading" className="card" data-testid="report-forward" data-state={f.state}>
      <h3 id="report-forward-heading">{t('reports.forward.title')}</h3>
      <p>{tOr(`reports.forward.${f.state}`, f.state)}</p>
      <dl className="facts">
        {f.remoteId ? <Fact term={t('reports.forward.remoteId')}>{f.remoteId}</Fact> : null}
        <dt>{t('reports.forward.attempts')}</dt>
        <dd>{f.attempts}</dd>
        {f.nextAt && f.state === 'pending' ? <Fact term={t('reports.forward.nextAt')}>{formatDateTime(f.nextAt)}</Fact> : null}
        {f.error ? <Fact term={t('reports.forward.error')}>{f.error}</Fact> : null}
      </dl>
    </section>
  );
}
