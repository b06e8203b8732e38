// Working a conversation: claim it, assign it to a department and/or a person, change its status, edit its tags,
// merge it into another conversation of the same resident. Every change reloads the conversation (and the stream
// tells the colleagues' consoles).
import { type FormEvent, useState } from 'react';
import { api } from '../../api.ts';
import { AssignPickers, Options, useDepartmentsAndStaff } from '../../components/Pickers.tsx';
import { Problem, Success } from '../../components/Problem.tsx';
import { type MessageKey, useI18n } from '../../i18n.tsx';
import { paths } from '../../routes.ts';
import { navigate } from '../../router.tsx';
import { parseTags } from './format.ts';
import type { ConversationDetail, InboxContext } from './types.ts';

type Status = ConversationDetail['status'];
const STATUS_BUTTONS: Array<{ to: Status; label: MessageKey; from: Status[] }> = [
  { to: 'waiting', label: 'inbox.action.waiting', from: ['open', 'resolved'] },
  { to: 'resolved', label: 'inbox.action.resolve', from: ['open', 'waiting'] },
  { to: 'closed', label: 'inbox.action.close', from: ['open', 'waiting', 'resolved'] },
  { to: 'open', label: 'inbox.action.reopen', from: ['waiting', 'resolved', 'closed'] },
];

interface Props {
  ctx: InboxContext;
  conversation: ConversationDetail;
  path: string;
  onChanged: () => void;
}

export function AssignControls({ ctx, conversation: c, path, onChanged }: Props) {
  const { t } = useI18n();
  const people = useDepartmentsAndStaff(ctx.slug);
  const [departmentId, setDepartmentId] = useState(c.departmentId ?? '');
  const [assigneeId, setAssigneeId] = useState(c.assigneeId ?? '');
  const [tags, setTags] = useState(c.tags.join(', '));
  const [intoId, setIntoId] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (action: () => Promise<unknown>, message: string) => {
    setError(null);
    setDone(null);
    setBusy(true);
    try {
      await action();
      setDone(message);
      onChanged();
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  };
  const assign = (e: FormEvent) => {
    e.preventDefault();
    void run(() => api.post(`${path}/assign`, { departmentId: departmentId || null, assigneeId: assigneeId || null }), t('inbox.assign.done'));
  };
  const saveTags = (e: FormEvent) => {
    e.preventDefault();
    void run(() => api.patch(path, { tags: parseTags(tags) }), t('inbox.tags.saved'));
  };
  const merge = async (e: FormEvent) => {
    e.preventDefault();
    if (!intoId || !window.confirm(t('inbox.merge.confirm'))) return;
    if (await run(() => api.post(`${path}/merge`, { intoId }), t('inbox.merge.done'))) navigate(paths.conversation(ctx.slug, intoId));
  };
  const labels = {
    department: t('inbox.col.department'),
    person: t('inbox.col.person'),
    unassigned: t('inbox.unassigned'),
    noDepartment: c.departmentId ? undefined : '–',
  };
  const mergeable = c.related.filter((r) => r.id !== c.id && r.status !== 'closed');

  return (
    <section aria-labelledby="work-heading" className="card conversation-controls" data-testid="assign-controls">
      <h3 id="work-heading">{t('inbox.work.title')}</h3>
      <Problem error={error} />
      <Success>{done}</Success>
      <p className="button-row">
        {c.assigneeId !== ctx.userId ? (
          <button type="button" disabled={busy} onClick={() => void run(() => api.post(`${path}/claim`), t('inbox.claim.done'))} data-testid="claim">
            {t('inbox.claim')}
          </button>
        ) : null}
        {STATUS_BUTTONS.filter((b) => b.from.includes(c.status)).map((b) => (
          <button
            key={b.to}
            type="button"
            disabled={busy}
            className={b.to === 'closed' ? 'button-quiet' : undefined}
            onClick={() => void run(() => api.patch(path, { status: b.to }), t('inbox.statusChanged'))}
            data-testid={`status-${b.to}`}
          >
            {t(b.label)}
          </button>
        ))}
      </p>
      <form onSubmit={assign} aria-labelledby="assign-heading">
        <h4 id="assign-heading">{t('inbox.assign.title')}</h4>
        <AssignPickers labels={labels} lookups={people} department={[departmentId, setDepartmentId]} person={[assigneeId, setAssigneeId]} />
        <button type="submit" disabled={busy} data-testid="assign">
          {t('inbox.assign.submit')}
        </button>
      </form>
      <form onSubmit={saveTags}>
        <div className="field">
          <label htmlFor="conversation-tags">{t('inbox.tags.label')}</label>
          <p className="hint" id="conversation-tags-hint">
            {t('inbox.tags.hint')}
          </p>
          <input id="conversation-tags" value={tags} onChange={(e) => setTags(e.target.value)} aria-describedby="conversation-tags-hint" data-testid="tags" />
        </div>
        <button type="submit" disabled={busy} data-testid="tags-save">
          {t('common.save')}
        </button>
      </form>
      {mergeable.length ? (
        <form onSubmit={(e) => void merge(e)}>
          <div className="field">
            <label htmlFor="merge-into">{t('inbox.merge.label')}</label>
            <select id="merge-into" value={intoId} onChange={(e) => setIntoId(e.target.value)} data-testid="merge-into">
              <Options blank={t('inbox.merge.choose')} choices={mergeable.map((r) => ({ value: r.id, label: r.subject }))} />
            </select>
          </div>
          <button type="submit" disabled={busy || !intoId} data-testid="merge">
            {t('inbox.merge.submit')}
          </button>
        </form>
      ) : null}
    </section>
  );
}
