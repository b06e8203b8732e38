// Themen: what residents can choose; owners and admins add, rename and delete topics and decide whether
// warnings (mandatory topics) can be switched off.
import { type FormEvent, useState } from 'react';
import { api, fieldErrorMap, tenantPath } from '../../api.ts';
import { Checkbox, TextField } from '../../components/Field.tsx';
import { bindPatch } from '../../components/Form.tsx';
import { Problem, Success } from '../../components/Problem.tsx';
import { EditDeleteButtons, SaveCancelButtons } from '../../components/RowActions.tsx';
import type { Loaded } from '../../components/useLoad.ts';
import { useAction } from '../../components/useAction.ts';
import { useI18n } from '../../i18n.tsx';
import type { ResidentsContext } from './context.ts';
import type { Topic, TopicList } from './types.ts';

export function TopicsEditor({ ctx, topics }: { ctx: ResidentsContext; topics: Loaded<TopicList> }) {
  const { t } = useI18n();
  const [form, setForm] = useState({ key: '', nameDe: '', nameEn: '', mandatory: false });
  const { error, done, run } = useAction(() => topics.reload());
  const errors = fieldErrorMap(error);
  const field = bindPatch(
    form,
    (next) => setForm((f) => ({ ...f, ...next })),
    (key) => errors[key],
  );

  const add = async (event: FormEvent) => {
    event.preventDefault();
    const body = { key: form.key.trim(), nameDe: form.nameDe.trim(), nameEn: form.nameEn.trim(), mandatory: form.mandatory };
    if (await run(() => api.post(tenantPath(ctx.slug, '/topics'), body), t('topics.added', { name: body.nameDe })))
      setForm({ key: '', nameDe: '', nameEn: '', mandatory: false });
  };
  const remove = (x: Topic) => {
    if (!window.confirm(t('topics.confirmDelete', { name: x.nameDe }))) return;
    void run(() => api.del(tenantPath(ctx.slug, `/topics/${x.id}`)), t('topics.deleted', { name: x.nameDe }));
  };
  const setWarningsOptional = (value: boolean) => run(() => api.patch(tenantPath(ctx.slug), { warningsOptional: value }), t('common.saved'));

  return (
    <>
      <p>{t('topics.intro')}</p>
      <Problem error={error ?? topics.error} />
      <Success>{done}</Success>
      {topics.data ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{t('topics.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('topics.nameDe')}</th>
                <th scope="col">{t('topics.nameEn')}</th>
                <th scope="col">{t('topics.key')}</th>
                <th scope="col">{t('topics.mandatory')}</th>
                {ctx.canManage ? <th scope="col">{t('common.actions')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {topics.data.items.map((x) => (
                <TopicRow
                  key={x.id}
                  topic={x}
                  canManage={ctx.canManage}
                  onRename={(patch) => run(() => api.patch(tenantPath(ctx.slug, `/topics/${x.id}`), patch), t('common.saved'))}
                  onDelete={() => remove(x)}
                />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {ctx.canManage && topics.data ? (
        <>
          <Checkbox
            id="topics-warnings-optional"
            label={t('topics.warningsOptional')}
            hint={t('topics.warningsOptionalHint')}
            checked={topics.data.warningsOptional}
            onChange={(e) => void setWarningsOptional(e.target.checked)}
          />
          <form className="form form-row" onSubmit={add} noValidate aria-labelledby="topics-add-heading" data-testid="topics-add">
            <h3 id="topics-add-heading">{t('topics.add')}</h3>
            <TextField id="topic-key" label={t('topics.key')} hint={t('topics.keyHint')} required {...field.text('key')} />
            <TextField id="topic-name-de" label={t('topics.nameDe')} required {...field.text('nameDe')} />
            <TextField id="topic-name-en" label={t('topics.nameEn')} required {...field.text('nameEn')} />
            <Checkbox id="topic-mandatory" label={t('topics.mandatory')} {...field.check('mandatory')} />
            <button type="submit" className="button-primary">
              {t('topics.addSubmit')}
            </button>
          </form>
        </>
      ) : null}
    </>
  );
}

interface RowProps {
  topic: Topic;
  canManage: boolean;
  onRename: (patch: { nameDe: string; nameEn: string }) => Promise<boolean>;
  onDelete: () => void;
}

function TopicRow({ topic, canManage, onRename, onDelete }: RowProps) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(false);
  const [names, setNames] = useState({ nameDe: topic.nameDe, nameEn: topic.nameEn });

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (await onRename({ nameDe: names.nameDe.trim(), nameEn: names.nameEn.trim() })) setEditing(false);
  };

  if (editing) {
    return (
      <tr>
        <td colSpan={5}>
          <form className="inline-form" onSubmit={save}>
            <label htmlFor={`topic-de-${topic.id}`}>{t('topics.nameDe')}</label>
            <input id={`topic-de-${topic.id}`} value={names.nameDe} onChange={(e) => setNames((n) => ({ ...n, nameDe: e.target.value }))} required />
            <label htmlFor={`topic-en-${topic.id}`}>{t('topics.nameEn')}</label>
            <input id={`topic-en-${topic.id}`} value={names.nameEn} onChange={(e) => setNames((n) => ({ ...n, nameEn: e.target.value }))} required />
            <SaveCancelButtons onCancel={() => setEditing(false)} />
          </form>
        </td>
      </tr>
    );
  }
  return (
    <tr data-testid="topic-row">
      <th scope="row">{topic.nameDe}</th>
      <td>{topic.nameEn}</td>
      <td>
        <code>{topic.key}</code>
      </td>
      <td>{topic.mandatory ? t('common.on') : t('common.off')}</td>
      {canManage ? (
        <td>
          <EditDeleteButtons name={topic.nameDe} editLabel={t('topics.rename')} onEdit={() => setEditing(true)} onDelete={onDelete} />
        </td>
      ) : null}
    </tr>
  );
}
