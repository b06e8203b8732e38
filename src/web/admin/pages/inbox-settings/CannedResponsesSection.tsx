// Textbausteine: answers used again and again, with placeholders filled in when a clerk picks one. The preview shows
// the text as a resident would read it, through the same renderCanned the server uses.
import { type FormEvent, useState } from 'react';
import { renderCanned, unknownCannedVariables } from '../../../../common/canned.ts';
import { CANNED_VARIABLES, type CannedResponse } from '../../../../common/contracts/inbox.ts';
import { api, fieldErrorMap, tenantPath } from '../../api.ts';
import { TextArea, TextField } from '../../components/Field.tsx';
import { Problem, Success } from '../../components/Problem.tsx';
import { EditDeleteButtons } from '../../components/RowActions.tsx';
import { useAction } from '../../components/useAction.ts';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import { useMe } from '../../session.tsx';
import type { Items, TenantSummary } from '../../types.ts';
import { Loading } from '../../components/Loading.tsx';

interface Props {
  tenant: TenantSummary;
  canManage: boolean;
}

export function CannedResponsesSection({ tenant, canManage }: Props) {
  const { t } = useI18n();
  const list = useLoad<Items<CannedResponse>>(tenantPath(tenant.slug, '/inbox/canned-responses'));
  const [editing, setEditing] = useState<CannedResponse | 'new' | null>(null);
  const { error, done, run, busy } = useAction();

  const remove = (c: CannedResponse) => {
    if (!window.confirm(t('inboxSettings.canned.confirmDelete', { title: c.title }))) return;
    void run(() => api.del(tenantPath(tenant.slug, `/inbox/canned-responses/${c.id}`)), t('inboxSettings.canned.deleted', { title: c.title }));
  };

  const items = list.data?.items ?? [];
  return (
    <section aria-labelledby="canned-heading" data-testid="canned-section">
      <h3 id="canned-heading">{t('inboxSettings.canned.title')}</h3>
      <p className="hint">{t('inboxSettings.canned.hint')}</p>
      <Problem error={editing === null ? (error ?? list.error) : list.error} />
      <Success>{done}</Success>
      {list.loading ? <Loading /> : null}
      {!list.loading && items.length === 0 ? <p>{t('inboxSettings.canned.none')}</p> : null}
      <ul className="department-list" data-testid="canned-list">
        {items.map((c) =>
          editing !== 'new' && editing?.id === c.id ? (
            <li key={c.id}>
              <CannedForm tenant={tenant} initial={c} run={run} error={error} onDone={() => setEditing(null)} />
            </li>
          ) : (
            <li key={c.id} data-testid="canned-item">
              <span className="department-name">{c.title}</span>{' '}
              {canManage ? (
                <EditDeleteButtons
                  name={c.title}
                  editLabel={t('inboxSettings.canned.edit')}
                  whileEditing={busy ? 'disable' : null}
                  onEdit={() => setEditing(c)}
                  onDelete={() => remove(c)}
                />
              ) : null}
              <p className="hint">{c.body}</p>
            </li>
          ),
        )}
      </ul>
      {canManage && editing === 'new' ? <CannedForm tenant={tenant} initial={null} run={run} error={error} onDone={() => setEditing(null)} /> : null}
      {canManage && editing === null ? (
        <button type="button" className="button-small" data-testid="canned-add" onClick={() => setEditing('new')}>
          {t('inboxSettings.canned.add')}
        </button>
      ) : null}
    </section>
  );
}

interface FormProps {
  tenant: TenantSummary;
  initial: CannedResponse | null;
  /** The section's action, so its confirmation stays on screen after the form closes. */
  run: (action: () => Promise<unknown>, message: string) => Promise<boolean>;
  error: unknown;
  onDone: () => void;
}

function CannedForm({ tenant, initial, run, error, onDone }: FormProps) {
  const { t } = useI18n();
  const me = useMe();
  const [title, setTitle] = useState(initial?.title ?? '');
  const [body, setBody] = useState(initial?.body ?? '');
  const errors = fieldErrorMap(error);
  const id = initial ? `canned-${initial.id}` : 'canned-new';

  const sample: Record<string, string> = {
    name: t('inboxSettings.canned.sampleName'),
    gemeinde: tenant.name,
    betreff: t('inboxSettings.canned.sampleSubject'),
    mitarbeiter: me.user.name,
  };
  const unknown = unknownCannedVariables(body);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input = { title: title.trim(), body: body.trim() };
    const ok = initial
      ? await run(
          () => api.patch(tenantPath(tenant.slug, `/inbox/canned-responses/${initial.id}`), input),
          t('inboxSettings.canned.saved', { title: input.title }),
        )
      : await run(() => api.post(tenantPath(tenant.slug, '/inbox/canned-responses'), input), t('inboxSettings.canned.created', { title: input.title }));
    if (ok) onDone();
  };

  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby={`${id}-heading`} data-testid="canned-form">
      <h4 id={`${id}-heading`}>{initial ? t('inboxSettings.canned.editTitle', { title: initial.title }) : t('inboxSettings.canned.newTitle')}</h4>
      <Problem error={error} />
      <TextField
        id={`${id}-title`}
        data-testid="canned-title"
        label={t('inboxSettings.canned.fieldTitle')}
        required
        value={title}
        onValue={setTitle}
        error={errors.title}
      />
      <TextArea
        id={`${id}-body`}
        data-testid="canned-body"
        label={t('inboxSettings.canned.fieldBody')}
        hint={t('inboxSettings.canned.variables', { list: CANNED_VARIABLES.map((v) => `{{${v}}}`).join(', ') })}
        required
        value={body}
        onValue={setBody}
        error={errors.body}
      />
      {unknown.length > 0 ? (
        <p className="alert alert-warning" data-testid="canned-unknown">
          {t('inboxSettings.canned.unknown', { list: unknown.map((v) => `{{${v}}}`).join(', ') })}
        </p>
      ) : null}
      <section aria-labelledby={`${id}-preview-heading`} className="canned-preview">
        <h5 id={`${id}-preview-heading`}>{t('inboxSettings.canned.preview')}</h5>
        <p className="hint">{t('inboxSettings.canned.previewHint')}</p>
        <div aria-live="polite" data-testid="canned-preview" className="outbox-text">
          {renderCanned(body, sample)}
        </div>
      </section>
      <div className="button-row">
        <button type="submit" className="button-primary" data-testid="canned-save">
          {t('common.save')}
        </button>{' '}
        <button type="button" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
