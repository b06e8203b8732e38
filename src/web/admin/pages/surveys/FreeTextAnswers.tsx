// A free-text question's answers: searched (part of a word is enough), newest first, page by page. Only the text and
// the day it came in; never who wrote it.
import { useState } from 'react';
import { TextField } from '../../components/Field.tsx';
import { FilterBar, useFilterDraft } from '../../components/FilterBar.tsx';
import { LoadMore } from '../../components/LoadMore.tsx';
import { Problem } from '../../components/Problem.tsx';
import { usePagedLoad } from '../../components/usePagedLoad.ts';
import { useI18n } from '../../i18n.tsx';
import { type SurveyTextAnswers, surveyPath } from './types.ts';

type Item = SurveyTextAnswers['items'][number];
const LIMIT = 20;

export function FreeTextAnswers({ slug, surveyId, questionId, count }: { slug: string; surveyId: string; questionId: string; count: number }) {
  const { t, locale } = useI18n();
  const [q, setQ] = useState('');
  const query = new URLSearchParams(q ? { q } : {});
  const path = surveyPath(slug, surveyId, `/questions/${encodeURIComponent(questionId)}/answers`);
  const list = usePagedLoad<Item, SurveyTextAnswers>(path, query, { param: 'cursor', next: (p) => p.nextCursor, limit: LIMIT });
  const filter = useFilterDraft({ q: '' }, (d) => setQ(d.q.trim()));
  const { field } = filter;
  const day = new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'medium', timeZone: 'UTC' });
  const base = `text-${questionId}`;

  return (
    <div className="free-text" data-testid="free-text">
      <p>{t('surveys.res.textCount', { count })}</p>
      <FilterBar className="form form-row" texts="surveys.res" filter={filter} applyTestId="text-search-apply">
        <TextField
          id={`${base}-q`}
          type="search"
          label={t('surveys.res.textSearchField')}
          {...field('q')}
          maxLength={200}
          autoComplete="off"
          data-testid="text-search"
        />
      </FilterBar>
      <Problem error={list.error} />
      {list.items.length === 0 && !list.pending ? <p>{q ? t('surveys.res.textNoMatch') : t('surveys.res.textNone')}</p> : null}
      <ul className="free-text-list" aria-label={t('surveys.res.textListLabel')}>
        {list.items.map((item, i) => (
          // answers have no id of their own (nothing that could lead back to the person); the place in the list is stable per page
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <li key={i} data-testid="free-text-item">
            <blockquote>{item.text}</blockquote>
            <span className="hint">{day.format(new Date(`${item.submittedOn}T00:00:00Z`))}</span>
          </li>
        ))}
      </ul>
      <LoadMore list={list} label={t('surveys.res.more')} />
    </div>
  );
}
