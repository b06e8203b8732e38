// A survey's public results: bars drawn with HTML (<meter>, no chart library and nothing from a third party) with the
// numbers as an accessible table beside each, and the published outcome note ("Was wir daraus gemacht haben").
import type { SurveyQuestionResult, SurveyResults } from '../../../common/contracts/surveys.ts';
import { type Html, html, paragraphs, t } from '../portal/index.ts';
import { dateOf, type SurveyPageCtx, surveysHref, surveysShell } from './portal.context.ts';
import { endOf } from './portal.data.ts';
import type { SurveyRow } from './responses.service.ts';

const percent = (c: SurveyPageCtx, share: number) =>
  new Intl.NumberFormat(c.lang === 'en' ? 'en-GB' : 'de-DE', { style: 'percent', maximumFractionDigits: 0 }).format(share);
const decimal = (c: SurveyPageCtx, n: number) => new Intl.NumberFormat(c.lang === 'en' ? 'en-GB' : 'de-DE', { maximumFractionDigits: 1 }).format(n);

interface Row {
  label: string | Html;
  count: number;
  share: number;
}

/** The bars (hidden from screen readers: the table says the same) and the table with the numbers. */
function barsAndTable(c: SurveyPageCtx, q: SurveyQuestionResult, rows: readonly Row[], head: Html): Html {
  const { lang } = c;
  return html`<div class="survey-bars" aria-hidden="true">${rows.map(
    (r) =>
      html`<p class="survey-bar"><span class="survey-bar-label">${r.label}</span> <meter min="0" max="100" value="${Math.round(r.share * 100)}"></meter> <span class="survey-bar-value">${percent(c, r.share)}</span></p>`,
  )}</div>
<table class="survey-table" id="results-${q.questionId}"><caption>${t(lang, 'surveys.tableCaption', { title: q.title })}</caption>
<thead><tr><th scope="col">${head}</th><th scope="col">${t(lang, 'surveys.colCount')}</th><th scope="col">${t(lang, 'surveys.colShare')}</th></tr></thead>
<tbody>${rows.map((r) => html`<tr><th scope="row">${r.label}</th><td>${r.count}</td><td>${percent(c, r.share)}</td></tr>`)}</tbody></table>`;
}

function questionResult(c: SurveyPageCtx, q: SurveyQuestionResult, n: number): Html {
  const { lang } = c;
  const answered = html`<p class="survey-answered">${t(lang, 'surveys.answeredCount', { count: String(q.answered) })}</p>`;
  let body: Html;
  if (q.kind === 'rating' && q.rating) {
    const mean =
      q.rating.mean === null ? '' : html`<p class="survey-mean">${t(lang, 'surveys.mean', { mean: decimal(c, q.rating.mean), max: String(q.rating.max) })}</p>`;
    body = html`${mean}${barsAndTable(
      c,
      q,
      q.rating.distribution.map((d) => ({ label: String(d.value), count: d.count, share: d.share })),
      t(lang, 'surveys.colValue'),
    )}`;
  } else if (q.kind === 'ranking' && q.ranking) {
    body = html`<table class="survey-table" id="results-${q.questionId}"><caption>${t(lang, 'surveys.tableCaption', { title: q.title })}</caption>
<thead><tr><th scope="col">${t(lang, 'surveys.colOption')}</th><th scope="col">${t(lang, 'surveys.colAveragePlace')}</th><th scope="col">${t(lang, 'surveys.colFirstPlaces')}</th></tr></thead>
<tbody>${q.ranking.map(
      (r) =>
        html`<tr><th scope="row">${r.label}</th><td>${r.averagePosition === null ? '–' : decimal(c, r.averagePosition)}</td><td>${r.firstPlaces}</td></tr>`,
    )}</tbody></table>`;
  } else if (q.kind === 'text') {
    body = html`<p>${t(lang, 'surveys.textAnswers', { count: String(q.text?.count ?? q.answered) })}</p>`;
  } else {
    const label = (key: string, l: string) => (q.kind === 'yes_no' ? t(lang, key === 'yes' ? 'surveys.yes' : 'surveys.no') : l);
    body = barsAndTable(
      c,
      q,
      q.options.map((o) => ({ label: label(o.key, o.label), count: o.count, share: o.share })),
      t(lang, 'surveys.colOption'),
    );
  }
  return html`<section class="survey-result" aria-labelledby="rq-${q.questionId}"><h2 id="rq-${q.questionId}">${n}. ${q.title}</h2>${answered}${body}</section>`;
}

/** The published outcome note ("Was wir daraus gemacht haben"); nothing before it is published. */
function outcomeSection(c: SurveyPageCtx, s: SurveyRow): Html | '' {
  return s.outcomePublishedAt && s.outcomeNote
    ? html`<section class="survey-outcome" id="survey-outcome" aria-labelledby="outcome-title"><h2 id="outcome-title">${t(c.lang, 'surveys.outcomeTitle')}</h2>${paragraphs(s.outcomeNote)}</section>`
    : '';
}

export function resultsPage(c: SurveyPageCtx, s: SurveyRow, results: SurveyResults): string {
  const { lang } = c;
  const heading = t(lang, 'surveys.resultsTitle', { title: s.title });
  const outcome = outcomeSection(c, s);
  return surveysShell(
    c,
    heading,
    html`<h1>${heading}</h1>
<p class="survey-count" id="response-count">${t(lang, 'surveys.responses', { count: String(results.responseCount) })}${
      results.state === 'open' ? html` · ${t(lang, 'surveys.liveNote')}` : ''
    }</p>
${outcome}
${results.questions.map((q, i) => questionResult(c, q, i + 1))}
<p><a href="${surveysHref(c, `surveys/${s.id}`)}">${t(lang, 'surveys.backToSurvey')}</a> · <a href="${surveysHref(c, 'surveys')}">${t(lang, 'surveys.backToList')}</a></p>`,
  );
}

/**
 * Results not shown (yet): a page saying when they will be, or that they stay with the municipality; with the outcome
 * note once it is published (the participants' message links here, whatever the results' visibility).
 */
export function resultsHiddenPage(c: SurveyPageCtx, s: SurveyRow): string {
  const { lang } = c;
  const heading = t(lang, 'surveys.resultsHiddenTitle');
  const end = endOf(s);
  const text =
    s.resultsVisibility === 'staff'
      ? t(lang, 'surveys.resultsStaffOnly', { name: c.tenant.name })
      : end
        ? t(lang, 'surveys.resultsAfterEnd', { date: dateOf(c, end, true) })
        : t(lang, 'surveys.resultsAfterEndOpen');
  return surveysShell(
    c,
    heading,
    html`<h1>${heading}</h1>
<p role="status" id="results-hidden">${text}</p>
${outcomeSection(c, s)}
<p><a href="${surveysHref(c, `surveys/${s.id}`)}">${t(lang, 'surveys.backToSurvey')}</a></p>`,
  );
}
