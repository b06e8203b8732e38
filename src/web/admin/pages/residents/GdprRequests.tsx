// Datenschutz-Anfragen: requests under the GDPR with their deadline (one month after receipt, Art. 12(3));
// overdue requests stand out, open ones first.
import { type FormEvent, useState } from 'react';
import { api, fieldErrorMap, tenantPath } from '../../api.ts';
import { SelectField, TextField } from '../../components/Field.tsx';
import { Problem, Success } from '../../components/Problem.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { type MessageKey, useI18n } from '../../i18n.tsx';
import { paths } from '../../routes.ts';
import { Link } from '../../router.tsx';
import type { Items } from '../../types.ts';
import type { ResidentsContext } from './context.ts';
import type { GdprRequest } from './types.ts';

const KINDS = ['access', 'erasure', 'rectification', 'objection', 'portability'] as const;
const kindLabel: Record<(typeof KINDS)[number], MessageKey> = {
  access: 'gdpr.kind.access',
  erasure: 'gdpr.kind.erasure',
  rectification: 'gdpr.kind.rectification',
  objection: 'gdpr.kind.objection',
  portability: 'gdpr.kind.portability',
};

export function GdprRequests({ ctx }: { ctx: ResidentsContext }) {
  const { t, tOr, formatDateTime } = useI18n();
  const list = useLoad<Items<GdprRequest>>(tenantPath(ctx.slug, '/gdpr-requests'));
  const [form, setForm] = useState({ kind: 'access', note: '', residentId: '', receivedAt: '' });
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const errors = fieldErrorMap(error);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));

  const add = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setDone(null);
    try {
      await api.post(tenantPath(ctx.slug, '/gdpr-requests'), {
        kind: form.kind,
        note: form.note.trim(),
        ...(form.residentId.trim() ? { residentId: form.residentId.trim() } : {}),
        ...(form.receivedAt ? { receivedAt: new Date(`${form.receivedAt}T12:00:00`).toISOString() } : {}),
      });
      setForm({ kind: 'access', note: '', residentId: '', receivedAt: '' });
      setDone(t('gdpr.added'));
      list.reload();
    } catch (e) {
      setError(e);
    }
  };

  const setStatus = async (r: GdprRequest, status: 'open' | 'done') => {
    setError(null);
    try {
      await api.patch(tenantPath(ctx.slug, `/gdpr-requests/${r.id}`), { status });
      setDone(t(status === 'done' ? 'gdpr.markedDone' : 'gdpr.reopened'));
      list.reload();
    } catch (e) {
      setError(e);
    }
  };

  const items = list.data?.items ?? [];
  return (
    <>
      <p>{t('gdpr.intro')}</p>
      <Problem error={error ?? list.error} />
      <Success>{done}</Success>
      {list.loading ? <p role="status">{t('common.loading')}</p> : null}
      {!list.loading && items.length === 0 ? <p>{t('gdpr.empty')}</p> : null}
      {items.length > 0 ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('gdpr.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('gdpr.dueAt')}</th>
                <th scope="col">{t('gdpr.kind')}</th>
                <th scope="col">{t('gdpr.receivedAt')}</th>
                <th scope="col">{t('gdpr.note')}</th>
                <th scope="col">{t('gdpr.status')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.id} data-testid="gdpr-row" className={r.overdue ? 'overdue' : undefined}>
                  <th scope="row">
                    <time dateTime={r.dueAt}>{formatDateTime(r.dueAt)}</time>
                    {r.overdue ? <strong className="badge badge-danger"> {t('gdpr.overdue')}</strong> : null}
                  </th>
                  <td>
                    {tOr(`gdpr.kind.${r.kind}`, r.kind)}
                    {r.residentId ? (
                      <>
                        {' '}
                        <Link to={paths.residents(ctx.slug, r.residentId)}>{t('gdpr.openResident')}</Link>
                      </>
                    ) : null}
                  </td>
                  <td>
                    <time dateTime={r.receivedAt}>{formatDateTime(r.receivedAt)}</time>
                  </td>
                  <td>{r.note || '–'}</td>
                  <td>{r.status === 'done' ? t('gdpr.done', { at: formatDateTime(r.completedAt) }) : t('gdpr.open')}</td>
                  <td>
                    <button type="button" className="button-small" onClick={() => void setStatus(r, r.status === 'done' ? 'open' : 'done')}>
                      {t(r.status === 'done' ? 'gdpr.reopen' : 'gdpr.markDone')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <form className="form form-row" onSubmit={add} noValidate aria-labelledby="gdpr-add-heading" data-testid="gdpr-add">
        <h3 id="gdpr-add-heading">{t('gdpr.add')}</h3>
        <SelectField id="gdpr-kind" label={t('gdpr.kind')} value={form.kind} onChange={set('kind')} error={errors.kind}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(kindLabel[k])}
            </option>
          ))}
        </SelectField>
        <TextField id="gdpr-received" type="date" label={t('gdpr.receivedAt')} hint={t('gdpr.receivedHint')} value={form.receivedAt} onChange={set('receivedAt')} error={errors.receivedAt} />
        <TextField id="gdpr-resident" label={t('gdpr.residentId')} hint={t('gdpr.residentHint')} value={form.residentId} onChange={set('residentId')} error={errors.residentId} />
        <TextField id="gdpr-note" label={t('gdpr.note')} value={form.note} onChange={set('note')} error={errors.note} />
        <button type="submit" className="button-primary">
          {t('gdpr.addSubmit')}
        </button>
      </form>
    </>
  );
}
