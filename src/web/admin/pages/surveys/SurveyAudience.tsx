// Whom the survey is for and whom its announcement reaches: topics, areas, streets (searched by name) and tags, as the
// message composer picks them; nothing picked means every follower of the municipality.
import { AreaChecks, KnownTagChecks, StreetPicker, TopicChecks, useAudienceChoices } from '../../components/AudienceFields.tsx';
import { FieldError, TextField } from '../../components/Field.tsx';
import { useI18n } from '../../i18n.tsx';
import type { SurveyDraft } from './draft.ts';
import type { SurveysContext } from './types.ts';
import { listOf } from '../../components/tags.ts';

interface Props {
  ctx: SurveysContext;
  draft: SurveyDraft;
  onChange: (next: Partial<SurveyDraft>) => void;
  errors: Record<string, string>;
  disabled: boolean;
}

export function SurveyAudience({ ctx, draft, onChange, errors, disabled }: Props) {
  const { t } = useI18n();
  const { streets, areas, knownTags } = useAudienceChoices(ctx.slug);
  const audience = draft.audience;
  const setAudience = (next: Partial<SurveyDraft['audience']>) => onChange({ audience: { ...audience, ...next } });
  const tags = listOf(draft.tagsText);

  return (
    <fieldset className="survey-audience" disabled={disabled}>
      <legend>{t('surveys.audience.legend')}</legend>
      <p className="hint">{t('surveys.audience.hint')}</p>
      <FieldError id={undefined}>{errors.audience}</FieldError>
      <fieldset>
        <legend>{t('surveys.audience.topics')}</legend>
        <TopicChecks items={ctx.topics} idPrefix="survey-topic-" selected={audience.topics} onChange={(topics) => setAudience({ topics })} />
      </fieldset>
      <fieldset>
        <legend>{t('surveys.audience.areas')}</legend>
        {errors['audience.areaIds'] ? <p className="field-error">{errors['audience.areaIds']}</p> : null}
        {areas.length ? null : <p>{t('surveys.audience.noAreas')}</p>}
        <AreaChecks items={areas} idPrefix="survey-area-" selected={audience.areaIds} onChange={(areaIds) => setAudience({ areaIds })} />
      </fieldset>
      <StreetPicker
        texts="surveys"
        idPrefix="survey"
        streets={streets}
        selected={audience.streetIds}
        onChange={(streetIds) => setAudience({ streetIds })}
        error={errors['audience.streetIds']}
      />
      <KnownTagChecks
        texts="surveys"
        idPrefix="survey"
        knownTags={knownTags}
        tags={tags}
        labelOf={(x) => `${x.tag} (${x.count})`}
        onChange={(next) => onChange({ tagsText: next.join(', ') })}
      />
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
