// An internal note for colleagues. Typing "@" offers the municipality's staff (a listbox under the text, arrows and
// Enter pick, Escape closes); the pick inserts "@Name" and the note is sent with the ids of the names still in it.
import { FieldError } from '../../components/Field.tsx';
import { type FormEvent, type KeyboardEvent, useRef, useState } from 'react';
import { api, fieldErrorMap, tenantPath } from '../../api.ts';
import { Problem } from '../../components/Problem.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import type { Items, StaffMember } from '../../types.ts';
import { insertMention, mentionedIds, mentionQuery } from './format.ts';
import type { InboxContext } from './types.ts';

export function NoteBox({ ctx, path, onSent }: { ctx: InboxContext; path: string; onSent: () => void }) {
  const { t } = useI18n();
  const staff = useLoad<Items<StaffMember>>(tenantPath(ctx.slug, '/staff'));
  const area = useRef<HTMLTextAreaElement>(null);
  const [body, setBody] = useState('');
  const [picked, setPicked] = useState<Array<{ userId: string; name: string }>>([]);
  const [query, setQuery] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState('');

  const people = (staff.data?.items ?? []).map((s) => ({ userId: s.userId, name: s.name || s.email }));
  const options = query ? people.filter((p) => p.name.toLowerCase().includes(query.query.toLowerCase())).slice(0, 8) : [];
  const open = options.length > 0;

  const change = (text: string, cursor: number) => {
    setBody(text);
    setQuery(mentionQuery(text, cursor));
    setActive(0);
  };
  const pick = (p: { userId: string; name: string }) => {
    const el = area.current;
    if (!query || !el) return;
    const next = insertMention(body, query.start, el.selectionStart, p.name);
    setBody(next.text);
    setPicked((old) => [...old, p]);
    setQuery(null);
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(next.cursor, next.cursor);
    });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!open) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => (i + (e.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length);
    } else if (e.key === 'Enter' || e.key === 'Tab') {
      e.preventDefault();
      pick(options[active]);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      setQuery(null);
    }
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setDone('');
    setBusy(true);
    try {
      await api.post(`${path}/notes`, { body, mentions: mentionedIds(body, picked) });
      setBody('');
      setPicked([]);
      setDone(t('inbox.note.sent'));
      onSent();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const fields = fieldErrorMap(error);

  return (
    <form className="note-box card" onSubmit={(e) => void submit(e)} aria-labelledby="note-heading" data-testid="note-box">
      <h3 id="note-heading">{t('inbox.note.title')}</h3>
      <div className="field mention-field">
        <label htmlFor="note-body">{t('inbox.note.body')}</label>
        <p className="hint" id="note-hint">
          {t('inbox.note.hint')}
        </p>
        <textarea
          ref={area}
          id="note-body"
          rows={3}
          value={body}
          maxLength={10_000}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls="note-mentions"
          aria-activedescendant={open ? `note-mention-${active}` : undefined}
          aria-describedby="note-hint"
          onChange={(e) => change(e.target.value, e.target.selectionStart)}
          onKeyDown={onKeyDown}
          data-testid="note-body"
        />
        <div id="note-mentions" role="listbox" aria-label={t('inbox.note.mentionList')} className="mention-list" hidden={!open}>
          {options.map((p, i) => (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the keyboard picks from the text area (arrows, Enter), as a combobox with aria-activedescendant does
            <div
              key={p.userId}
              tabIndex={-1}
              id={`note-mention-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => pick(p)}
              data-testid="mention-option"
            >
              {p.name}
            </div>
          ))}
        </div>
        <FieldError id={undefined}>{fields.body || fields.mentions}</FieldError>
      </div>
      <Problem error={fields.body || fields.mentions ? null : error} />
      <p role="status" className={done ? 'alert alert-success' : 'visually-hidden'}>
        {done}
      </p>
      <p className="button-row">
        <button type="submit" disabled={busy || !body.trim()} data-testid="note-send">
          {t('inbox.note.send')}
        </button>
      </p>
    </form>
  );
}
