// Whom the survey is for and whom its announcement reaches: topics, areas, streets (searched by name) and tags, as the
// message composer picks them; nothing picked means every follower of the municipality.
import type { TagList } from '../../../../common/contracts/delivery-progress.ts';
import { AreaChecks, StreetAndTagFields, TopicChecks, useAudienceChoices } from '../../components/AudienceFields.tsx';
import { FieldError } from '../../components/Field.tsx';
import type { DraftSectionProps } from '../../components/Form.tsx';
import { useI18n } from '../../i18n.tsx';
import type { SurveyDraft } from './draft.ts';
import type { SurveysContext } from './types.ts';
import { Fieldset } from '../../components/Fieldset.tsx';

interface Props extends DraftSectionProps<SurveysContext, SurveyDraft> {
  disabled: boolean;
}

export function SurveyAudience({ ctx, draft, onChange, errors, disabled }: Props) {
  const { t } = useI18n();
  const choices = useAudienceChoices(ctx.slug);
  const areas = choices.areas;
  const tagLabel = (x: TagList['items'][number]) => `${x.tag} (${x.count})`;
  const audience = draft.audience;
  const setAudience = (next: Partial<SurveyDraft['audience']>) => onChange({ audience: { ...audience, ...next } });

  return (
    <Fieldset className="survey-audience" disabled={disabled} legend={t('surveys.audience.legend')} hint={t('surveys.audience.hint')}>
      <FieldError id={undefined}>{errors.audience}</FieldError>
      <Fieldset legend={t('surveys.audience.topics')}>
        <TopicChecks items={ctx.topics} idPrefix="survey-topic-" selected={audience.topics} onChange={(topics) => setAudience({ topics })} />
      </Fieldset>
      <Fieldset legend={t('surveys.audience.areas')}>
        {errors['audience.areaIds'] ? <p className="field-error">{errors['audience.areaIds']}</p> : null}
        {areas.length ? null : <p>{t('surveys.audience.noAreas')}</p>}
        <AreaChecks items={areas} idPrefix="survey-area-" selected={audience.areaIds} onChange={(areaIds) => setAudience({ areaIds })} />
      </Fieldset>
      <StreetAndTagFields texts="surveys" idPrefix="survey" choices={choices} draft={draft} onChange={onChange} errors={errors} tagLabel={tagLabel} />
    </Fieldset>
  );
}
