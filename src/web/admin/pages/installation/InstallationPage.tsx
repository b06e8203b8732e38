// Installation (operators only): create a municipality while Civicast runs, and read the installation's own mails
// (password resets), which no municipality sees.
import type { FormEvent } from 'react';
import { api, fieldErrorMap } from '../../api.ts';
import { Layout } from '../../components/Layout.tsx';
import { Page } from '../../components/Page.tsx';
import { type Column, LoadedTable, portalColumn } from '../../components/DataTable.tsx';
import { TextField } from '../../components/Field.tsx';
import { SubmitButton, useFormValues } from '../../components/Form.tsx';
import { Problem, Success } from '../../components/Problem.tsx';
import { useAction } from '../../components/useAction.ts';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import { useMe } from '../../session.tsx';
import type { Items, Municipality } from '../../types.ts';
import { OutboxTab } from '../settings/OutboxTab.tsx';

const BASE = '/api/v1/installation';
const EMPTY = { slug: '', name: '', ownerEmail: '' };

export function InstallationPage() {
  const { t } = useI18n();
  const me = useMe();
  return (
    <Layout tenant={null} section={null}>
      <Page title={t('installation.title')}>
        {me.user.isOperator ? (
          <>
            <p>{t('installation.intro')}</p>
            <Municipalities />
            <section aria-labelledby="installation-mails-heading">
              <h2 id="installation-mails-heading">{t('installation.mails')}</h2>
              <p>{t('installation.mailsIntro')}</p>
              <OutboxTab path={`${BASE}/outbox?limit=50`} intro={false} />
            </section>
          </>
        ) : (
          <p>{t('installation.operatorOnly')}</p>
        )}
      </Page>
    </Layout>
  );
}

function Municipalities() {
  const { t, formatDateTime } = useI18n();
  const list = useLoad<Items<Municipality>>(`${BASE}/tenants`);
  const { values: v, setValues, bind } = useFormValues(EMPTY);
  const { error, done, run, busy } = useAction();
  const errors = fieldErrorMap(error);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    const body = { slug: v.slug.trim(), name: v.name.trim(), ...(v.ownerEmail.trim() ? { ownerEmail: v.ownerEmail.trim() } : {}) };
    const message = body.ownerEmail
      ? t('installation.createdInvited', { name: body.name, email: body.ownerEmail })
      : t('installation.created', { name: body.name });
    if (await run(() => api.post(`${BASE}/tenants`, body), message)) setValues(EMPTY);
  };

  const columns: Column<Municipality>[] = [
    portalColumn(t('installation.name')),
    { key: 'slug', header: t('installation.slug'), cell: (m) => m.slug },
    { key: 'ags', header: t('installation.ags'), cell: (m) => m.ags ?? '' },
    { key: 'created', header: t('installation.createdAt'), cell: (m) => <time dateTime={m.createdAt}>{formatDateTime(m.createdAt)}</time> },
  ];
  return (
    <section aria-labelledby="installation-tenants-heading">
      <h2 id="installation-tenants-heading">{t('installation.tenants')}</h2>
      <LoadedTable caption={t('installation.tenantsCaption')} testId="installation-tenants" load={list} empty={t('installation.none')} columns={columns} />
      <form className="form" onSubmit={create} noValidate aria-labelledby="installation-create-heading">
        <h3 id="installation-create-heading">{t('installation.create')}</h3>
        <Problem error={error} />
        <Success>{done}</Success>
        <TextField id="installation-name" label={t('installation.name')} required {...bind('name', errors)} />
        <TextField
          id="installation-slug"
          label={t('installation.slug')}
          hint={t('installation.slugHint')}
          required
          {...bind('slug', errors)}
          autoCapitalize="none"
          spellCheck={false}
        />
        <TextField
          id="installation-owner"
          label={t('installation.ownerEmail')}
          hint={t('installation.ownerEmailHint')}
          type="email"
          {...bind('ownerEmail', errors)}
        />
        <SubmitButton busy={busy} testId="installation-create">
          {t('installation.createSubmit')}
        </SubmitButton>
      </form>
    </section>
  );
}
