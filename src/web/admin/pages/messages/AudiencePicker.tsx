// Who receives the message: topics, streets (searched by name), areas (picked on the map or in the list; new areas are
// drawn on the areas page), tags and channels. Counts, cost and quiet-hour waits come from the preview (debounced).
import { lazy, Suspense, useState } from 'react';
import { tenantPath } from '../../api.ts';
import { Checkbox, TextField } from '../../components/Field.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useI18n } from '../../i18n.tsx';
import { paths } from '../../routes.ts';
import { Link } from '../../router.tsx';
import { useMapSettings } from '../geo/TileUrlSetting.tsx';
import type { TagList } from '../../../../common/contracts/delivery-progress.ts';
import type { Area, Street } from '../geo/types.ts';
import { topicName } from '../residents/context.ts';
import { type Draft, tagsOf } from './draft.ts';
import { CAMPAIGN_CHANNELS, type MessagesContext } from './types.ts';

// the map bundles Leaflet, so it loads only when the compose page opens
const AudienceMap = lazy(() => import('./AudienceMap.tsx'));
const MAX_STREET_MATCHES = 15;

interface Props {
  ctx: MessagesContext;
  draft: Draft;
  onChange: (next: Partial<Draft>) => void;
  errors: Record<string, string>;
  readOnly: boolean;
}

const toggled = <T,>(list: T[], item: T) => (list.includes(item) ? list.filter((x) => x !== item) : [...list, item]);

export function AudiencePicker({ ctx, draft, onChange, errors, readOnly }: Props) {
  const { t, tOr, locale } = useI18n();
  const streets = useLoad<{ items: Street[] }>(tenantPath(ctx.slug, '/streets'));
  const areas = useLoad<{ items: Area[] }>(tenantPath(ctx.slug, '/areas'));
  const map = useMapSettings(ctx.slug);
  // tags staff gave residents (read with the residents permission; without it, only typing works)
  const knownTags = useLoad<TagList>(tenantPath(ctx.slug, '/tags')).data?.items ?? [];
  const tags = tagsOf(draft.tagsText);
  const [search, setSearch] = useState('');
  const audience = draft.audience;
  const setAudience = (next: Partial<Draft['audience']>) => onChange({ audience: { ...audience, ...next } });
  const allStreets = streets.data?.items ?? [];
  const allAreas = areas.data?.items ?? [];
  const needle = search.trim().toLocaleLowerCase('de');
  const matches = needle ? allStreets.filter((s) => s.name.toLocaleLowerCase('de').includes(needle)).slice(0, MAX_STREET_MATCHES) : [];
  const picked = allStreets.filter((s) => audience.streetIds.includes(s.id));
  const streetLabel = (s: Street) => [s.name, s.postcode, s.district].filter(Boolean).join(' · ');

  return (
    <fieldset className="audience" disabled={readOnly}>
      <legend>{t('messages.audience.legend')}</legend>
      <p className="hint">{t('messages.audience.hint')}</p>

      <fieldset>
        <legend>{t('messages.channels.legend')}</legend>
        {errors.channels ? (
          <p className="field-error" role="alert" id="channels-error">
            {errors.channels}
          </p>
        ) : null}
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
      </fieldset>

      <fieldset>
        <legend>{t('messages.audience.topics')}</legend>
        <p className="hint">{t('messages.audience.topicsHint')}</p>
        <ul className="check-list">
          {ctx.topics.map((x) => (
            <li key={x.key}>
              <Checkbox
                id={`audience-topic-${x.key}`}
                label={topicName(ctx.topics, x.key, locale)}
                checked={audience.topics.includes(x.key)}
                onChange={() => setAudience({ topics: toggled(audience.topics, x.key) })}
              />
            </li>
          ))}
        </ul>
      </fieldset>

      <fieldset>
        <legend>{t('messages.audience.areas')}</legend>
        <p className="hint" id="audience-map-hint">
          {t('messages.audience.areasHint')} <Link to={paths.residents(ctx.slug, 'areas')}>{t('messages.audience.drawArea')}</Link>
        </p>
        {errors['audience.areaIds'] ? <p className="field-error">{errors['audience.areaIds']}</p> : null}
        {allAreas.length ? (
          <Suspense fallback={<p role="status">{t('common.loading')}</p>}>
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
        <ul className="check-list">
          {allAreas.map((a) => (
            <li key={a.id}>
              <Checkbox
                id={`audience-area-${a.id}`}
                data-testid="audience-area"
                label={a.name}
                checked={audience.areaIds.includes(a.id)}
                onChange={() => setAudience({ areaIds: toggled(audience.areaIds, a.id) })}
              />
            </li>
          ))}
        </ul>
      </fieldset>

      <fieldset>
        <legend>{t('messages.audience.streets')}</legend>
        <TextField
          id="audience-street-search"
          type="search"
          label={t('messages.audience.streetSearch')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          autoComplete="off"
          error={errors['audience.streetIds']}
        />
        {needle && !matches.length ? <p>{t('messages.audience.noStreetMatch')}</p> : null}
        <ul className="check-list" aria-label={t('messages.audience.streetMatches')}>
          {[...picked, ...matches.filter((s) => !audience.streetIds.includes(s.id))].map((s) => (
            <li key={s.id}>
              <Checkbox
                id={`audience-street-${s.id}`}
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
          <legend>{t('messages.audience.knownTags')}</legend>
          <ul className="check-list">
            {knownTags.map((x) => (
              <li key={x.tag}>
                <Checkbox
                  id={`audience-tag-${x.tag}`}
                  label={t('messages.audience.tagCount', { tag: x.tag, count: x.count })}
                  checked={tags.includes(x.tag)}
                  onChange={() => onChange({ tagsText: toggled(tags, x.tag).join(', ') })}
                />
              </li>
            ))}
          </ul>
        </fieldset>
      ) : null}
      <TextField
        id="audience-tags"
        label={t('messages.audience.tags')}
        hint={t('messages.audience.tagsHint')}
        value={draft.tagsText}
        onChange={(e) => onChange({ tagsText: e.target.value })}
        error={errors['audience.tags']}
      />
      <Checkbox
        id="message-urgent"
        label={t('messages.urgent')}
        hint={t('messages.urgentHint')}
        checked={draft.urgent}
        onChange={(e) => onChange({ urgent: e.target.checked })}
      />
    </fieldset>
  );
}
