// One resident: contact in the clear (opening this page is written to the audit log), subscription and
// preferences, the consent ledger with scanned consent forms (each download audited), the latest 50 deliveries, and
// withdraw / erase with confirmation; tags staff give the resident, and every message sent to them (paged).
import { type FormEvent, useState } from 'react';
import { api, errorUnder, fieldErrorMap, tenantPath } from '../../api.ts';
import { Fact } from '../../components/Fact.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { TextField } from '../../components/Field.tsx';
import { useFormValues, useSubmit } from '../../components/Form.tsx';
import { Problem, Success } from '../../components/Problem.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import { paths } from '../../routes.ts';
import { Link, navigate } from '../../router.tsx';
import { type ResidentsContext, topicName } from './context.ts';
import { ChannelFieldset, TopicFieldset } from './ConsentFieldsets.tsx';
import { ScanField, type ScanFile } from './ScanField.tsx';
import { SentMessages } from './SentMessages.tsx';
import { ResidentConversations } from '../inbox/ResidentConversations.tsx';
import { type AttachmentEntry, CHANNELS, type ResidentDetailData } from './types.ts';
import { Loading } from '../../components/Loading.tsx';
import { listOf } from '../../components/tags.ts';

export function ResidentDetail({ ctx, id }: { ctx: ResidentsContext; id: string }) {
  const { t, tOr, locale, formatDateTime } = useI18n();
  const path = tenantPath(ctx.slug, `/residents/${encodeURIComponent(id)}`);
  const resident = useLoad<ResidentDetailData>(path);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const r = resident.data;

  const withdraw = async () => {
    if (!window.confirm(t('residents.detail.confirmWithdraw'))) return;
    setError(null);
    try {
      await api.post(`${path}/withdraw`, {});
      setDone(t('residents.detail.withdrawn'));
      resident.reload();
    } catch (e) {
      setError(e);
    }
  };
  const erase = async () => {
    if (!window.confirm(t('residents.detail.confirmErase'))) return;
    setError(null);
    try {
      await api.del(path);
      navigate(paths.residents(ctx.slug));
    } catch (e) {
      setError(e);
    }
  };

  if (resident.loading && !r) return <Loading />;
  if (!r) return <Problem error={resident.error} />;
  const name = (k: string) => topicName(ctx.topics, k, locale);

  return (
    <div data-testid="resident-detail">
      <p>
        <Link to={paths.residents(ctx.slug)}>{t('residents.detail.back')}</Link>
      </p>
      <p className="alert alert-info">{t('residents.detail.audited')}</p>
      <Problem error={error} />
      <Success>{done}</Success>
      <h3>{t('residents.detail.contact')}</h3>
      <dl className="facts">
        <dt>{t('residents.col.phone')}</dt>
        <dd>{r.contact.phone ?? '–'}</dd>
        {r.contact.landline ? <Fact term={t('residents.detail.landline')}>{r.contact.landline}</Fact> : null}
        <dt>{t('residents.col.email')}</dt>
        <dd>
          {r.contact.email ?? '–'}
          {r.contact.email ? <span className="hint"> ({t(r.emailVerified ? 'residents.detail.verified' : 'residents.detail.unverified')})</span> : null}
        </dd>
        <dt>{t('residents.detail.name')}</dt>
        <dd>{r.contact.name ?? '–'}</dd>
        <dt>{t('residents.detail.address')}</dt>
        <dd>
          {[r.follow.street, r.follow.houseNumber].filter(Boolean).join(' ') || '–'}
          {r.follow.addressUnconfirmed ? (
            <>
              {' '}
              <strong className="badge badge-danger" data-testid="address-unconfirmed">
                {t('residents.addressUnconfirmed')}
              </strong>
              <span className="hint"> {t('residents.addressUnconfirmedHint')}</span>
            </>
          ) : null}
        </dd>
        <dt>{t('residents.col.status')}</dt>
        <dd>
          {t(r.follow.status === 'active' ? 'residents.status.active' : 'residents.status.withdrawn')} ·{' '}
          {tOr(`residents.source.${r.follow.source}`, r.follow.source)}
        </dd>
        <dt>{t('residents.col.topics')}</dt>
        <dd>{r.follow.topics.map(name).join(', ') || '–'}</dd>
        <dt>{t('residents.col.channels')}</dt>
        <dd>{r.follow.channels.map((c) => tOr(`channel.${c}`, c)).join(', ') || '–'}</dd>
        <dt>{t('residents.detail.tags')}</dt>
        <dd data-testid="resident-tags">{r.follow.tags.join(', ') || '–'}</dd>
      </dl>
      <p className="button-row">
        <a href={`${path}/consents.json`} download>
          {t('residents.detail.proofExport')}
        </a>
        {ctx.canWrite && r.follow.status === 'active' ? (
          <button type="button" onClick={() => void withdraw()} data-testid="resident-withdraw">
            {t('residents.detail.withdraw')}
          </button>
        ) : null}
        {ctx.canManage ? (
          <button type="button" className="button-danger" onClick={() => void erase()} data-testid="resident-erase">
            {t('residents.detail.erase')}
          </button>
        ) : null}
      </p>
      {ctx.canWrite ? (
        <PreferencesForm
          key={`${r.follow.status}:${r.follow.topics.join()}:${r.follow.channels.join()}:${r.follow.tags.join(';')}`}
          ctx={ctx}
          path={path}
          data={r}
          onSaved={() => {
            setDone(t('common.saved'));
            resident.reload();
          }}
        />
      ) : null}

      <h3>{t('residents.detail.consents')}</h3>
      <DataTable
        caption={t('residents.detail.consents')}
        rows={r.consents}
        columns={[
          { key: 'at', header: t('residents.detail.at'), cell: (c) => <time dateTime={c.at}>{formatDateTime(c.at)}</time> },
          {
            key: 'action',
            header: t('residents.detail.action'),
            cell: (c) => t(c.action === 'given' ? 'residents.consent.given' : 'residents.consent.withdrawn'),
          },
          { key: 'what', header: t('residents.detail.what'), cell: (c) => (c.channel ? tOr(`channel.${c.channel}`, c.channel) : name(c.topic ?? '')) },
          { key: 'method', header: t('residents.detail.method'), cell: (c) => tOr(`residents.method.${c.method}`, c.method) },
          { key: 'proof', header: t('residents.detail.proof'), cell: (c) => c.proof ?? '–' },
        ]}
      />

      <ConsentScans
        path={path}
        attachments={r.attachments}
        canWrite={ctx.canWrite}
        onAdded={() => {
          setDone(t('residents.detail.scanAttached'));
          resident.reload();
        }}
      />

      <ResidentConversations slug={ctx.slug} residentId={id} />

      <SentMessages path={path} />

      <h3>{t('residents.detail.deliveries')}</h3>
      <DataTable
        caption={t('residents.detail.deliveries')}
        rows={r.deliveries}
        empty={t('residents.detail.noDeliveries')}
        columns={[
          { key: 'at', header: t('residents.detail.at'), cell: (d) => <time dateTime={d.createdAt}>{formatDateTime(d.createdAt)}</time> },
          { key: 'channel', header: t('residents.col.channels'), cell: (d) => tOr(`channel.${d.channel}`, d.channel) },
          {
            key: 'message',
            header: t('residents.detail.message'),
            cell: (d) => d.subject || (d.text && d.text.length > 60 ? `${d.text.slice(0, 60)}…` : d.text) || '–',
          },
          { key: 'status', header: t('residents.col.status'), cell: (d) => tOr(`residents.delivery.${d.status}`, d.status) },
        ]}
      />
    </div>
  );
}

function sizeOf(bytes: number, locale: string) {
  const [value, unit] = bytes >= 100 * 1024 ? [bytes / 1024 / 1024, 'MB'] : [bytes / 1024, 'KB'];
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value)} ${unit}`;
}
const SCAN_KIND: Record<string, string> = { 'application/pdf': 'PDF', 'image/png': 'PNG', 'image/jpeg': 'JPEG' };

interface ScansProps {
  path: string;
  attachments: AttachmentEntry[];
  canWrite: boolean;
  onAdded: () => void;
}

function ConsentScans({ path, attachments, canWrite, onAdded }: ScansProps) {
  const { t, locale, formatDateTime } = useI18n();
  const [scan, setScan] = useState<ScanFile | null>(null);
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [generation, setGeneration] = useState(0); // a new file input after each upload
  const errors = fieldErrorMap(error);

  const attach = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setMissing(!scan);
    if (!scan) return;
    setBusy(true);
    try {
      await api.post(`${path}/consent-attachments`, scan);
      setScan(null);
      setGeneration((g) => g + 1);
      onAdded();
    } catch (e) {
      setError(e);
    }
    setBusy(false);
  };

  return (
    <section aria-labelledby="resident-scans-heading" data-testid="resident-scans">
      <h3 id="resident-scans-heading">{t('residents.detail.scans')}</h3>
      {attachments.length === 0 ? (
        <p>{t('residents.detail.noScans')}</p>
      ) : (
        <>
          <p className="hint">{t('residents.detail.scanAudited')}</p>
          <ul>
            {attachments.map((a) => (
              <li key={a.id} data-testid="resident-scan">
                <a href={`${path}/consent-attachments/${encodeURIComponent(a.id)}`} download={a.fileName}>
                  {a.fileName}
                </a>{' '}
                <span className="hint">
                  ({SCAN_KIND[a.contentType] ?? a.contentType}, {sizeOf(a.size, locale)}, {t('residents.detail.scanAdded')}{' '}
                  <time dateTime={a.createdAt}>{formatDateTime(a.createdAt)}</time>)
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      {canWrite ? (
        <form className="form" onSubmit={attach} noValidate aria-label={t('residents.detail.scanAttach')}>
          <Problem error={error} />
          <ScanField
            key={generation}
            id="resident-scan-file"
            label={t('residents.scan.label')}
            hint={t('residents.scan.hint')}
            error={missing ? t('residents.detail.scanChoose') : (errors.dataBase64 ?? errors.contentType ?? errors.fileName)}
            onChange={(next) => {
              setScan(next);
              setMissing(false);
            }}
          />
          <button type="submit" disabled={busy} data-testid="resident-scan-submit">
            {t('residents.detail.scanAttach')}
          </button>
        </form>
      ) : null}
    </section>
  );
}

interface FormProps {
  ctx: ResidentsContext;
  path: string;
  data: ResidentDetailData;
  onSaved: () => void;
}

function PreferencesForm({ ctx, path, data, onSaved }: FormProps) {
  const { t } = useI18n();
  const [topics, setTopics] = useState<string[]>(data.follow.topics);
  const [channels, setChannels] = useState<string[]>(data.follow.channels);
  const { values: v, setValues, bind } = useFormValues({ tags: data.follow.tags.join(', '), consentProof: '' });
  const form = useSubmit();
  const errors = fieldErrorMap(form.error);

  const save = form.handle(async () => {
    await api.patch(path, { topics, channels, tags: listOf(v.tags, /[,;]/), ...(v.consentProof.trim() ? { consentProof: v.consentProof.trim() } : {}) });
    setValues((current) => ({ ...current, consentProof: '' }));
    onSaved();
  });

  return (
    <form className="form" onSubmit={save} noValidate aria-labelledby="resident-prefs-heading">
      <h3 id="resident-prefs-heading">{t('residents.detail.preferences')}</h3>
      <Problem error={form.error} />
      <TopicFieldset ctx={ctx} idPrefix="pref" chosen={topics} onChange={setTopics} error={errors.topics} />
      <ChannelFieldset channels={CHANNELS} idPrefix="pref" chosen={channels} onChange={setChannels} error={errors.channels} />
      <TextField id="pref-tags" label={t('residents.detail.tags')} hint={t('residents.detail.tagsHint')} {...bind('tags')} error={errorUnder(errors, 'tags')} />
      <TextField id="pref-proof" label={t('residents.add.proof')} hint={t('residents.detail.proofHint')} {...bind('consentProof', errors)} />
      <button type="submit" className="button-primary">
        {t('common.save')}
      </button>
    </form>
  );
}
