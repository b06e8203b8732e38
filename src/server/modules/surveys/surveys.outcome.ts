// "Was wir daraus gemacht haben": staff save the outcome note of a survey and publish it once the survey has ended;
// publishing tells every resident who took part, in their language over their channel, with the link to the results
// (written through the delivery engine in the transaction, enqueued after the commit, as reports.notify.ts does).
import type { SurveyDetail } from '../../../common/contracts/surveys.ts';
import { t } from '../../i18n/index.ts';
import { type Actor, recordAudit } from '../../platform/audit.ts';
import type { AppDeps } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/client.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { enqueueSend, type PreparedSend, writeTransactional } from '../delivery/index.ts';
import { residentAddressee } from '../residents/index.ts';
import { surveyPortalUrl, surveyState } from './surveys.present.ts';
import * as repo from './surveys.repository.ts';
import { announceChange, getSurvey } from './surveys.service.ts';

export async function saveOutcome(deps: AppDeps, tenant: TenantRow, actor: Actor, id: string, text: string): Promise<SurveyDetail> {
  const published = await deps.db.withTenant(tenant.id, async (tx) => {
    const row = await repo.findSurvey(tx, id, { lock: true });
    if (!row) throw notFound('The survey');
    if (row.status === 'draft') throw new AppError('conflict', 'A draft has no outcome yet; publish the survey first.');
    await repo.updateSurvey(tx, id, { outcomeNote: text });
    await recordAudit(tx, tenant.id, actor, { action: 'survey.outcome', objectType: 'survey', objectId: id });
    return row.outcomePublishedAt !== null;
  });
  // a published note is on the portal: it follows the edit
  if (published) announceChange(tenant.id, id);
  return getSurvey(deps, tenant, id);
}

async function writeOutcomeMessages(deps: AppDeps, tx: Tx, tenant: TenantRow, actor: Actor, row: repo.SurveyRow): Promise<PreparedSend[]> {
  const out: PreparedSend[] = [];
  const link = `${surveyPortalUrl(deps, tenant, row.id)}/results`;
  for (const residentId of await repo.participantResidents(tx, row.id)) {
    const to = await residentAddressee(deps, tx, residentId, tenant.locale, tenant.id);
    if (!to) continue;
    const vars = { tenant: tenant.name, title: row.title, link };
    try {
      const sent = await writeTransactional(deps, tx, tenant.id, actor, {
        channel: to.channel,
        to: to.to,
        subject: to.channel === 'email' ? t(to.locale, 'surveys.outcome.subject', vars) : undefined,
        text: t(to.locale, to.channel === 'sms' ? 'surveys.outcome.sms' : 'surveys.outcome.body', vars),
      });
      if (sent) out.push(sent);
    } catch (err) {
      // an address the engine refuses must not undo the publication; log the code and channel only (no personal data)
      deps.log.warn({ code: (err as { code?: string }).code ?? 'error', channel: to.channel, tenant: tenant.slug }, 'survey outcome message not written');
    }
  }
  return out;
}

/** Publishes the saved note (once, after the end) and tells the participants; returns the survey and how many were told. */
export async function publishOutcome(deps: AppDeps, tenant: TenantRow, actor: Actor, id: string, now = new Date()): Promise<SurveyDetail> {
  const sends = await deps.db.withTenant(tenant.id, async (tx) => {
    const row = await repo.findSurvey(tx, id, { lock: true });
    if (!row) throw notFound('The survey');
    if (surveyState(row, now) !== 'ended') throw new AppError('conflict', 'The outcome is published after the survey has ended.');
    if (!row.outcomeNote.trim())
      throw new AppError('unprocessable', 'Write the outcome note first.', [{ pointer: '/outcomeNote', detail: 'is empty', code: 'required' }]);
    if (row.outcomePublishedAt) throw new AppError('conflict', 'The outcome is already published; edits to the note show at once.');
    await repo.updateSurvey(tx, id, { outcomePublishedAt: now });
    const prepared = await writeOutcomeMessages(deps, tx, tenant, actor, row);
    await recordAudit(tx, tenant.id, actor, { action: 'survey.outcome_publish', objectType: 'survey', objectId: id, details: { messages: prepared.length } });
    return prepared;
  });
  for (const s of sends) await enqueueSend(deps, s);
  announceChange(tenant.id, id);
  return getSurvey(deps, tenant, id);
}
