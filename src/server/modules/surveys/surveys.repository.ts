// SQL of the surveys' staff side: surveys and their questions, the list in keyset pages, whether anyone answered,
// and closing surveys past their end. Every function takes the caller's tenant transaction.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { SurveyState } from '../../../common/contracts/surveys.ts';
import { queryRows, type Tx } from '../../platform/db/client.ts';
import { updateStamped } from '../../platform/stamped-update.ts';
import { surveyQuestions, surveys } from '../../platform/db/schema.ts';

export type SurveyRow = typeof surveys.$inferSelect;
export type QuestionRow = typeof surveyQuestions.$inferSelect;
export type NewQuestion = Omit<typeof surveyQuestions.$inferInsert, 'tenantId' | 'surveyId'>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Whether a string can be an id at all (anything else is "not found", not a database error). */
export const isUuid = (value: string) => UUID.test(value);

export async function findSurvey(tx: Tx, id: string, opts: { lock?: boolean } = {}): Promise<SurveyRow | null> {
  if (!isUuid(id)) return null;
  const query = tx.select().from(surveys).where(eq(surveys.id, id));
  const [row] = opts.lock ? await query.for('update') : await query;
  return row ?? null;
}

export async function listQuestions(tx: Tx, surveyId: string): Promise<QuestionRow[]> {
  return tx.select().from(surveyQuestions).where(eq(surveyQuestions.surveyId, surveyId)).orderBy(asc(surveyQuestions.position));
}

export async function insertSurvey(tx: Tx, values: typeof surveys.$inferInsert): Promise<SurveyRow> {
  const [row] = await tx.insert(surveys).values(values).returning();
  return row;
}

export async function updateSurvey(tx: Tx, id: string, patch: Partial<SurveyRow>) {
  await updateStamped(tx, surveys, id, patch);
}

export async function deleteSurvey(tx: Tx, id: string) {
  await tx.delete(surveyQuestions).where(eq(surveyQuestions.surveyId, id));
  await tx.delete(surveys).where(eq(surveys.id, id));
}

/** Replaces the question list: kept ids are updated in place, missing ones deleted, new ones inserted. */
export async function replaceQuestions(tx: Tx, tenantId: string, surveyId: string, questions: NewQuestion[]) {
  const keep = questions.flatMap((q) => (q.id ? [q.id] : []));
  const existing = await listQuestions(tx, surveyId);
  for (const old of existing) if (!keep.includes(old.id)) await tx.delete(surveyQuestions).where(eq(surveyQuestions.id, old.id));
  const known = new Set(existing.map((q) => q.id));
  for (const q of questions) {
    if (q.id && known.has(q.id)) {
      const { id, ...rest } = q;
      await tx
        .update(surveyQuestions)
        .set(rest)
        .where(and(eq(surveyQuestions.id, id), eq(surveyQuestions.surveyId, surveyId)));
    } else {
      await tx.insert(surveyQuestions).values({ ...q, tenantId, surveyId });
    }
  }
}

/** Whether anyone answered: questions are locked from then on (counted, so erasure cannot unlock them by accident). */
export async function hasResponses(tx: Tx, surveyId: string): Promise<boolean> {
  const [r] = await queryRows<{ any: boolean }>(tx, sql`select exists (select 1 from survey_responses where survey_id = ${surveyId}) as any`);
  return Boolean(r?.any);
}

/** The effective state in SQL, so the list filters by what a survey is now, not by what the closing job did. */
export function stateSql(now: Date) {
  const at = now.toISOString();
  return sql`case when s.status = 'draft' then 'draft'
                  when s.status = 'closed' or (s.ends_at is not null and s.ends_at <= ${at}::timestamptz) then 'ended'
                  when s.starts_at is not null and s.starts_at > ${at}::timestamptz then 'upcoming'
                  else 'open' end`;
}

export interface ListFilter {
  status?: string;
  state?: SurveyState;
  q?: string;
  cursor?: { createdAt: string; id: string } | null;
  limit: number;
}

/** Newest first, in keyset pages of (created_at, id); `at` is created_at exactly as stored, for the next cursor. */
export async function listSurveyRows(tx: Tx, f: ListFilter, now: Date): Promise<Array<SurveyRow & { at: string }>> {
  const conds = [sql`true`];
  if (f.status) conds.push(sql`s.status = ${f.status}`);
  if (f.state) conds.push(sql`${stateSql(now)} = ${f.state}`);
  if (f.q) conds.push(sql`s.title ilike ${`%${escapeLike(f.q)}%`}`);
  if (f.cursor) conds.push(sql`(s.created_at, s.id) < (${f.cursor.createdAt}::timestamptz, ${f.cursor.id}::uuid)`);
  const ids = await queryRows<{ id: string; at: string }>(
    tx,
    sql`select s.id, s.created_at::text as at from surveys s where ${sql.join(conds, sql` and `)} order by s.created_at desc, s.id desc limit ${f.limit + 1}`,
  );
  if (!ids.length) return [];
  const rows = await tx
    .select()
    .from(surveys)
    .where(
      sql`${surveys.id} in (${sql.join(
        ids.map((r) => sql`${r.id}::uuid`),
        sql`, `,
      )})`,
    );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((r) => (byId.has(r.id) ? [{ ...byId.get(r.id)!, at: r.at }] : []));
}

const PG_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d{1,6})?([+-](?:0\d|1[0-5]))(:[0-5]\d)?$/;

/** A time from a cursor (as PostgreSQL wrote it); anything PostgreSQL would not read back is not a cursor. */
export function isCursorTime(value: string): boolean {
  const m = PG_TIME.exec(value);
  if (!m || m[1] < '0001') return false;
  const iso = `${m[1]}T${m[2]}${m[4]}${m[5] ?? ':00'}`;
  const parsed = new Date(iso);
  // a date that rolls over (31 February) is not one PostgreSQL takes
  return !Number.isNaN(parsed.getTime()) && new Date(`${m[1]}T00:00:00Z`).toISOString().slice(0, 10) === m[1];
}

/** `%`, `_` and `\` in a search are meant literally. */
export const escapeLike = (q: string) => q.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Published surveys whose end has passed become closed (closed_at is the end itself); returns their ids. */
export async function closeDueSurveys(tx: Tx, now: Date): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`update surveys set status = 'closed', closed_at = ends_at, updated_at = ${now.toISOString()}::timestamptz
         where status = 'published' and ends_at is not null and ends_at <= ${now.toISOString()}::timestamptz
         returning id`,
  );
  return rows.map((r) => r.id);
}

/** Residents who took part (also in anonymous surveys: the participant row says that, never what). */
export async function participantResidents(tx: Tx, surveyId: string): Promise<string[]> {
  const rows = await queryRows<{ residentId: string }>(
    tx,
    sql`select distinct resident_id as "residentId" from survey_participants where survey_id = ${surveyId} and resident_id is not null`,
  );
  return rows.map((r) => r.residentId);
}
