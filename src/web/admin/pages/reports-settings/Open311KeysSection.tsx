// Open311 keys for integrators (apps and back offices that file reports over GeoReport v2): create one (the key is
// shown once, with a copy button), see when each was last used, revoke it. Only managers see this section.
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { api, tenantPath } from '../../api.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { TextField } from '../../components/Field.tsx';
import { SubmitButton, useSubmit } from '../../components/Form.tsx';
import { Problem, Success } from '../../components/Problem.tsx';
import { useAction } from '../../components/useAction.ts';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import type { Items } from '../../types.ts';
import { reportFieldErrors } from '../reports/errors.ts';
import type { Open311Key, Open311KeyCreated } from '../reports/types.ts';

const keysPath = (slug: string) => tenantPath(slug, '/open311-keys');

export function Open311KeysSection({ slug }: { slug: string }) {
  const { t, formatDateTime } = useI18n();
  const loaded = useLoad<Items<Open311Key>>(keysPath(slug));
  const [name, setName] = useState('');
  const [nameMissing, setNameMissing] = useState(false);
  const [created, setCreated] = useState<Open311KeyCreated | null>(null);
  const [copied, setCopied] = useState(false);
  const form = useSubmit();
  const revoke = useAction();
  const shown = useRef<HTMLDivElement>(null);
  const errors = reportFieldErrors(form.error);

  useEffect(() => {
    if (created) shown.current?.focus();
  }, [created]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setNameMissing(!name.trim());
    if (!name.trim()) return form.reset();
    form.handle(async () => {
      const key = await api.post<Open311KeyCreated>(keysPath(slug), { name: name.trim() });
      setCreated(key);
      setCopied(false);
      setName('');
      loaded.reload();
    })();
  };
  const copy = async () => {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.key);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  const remove = (k: Open311Key) => {
    if (!window.confirm(t('reportsSettings.keys.revokeConfirm', { name: k.name }))) return;
    void revoke.run(() => api.del(`${keysPath(slug)}/${encodeURIComponent(k.id)}`), t('reportsSettings.keys.revoked', { name: k.name }));
  };

  const columns: Column<Open311Key>[] = [
    { key: 'name', header: t('reportsSettings.keys.name'), rowHeader: true, cell: (k) => k.name },
    { key: 'prefix', header: t('reportsSettings.keys.prefix'), cell: (k) => <code>{k.prefix}…</code> },
    { key: 'created', header: t('reportsSettings.keys.created'), cell: (k) => formatDateTime(k.createdAt) },
    { key: 'used', header: t('reportsSettings.keys.lastUsed'), cell: (k) => (k.lastUsedAt ? formatDateTime(k.lastUsedAt) : t('reportsSettings.keys.never')) },
    {
      key: 'state',
      header: t('reportsSettings.keys.state'),
      cell: (k) =>
        k.revokedAt ? (
          t('reportsSettings.keys.revokedAt', { at: formatDateTime(k.revokedAt) })
        ) : (
          <button type="button" className="button-small button-danger" disabled={revoke.busy} onClick={() => remove(k)} data-testid="open311-key-revoke">
            {t('reportsSettings.keys.revoke')}
            <span className="visually-hidden">: {k.name}</span>
          </button>
        ),
    },
  ];

  return (
    <section aria-labelledby="open311-keys-heading" data-testid="open311-keys">
      <h3 id="open311-keys-heading">{t('reportsSettings.keys.title')}</h3>
      <p className="hint">{t('reportsSettings.keys.intro')}</p>
      <Problem error={loaded.error ?? revoke.error} />
      <Success>{revoke.done}</Success>
      {created ? (
        <div className="alert alert-success" tabIndex={-1} ref={shown} data-testid="open311-key-created">
          <p>{t('reportsSettings.keys.createdOnce', { name: created.name })}</p>
          <p>
            <code className="secret" data-testid="open311-key-value">
              {created.key}
            </code>{' '}
            <button type="button" className="button-small" onClick={() => void copy()} data-testid="open311-key-copy">
              {t('reportsSettings.keys.copy')}
            </button>
          </p>
          <p role="status">{copied ? t('reportsSettings.keys.copied') : ''}</p>
        </div>
      ) : null}
      <DataTable
        caption={t('reportsSettings.keys.title')}
        columns={columns}
        rows={loaded.data?.items ?? []}
        rowProps={(k) => ({ 'data-testid': 'open311-key-row', 'data-prefix': k.prefix })}
        loading={loaded.loading}
        empty={t('reportsSettings.keys.empty')}
      />
      <form className="form" onSubmit={submit} noValidate aria-labelledby="open311-new-heading">
        <h4 id="open311-new-heading">{t('reportsSettings.keys.new')}</h4>
        <Problem error={form.error} />
        <TextField
          id="open311-key-name"
          label={t('reportsSettings.keys.name')}
          hint={t('reportsSettings.keys.nameHint')}
          value={name}
          maxLength={120}
          onValue={setName}
          error={nameMissing ? t('reportsSettings.keys.nameMissing') : errors.name}
          data-testid="open311-key-name"
        />
        <SubmitButton busy={form.busy} testId="open311-key-create">
          {t('reportsSettings.keys.create')}
        </SubmitButton>
      </form>
    </section>
  );
}
