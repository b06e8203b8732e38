// What staff may do with a survey in its state: a draft is edited, published or deleted; a running survey is edited
// (texts and end), closed now, or announced (a message draft to the survey's audience, opened for approval and sending
// in Nachrichten). A refusal from the server names the field that stops it (e.g. SMS replies need one question).
import { useState } from 'react';
import { CAMPAIGN_CHANNELS, type CampaignChannel } from '../../../../common/states.ts';
import { ApiError, api } from '../../api.ts';
import { Checkbox } from '../../components/Field.tsx';
import { Problem, Success } from '../../components/Problem.tsx';
import { useAction } from '../../components/useAction.ts';
import { translateFieldError, useI18n } from '../../i18n.tsx';
import { paths } from '../../routes.ts';
import { Link, navigate } from '../../router.tsx';
import { type SurveyDetail, type SurveysContext, surveyPath } from './types.ts';
import { Fieldset } from '../../components/Fieldset.tsx';

type Confirm = 'delete' | 'close' | null;

/** A refusal that names fields: what stops it, each with the field it names; any other error as a sentence. */
function ActionProblem({ error }: { error: unknown }) {
  const { t, tOr } = useI18n();
  if (!(error instanceof ApiError) || error.fieldErrors.length === 0) return <Problem error={error} />;
  return (
    <div className="alert alert-error" role="alert" data-testid="survey-action-errors">
      <p>{t('surveys.actions.refused')}</p>
      <ul className="field-error-list">
        {error.fieldErrors.map((e) => {
          const key = e.pointer.replace(/^\/body\/?/, '').split('/')[0] || 'survey';
          return (
            <li key={`${e.pointer}:${e.detail}`}>
              {tOr(`surveys.pointer.${key}`, key)}: {translateFieldError(e)}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

export function SurveyActions({ ctx, survey: s }: { ctx: SurveysContext; survey: SurveyDetail }) {
  const { t } = useI18n();
  const action = useAction();
  const [confirm, setConfirm] = useState<Confirm>(null);
  const [channels, setChannels] = useState<CampaignChannel[]>(s.smsReplies ? ['sms', 'email', 'portal'] : ['email', 'portal']);
  if (!ctx.canWrite) return null;
  const post = (step: string, body?: unknown) => api.post<unknown>(surveyPath(ctx.slug, s.id, `/${step}`), body);
  const running = s.status === 'published' && s.state !== 'ended';

  const publish = () => action.run(() => post('publish'), t('surveys.done.published'));
  const close = () => action.run(() => post('close'), t('surveys.done.closed')).then(() => setConfirm(null));
  const remove = () =>
    action.run(async () => {
      await api.del(surveyPath(ctx.slug, s.id));
      navigate(paths.surveys(ctx.slug));
    }, t('surveys.done.deleted'));
  const announce = () =>
    action.run(async () => {
      const { messageId } = (await post('announce', { channels })) as { messageId: string };
      navigate(paths.message(ctx.slug, messageId));
    }, t('surveys.done.announced'));

  return (
    <section aria-labelledby="survey-actions-heading" className="survey-actions">
      <h3 id="survey-actions-heading">{t('surveys.actions.heading')}</h3>
      <ActionProblem error={action.error} />
      <Success>{action.done}</Success>
      <p className="button-row">
        {s.status !== 'closed' ? (
          <Link to={paths.surveys(ctx.slug, `${s.id}/edit`)} data-testid="survey-edit">
            {s.status === 'draft' ? t('surveys.actions.edit') : t('surveys.actions.editTexts')}
          </Link>
        ) : null}
        {s.status === 'draft' ? (
          <>
            <button type="button" className="button-primary" disabled={action.busy} onClick={publish} data-testid="survey-publish">
              {t('surveys.actions.publish')}
            </button>
            <button type="button" className="button-danger" disabled={action.busy} onClick={() => setConfirm('delete')} data-testid="survey-delete">
              {t('surveys.actions.delete')}
            </button>
          </>
        ) : null}
        {running ? (
          <button type="button" className="button-danger" disabled={action.busy} onClick={() => setConfirm('close')} data-testid="survey-close">
            {t('surveys.actions.close')}
          </button>
        ) : null}
      </p>
      {s.status === 'draft' ? <p className="hint">{t('surveys.actions.publishHint')}</p> : null}
      {confirm ? (
        <div className="alert alert-warning" role="alertdialog" aria-labelledby="survey-confirm-text">
          <p id="survey-confirm-text">{confirm === 'delete' ? t('surveys.confirm.delete') : t('surveys.confirm.close', { count: s.responseCount })}</p>
          <p className="button-row">
            <button type="button" className="button-danger" disabled={action.busy} onClick={confirm === 'delete' ? remove : close} data-testid="survey-confirm">
              {confirm === 'delete' ? t('surveys.actions.delete') : t('surveys.actions.close')}
            </button>
            <button type="button" onClick={() => setConfirm(null)}>
              {t('surveys.confirm.keep')}
            </button>
          </p>
        </div>
      ) : null}
      {running && ctx.canAnnounce ? (
        <form
          className="form survey-announce"
          onSubmit={(e) => {
            e.preventDefault();
            void announce();
          }}
        >
          <Fieldset legend={t('surveys.announce.legend')} hint={t('surveys.announce.hint')}>
            {CAMPAIGN_CHANNELS.map((c) => (
              <Checkbox
                key={c}
                id={`announce-${c}`}
                label={t(`surveys.channel.${c}`)}
                checked={channels.includes(c)}
                onChange={() => setChannels((list) => (list.includes(c) ? list.filter((x) => x !== c) : [...list, c]))}
              />
            ))}
          </Fieldset>
          <button type="submit" disabled={action.busy} data-testid="survey-announce">
            {t('surveys.actions.announce')}
          </button>
        </form>
      ) : null}
    </section>
  );
}
