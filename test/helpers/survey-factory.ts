// Surveys for tests of the answering side: written straight into the tenant's tables (the staff service has its own
// tests), published and open for a week unless the test says otherwise.
import type { AppDeps } from '../../src/server/platform/context.ts';
import { surveyQuestions, surveys } from '../../src/server/platform/db/schema.ts';

export interface TestQuestion {
  kind: 'single' | 'multiple' | 'yes_no' | 'rating' | 'ranking' | 'text';
  title?: string;
  required?: boolean;
  options?: string[];
  scaleMin?: number;
  scaleMax?: number;
  minLabel?: string;
  maxLabel?: string;
  maxLength?: number;
}

export interface TestSurvey {
  title?: string;
  status?: 'draft' | 'published' | 'closed';
  access?: 'residents' | 'link';
  resultsVisibility?: 'live' | 'after_end' | 'staff';
  anonymous?: boolean;
  smsReplies?: boolean;
  announcementId?: string | null;
  startsAt?: Date | null;
  endsAt?: Date | null;
  closingText?: string;
  intro?: string;
  questions: TestQuestion[];
}

const DAY = 24 * 3600_000;

/** A survey with its questions; returns its id and the questions' ids in order. Option keys are o1, o2, … */
export async function testSurvey(deps: AppDeps, tenantId: string, s: TestSurvey): Promise<{ id: string; questionIds: string[] }> {
  return deps.db.withTenant(tenantId, async (tx) => {
    const status = s.status ?? 'published';
    const [row] = await tx
      .insert(surveys)
      .values({
        tenantId,
        title: s.title ?? 'Wie zufrieden sind Sie mit dem Wertstoffhof?',
        intro: s.intro ?? 'Sagen Sie uns Ihre Meinung.',
        closingText: s.closingText ?? 'Wir melden uns mit den Ergebnissen.',
        status,
        access: s.access ?? 'residents',
        resultsVisibility: s.resultsVisibility ?? 'live',
        anonymous: s.anonymous ?? false,
        smsReplies: s.smsReplies ?? false,
        announcementId: s.announcementId ?? null,
        startsAt: s.startsAt === undefined ? new Date(Date.now() - DAY) : s.startsAt,
        endsAt: s.endsAt === undefined ? new Date(Date.now() + 7 * DAY) : s.endsAt,
        publishedAt: status === 'draft' ? null : new Date(),
        closedAt: status === 'closed' ? new Date() : null,
      })
      .returning({ id: surveys.id });
    const questionIds: string[] = [];
    for (const [i, q] of s.questions.entries()) {
      const options =
        q.kind === 'yes_no'
          ? [
              { key: 'yes', label: 'Ja' },
              { key: 'no', label: 'Nein' },
            ]
          : (q.options ?? []).map((label, j) => ({ key: `o${j + 1}`, label }));
      const [qr] = await tx
        .insert(surveyQuestions)
        .values({
          tenantId,
          surveyId: row.id,
          position: i,
          kind: q.kind,
          title: q.title ?? `Frage ${i + 1}`,
          required: q.required ?? false,
          options,
          scaleMin: q.kind === 'rating' ? (q.scaleMin ?? 1) : null,
          scaleMax: q.kind === 'rating' ? (q.scaleMax ?? 5) : null,
          minLabel: q.minLabel ?? null,
          maxLabel: q.maxLabel ?? null,
          maxLength: q.kind === 'text' ? (q.maxLength ?? 2000) : null,
        })
        .returning({ id: surveyQuestions.id });
      questionIds.push(qr.id);
    }
    return { id: row.id, questionIds };
  });
}
