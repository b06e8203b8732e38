// Images (PNG, JPEG, WebP) and PDFs attached to a draft: uploaded as base64 (the server reads the type from the bytes
// and caps the size), listed with their size, removed while the message can still be edited. A new message is saved
// first, so the files have a message to belong to.
import { useState } from 'react';
import { api, fieldErrorMap, tenantPath } from '../../api.ts';
import { ActionButton } from '../../components/ActionButton.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { Field } from '../../components/Field.tsx';
import { Problem } from '../../components/Problem.tsx';
import { useAction } from '../../components/useAction.ts';
import { useI18n } from '../../i18n.tsx';
import type { MessageDetail } from './types.ts';

const MAX_BYTES = 2 * 1024 * 1024;
const ACCEPT = 'image/png,image/jpeg,image/webp,application/pdf,.png,.jpg,.jpeg,.webp,.pdf';

const readBase64 = (file: File) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });

const sizeText = (bytes: number, locale: string) =>
  new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'de-DE', {
    style: 'unit',
    unit: bytes >= 1024 * 1024 ? 'megabyte' : 'kilobyte',
    maximumFractionDigits: 1,
  }).format(bytes >= 1024 * 1024 ? bytes / (1024 * 1024) : Math.max(0.1, bytes / 1024));

interface Props {
  slug: string;
  message: MessageDetail | null;
  readOnly: boolean;
  onChanged: () => void;
}

export function Attachments({ slug, message, readOnly, onChanged }: Props) {
  const { t, locale } = useI18n();
  const action = useAction(onChanged);
  const [local, setLocal] = useState<string | null>(null);
  const base = message ? tenantPath(slug, `/messages/${encodeURIComponent(message.id)}/attachments`) : null;
  const serverError = fieldErrorMap(action.error).data ?? fieldErrorMap(action.error).filename;

  const upload = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    setLocal(null);
    if (!file || !base) return;
    if (file.size > MAX_BYTES) {
      setLocal(t('messages.attachments.tooLarge'));
      return;
    }
    const data = await readBase64(file);
    if (await action.run(() => api.post(base, { filename: file.name, data }), t('messages.attachments.added', { name: file.name }))) input.value = '';
  };

  return (
    <section aria-labelledby="attachments-heading">
      <h2 id="attachments-heading">{t('messages.attachments.heading')}</h2>
      {message ? null : <p className="hint">{t('messages.attachments.saveFirst')}</p>}
      {message ? (
        <DataTable
          caption={t('messages.attachments.heading')}
          empty={t('messages.attachments.none')}
          rows={message.attachments}
          rowTestId="attachment-row"
          columns={[
            { key: 'name', header: t('messages.attachments.name'), rowHeader: true, cell: (a) => a.filename },
            { key: 'type', header: t('messages.attachments.type'), cell: (a) => a.contentType },
            { key: 'size', header: t('messages.attachments.size'), className: 'num', cell: (a) => sizeText(a.size, locale) },
            !readOnly && {
              key: 'remove',
              header: t('messages.attachments.actions'),
              cell: (a) => (
                <ActionButton
                  action={action}
                  change={() => api.del(`${base}/${a.id}`)}
                  done={t('messages.attachments.removed', { name: a.filename })}
                  className="button-danger button-small"
                >
                  {t('common.delete')}
                  <span className="visually-hidden">: {a.filename}</span>
                </ActionButton>
              ),
            },
          ]}
        />
      ) : null}
      {message && !readOnly ? (
        <>
          <Problem error={serverError ? null : action.error} />
          <p role="status" className={action.done ? 'hint' : 'visually-hidden'}>
            {action.done}
          </p>
          <Field id="attachment-file" label={t('messages.attachments.add')} hint={t('messages.attachments.hint')} error={local ?? serverError}>
            {(a11y) => (
              <input type="file" accept={ACCEPT} data-testid="attachment-file" disabled={action.busy} onChange={(e) => void upload(e.target)} {...a11y} />
            )}
          </Field>
        </>
      ) : null}
    </section>
  );
}
