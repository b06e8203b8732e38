// What staff may do with one event, by its status and their permission: publish a draft, edit, cancel with a reason
// (everyone who answered gets a notice, and the form says so), delete a draft, and invite (the server drafts a message
// announcing the event; the console opens it to choose the audience, approve and send as any message).
import { type FormEvent, useState } from 'react';
import { CAMPAIGN_CHANNELS, type CampaignChannel } from '../../../../common/states.ts';
import { api } from '../../api.ts';
import { TextArea } from '../../components/Field.tsx';
import { SubmitButton, useSubmit } from '../../components/Form.tsx';
import { CheckFieldset, toggled } from '../../components/CheckList.tsx';
import { Problem, Success } from '../../components/Problem.tsx';
import { useAction } from '../../components/useAction.ts';
import { useI18n } from '../../i18n.tsx';
import { paths } from '../../routes.ts';
import { Link, navigate } from '../../router.tsx';
import { reportFieldErrors } from '../reports/errors.ts';
import { type EventDetail, type EventsContext, eventPath } from './types.ts';

export function EventActions({ ctx, event: e }: { ctx: EventsContext; event: EventDetail }) {
  const { t } = useI18n();
  const action = useAction();
  const [open, setOpen] = useState<'cancel' | 'invite' | null>(null);
  if (!ctx.canWrite) return null;
  const path = eventPath(ctx.slug, e.id);

  const publish = () => void action.run(() => api.post(`${path}/publish`), t('events.published'));
  const remove = async () => {
    if (!window.confirm(t('events.confirmDelete', { title: e.title }))) return;
    if (await action.run(() => api.del(path), t('events.deleted'))) navigate(paths.events(ctx.slug, 'drafts'));
  };

  return (
    <section className="card" aria-labelledby="event-actions-heading" data-testid="event-actions">
      <h2 id="event-actions-heading">{t('events.actions')}</h2>
      <Problem error={action.error} />
      <Success>{action.done}</Success>
      <p className="button-group">
        {e.status === 'draft' ? (
          <button type="button" className="button-primary" onClick={publish} disabled={action.busy} data-testid="event-publish">
            {t('events.publish')}
          </button>
        ) : null}
        {e.status === 'cancelled' ? null : (
          <Link to={paths.events(ctx.slug, `${e.id}/edit`)} className="event-cta" data-testid="event-edit">
            {t('events.edit')}
          </Link>
        )}
        {e.status === 'published' ? (
          <>
            <button type="button" onClick={() => setOpen(open === 'invite' ? null : 'invite')} aria-expanded={open === 'invite'} data-testid="event-invite">
              {t('events.invite')}
            </button>
            <button
              type="button"
              className="button-danger"
              onClick={() => setOpen(open === 'cancel' ? null : 'cancel')}
              aria-expanded={open === 'cancel'}
              data-testid="event-cancel"
            >
              {t('events.cancel')}
            </button>
          </>
        ) : null}
        {e.status === 'draft' ? (
          <button type="button" className="button-danger" onClick={() => void remove()} disabled={action.busy} data-testid="event-delete">
            {t('events.delete')}
          </button>
        ) : null}
      </p>
      {e.invitationId ? (
        <p className="hint">
          <Link to={paths.message(ctx.slug, e.invitationId)} data-testid="event-invitation-link">
            {t('events.invitationLink')}
          </Link>
        </p>
      ) : null}
      {open === 'cancel' && e.status === 'published' ? <CancelForm path={path} event={e} onDone={() => setOpen(null)} /> : null}
      {open === 'invite' && e.status === 'published' ? <InviteForm path={path} slug={ctx.slug} /> : null}
    </section>
  );
}

function CancelForm({ path, event: e, onDone }: { path: string; event: EventDetail; onDone: () => void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const action = useAction(onDone);
  const [missing, setMissing] = useState(false);
  // a "yes" counts once whether it holds a place or waits; "no" hears nothing more
  const answered = e.counts.yes + e.counts.maybe;
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    setMissing(!reason.trim());
    if (reason.trim()) void action.run(() => api.post(`${path}/cancel`, { reason: reason.trim() }), t('events.cancelled'));
  };
  return (
    <form className="form event-inline-form" onSubmit={submit} noValidate aria-labelledby="event-cancel-heading" data-testid="event-cancel-form">
      <h3 id="event-cancel-heading">{t('events.cancelTitle')}</h3>
      <p className="alert alert-warning" id="event-cancel-warning">
        {answered ? t('events.cancelWarning', { count: answered }) : t('events.cancelWarningNone')}
      </p>
      <Problem error={action.error} />
      <TextArea
        id="event-cancel-reason"
        rows={3}
        label={t('events.cancelReason')}
        hint={t('events.cancelReasonHint')}
        value={reason}
        maxLength={2000}
        onValue={setReason}
        error={missing ? t('events.cancelReasonMissing') : reportFieldErrors(action.error).reason}
        describedBy="event-cancel-warning"
        data-testid="event-cancel-reason"
      />
      <SubmitButton variant="danger" busy={action.busy} testId="event-cancel-confirm">
        {t('events.cancelConfirm')}
      </SubmitButton>
    </form>
  );
}

function InviteForm({ path, slug }: { path: string; slug: string }) {
  const { t, tOr } = useI18n();
  const [channels, setChannels] = useState<CampaignChannel[]>(['email', 'push', 'portal']);
  const form = useSubmit();
  const errors = reportFieldErrors(form.error);
  const submit = form.handle(async () => {
    const made = await api.post<{ messageId: string }>(`${path}/invite`, { channels });
    navigate(paths.message(slug, made.messageId));
  });
  return (
    <form className="form event-inline-form" onSubmit={submit} noValidate aria-labelledby="event-invite-heading" data-testid="event-invite-form">
      <h3 id="event-invite-heading">{t('events.inviteTitle')}</h3>
      <p className="hint">{t('events.inviteHint')}</p>
      <Problem error={form.error} />
      <CheckFieldset
        legend={t('events.inviteChannels')}
        options={CAMPAIGN_CHANNELS.map((c) => ({ value: c, label: tOr(`messages.channel.${c}`, c) }))}
        idPrefix="event-invite-"
        isChecked={(c) => channels.includes(c)}
        onToggle={(c) => setChannels(toggled(channels, c))}
        error={errors.channels}
      />
      <SubmitButton busy={form.busy} testId="event-invite-submit">
        {t('events.inviteSubmit')}
      </SubmitButton>
    </form>
  );
}
