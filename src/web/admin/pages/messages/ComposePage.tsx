// Compose a message once (German title and body in the Markdown subset, other enabled languages as tabs), edit the
// versions the server derives per channel, pick the audience and see what it reaches; save as a draft and move it
// through the workflow. Field errors from the server land at their field, also in another language's tab.
import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { ApiError, api, tenantPath } from '../../api.ts';
import { SelectField, TextField } from '../../components/Field.tsx';
import { SubmitButton, useSubmit } from '../../components/Form.tsx';
import { Problem, Success } from '../../components/Problem.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import { paths } from '../../routes.ts';
import { Link, navigate, useLocation } from '../../router.tsx';
import { topicChoices } from '../residents/context.ts';
import { Options } from '../../components/Pickers.tsx';
import { Attachments } from './Attachments.tsx';
import { AudiencePicker } from './AudiencePicker.tsx';
import { AudienceSummary } from './AudienceSummary.tsx';
import { BodyEditor } from './BodyEditor.tsx';
import { type Draft, draftFromDetail, draftFromTemplate, draftInput, emptyDraft, formErrors } from './draft.ts';
import type { MessageDetail, MessageLanguage, MessageSettings, MessageTemplate, MessagesContext } from './types.ts';
import { usePreview } from './usePreview.ts';
import { VersionEditor } from './VersionEditor.tsx';
import { WorkflowActions } from './WorkflowActions.tsx';
import { Loading } from '../../components/Loading.tsx';

export function ComposePage({ ctx, id }: { ctx: MessagesContext; id: string | null }) {
  const { t, tOr, locale } = useI18n();
  const { search } = useLocation();
  const templateId = id ? null : new URLSearchParams(search).get('template');
  const settings = useLoad<MessageSettings>(tenantPath(ctx.slug, '/message-settings'));
  const existing = useLoad<MessageDetail>(id ? tenantPath(ctx.slug, `/messages/${encodeURIComponent(id)}`) : null);
  const templates = useLoad<{ items: MessageTemplate[] }>(templateId ? tenantPath(ctx.slug, '/message-templates') : null);
  const template = { data: templates.data?.items.find((x) => x.id === templateId) ?? null };
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [language, setLanguage] = useState<MessageLanguage>('de');
  const [saved, setSaved] = useState<string | null>(null);
  const loadedFrom = useRef<string | null>(null);
  const form = useSubmit();
  const message = existing.data;
  const readOnly = message ? !message.can.edit : !ctx.canWrite;

  // fill the form once per message or template; later reloads (after an action) do not overwrite typing
  useEffect(() => {
    const source = message ? `m:${message.id}` : template.data ? `t:${template.data.id}` : null;
    if (!source || loadedFrom.current === source) return;
    loadedFrom.current = source;
    setDraft(message ? draftFromDetail(message) : draftFromTemplate(template.data as MessageTemplate));
  }, [message, template.data]);

  const input = draftInput(draft);
  const ready = draft.title.trim() && draft.body.trim() && draft.channels.length > 0;
  const preview = usePreview(ctx.slug, ready && !readOnly ? input : null);
  // the last save's errors while the form is as it was sent; after a change, what the preview finds in the new input
  const [sentInput, setSentInput] = useState<string | null>(null);
  const stale = sentInput !== JSON.stringify(input);
  const errors = formErrors(stale ? preview.error : form.error, input);
  const languages: MessageLanguage[] = settings.data?.languages.length ? settings.data.languages : ['de'];
  const change = (next: Partial<Draft>) => setDraft((d) => ({ ...d, ...next }));
  const text = (lang: MessageLanguage) => (lang === 'de' ? { title: draft.title, body: draft.body } : (draft.translations[lang] ?? { title: '', body: '' }));
  const setText = (lang: MessageLanguage, next: { title?: string; body?: string }) =>
    lang === 'de' ? change(next) : change({ translations: { ...draft.translations, [lang]: { ...text(lang), ...next } } });
  const fieldError = (lang: MessageLanguage, field: 'title' | 'body') => (lang === 'de' ? errors[field] : errors[`${lang}.${field}`]);

  /** Saves the form: a new draft (then its edit page), or the changes to this one. */
  const save = async (): Promise<MessageDetail> => {
    setSentInput(JSON.stringify(input));
    if (!message) {
      const created = await api.post<MessageDetail>(tenantPath(ctx.slug, '/messages'), input);
      loadedFrom.current = `m:${created.id}`;
      navigate(paths.message(ctx.slug, created.id, true), { replace: true });
      return created;
    }
    const next = await api.patch<MessageDetail>(tenantPath(ctx.slug, `/messages/${encodeURIComponent(message.id)}`), input);
    existing.setData(next);
    return next;
  };
  const saveFirst = async () => {
    if (!message?.can.edit) return true;
    try {
      await save();
      form.reset();
      return true;
    } catch (e) {
      form.handle(() => Promise.reject(e))();
      return false;
    }
  };

  // the tabs pattern: arrow keys move between languages, Tab leaves the row
  const moveTab = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const next = languages[(languages.indexOf(language) + step + languages.length) % languages.length];
    setLanguage(next);
    document.getElementById(`lang-tab-${next}`)?.focus();
  };

  if (id && existing.error) return <Problem error={existing.error} />;
  if (id && !message) return <Loading />;
  const shownErrors = errors;
  const unmapped = stale || (form.error instanceof ApiError && form.error.fieldErrors.length && Object.keys(errors).length) ? null : form.error;

  return (
    <>
      {message ? (
        <p>
          <Link to={paths.message(ctx.slug, message.id)}>{t('messages.compose.toDetail')}</Link> ·{' '}
          <span className="status-badge" data-testid="message-status">
            {tOr(`messages.status.${message.status}`, message.status)}
          </span>
          {message.rejectionReason ? <span className="hint"> {t('messages.compose.rejected', { reason: message.rejectionReason })}</span> : null}
        </p>
      ) : null}
      <form
        className="form"
        noValidate
        onSubmit={form.handle(async () => {
          setSaved(null);
          await save();
          setSaved(t('messages.done.saved'));
        })}
      >
        <Problem error={unmapped} />
        <Success>{saved}</Success>
        <div role="tablist" aria-label={t('messages.languages.label')} className="lang-tabs" onKeyDown={moveTab}>
          {languages.map((lang) => (
            <button
              key={lang}
              type="button"
              role="tab"
              id={`lang-tab-${lang}`}
              aria-selected={lang === language}
              tabIndex={lang === language ? 0 : -1}
              aria-controls="lang-panel"
              data-testid={`lang-tab-${lang}`}
              className="button-small"
              onClick={() => setLanguage(lang)}
            >
              {tOr(`messages.language.${lang}`, lang)}
              {lang === 'de' ? ` (${t('messages.languages.required')})` : ''}
              {fieldError(lang, 'title') || fieldError(lang, 'body') ? ' ⚠' : ''}
            </button>
          ))}
        </div>
        <div role="tabpanel" id="lang-panel" aria-labelledby={`lang-tab-${language}`}>
          <TextField
            id={`message-title-${language}`}
            data-testid="message-title"
            label={t('messages.field.title')}
            value={text(language).title}
            readOnly={readOnly}
            onChange={(e) => setText(language, { title: e.target.value })}
            error={fieldError(language, 'title')}
            required={language === 'de'}
          />
          <BodyEditor
            key={language}
            id={`message-body-${language}`}
            label={t('messages.field.body')}
            value={text(language).body}
            readOnly={readOnly}
            onChange={(body) => setText(language, { body })}
            error={fieldError(language, 'body')}
          />
        </div>
        <SelectField
          id="message-topic"
          label={t('messages.field.topic')}
          value={draft.topic}
          disabled={readOnly}
          onChange={(e) => change({ topic: e.target.value })}
          error={errors.topic}
        >
          <Options blank={t('messages.field.noTopic')} choices={topicChoices(ctx.topics, locale)} />
        </SelectField>

        <h2>{t('messages.versions.heading', { language: tOr(`messages.language.${language}`, language) })}</h2>
        <p className="hint">{t('messages.versions.hint')}</p>
        <VersionEditor
          language={language}
          draft={draft}
          versions={preview.preview?.versions ?? message?.versions ?? []}
          preview={preview.preview}
          tenantName={ctx.tenantName}
          errors={shownErrors}
          readOnly={readOnly}
          onChange={(versions) => change({ versions })}
        />

        <div className="compose-grid">
          <AudiencePicker ctx={ctx} draft={draft} onChange={change} errors={shownErrors} readOnly={readOnly} />
          <AudienceSummary preview={preview.preview} channels={draft.channels} busy={preview.busy} error={shownErrors.audience} />
        </div>
        {readOnly ? null : (
          <p>
            <SubmitButton busy={form.busy} testId="message-save" variant={message ? 'plain' : 'primary'}>
              {t('messages.action.save')}
            </SubmitButton>
          </p>
        )}
      </form>
      <Attachments slug={ctx.slug} message={message} readOnly={readOnly} onChanged={existing.reload} />
      {message ? <WorkflowActions slug={ctx.slug} message={message} onChanged={(next) => existing.setData(next)} beforeAction={saveFirst} /> : null}
    </>
  );
}
