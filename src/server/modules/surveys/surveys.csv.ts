// The CSV export of a survey: one row per response, one column per question, `;` as German spreadsheets expect and a
// byte order mark so Excel reads UTF-8. Anonymous surveys (and link polls) carry no resident column; otherwise the
// resident's id and name are in it, so the export is audited with that said.
import { sql } from 'drizzle-orm';
import type { Actor } from '../../platform/audit.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { AppDeps } from '../../platform/context.ts';
import { queryRows, type Tx } from '../../platform/db/client.ts';
import { notFound } from '../../platform/errors.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { unseal } from '../residents/index.ts';
import * as repo from './surveys.repository.ts';

const PAGE = 1000;

// a cell that starts like a formula would run in a spreadsheet
export function csvCell(value: string | number | null | undefined): string {
  const v = value === null || value === undefined ? '' : String(value);
  const safe = /^[=@+\-\t\r]/.test(v) && typeof value !== 'number' ? `'${v}` : v;
  return /[";\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

interface ResponseRow {
  id: string;
  residentId: string | null;
  nameEnc: string | null;
  channel: string;
  submittedAt: string | Date;
  /** The exact time as PostgreSQL writes it (microseconds, which a JS date would lose) for the next page. */
  at: string;
}
interface AnswerRow {
  responseId: string;
  questionId: string;
  choices: string[] | null;
  number: number | null;
  text: string | null;
}

function answerCell(q: repo.QuestionRow, a: AnswerRow | undefined): string | number | null {
  if (!a) return null;
  if (q.kind === 'rating') return a.number;
  if (q.kind === 'text') return a.text;
  const label = (key: string) => q.options.find((o) => o.key === key)?.label ?? key;
  return (a.choices ?? []).map(label).join(q.kind === 'ranking' ? ' > ' : ', ');
}

async function responsePage(tx: Tx, surveyId: string, after: { at: string; id: string } | null): Promise<ResponseRow[]> {
  return queryRows<ResponseRow>(
    tx,
    sql`select r.id, r.resident_id as "residentId", p.name_enc as "nameEnc", r.channel, r.submitted_at as "submittedAt", r.submitted_at::text as at
          from survey_responses r left join residents p on p.id = r.resident_id
         where r.survey_id = ${surveyId} ${after ? sql`and (r.submitted_at, r.id) > (${after.at}::timestamptz, ${after.id}::uuid)` : sql``}
         order by r.submitted_at, r.id limit ${PAGE}`,
  );
}

async function answersOf(tx: Tx, surveyId: string, ids: string[]): Promise<Map<string, AnswerRow>> {
  const rows = await queryRows<AnswerRow>(
    tx,
    sql`select response_id as "responseId", question_id as "questionId", choices, number, text from survey_answers
         where survey_id = ${surveyId} and response_id in (${sql.join(
           ids.map((id) => sql`${id}::uuid`),
           sql`, `,
         )})`,
  );
  return new Map(rows.map((a) => [`${a.responseId}:${a.questionId}`, a]));
}

export async function surveyCsv(deps: AppDeps, tenant: TenantRow, actor: Actor, surveyId: string): Promise<{ csv: string; title: string }> {
  return deps.db.withTenant(tenant.id, async (tx) => {
    const survey = await repo.findSurvey(tx, surveyId);
    if (!survey) throw notFound('The survey');
    const questions = await repo.listQuestions(tx, surveyId);
    const withResident = !survey.anonymous && survey.access === 'residents';
    const head = ['response', 'submitted', 'channel', ...(withResident ? ['resident_id', 'resident_name'] : []), ...questions.map((q) => q.title)];
    const lines = [head.map(csvCell).join(';')];
    let after: { at: string; id: string } | null = null;
    for (;;) {
      const page = await responsePage(tx, surveyId, after);
      if (!page.length) break;
      const answers = await answersOf(
        tx,
        surveyId,
        page.map((r) => r.id),
      );
      for (const r of page) {
        const at = new Date(r.submittedAt).toISOString();
        const who = withResident ? [r.residentId, unseal(deps.config.secretKey, r.nameEnc)] : [];
        const cells = [
          lines.length,
          survey.anonymous ? at.slice(0, 10) : at,
          r.channel,
          ...who,
          ...questions.map((q) => answerCell(q, answers.get(`${r.id}:${q.id}`))),
        ];
        lines.push(cells.map(csvCell).join(';'));
      }
      const last = page[page.length - 1];
      after = { at: last.at, id: last.id };
      if (page.length < PAGE) break;
    }
    await recordAudit(tx, tenant.id, actor, {
      action: 'survey.export',
      objectType: 'survey',
      objectId: surveyId,
      details: { rows: lines.length - 1, personalData: withResident },
    });
    return { csv: `\ufeff${lines.join('\r\n')}\r\n`, title: survey.title };
  });
}
