// Announcing a survey: a DRAFT message (the messages module's createMessage) to the survey's audience that links the
// resident page; it then goes through the normal approval and sending. For an SMS poll the SMS version lists the
// answers ("Antworten Sie mit 1 für …"): replies to this message's deliveries are counted as votes.
import type { SurveyAnnounceInput } from '../../../common/contracts/surveys.ts';
import { analyzeSms } from '../../../common/sms/segments.ts';
import { type Locale, t } from '../../i18n/index.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { AppDeps } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { createMessage, messageSettingsOf, type Staff } from '../messages/index.ts';
import { surveyPortalUrl, surveyState } from './surveys.present.ts';
import * as repo from './surveys.repository.ts';
import { dateFormat } from '../../../common/date-format.ts';

const LANG: Locale = 'de';
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text);

function endText(tenant: TenantRow, endsAt: Date | null): string {
  if (!endsAt) return '';
  const when = dateFormat('de-DE', { dateStyle: 'long', timeStyle: 'short', timeZone: tenant.timeZone }).format(endsAt);
  return t(LANG, 'surveys.announce.until', { when });
}

/** "1 für Ja, 2 für Nein": labels shortened step by step until the SMS fits the municipality's part limit. */
export function smsPollText(tenant: TenantRow, title: string, options: Array<{ label: string }>, link: string, maxParts: number): string | null {
  for (const width of [200, 40, 20, 10]) {
    const answers = options.map((o, i) => t(LANG, 'surveys.announce.smsOption', { n: String(i + 1), label: clip(o.label, width) })).join(', ');
    const text = t(LANG, 'surveys.announce.sms', { tenant: tenant.name, title: clip(title, width * 2), answers, link });
    if (analyzeSms(text).segments <= maxParts) return text;
  }
  return null;
}

async function checkAnnounceable(deps: AppDeps, tenant: TenantRow, id: string) {
  return deps.db.withTenant(tenant.id, async (tx) => {
    const row = await repo.findSurvey(tx, id);
    if (!row) throw notFound('The survey');
    const state = surveyState(row);
    if (state === 'draft' || state === 'ended')
      throw new AppError('conflict', `Only a published survey that has not ended is announced (this one is ${state}).`);
    if (row.announcementId) throw new AppError('conflict', 'The survey is already announced; open its message.', [], { messageId: row.announcementId });
    return { row, questions: await repo.listQuestions(tx, id) };
  });
}

export async function announceSurvey(deps: AppDeps, tenant: TenantRow, actor: Staff, id: string, input: SurveyAnnounceInput): Promise<{ messageId: string }> {
  const { row, questions } = await checkAnnounceable(deps, tenant, id);
  const link = surveyPortalUrl(deps, tenant, id);
  const body = [
    row.intro ? clip(row.intro, 1500) : t(LANG, 'surveys.announce.lead', { tenant: tenant.name }),
    `[${t(LANG, 'surveys.announce.cta')}](${link})`,
    endText(tenant, row.endsAt),
  ]
    .filter(Boolean)
    .join('\n\n');
  const versions = [];
  if (row.smsReplies && input.channels.includes('sms')) {
    const text = smsPollText(tenant, row.title, questions[0]?.options ?? [], link, messageSettingsOf(tenant).smsMaxParts);
    if (!text)
      throw new AppError('unprocessable', 'The SMS with all answers is too long.', [
        { pointer: '/channels', detail: 'the SMS poll does not fit', code: 'too_big' },
      ]);
    versions.push({ language: LANG, channel: 'sms' as const, text });
  }
  const message = await createMessage(deps, actor, tenant, {
    title: clip(t(LANG, 'surveys.announce.title', { title: row.title }), 200),
    body,
    topic: row.topic,
    audience: row.audience,
    channels: input.channels,
    ...(versions.length ? { versions } : {}),
  });
  await deps.db.withTenant(tenant.id, async (tx) => {
    await repo.updateSurvey(tx, id, { announcementId: message.id });
    await recordAudit(tx, tenant.id, actor, {
      action: 'survey.announce',
      objectType: 'survey',
      objectId: id,
      details: { messageId: message.id, channels: input.channels },
    });
  });
  return { messageId: message.id };
}
