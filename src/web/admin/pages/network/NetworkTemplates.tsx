// A network's shared templates: its members see them (read-only) next to their own when they compose a message.
import { type FormEvent, useState } from 'react';
import type { NetworkTemplate } from '../../../../common/contracts/networks.ts';
import { canInNetwork } from '../../../../common/permissions.ts';
import { api, fieldErrorMap } from '../../api.ts';
import { type Column, LoadedTable } from '../../components/DataTable.tsx';
import { TextArea, TextField } from '../../components/Field.tsx';
import { SubmitButton, useFormValues } from '../../components/Form.tsx';
import { Problem, Success } from '../../components/Problem.tsx';
import { editDeleteColumn } from '../../components/RowActions.tsx';
import { useAction } from '../../components/useAction.ts';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import type { Items, NetworkSummary } from '../../types.ts';
import { networkPath } from './networkPath.ts';

const EMPTY = { name: '', title: '', body: '' };

export function NetworkTemplatesPage({ network }: { network: NetworkSummary }) {
  const { t, formatDateTime } = useI18n();
  const writer = canInNetwork(network.role, 'network.templates');
  const list = useLoad<Items<NetworkTemplate>>(networkPath(network.slug, '/templates'));
  const [editing, setEditing] = useState<string | null>(null);
  const { values: fields, setValues: setFields, bind } = useFormValues(EMPTY);
  const { error, done, run, busy } = useAction();
  const errors = fieldErrorMap(error);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const body = { name: fields.name.trim(), title: fields.title.trim(), body: fields.body.trim() };
    const ok = editing
      ? await run(() => api.patch(networkPath(network.slug, `/templates/${editing}`), body), t('network.templateSaved', { name: body.name }))
      : await run(() => api.post(networkPath(network.slug, '/templates'), body), t('network.templateCreated', { name: body.name }));
    if (ok) {
      setEditing(null);
      setFields(EMPTY);
    }
  };
  const remove = (x: NetworkTemplate) => {
    if (window.confirm(t('network.templateDeleteConfirm', { name: x.name }))) {
      void run(() => api.del(networkPath(network.slug, `/templates/${x.id}`)), t('network.templateDeleted', { name: x.name }));
    }
  };

  const columns: ReadonlyArray<Column<NetworkTemplate> | false> = [
    { key: 'name', header: t('network.templateName'), rowHeader: true, cell: (x) => x.name },
    { key: 'title', header: t('network.title'), cell: (x) => x.title },
    { key: 'updated', header: t('network.updated'), cell: (x) => <time dateTime={x.updatedAt}>{formatDateTime(x.updatedAt)}</time> },
    writer &&
      editDeleteColumn<NetworkTemplate>({
        header: t('common.actions'),
        editLabel: t('network.templateEdit'),
        onEdit: (x) => {
          setEditing(x.id);
          setFields({ name: x.name, title: x.title, body: x.body });
        },
        onDelete: remove,
        editingId: editing,
        whileEditing: 'disable',
      }),
  ];
  return (
    <>
      <p>{t('network.templatesIntro')}</p>
      <LoadedTable caption={t('network.templates')} testId="network-templates" load={list} empty={t('network.noTemplates')} columns={columns} />
      {writer ? (
        <form className="form" onSubmit={save} noValidate aria-labelledby="network-template-heading">
          <h3 id="network-template-heading">{editing ? t('network.templateEdit') : t('network.templateNew')}</h3>
          <Problem error={error} />
          <Success>{done}</Success>
          <TextField id="template-name" label={t('network.templateName')} required {...bind('name', errors)} />
          <TextField id="template-title" label={t('network.title')} {...bind('title', errors)} />
          <TextArea id="template-body" label={t('network.body')} hint={t('network.bodyHint')} required {...bind('body', errors)} />
          <SubmitButton busy={busy} testId="network-template-save">
            {t('common.save')}
          </SubmitButton>{' '}
          {editing ? (
            <button
              type="button"
              onClick={() => {
                setEditing(null);
                setFields(EMPTY);
              }}
            >
              {t('common.cancel')}
            </button>
          ) : null}
        </form>
      ) : null}
    </>
  );
}
