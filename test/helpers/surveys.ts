// Survey answers written straight into the tables (participant, response, answers, count), as the answering service
// stores them, so staff-side tests set up results without depending on the portal's rules.
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/server/platform/db/client.ts';
import { surveyAnswers, surveyParticipants } from '../../src/server/platform/db/schema.ts';
import type { TestApp } from './app.ts';

export interface StoredAnswer {
  choices?: string[];
  number?: number;
  text?: string;
}

/** One response by a resident (or, with null, a link voter); anonymous surveys store no resident on the response. */
export async function answerSurvey(t: TestApp, surveyId: string, residentId: string | null, answers: Record<string, StoredAnswer>): Promise<string> {
  const tenantId = t.tenant.id;
  return t.deps.db.withTenant(tenantId, async (tx) => {
    const [s] = await queryRows<{ anonymous: boolean }>(tx, sql`select anonymous from surveys where id = ${surveyId}`);
    const voterKey = residentId ? `resident:${residentId}` : `link:${crypto.randomUUID()}`;
    await tx.insert(surveyParticipants).values({ tenantId, surveyId, voterKey, residentId, channel: 'portal' });
    const keep = residentId && !s.anonymous ? residentId : null;
    const [{ id }] = await queryRows<{ id: string }>(
      tx,
      sql`insert into survey_responses (tenant_id, survey_id, resident_id, channel, submitted_at)
          values (${tenantId}, ${surveyId}, ${keep}, 'portal', ${s.anonymous ? sql`date_trunc('day', now(), 'UTC')` : sql`clock_timestamp()`})
          returning id`,
    );
    const rows = Object.entries(answers).map(([questionId, a]) => ({
      tenantId,
      responseId: id,
      surveyId,
      questionId,
      choices: a.choices ?? null,
      number: a.number ?? null,
      text: a.text ?? null,
    }));
    if (rows.length) await tx.insert(surveyAnswers).values(rows);
    await tx.execute(sql`update surveys set response_count = response_count + 1 where id = ${surveyId}`);
    return id;
  });
}
