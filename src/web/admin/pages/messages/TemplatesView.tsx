// Vorlagen: the municipality's templates and, read-only with their network's name, the templates its networks share.
// A template opens the compose page filled in; a new one is written here or taken from an existing message.
import { api, fieldErrorMap, tenantPath } from '../../api.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { SelectField, TextField } from '../../components/Field.tsx';
import { SubmitButton, useFormValues, useSubmit } from '../../components/Form.tsx';
import { Problem, Success } from '../../components/Problem.tsx';
import { useAction } from '../../components/useAction.ts';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import { paths } from '../../routes.ts';
import { Link } from '../../router.tsx';
import { topicChoices, topicName } from '../residents/context.ts';
import { Options, PickerField } from '../../components/Pickers.tsx';
import { BodyEditor } from './BodyEditor.tsx';
import type { MessageDetail, MessagePage, MessagesContext, MessageTemplate } from './types.ts';

const EMPTY = { name: '', title: '', body: '', topic: '' };

export function TemplatesView({ ctx }: { ctx: MessagesContext }) {
  const { t, locale } = useI18n();
  const templates = useLoad<{ items: MessageTemplate[] }>(tenantPath(ctx.slug, '/message-templates'));
  const messages = useLoad<MessagePage>(ctx.canWrite ? tenantPath(ctx.slug, '/messages?page=1&pageSize=50') : null);
  const { values: form, setValues: setForm, set, bind } = useFormValues(EMPTY);
  const submit = useSubmit();
  const remove = useAction();
  const errors = fieldErrorMap(submit.error);

  const fromMessage = async (id: string) => {
    if (!id) return;
    const m = await api.get<MessageDetail>(tenantPath(ctx.slug, `/messages/${encodeURIComponent(id)}`));
    setForm({ name: m.title, title: m.title, body: m.body, topic: m.topic ?? '' });
  };

  return (
    <>
      <Problem error={templates.error ?? remove.error} />
      <Success>{remove.done}</Success>
      <DataTable
        caption={t('messages.templates.caption')}
        loading={templates.loading}
        empty={t('messages.templates.empty')}
        rows={templates.data?.items ?? []}
        rowTestId="template-row"
        columns={[
          { key: 'name', header: t('messages.templates.col.name'), rowHeader: true, cell: (x) => x.name },
          { key: 'title', header: t('messages.col.title'), cell: (x) => x.title || '–' },
          { key: 'topic', header: t('messages.filter.topic'), cell: (x) => (x.topic ? topicName(ctx.topics, x.topic, locale) : '–') },
          {
            key: 'origin',
            header: t('messages.templates.col.origin'),
            cell: (x) => (x.network ? t('messages.templates.fromNetwork', { network: x.network.name }) : t('messages.templates.own')),
          },
          ctx.canWrite && {
            key: 'actions',
            header: t('messages.templates.col.actions'),
            cell: (x) => (
              <>
                <Link to={paths.messageFromTemplate(ctx.slug, x.id)} className="button-small" data-testid="template-use">
                  {t('messages.templates.use')}
                  <span className="visually-hidden">: {x.name}</span>
                </Link>{' '}
                {x.readOnly ? null : (
                  <button
                    type="button"
                    className="button-danger button-small"
                    onClick={() =>
                      void remove.run(() => api.del(tenantPath(ctx.slug, `/message-templates/${x.id}`)), t('messages.templates.deleted', { name: x.name }))
                    }
                  >
                    {t('common.delete')}
                    <span className="visually-hidden">: {x.name}</span>
                  </button>
                )}
              </>
            ),
          },
        ]}
      />
      {ctx.canWrite ? (
        <form
          className="form"
          noValidate
          onSubmit={submit.handle(async () => {
            await api.post(tenantPath(ctx.slug, '/message-templates'), { ...form, topic: form.topic || null });
            setForm(EMPTY);
            templates.reload();
          })}
        >
          <h3>{t('messages.templates.new')}</h3>
          <Problem error={Object.keys(errors).length ? null : submit.error} />
          <Success>{submit.done ? t('messages.templates.saved') : null}</Success>
          <SelectField id="template-from" label={t('messages.templates.fromMessage')} value="" onChange={(e) => void fromMessage(e.target.value)}>
            <Options blank={t('messages.templates.chooseMessage')} choices={(messages.data?.items ?? []).map((m) => ({ value: m.id, label: m.title }))} />
          </SelectField>
          <TextField id="template-name" label={t('messages.templates.col.name')} required {...bind('name', errors)} />
          <TextField id="template-title" label={t('messages.field.title')} {...bind('title', errors)} />
          <BodyEditor
            id="template-body"
            label={t('messages.field.body')}
            value={form.body}
            onChange={(body) => setForm((f) => ({ ...f, body }))}
            error={errors.body}
          />
          <PickerField
            id="template-topic"
            label={t('messages.field.topic')}
            value={form.topic}
            onChange={set('topic')}
            blank={t('messages.field.noTopic')}
            choices={topicChoices(ctx.topics, locale)}
          />
          <SubmitButton busy={submit.busy} testId="template-save">
            {t('messages.templates.save')}
          </SubmitButton>
        </form>
      ) : null}
    </>
  );
}
