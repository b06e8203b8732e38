// The survey of the demo: one open survey in Musterstadt about the new recycling centre with every kind of question,
// open for four weeks with live results, created and published through the surveys service itself, and answered by a
// few of the demo's residents, so the portal's survey list, the results page and the console's charts have content.
import { sql } from 'drizzle-orm';
import { surveyCreateInput } from '../common/contracts/surveys.ts';
import type { Actor } from './platform/audit.ts';
import type { AppDeps } from './platform/context.ts';
import { queryRows } from './platform/db/client.ts';
import type { TenantRow } from './platform/tenancy.ts';
import { createSurvey, publishSurvey, submitResponse } from './modules/surveys/index.ts';

const DAY = 86_400_000;

export const DEMO_SURVEY_TITLE = 'Wie zufrieden sind Sie mit dem neuen Wertstoffhof?';

const SURVEY = {
  title: DEMO_SURVEY_TITLE,
  intro:
    'Seit dem Frühjahr hat der Wertstoffhof an der Mühlgasse längere Öffnungszeiten und neue Container. Sagen Sie uns in drei Minuten, was gut läuft und was wir besser machen können.',
  closingText: 'Vielen Dank! Die Ergebnisse stellen wir im Bauausschuss vor und berichten hier, was wir daraus gemacht haben.',
  resultsVisibility: 'live' as const,
  questions: [
    {
      kind: 'single' as const,
      title: 'Wie oft nutzen Sie den Wertstoffhof?',
      required: true,
      options: [{ label: 'Jede Woche' }, { label: 'Jeden Monat' }, { label: 'Seltener' }, { label: 'Nie' }],
    },
    {
      kind: 'multiple' as const,
      title: 'Was bringen Sie hin?',
      help: 'Mehrere Antworten möglich.',
      options: [{ label: 'Grünschnitt' }, { label: 'Sperrmüll' }, { label: 'Elektrogeräte' }, { label: 'Bauschutt' }],
    },
    { kind: 'yes_no' as const, title: 'Reichen Ihnen die neuen Öffnungszeiten?', required: true },
    { kind: 'rating' as const, title: 'Wie zufrieden sind Sie insgesamt?', scaleMin: 1, scaleMax: 5, minLabel: 'gar nicht', maxLabel: 'sehr', required: true },
    {
      kind: 'ranking' as const,
      title: 'Was sollen wir zuerst verbessern?',
      help: 'Bringen Sie die Punkte in Ihre Reihenfolge.',
      options: [{ label: 'Wartezeit an der Einfahrt' }, { label: 'Beschilderung' }, { label: 'Samstagsöffnung' }],
    },
    { kind: 'text' as const, title: 'Was möchten Sie uns noch sagen?', maxLength: 1000 },
  ],
};

type Answer = { choices?: string[]; number?: number; text?: string } | null;

/** One demo resident's answers, in question order (option keys `o1`…): how often, what they bring, hours enough, rating, ranking, a remark. */
const sheet = (often: string, brings: string[], enough: 'yes' | 'no', rating: number, ranking: string[], remark?: string): Answer[] => [
  { choices: [often] },
  { choices: brings },
  { choices: [enough] },
  { number: rating },
  { choices: ranking },
  remark ? { text: remark } : null,
];

/** What the demo residents answered. */
const ANSWERS: Answer[][] = [
  sheet('o1', ['o1', 'o3'], 'yes', 4, ['o1', 'o3', 'o2'], 'Samstags ist die Schlange bis zur Straße.'),
  sheet('o2', ['o2'], 'yes', 5, ['o3', 'o1', 'o2']),
  sheet('o3', ['o3', 'o4'], 'no', 2, ['o1', 'o2', 'o3'], 'Bitte ein Schild, wo die Elektrogeräte hinkommen.'),
  sheet('o2', ['o1'], 'yes', 4, ['o2', 'o1', 'o3']),
];

export async function seedDemoSurveys(deps: AppDeps, tenant: TenantRow, actor: Actor): Promise<void> {
  const now = Date.now();
  const input = surveyCreateInput.parse({ ...SURVEY, startsAt: new Date(now - 3 * DAY).toISOString(), endsAt: new Date(now + 25 * DAY).toISOString() });
  const created = await createSurvey(deps, tenant, actor, input);
  const survey = await publishSurvey(deps, tenant, actor, created.id);
  const residents = await deps.db.withTenant(tenant.id, (tx) =>
    queryRows<{ id: string }>(tx, sql`select resident_id as id from follows where status = 'active' order by created_at, resident_id limit ${ANSWERS.length}`),
  );
  for (const [i, r] of residents.entries()) {
    const answers = Object.fromEntries(ANSWERS[i].flatMap((a, q) => (a ? [[survey.questions[q].id, a]] : [])));
    await submitResponse(deps, tenant, survey.id, { kind: 'resident', residentId: r.id }, answers, 'portal');
  }
}
