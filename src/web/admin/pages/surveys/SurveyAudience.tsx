// Whom the survey is for and whom its announcement reaches: topics, areas, streets (searched by name) and tags, as the
// message composer picks them; nothing picked means every follower of the municipality.
import { useState } from 'react';
import type { TagList } from '../../../../common/contracts/delivery-progress.ts';
import { tenantPath } from '../../api.ts';
import { Checkbox, TextField } from '../../components/Field.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import type { Area, Street } from '../geo/types.ts';
import { topicName } from '../residents/context.ts';
import type { SurveyDraft } from './draft.ts';
import type { SurveysContext } from './types.ts';

const MAX_STREET_MATCHES = 15;
const toggled = <T,>(list: T[], item: T) => (list.includes(item) ? list.filter((x) => x !== item) : [...list, item]);

interface Props {
  ctx: SurveysContext;
  draft: SurveyDraft;
  onChange: (next: Partial<SurveyDraft>) => void;
  errors: Record<string, string>;
  disabled: boolean;
}

export function SurveyAudience({ ctx, draft, onChange, errors, disabled }: Props) {
  const { t, locale } = useI18n();
  const streets = useLoad<{ items: Street[] }>(tenantPath(ctx.slug, '/streets'));
  const areas = useLoad<{ items: Area[] }>(tenantPath(ctx.slug, '/areas'));
  const knownTags = useLoad<TagList>(tenantPath(ctx.slug, '/tags')).data?.items ?? [];
  const [search, setSearch] = useState('');
  const audience = draft.audience;
  const setAudience = (next: Partial<SurveyDraft['audience']>) => onChange({ audience: { ...audience, ...next } });
  const allStreets = streets.data?.items ?? [];
  const needle = search.trim().toLocaleLowerCase('de');
  const matches = needle ? allStreets.filter((s) => s.name.toLocaleLowerCase('de').includes(needle)).slice(0, MAX_STREET_MATCHES) : [];
  const picked = allStreets.filter((s) => audience.streetIds.includes(s.id));
  const streetLabel = (s: Street) => [s.name, s.postcode, s.district].filter(Boolean).join(' · ');
  const tags = draft.tagsText
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

  return (
    <fieldset className="survey-audience" disabled={disabled}>
      <legend>{t('surveys.audience.legend')}</legend>
      <p className="hint">{t('surveys.audience.hint')}</p>
      {errors.audience ? (
        <p className="field-error" role="alert">
          {errors.audience}
        </p>
      ) : null}
      <fieldset>
        <legend>{t('surveys.audience.topics')}</legend>
        <ul className="check-list">
          {ctx.topics.map((x) => (
            <li key={x.key}>
              <Checkbox
                id={`survey-topic-${x.key}`}
                label={topicName(ctx.topics, x.key, locale)}
                checked={audience.topics.includes(x.key)}
                onChange={() => setAudience({ topics: toggled(audience.topics, x.key) })}
              />
            </li>
          ))}
        </ul>
      </fieldset>
      <fieldset>
        <legend>{t('surveys.audience.areas')}</legend>
        {errors['audience.areaIds'] ? <p className="field-error">{errors['audience.areaIds']}</p> : null}
        {(areas.data?.items ?? []).length ? null : <p>{t('surveys.audience.noAreas')}</p>}
        <ul className="check-list">
          {(areas.data?.items ?? []).map((a) => (
            <li key={a.id}>
              <Checkbox
                id={`survey-area-${a.id}`}
                label={a.name}
                checked={audience.areaIds.includes(a.id)}
                onChange={() => setAudience({ areaIds: toggled(audience.areaIds, a.id) })}
              />
            </li>
          ))}
        </ul>
      </fieldset>
      <fieldset>
        <legend>{t('surveys.audience.streets')}</legend>
        <TextField
          id="survey-street-search"
          type="search"
          label={t('surveys.audience.streetSearch')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          autoComplete="off"
          error={errors['audience.streetIds']}
        />
        {needle && !matches.length ? <p>{t('surveys.audience.noStreetMatch')}</p> : null}
        <ul className="check-list" aria-label={t('surveys.audience.streetMatches')}>
          {[...picked, ...matches.filter((s) => !audience.streetIds.includes(s.id))].map((s) => (
            <li key={s.id}>
              <Checkbox
                id={`survey-street-${s.id}`}
                label={streetLabel(s)}
                checked={audience.streetIds.includes(s.id)}
                onChange={() => setAudience({ streetIds: toggled(audience.streetIds, s.id) })}
              />
            </li>
          ))}
        </ul>
      </fieldset>
      {knownTags.length ? (
        <fieldset>
          <legend>{t('surveys.audience.knownTags')}</legend>
          <ul className="check-list">
            {knownTags.map((x) => (
              <li key={x.tag}>
                <Checkbox
                  id={`survey-tag-${x.tag}`}
                  label={`${x.tag} (${x.count})`}
                  checked={tags.includes(x.tag)}
                  onChange={() => onChange({ tagsText: toggled(tags, x.tag).join(', ') })}
                />
              </li>
            ))}
          </ul>
        </fieldset>
      ) : null}
      <TextField
        id="survey-tags"
        label={t('surveys.audience.tags')}
        hint={t('surveys.audience.tagsHint')}
        value={draft.tagsText}
        onChange={(e) => onChange({ tagsText: e.target.value })}
        error={errors['audience.tags']}
      />
    </fieldset>
  );
}
