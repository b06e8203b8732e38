// Anmeldestationen: a link for the one device at a sign-up table (town hall, fair), so that more than ten people an
// hour can register from one address. The link is shown once, right after it is issued; staff open it on the device.
import { type FormEvent, useState } from 'react';
import type { IssuedSignupStation, SignupStation, SignupStationList } from '../../../../common/contracts/signup-stations.ts';
import { api, fieldErrorMap, tenantPath } from '../../api.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { TextField } from '../../components/Field.tsx';
import { Problem, Success } from '../../components/Problem.tsx';
import { useAction } from '../../components/useAction.ts';
import { useLoad } from '../../components/useLoad.ts';
import { type MessageKey, useI18n } from '../../i18n.tsx';
import type { ResidentsContext } from './context.ts';

const stateLabel: Record<SignupStation['state'], MessageKey> = {
  waiting: 'stations.state.waiting',
  open: 'stations.state.open',
  expired: 'stations.state.expired',
  revoked: 'stations.state.revoked',
};

export function SignupStationsView({ ctx }: { ctx: ResidentsContext }) {
  const { t, formatDateTime } = useI18n();
  const list = useLoad<SignupStationList>(tenantPath(ctx.slug, '/signup-stations'));
  const [label, setLabel] = useState('');
  const [issued, setIssued] = useState<IssuedSignupStation | null>(null);
  const { error, done, run } = useAction();
  const errors = fieldErrorMap(error);

  const issue = async (event: FormEvent) => {
    event.preventDefault();
    const ok = await run(async () => setIssued(await api.post<IssuedSignupStation>(tenantPath(ctx.slug, '/signup-stations'), { label: label.trim() })), '');
    if (ok) setLabel('');
  };

  const revoke = (s: SignupStation) =>
    run(
      async () => {
        await api.post(tenantPath(ctx.slug, `/signup-stations/${s.id}/revoke`), {});
        if (issued?.id === s.id) setIssued(null);
      },
      t('stations.revoked', { label: s.label }),
    );

  const items = list.data?.items ?? [];
  return (
    <>
      <p>{t('stations.intro')}</p>
      <Problem error={errors.label ? null : (error ?? list.error)} />
      <Success>{done}</Success>
      {ctx.canWrite ? (
        <form className="form form-row" onSubmit={issue} noValidate aria-labelledby="stations-add-heading" data-testid="stations-add">
          <h3 id="stations-add-heading">{t('stations.add')}</h3>
          <TextField
            id="station-label"
            label={t('stations.label')}
            hint={t('stations.labelHint')}
            value={label}
            onValue={setLabel}
            error={errors.label}
            autoComplete="off"
          />
          <button type="submit" className="button-primary">
            {t('stations.issue')}
          </button>
        </form>
      ) : null}
      {issued ? (
        <div className="alert alert-success" role="status" data-testid="stations-link">
          <p>{t('stations.issued', { label: issued.label, until: formatDateTime(issued.expiresAt) })}</p>
          <p>
            <code>{issued.link}</code>
          </p>
        </div>
      ) : null}
      <DataTable
        caption={t('stations.caption')}
        rows={items}
        rowTestId="station-row"
        loading={list.loading}
        empty={t('stations.empty')}
        columns={[
          { key: 'label', header: t('stations.label'), rowHeader: true, cell: (s) => s.label },
          { key: 'state', header: t('stations.status'), cell: (s) => t(stateLabel[s.state]) },
          { key: 'until', header: t('stations.until'), cell: (s) => <time dateTime={s.expiresAt}>{formatDateTime(s.expiresAt)}</time> },
          { key: 'codes', header: t('stations.codes'), cell: (s) => s.codes },
          {
            key: 'actions',
            header: t('common.actions'),
            cell: (s) =>
              ctx.canWrite && (s.state === 'waiting' || s.state === 'open') ? (
                <button type="button" className="button-small" onClick={() => void revoke(s)}>
                  {t('stations.revoke')}
                </button>
              ) : (
                '–'
              ),
          },
        ]}
      />
    </>
  );
}
