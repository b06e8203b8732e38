// The body of a message in the Markdown subset, with a small toolbar (heading, bold, link, list) that edits the text
// and keeps the cursor in the textarea; the rendered result is the portal preview next to it.
import { useRef } from 'react';
import { Field } from '../../components/Field.tsx';
import { type MessageKey, useI18n } from '../../i18n.tsx';
import { applyMarkdown, type MarkdownAction } from './markdown.ts';

const ACTIONS: Array<{ action: MarkdownAction; label: MessageKey; shown: string }> = [
  { action: 'heading', label: 'messages.toolbar.heading', shown: 'H' },
  { action: 'bold', label: 'messages.toolbar.bold', shown: 'B' },
  { action: 'link', label: 'messages.toolbar.link', shown: 'Link' },
  { action: 'list', label: 'messages.toolbar.list', shown: '•' },
];

interface Props {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  readOnly?: boolean;
}

export function BodyEditor({ id, label, value, onChange, error, readOnly }: Props) {
  const { t } = useI18n();
  const area = useRef<HTMLTextAreaElement>(null);

  const apply = (action: MarkdownAction) => {
    const el = area.current;
    if (!el) return;
    const next = applyMarkdown(
      action,
      { text: value, selectionStart: el.selectionStart, selectionEnd: el.selectionEnd },
      { bold: t('messages.toolbar.boldPlaceholder'), link: t('messages.toolbar.linkPlaceholder') },
    );
    onChange(next.text);
    // after React has put the new text in, select what the action left to type over
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(next.selectionStart, next.selectionEnd);
    });
  };

  return (
    <Field id={id} label={label} hint={t('messages.body.hint')} error={error}>
      {(a11y) => (
        <div className="body-editor">
          {readOnly ? null : (
            <div role="toolbar" aria-label={t('messages.toolbar.label')} aria-controls={id} className="body-toolbar">
              {ACTIONS.map((a) => (
                <button key={a.action} type="button" className="button-small" onClick={() => apply(a.action)} title={t(a.label)} aria-label={t(a.label)}>
                  <span aria-hidden="true">{a.shown}</span>
                </button>
              ))}
            </div>
          )}
          <textarea ref={area} rows={10} value={value} readOnly={readOnly} onChange={(e) => onChange(e.target.value)} data-testid="message-body" {...a11y} />
        </div>
      )}
    </Field>
  );
}
