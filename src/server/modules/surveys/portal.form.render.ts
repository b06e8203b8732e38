// The survey form as plain HTML (works without JavaScript): radios, checkboxes, yes/no, rating radios with the end
// labels, ranking as one select per place, textareas with their maximum length; errors next to each field and in a
// summary at the top, with the values kept.
import { type Html, html, t } from '../portal/index.ts';
import { type SurveyPageCtx, surveysHref } from './portal.context.ts';
import type { FormErrors, FormValues } from './portal.form.ts';
import { TEXT_ANSWER_MAX } from './responses.rules.ts';
import type { QuestionRow, SurveyRow } from './responses.service.ts';

const fieldId = (q: QuestionRow) => `q-${q.id}`;

function errorOf(c: SurveyPageCtx, errors: FormErrors, q: QuestionRow): Html {
  const e = errors[q.id];
  return e ? html`<p class="field-error" id="${fieldId(q)}-error">${t(c.lang, e.key, e.vars)}</p>` : html``;
}

function described(errors: FormErrors, q: QuestionRow): Html {
  const ids = [q.help ? `${fieldId(q)}-hint` : '', errors[q.id] ? `${fieldId(q)}-error` : ''].filter(Boolean).join(' ');
  return html`${errors[q.id] ? html` aria-invalid="true"` : ''}${ids ? html` aria-describedby="${ids}"` : ''}`;
}

const checked = (on: boolean) => (on ? html` checked` : '');

function choiceInputs(c: SurveyPageCtx, q: QuestionRow, given: string[]): Html {
  const type = q.kind === 'multiple' ? 'checkbox' : 'radio';
  const options =
    q.kind === 'yes_no'
      ? [
          { key: 'yes', label: t(c.lang, 'surveys.yes') },
          { key: 'no', label: t(c.lang, 'surveys.no') },
        ]
      : q.options;
  return html`${options.map(
    (o, i) =>
      html`<p class="survey-choice"><input type="${type}" id="${fieldId(q)}-${i}" name="q.${q.id}" value="${o.key}"${checked(given.includes(o.key))}> <label for="${fieldId(q)}-${i}">${o.label}</label></p>`,
  )}`;
}

function ratingInputs(q: QuestionRow, given: string[]): Html {
  const min = q.scaleMin ?? 1;
  const max = q.scaleMax ?? 5;
  const steps = Array.from({ length: max - min + 1 }, (_, i) => min + i);
  const label = (n: number) => (n === min && q.minLabel ? html`${n} – ${q.minLabel}` : n === max && q.maxLabel ? html`${n} – ${q.maxLabel}` : html`${n}`);
  return html`<p class="survey-scale">${steps.map(
    (n) =>
      html`<span class="survey-step"><input type="radio" id="${fieldId(q)}-${n}" name="q.${q.id}" value="${n}"${checked(given[0] === String(n))}> <label for="${fieldId(q)}-${n}">${label(n)}</label></span> `,
  )}</p>`;
}

function rankingSelects(c: SurveyPageCtx, q: QuestionRow, given: string[]): Html {
  return html`<p class="hint">${t(c.lang, 'surveys.rankingHint')}</p>${q.options.map(
    (_, i) => html`<p><label for="${fieldId(q)}-${i + 1}">${t(c.lang, 'surveys.place', { n: String(i + 1) })}</label>
<select id="${fieldId(q)}-${i + 1}" name="q.${q.id}.${i + 1}"><option value="">${t(c.lang, 'surveys.choose')}</option>${q.options.map(
      (o) => html`<option value="${o.key}"${given[i] === o.key ? html` selected` : ''}>${o.label}</option>`,
    )}</select></p>`,
  )}`;
}

function questionField(c: SurveyPageCtx, q: QuestionRow, n: number, values: FormValues, errors: FormErrors): Html {
  const given = values[q.id] ?? [];
  const marker = q.required ? html` <span class="required">${t(c.lang, 'surveys.requiredMark')}</span>` : html` ${t(c.lang, 'surveys.optional')}`;
  const title = html`${n}. ${q.title}${marker}`;
  const hint = q.help ? html`<p class="hint" id="${fieldId(q)}-hint">${q.help}</p>` : '';
  if (q.kind === 'text') {
    const max = q.maxLength ?? TEXT_ANSWER_MAX;
    return html`<div class="survey-question" data-kind="text"><p><label for="${fieldId(q)}">${title}</label></p>${hint}
<textarea id="${fieldId(q)}" name="q.${q.id}" rows="5" cols="60" maxlength="${max}"${q.required ? html` required` : ''}${described(errors, q)}>${given[0] ?? ''}</textarea>
<p class="hint">${t(c.lang, 'surveys.maxChars', { max: max.toLocaleString('de-DE') })}</p>${errorOf(c, errors, q)}</div>`;
  }
  const inputs = q.kind === 'rating' ? ratingInputs(q, given) : q.kind === 'ranking' ? rankingSelects(c, q, given) : choiceInputs(c, q, given);
  return html`<fieldset class="survey-question" id="${fieldId(q)}" tabindex="-1" data-kind="${q.kind}"${described(errors, q)}><legend>${title}</legend>${hint}
${inputs}${errorOf(c, errors, q)}</fieldset>`;
}

function errorSummary(c: SurveyPageCtx, questions: readonly QuestionRow[], errors: FormErrors): Html {
  const wrong = questions.filter((q) => errors[q.id]);
  if (!wrong.length) return html``;
  return html`<div class="form-error error-summary" role="alert" tabindex="-1" id="error-summary"><p>${t(c.lang, 'surveys.errorsTitle')}</p><ul>${wrong.map(
    (q) => html`<li><a href="#${fieldId(q)}">${q.title}: ${t(c.lang, errors[q.id].key, errors[q.id].vars)}</a></li>`,
  )}</ul></div>`;
}

export function surveyForm(c: SurveyPageCtx, s: SurveyRow, questions: readonly QuestionRow[], values: FormValues, errors: FormErrors): Html {
  return html`${errorSummary(c, questions, errors)}
<form id="survey-form" method="post" action="${surveysHref(c, `surveys/${s.id}`)}" class="resident-form survey-form" novalidate>
${questions.map((q, i) => questionField(c, q, i + 1, values, errors))}
<p><button type="submit">${t(c.lang, 'surveys.submit')}</button></p>
</form>`;
}
