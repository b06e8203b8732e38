// Who receives the message: topics, streets (searched by name), areas (picked on the map or in the list; new areas are
// drawn on the areas page), tags and channels. Counts, cost and quiet-hour waits come from the preview (debounced).
import { lazy, Suspense } from 'react';
import type { TagList } from '../../../../common/contracts/delivery-progress.ts';
import { AreaChecks, StreetAndTagFields, TopicChecks, useAudienceChoices } from '../../components/AudienceFields.tsx';
import { toggled } from '../../components/CheckList.tsx';
import { Checkbox, FieldError } from '../../components/Field.tsx';
import type { DraftSectionProps } from '../../components/Form.tsx';
import { useI18n } from '../../i18n.tsx';
import { paths } from '../../routes.ts';
import { Link } from '../../router.tsx';
import { useMapSettings } from '../geo/TileUrlSetting.tsx';
import type { Draft } from './draft.ts';
import { CAMPAIGN_CHANNELS, type MessagesContext } from './types.ts';
import { Loading } from '../../components/Loading.tsx';
import { Fieldset } from '../../components/Fieldset.tsx';

// the map bundles Leaflet, so it loads only when the compose page opens
const AudienceMap = lazy(() => import('./AudienceMap.tsx'));

interface Props extends DraftSectionProps<MessagesContext, Draft> {
  readOnly: boolean;
}

export function AudiencePicker({ ctx, draft, onChange, errors, readOnly }: Props) {
  const { t, tOr } = useI18n();
  const choices = useAudienceChoices(ctx.slug);
  const allAreas = choices.areas;
  const tagLabel = (x: TagList['items'][number]) => t('messages.audience.tagCount', { tag: x.tag, count: x.count });
  const map = useMapSettings(ctx.slug);
  const audience = draft.audience;
  const setAudience = (next: Partial<Draft['audience']>) => onChange({ audience: { ...audience, ...next } });

  return (
    <Fieldset className="audience" disabled={readOnly} legend={t('messages.audience.legend')} hint={t('messages.audience.hint')}>
      <Fieldset legend={t('messages.channels.legend')}>
        <FieldError id="channels-error">{errors.channels}</FieldError>
        {CAMPAIGN_CHANNELS.map((c) => (
          <Checkbox
            key={c}
            id={`channel-${c}`}
            data-testid={`channel-${c}`}
            label={tOr(`messages.channel.${c}`, c)}
            checked={draft.channels.includes(c)}
            onChange={() => onChange({ channels: toggled(draft.channels, c) })}
          />
        ))}
      </Fieldset>

      <Fieldset legend={t('messages.audience.topics')} hint={t('messages.audience.topicsHint')}>
        <TopicChecks items={ctx.topics} idPrefix="audience-topic-" selected={audience.topics} onChange={(topics) => setAudience({ topics })} />
      </Fieldset>

      <Fieldset legend={t('messages.audience.areas')}>
        <p className="hint" id="audience-map-hint">
          {t('messages.audience.areasHint')} <Link to={paths.residents(ctx.slug, 'areas')}>{t('messages.audience.drawArea')}</Link>
        </p>
        {errors['audience.areaIds'] ? <p className="field-error">{errors['audience.areaIds']}</p> : null}
        {allAreas.length ? (
          <Suspense fallback={<Loading />}>
            <AudienceMap
              areas={allAreas}
              selected={audience.areaIds}
              tiles={map.data}
              label={t('messages.audience.mapLabel')}
              describedBy="audience-map-hint"
              onToggle={(id) => !readOnly && setAudience({ areaIds: toggled(audience.areaIds, id) })}
            />
          </Suspense>
        ) : (
          <p>{t('messages.audience.noAreas')}</p>
        )}
        <AreaChecks
          items={allAreas}
          idPrefix="audience-area-"
          testId="audience-area"
          selected={audience.areaIds}
          onChange={(areaIds) => setAudience({ areaIds })}
        />
      </Fieldset>

      <StreetAndTagFields texts="messages" idPrefix="audience" choices={choices} draft={draft} onChange={onChange} errors={errors} tagLabel={tagLabel} />
      <Checkbox
        id="message-urgent"
        label={t('messages.urgent')}
        hint={t('messages.urgentHint')}
        checked={draft.urgent}
        onChange={(e) => onChange({ urgent: e.target.checked })}
      />
    </Fieldset>
  );
}
