// SMS replies to a one-question poll: a resident who got the announcement of an open `sms_replies` survey by SMS
// answers "1", "2", … (yes/no also "ja"/"nein"/"yes"/"no"). The inbox threader hands such a reply here before it
// becomes a task; the vote is recorded in the threader's transaction, the resident gets a confirmation (or the reason
// it was not counted) through the delivery engine after the commit, and the conversation logs it like a keyword.
// Anything else (no poll reached this resident, words that are no answer) returns null and goes to the inbox as today.
import { inArray, sql } from 'drizzle-orm';
import { asLocale, type Locale, t } from '../../i18n/index.ts';
import type { Actor } from '../../platform/audit.ts';
import type { AppDeps } from '../../platform/context.ts';
import { queryRows, type Tx } from '../../platform/db/client.ts';
import { surveys } from '../../platform/db/schema.ts';
import { enqueueSend, type PreparedSend, writeTransactional } from '../delivery/index.ts';
import { emitSurveyChanged, loadQuestions, type QuestionRow, recordResponse, refusalOf, type SurveyRow, surveyPhase } from './responses.service.ts';

const SYSTEM: Actor = { userId: null, email: 'system', ip: null, userAgent: null, requestId: null };
/** A poll that ended this long ago still explains "ended"; older ones leave the reply to the inbox. */
const ENDED_GRACE_MS = 14 * 24 * 3600_000;
/** Replies stored long before they are threaded are recorded, but nobody gets an SMS about them a day later. */
const FRESH_MS = 24 * 3600_000;

export type PollReplyResult = 'counted' | 'already-participated' | 'ended' | 'not-started' | 'invalid';

export interface PollReplyOutcome {
  event: { type: 'survey-reply'; surveyId: string; result: PollReplyResult; confirmation: 'sent' | 'not-sent' };
  after: () => Promise<void>;
}

export interface PollReplyInput {
  tenantId: string;
  residentId: string | null;
  /** The sender's number (E.164), where the confirmation goes. */
  phone: string;
  text: string;
  language: string | null;
  receivedAt: Date;
}

type Reply = { digit: number } | { word: 'yes' | 'no' };

/** "1" … "9", or ja/nein/yes/no, with stray spaces and a full stop or exclamation mark allowed; else null. */
export function pollReplyOf(text: string): Reply | null {
  const s = text
    .trim()
    .toLowerCase()
    .replace(/[.!]+$/, '')
    .trim();
  if (/^[1-9]$/.test(s)) return { digit: Number(s) };
  if (s === 'ja' || s === 'yes') return { word: 'yes' };
  if (s === 'nein' || s === 'no') return { word: 'no' };
  return null;
}

/** The poll this resident was sent by SMS most recently: an open one first, else one that ended lately. */
async function pollFor(tx: Tx, residentId: string, phone: string, now: Date): Promise<SurveyRow | null> {
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`select s.id from surveys s
         where s.sms_replies and s.status <> 'draft' and s.announcement_id is not null
           and exists (select 1 from messages m join deliveries d on d.tenant_id = m.tenant_id and d.message_id = m.id
                        where m.campaign_id = s.announcement_id and d.channel = 'sms'
                          and (d.resident_id = ${residentId} or d.recipient = ${phone}))
         order by s.published_at desc nulls last limit 5`,
  );
  if (!rows.length) return null;
  const list = await tx
    .select()
    .from(surveys)
    .where(
      inArray(
        surveys.id,
        rows.map((r) => r.id),
      ),
    );
  const open = list.find((s) => surveyPhase(s, now) === 'open');
  if (open) return open;
  const ended = list.find((s) => {
    const end = s.closedAt ?? s.endsAt;
    return surveyPhase(s, now) === 'ended' && end && now.getTime() - end.getTime() < ENDED_GRACE_MS;
  });
  return ended ?? null;
}

/** The option a reply names, or null when it names none of this question's. */
function optionOf(q: QuestionRow, reply: Reply): { key: string; label: string } | null {
  if (q.kind === 'yes_no') {
    const key = 'word' in reply ? reply.word : reply.digit === 1 ? 'yes' : reply.digit === 2 ? 'no' : null;
    return key ? { key, label: key } : null;
  }
  if (!('digit' in reply)) return null;
  return q.options[reply.digit - 1] ?? null;
}

function replyText(locale: Locale, result: PollReplyResult, q: QuestionRow, option: { key: string; label: string } | null): string {
  const answer = q.kind === 'yes_no' && option ? t(locale, option.key === 'yes' ? 'surveys.sms.yes' : 'surveys.sms.no') : (option?.label ?? '');
  if (result === 'counted') return t(locale, 'surveys.sms.counted', { answer });
  if (result === 'already-participated') return t(locale, 'surveys.sms.already');
  if (result === 'invalid') return t(locale, 'surveys.sms.invalid', { max: String(q.kind === 'yes_no' ? 2 : q.options.length) });
  return t(locale, result === 'ended' ? 'surveys.sms.ended' : 'surveys.sms.notStarted');
}

/** Handles an SMS that answers a poll; null when it is none (the threader files it in the inbox as before). */
export async function handlePollReply(deps: AppDeps, tx: Tx, input: PollReplyInput): Promise<PollReplyOutcome | null> {
  const reply = pollReplyOf(input.text);
  if (!reply || !input.residentId) return null;
  const survey = await pollFor(tx, input.residentId, input.phone, input.receivedAt);
  if (!survey) return null;
  const [q] = await loadQuestions(tx, survey.id);
  if (!q || (q.kind !== 'single' && q.kind !== 'yes_no')) return null;
  const option = optionOf(q, reply);
  if (!option && q.kind === 'single' && !('digit' in reply)) return null; // "ja" to a choice poll is a message, not a vote
  const locale = asLocale(input.language);
  let result: PollReplyResult = 'invalid';
  if (option) {
    try {
      const voter = { kind: 'resident' as const, residentId: input.residentId };
      await recordResponse(tx, input.tenantId, survey.id, voter, { [q.id]: { choices: [option.key] } }, 'sms', { language: locale, now: input.receivedAt });
      result = 'counted';
    } catch (err) {
      const reason = refusalOf(err);
      if (!reason || reason === 'residents_only') return null; // not theirs to answer: a message for the inbox
      result = reason === 'already_participated' ? 'already-participated' : reason === 'not_started' ? 'not-started' : 'ended';
    }
  }
  let prepared: PreparedSend | null = null;
  if (Date.now() - input.receivedAt.getTime() < FRESH_MS) {
    try {
      prepared = await writeTransactional(deps, tx, input.tenantId, SYSTEM, { channel: 'sms', to: input.phone, text: replyText(locale, result, q, option) });
    } catch (err) {
      // a sender id that is no phone number cannot be answered; the vote stands
      // the error's text names the number: log its code only
      deps.log.warn({ tenant: input.tenantId, code: (err as { code?: string }).code ?? 'error' }, 'poll confirmation not sent');
    }
  }
  const counted = result === 'counted';
  return {
    event: { type: 'survey-reply', surveyId: survey.id, result, confirmation: prepared ? 'sent' : 'not-sent' },
    after: async () => {
      if (prepared) await enqueueSend(deps, prepared);
      if (counted) emitSurveyChanged(input.tenantId, survey.id);
    },
  };
}
