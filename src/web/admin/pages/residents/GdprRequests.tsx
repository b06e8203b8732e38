// Datenschutz-Anfragen: requests under the GDPR with their deadline (one month after receipt, Art. 12(3));
// overdue requests stand out, open ones first.
import type { FormEvent } from 'react';
import { GDPR_KINDS } from '../../../../common/states.ts';
import { noonOfDay } from '../../components/zoned-input.ts';
import { api, fieldErrorMap, tenantPath } from '../../api.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { TextField } from '../../components/Field.tsx';
import { useFormValues } from '../../components/Form.tsx';
import { choicesOf, PickerField } from '../../components/Pickers.tsx';
import { Problem, Success } from '../../components/Problem.tsx';
import { useAction } from '../../components/useAction.ts';
import { useLoad } from '../../components/useLoad.ts';
import { type MessageKey, useI18n } from '../../i18n.tsx';
import { paths } from '../../routes.ts';
import { Link } from '../../router.tsx';
import type { Items } from '../../types.ts';
import type { ResidentsContext } from './context.ts';
import type { GdprRequest } from './types.ts';

const KINDS = GDPR_KINDS;
const kindLabel: Record<(typeof KINDS)[number], MessageKey> = {
  access: 'gdpr.kind.access',
  erasure: 'gdpr.kind.erasure',
  rectification: 'gdpr.kind.rectification',
  objection: 'gdpr.kind.objection',
  portability: 'gdpr.kind.portability',
};

export function GdprRequests({ ctx }: { ctx: ResidentsContext }) {
  const { t, tOr, formatDateTime, timeZone } = useI18n();
  const list = useLoad<Items<GdprRequest>>(tenantPath(ctx.slug, '/gdpr-requests'));
  const { values: form, setValues: setForm, bind } = useFormValues({ kind: 'access', note: '', residentId: '', receivedAt: '' });
  const { error, done, run } = useAction();
  const errors = fieldErrorMap(error);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    const body = {
      kind: form.kind,
      note: form.note.trim(),
      ...(form.residentId.trim() ? { residentId: form.residentId.trim() } : {}),
      // an unreadable day goes as typed, so the server names the field
      ...(form.receivedAt ? { receivedAt: noonOfDay(form.receivedAt, timeZone) ?? form.receivedAt } : {}),
    };
    if (await run(() => api.post(tenantPath(ctx.slug, '/gdpr-requests'), body), t('gdpr.added'))) {
      setForm({ kind: 'access', note: '', residentId: '', receivedAt: '' });
    }
  };

  const setStatus = (r: GdprRequest, status: 'open' | 'done') =>
    run(() => api.patch(tenantPath(ctx.slug, `/gdpr-requests/${r.id}`), { status }), t(status === 'done' ? 'gdpr.markedDone' : 'gdpr.reopened'));

  const items = list.data?.items ?? [];
  return (
    <>
      <p>{t('gdpr.intro')}</p>
      <Problem error={error ?? list.error} />
      <Success>{done}</Success>
      <DataTable
        caption={t('gdpr.caption')}
        rows={items}
        rowProps={(r) => ({ 'data-testid': 'gdpr-row', className: r.overdue ? 'overdue' : undefined })}
        loading={list.loading}
        empty={t('gdpr.empty')}
        columns={[
          { key: 'due', header: t('gdpr.dueAt'), rowHeader: true, cell: (r) => <DueAt request={r} /> },
          {
            key: 'kind',
            header: t('gdpr.kind'),
            cell: (r) => (
              <>
                {tOr(`gdpr.kind.${r.kind}`, r.kind)}
                {r.residentId ? (
                  <>
                    {' '}
                    <Link to={paths.residents(ctx.slug, r.residentId)}>{t('gdpr.openResident')}</Link>
                  </>
                ) : null}
              </>
            ),
          },
          { key: 'received', header: t('gdpr.receivedAt'), cell: (r) => <time dateTime={r.receivedAt}>{formatDateTime(r.receivedAt)}</time> },
          { key: 'note', header: t('gdpr.note'), cell: (r) => r.note || '–' },
          {
            key: 'status',
            header: t('gdpr.status'),
            cell: (r) => (r.status === 'done' ? t('gdpr.done', { at: formatDateTime(r.completedAt) }) : t('gdpr.open')),
          },
          {
            key: 'actions',
            header: t('common.actions'),
            cell: (r) => (
              <button type="button" className="button-small" onClick={() => void setStatus(r, r.status === 'done' ? 'open' : 'done')}>
                {t(r.status === 'done' ? 'gdpr.reopen' : 'gdpr.markDone')}
              </button>
            ),
          },
        ]}
      />
      <form className="form form-row" onSubmit={add} noValidate aria-labelledby="gdpr-add-heading" data-testid="gdpr-add">
        <h3 id="gdpr-add-heading">{t('gdpr.add')}</h3>
        <PickerField id="gdpr-kind" label={t('gdpr.kind')} choices={choicesOf(KINDS, (k) => t(kindLabel[k]))} {...bind('kind', errors)} />
        <TextField id="gdpr-received" type="date" label={t('gdpr.receivedAt')} hint={t('gdpr.receivedHint')} {...bind('receivedAt', errors)} />
        <TextField id="gdpr-resident" label={t('gdpr.residentId')} hint={t('gdpr.residentHint')} {...bind('residentId', errors)} />
        <TextField id="gdpr-note" label={t('gdpr.note')} {...bind('note', errors)} />
        <button type="submit" className="button-primary">
          {t('gdpr.addSubmit')}
        </button>
      </form>
    </>
  );
}

/** When the request must be answered by, marked when that has passed. */
function DueAt({ request: r }: { request: GdprRequest }) {
  const { t, formatDateTime } = useI18n();
  return (
    <>
      <time dateTime={r.dueAt}>{formatDateTime(r.dueAt)}</time>
      {r.overdue ? <strong className="badge badge-danger"> {t('gdpr.overdue')}</strong> : null}
    </>
  );
}
