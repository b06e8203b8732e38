// The residents list: exact search by phone or e-mail (the data is encrypted), filters (topic, channel, consent,
// street, area: the same place rule as a message's audience), paging and CSV export.
import { useState } from 'react';
import { fieldErrorMap, tenantPath } from '../../api.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { streetLabel } from '../../components/AudienceFields.tsx';
import { TextField } from '../../components/Field.tsx';
import { SearchButtons, useFilterDraft } from '../../components/FilterBar.tsx';
import { choicesOf, PickerField } from '../../components/Pickers.tsx';
import { Problem } from '../../components/Problem.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { usePagedLoad } from '../../components/usePagedLoad.ts';
import { useI18n } from '../../i18n.tsx';
import { paths } from '../../routes.ts';
import { Link } from '../../router.tsx';
import type { Area, Street } from '../geo/types.ts';
import { type ResidentsContext, topicChoices, topicName } from './context.ts';
import { CHANNELS, type ResidentPage, type ResidentRow } from './types.ts';
import { Loading } from '../../components/Loading.tsx';

interface Filters {
  q: string;
  topic: string;
  channel: string;
  status: string;
  street: string;
  area: string;
}
const STATUSES = ['active', 'withdrawn'] as const;
const EMPTY: Filters = { q: '', topic: '', channel: '', status: '', street: '', area: '' };
const LIMIT = 50;

const queryOf = (f: Filters) => {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(f)) if (value.trim()) query.set(key, value.trim());
  return query;
};

export function ResidentList({ ctx }: { ctx: ResidentsContext }) {
  const { t, tOr, locale, formatDateTime } = useI18n();
  const [applied, setApplied] = useState<Filters>(EMPTY);
  const { field, pick, submit, clear } = useFilterDraft(EMPTY, (next) => setApplied({ ...next }));
  const list = usePagedLoad<ResidentRow, ResidentPage>(tenantPath(ctx.slug, '/residents'), queryOf(applied), {
    param: 'after',
    next: (p) => p.nextAfter,
    limit: LIMIT,
  });
  const { error, loading } = list;
  const rows = list.items;
  const fieldErrors = fieldErrorMap(error);
  const searchError: string | undefined = fieldErrors['querystring.q'];
  const placeError: string | undefined = fieldErrors['querystring.street'] ?? fieldErrors['querystring.area'];
  const streets = useLoad<{ items: Street[] }>(tenantPath(ctx.slug, '/streets'));
  const areas = useLoad<{ items: Area[] }>(tenantPath(ctx.slug, '/areas'));

  const filter = (key: keyof Filters) => pick(key, t('residents.filter.all'));
  const csvQuery = queryOf({ ...applied, q: '' });

  return (
    <>
      <search aria-label={t('residents.search.label')}>
        <form className="form form-row" onSubmit={submit} noValidate>
          <TextField
            id="residents-q"
            data-testid="residents-search"
            type="search"
            label={t('residents.search.q')}
            hint={t('residents.search.hint')}
            {...field('q')}
            error={searchError}
            autoComplete="off"
          />
          <PickerField id="residents-topic" label={t('residents.filter.topic')} {...filter('topic')} choices={topicChoices(ctx.topics, locale)} />
          <PickerField
            id="residents-channel"
            label={t('residents.filter.channel')}
            {...filter('channel')}
            choices={choicesOf(CHANNELS, (c) => tOr(`channel.${c}`, c))}
          />
          <PickerField
            id="residents-status"
            label={t('residents.filter.status')}
            {...filter('status')}
            choices={choicesOf(STATUSES, (s) => t(`residents.status.${s}`))}
          />
          <PickerField
            id="residents-street"
            testId="residents-street"
            label={t('residents.filter.street')}
            {...filter('street')}
            error={fieldErrors['querystring.street']}
            choices={(streets.data?.items ?? []).map((x) => ({ value: x.id, label: streetLabel(x) }))}
          />
          <PickerField
            id="residents-area"
            testId="residents-area"
            label={t('residents.filter.area')}
            hint={t('residents.filter.areaHint')}
            {...filter('area')}
            error={fieldErrors['querystring.area']}
            choices={(areas.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))}
          />
          <SearchButtons applyLabel={t('residents.search.submit')} resetLabel={t('residents.search.reset')} onReset={() => clear(EMPTY)} />
        </form>
      </search>
      {ctx.canManage ? (
        <p>
          <a href={tenantPath(ctx.slug, `/residents.csv${csvQuery.size ? `?${csvQuery}` : ''}`)} download data-testid="residents-csv">
            {t('residents.csv')}
          </a>{' '}
          <span className="hint">{t('residents.csvHint')}</span>
        </p>
      ) : null}
      {searchError || placeError ? null : <Problem error={error} />}
      {loading ? <Loading /> : null}
      {!loading && !error && rows.length === 0 ? (
        <p>{applied.q ? t('residents.noMatch') : Object.values(applied).some(Boolean) ? t('residents.noMatchFilters') : t('residents.empty')}</p>
      ) : null}
      <DataTable
        caption={t('residents.caption')}
        rows={rows}
        rowKey={(r) => r.followId}
        rowTestId="residents-row"
        columns={[
          {
            key: 'phone',
            header: t('residents.col.phone'),
            rowHeader: true,
            cell: (r) => <Link to={paths.residents(ctx.slug, r.id)}>{r.phone ?? t('residents.noPhone')}</Link>,
          },
          { key: 'email', header: t('residents.col.email'), cell: (r) => r.emailMasked ?? '–' },
          { key: 'topics', header: t('residents.col.topics'), cell: (r) => r.topics.map((k) => topicName(ctx.topics, k, locale)).join(', ') },
          { key: 'channels', header: t('residents.col.channels'), cell: (r) => r.channels.map((c) => tOr(`channel.${c}`, c)).join(', ') },
          {
            key: 'status',
            header: t('residents.col.status'),
            cell: (r) => (
              <>
                {t(r.status === 'active' ? 'residents.status.active' : 'residents.status.withdrawn')}
                <span className="hint"> · {tOr(`residents.source.${r.source}`, r.source)}</span>
                {r.addressUnconfirmed ? (
                  <>
                    <br />
                    <strong className="badge badge-danger" data-testid="address-unconfirmed">
                      {t('residents.addressUnconfirmed')}
                    </strong>
                  </>
                ) : null}
              </>
            ),
          },
          { key: 'created', header: t('residents.col.created'), cell: (r) => <time dateTime={r.createdAt}>{formatDateTime(r.createdAt)}</time> },
        ]}
      />
      {list.hasMore ? (
        <p>
          <button type="button" onClick={list.more} disabled={loading}>
            {t('residents.more')}
          </button>
        </p>
      ) : null}
    </>
  );
}
