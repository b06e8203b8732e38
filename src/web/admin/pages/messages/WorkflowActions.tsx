// The buttons of a message's workflow state, as the server says the signed-in staff member may use them (`can`):
// submit for review, approve or reject (one's own message: disabled with the reason), schedule, send now, cancel,
// correction. `beforeAction` lets the compose page save its changes first.
import { useId, useState } from 'react';
import { api, fieldErrorMap, tenantPath } from '../../api.ts';
import { TextField } from '../../components/Field.tsx';
import { useAction } from '../../components/useAction.ts';
import { Problem, Success } from '../../components/Problem.tsx';
import { useI18n } from '../../i18n.tsx';
import { paths } from '../../routes.ts';
import { navigate } from '../../router.tsx';
import type { MessageDetail } from './types.ts';
import { instantOfInput } from '../../components/zoned-input.ts';

type Step = 'submit' | 'approve' | 'reject' | 'schedule' | 'send' | 'cancel' | 'correction';

interface Props {
  slug: string;
  message: MessageDetail;
  onChanged: (next: MessageDetail) => void;
  /** Runs before each step (e.g. saving the form); false stops the step. */
  beforeAction?: () => Promise<boolean>;
}

export function WorkflowActions({ slug, message, onChanged, beforeAction }: Props) {
  const { t, tOr, timeZone } = useI18n();
  const action = useAction();
  const [reason, setReason] = useState('');
  const [at, setAt] = useState('');
  const blockedId = useId();
  const errors = fieldErrorMap(action.error);
  const can = message.can;
  const path = (step: Step) => tenantPath(slug, `/messages/${encodeURIComponent(message.id)}/${step}`);

  const run = async (step: Step, body?: unknown) => {
    if (beforeAction && !(await beforeAction())) return;
    await action.run(
      async () => {
        const next = await api.post<MessageDetail>(path(step), body);
        if (step === 'correction') navigate(paths.message(slug, next.id, true));
        else onChanged(next);
      },
      tOr(`messages.done.${step}`, t('messages.done.generic')),
    );
  };

  // a refusal worth explaining: one's own message (in another state, or without the role, there is no button)
  const showApprove = can.approve || can.approveBlockedBy === 'own_message';
  return (
    <section aria-labelledby="workflow-heading">
      <h2 id="workflow-heading" className="visually-hidden">
        {t('messages.workflow.heading')}
      </h2>
      <Problem error={errors.reason || errors.at ? null : action.error} />
      <Success>{action.done}</Success>
      <div className="workflow-actions">
        {can.submit ? (
          <button type="button" className="button-primary" data-testid="message-submit" disabled={action.busy} onClick={() => run('submit')}>
            {t('messages.action.submit')}
          </button>
        ) : null}
        {showApprove ? (
          <>
            <button
              type="button"
              className="button-primary"
              data-testid="message-approve"
              disabled={action.busy || !can.approve}
              aria-describedby={showApprove && !can.approve ? blockedId : undefined}
              onClick={() => run('approve')}
            >
              {t('messages.action.approve')}
            </button>
            {!can.approve && can.approveBlockedBy ? (
              <p id={blockedId} className="hint" data-testid="approve-blocked">
                {tOr(`messages.blocked.${can.approveBlockedBy}`, t('messages.blocked.generic'))}
              </p>
            ) : null}
          </>
        ) : null}
        {can.send ? (
          <button type="button" className="button-primary" data-testid="message-send" disabled={action.busy} onClick={() => run('send')}>
            {t('messages.action.send')}
          </button>
        ) : null}
        {can.cancel ? (
          <button type="button" className="button-danger" data-testid="message-cancel" disabled={action.busy} onClick={() => run('cancel')}>
            {t('messages.action.cancel')}
          </button>
        ) : null}
        {can.correct ? (
          <button type="button" data-testid="message-correction" disabled={action.busy} onClick={() => run('correction')}>
            {t('messages.action.correction')}
          </button>
        ) : null}
      </div>
      {can.needsApproval && !can.send && can.submit ? <p className="hint">{t('messages.workflow.needsApproval')}</p> : null}
      {can.reject ? (
        <form
          className="form form-row"
          onSubmit={(e) => {
            e.preventDefault();
            void run('reject', { reason });
          }}
        >
          <TextField id="reject-reason" label={t('messages.reject.reason')} value={reason} onValue={setReason} error={errors.reason} />
          <button type="submit" className="button-danger" data-testid="message-reject" disabled={action.busy}>
            {t('messages.action.reject')}
          </button>
        </form>
      ) : null}
      {can.schedule ? (
        <form
          className="form form-row"
          onSubmit={(e) => {
            e.preventDefault();
            void run('schedule', { at: instantOfInput(at, timeZone) ?? at });
          }}
        >
          <TextField id="schedule-at" type="datetime-local" label={t('messages.schedule.at')} value={at} onValue={setAt} error={errors.at} />
          <button type="submit" data-testid="message-schedule" disabled={action.busy}>
            {t('messages.action.schedule')}
          </button>
        </form>
      ) : null}
    </section>
  );
}
