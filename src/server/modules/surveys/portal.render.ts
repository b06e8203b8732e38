// The portal's survey pages as plain HTML (every value escaped; works without JavaScript): the list of open surveys
// and of ended ones with public results, a survey's page (intro, what is stored about the resident, the form or why
// there is none), and the thank-you page.
import type { PortalSurveyItem } from '../portal/index.ts';
import { type Html, html, paragraphs, t, type TextKey } from '../portal/index.ts';
import { dateOf, type SurveyPageCtx, surveysHref, surveysShell } from './portal.context.ts';
import { type EndedSurveyItem, endOf, resultsVisible } from './portal.data.ts';
import { surveyForm } from './portal.form.render.ts';
import type { FormErrors, FormValues } from './portal.form.ts';
import { type QuestionRow, type SurveyRow, surveyPhase } from './responses.service.ts';

export function surveyListPage(c: SurveyPageCtx, open: readonly PortalSurveyItem[], ended: readonly EndedSurveyItem[]): string {
  const { lang } = c;
  const heading = t(lang, 'surveys.title');
  const openList = open.length
    ? html`<ul class="survey-list" id="surveys-open">${open.map(
        (s) =>
          html`<li><a href="${surveysHref(c, `surveys/${s.id}`)}">${s.title}</a>${s.endsAt ? html` · ${t(lang, 'surveys.until', { date: dateOf(c, s.endsAt) })}` : ''}</li>\n`,
      )}</ul>`
    : html`<p>${t(lang, 'surveys.noneOpen')}</p>`;
  const endedList = ended.length
    ? html`<h2>${t(lang, 'surveys.endedTitle')}</h2><ul class="survey-list" id="surveys-ended">${ended.map(
        (s) =>
          html`<li><a href="${surveysHref(c, `surveys/${s.id}/results`)}">${s.title}</a>${s.endsAt ? html` · ${t(lang, 'surveys.endedOn', { date: dateOf(c, s.endsAt) })}` : ''}${
            s.outcome ? html` · ${t(lang, 'surveys.outcomeTitle')}` : ''
          }</li>\n`,
      )}</ul>`
    : '';
  return surveysShell(c, heading, html`<h1>${heading}</h1>\n<h2>${t(lang, 'surveys.openTitle')}</h2>\n${openList}\n${endedList}`);
}

/** What the page says instead of (or above) the form. */
export type DetailState =
  | { kind: 'form'; values: FormValues; errors: FormErrors; notice?: TextKey }
  | { kind: 'upcoming' }
  | { kind: 'ended' }
  | { kind: 'participated' }
  | { kind: 'sign-in' }
  | { kind: 'follow' };

function periodLine(c: SurveyPageCtx, s: SurveyRow): Html {
  const phase = surveyPhase(s);
  const end = endOf(s);
  if (phase === 'upcoming' && s.startsAt) return html`<p class="survey-period">${t(c.lang, 'surveys.startsOn', { date: dateOf(c, s.startsAt, true) })}</p>`;
  if (phase === 'ended')
    return html`<p class="survey-period">${end ? t(c.lang, 'surveys.endedOn', { date: dateOf(c, end, true) }) : t(c.lang, 'surveys.ended')}</p>`;
  return end ? html`<p class="survey-period">${t(c.lang, 'surveys.until', { date: dateOf(c, end, true) })}</p>` : html``;
}

/** Says plainly what is kept about the person who answers. */
function storageNote(c: SurveyPageCtx, s: SurveyRow): Html {
  if (s.access === 'link') return html`<p class="notice survey-link-poll" id="survey-storage">${t(c.lang, 'surveys.linkPoll')}</p>`;
  return html`<p class="survey-storage" id="survey-storage">${t(c.lang, s.anonymous ? 'surveys.anonymousYes' : 'surveys.anonymousNo')}</p>`;
}

const resultsLink = (c: SurveyPageCtx, s: SurveyRow) =>
  resultsVisible(s) ? html`<p><a id="results-link" href="${surveysHref(c, `surveys/${s.id}/results`)}">${t(c.lang, 'surveys.resultsLink')}</a></p>` : html``;

function stateBlock(c: SurveyPageCtx, s: SurveyRow, questions: readonly QuestionRow[], state: DetailState): Html {
  const { lang } = c;
  const status = (key: TextKey, vars: Record<string, string | Html> = {}) => html`<p class="notice" role="status" id="survey-state">${t(lang, key, vars)}</p>`;
  switch (state.kind) {
    case 'upcoming':
      return status('surveys.notStartedText', { date: s.startsAt ? dateOf(c, s.startsAt, true) : '' });
    case 'ended':
      return html`${status('surveys.endedText')}${resultsLink(c, s)}`;
    case 'participated':
      return html`${status('surveys.alreadyText')}${resultsLink(c, s)}`;
    case 'sign-in': {
      const back = `/m/${c.tenant.slug}/surveys/${s.id}`;
      return html`${status('surveys.signInText', { name: c.tenant.name })}
<p><a class="button" id="sign-in-link" href="${surveysHref(c, 'login', { next: back })}">${t(lang, 'surveys.signInLink')}</a>
<a href="${surveysHref(c, 'register')}">${t(lang, 'surveys.registerLink')}</a></p>`;
    }
    case 'follow':
      return html`${status('surveys.followText', { name: c.tenant.name })}<p><a href="${surveysHref(c, 'settings')}">${t(lang, 'surveys.settingsLink')}</a></p>`;
    default:
      return html`${state.notice ? html`<p class="form-error" role="alert">${t(lang, state.notice)}</p>` : ''}${surveyForm(c, s, questions, state.values, state.errors)}`;
  }
}

export function surveyDetailPage(c: SurveyPageCtx, s: SurveyRow, questions: readonly QuestionRow[], state: DetailState): string {
  return surveysShell(
    c,
    s.title,
    html`<article class="survey" aria-labelledby="survey-title">
<h1 id="survey-title">${s.title}</h1>
${periodLine(c, s)}
<div class="survey-intro">${paragraphs(s.intro)}</div>
${storageNote(c, s)}
${stateBlock(c, s, questions, state)}
</article>
<p><a href="${surveysHref(c, 'surveys')}">${t(c.lang, 'surveys.backToList')}</a></p>`,
  );
}

export function thanksPage(c: SurveyPageCtx, s: SurveyRow): string {
  const heading = t(c.lang, 'surveys.thanksTitle');
  return surveysShell(
    c,
    heading,
    html`<h1>${heading}</h1>
<p role="status" id="survey-thanks">${t(c.lang, 'surveys.thanksText', { title: s.title })}</p>
${s.closingText ? html`<div class="survey-closing">${paragraphs(s.closingText)}</div>` : ''}
${resultsLink(c, s)}
<p><a href="${surveysHref(c, 'surveys')}">${t(c.lang, 'surveys.backToList')}</a></p>`,
  );
}
