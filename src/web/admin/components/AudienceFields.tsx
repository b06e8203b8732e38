// The audience parts that a message and a survey pick alike: streets searched by name, and the tags staff gave
// residents. Each module keeps its own texts (`messages.audience.*`, `surveys.audience.*`) and ids.
import { useState } from 'react';
import type { TagList } from '../../../common/contracts/delivery-progress.ts';
import type { Area, ListedStreet } from '../../../common/contracts/geo.ts';
import { tenantPath } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { topicName } from '../pages/residents/context.ts';
import type { Topic } from '../pages/residents/types.ts';
import { CheckList } from './CheckList.tsx';
import { TextField } from './Field.tsx';
import { tagsOf } from './tags.ts';
import { useLoad } from './useLoad.ts';
import { Fieldset } from './Fieldset.tsx';

const MAX_STREET_MATCHES = 15;

/** Whose texts the fields read: the message composer's or the survey editor's. */
export type AudienceTexts = 'messages' | 'surveys';

/** The municipality's streets and areas, and the tags staff gave residents (read with the residents permission; without it, none). */
export function useAudienceChoices(slug: string) {
  const streets = useLoad<{ items: ListedStreet[] }>(tenantPath(slug, '/streets')).data?.items ?? [];
  const areas = useLoad<{ items: Area[] }>(tenantPath(slug, '/areas')).data?.items ?? [];
  const knownTags = useLoad<TagList>(tenantPath(slug, '/tags')).data?.items ?? [];
  return { streets, areas, knownTags };
}

/** Who a message or a survey goes to, as its list and its page say it. */
interface AudienceParts {
  topics?: readonly string[];
  areaIds?: readonly string[];
  streetIds?: readonly string[];
  tags?: readonly string[];
}

/** `summary(audience)`: the audience in words (topics, how many areas and streets, tags), or "everyone" for none of them. */
export function useAudienceSummary(texts: AudienceTexts, topics: Topic[]) {
  const { t, locale } = useI18n();
  return ({ topics: keys = [], areaIds = [], streetIds = [], tags = [] }: AudienceParts) => {
    const parts = [
      ...keys.map((k) => topicName(topics, k, locale)),
      areaIds.length ? t(`${texts}.audience.areaCount`, { count: areaIds.length }) : null,
      streetIds.length ? t(`${texts}.audience.streetCount`, { count: streetIds.length }) : null,
      ...tags,
    ].filter(Boolean);
    return parts.length ? parts.join(' · ') : t(`${texts}.audience.everyone`);
  };
}

/** A street with its postcode and district, as lists and pickers name it. */
export const streetLabel = (s: ListedStreet) => [s.name, s.postcode, s.district].filter(Boolean).join(' · ');

interface StreetPickerProps {
  texts: AudienceTexts;
  /** Prefix of the search field's and the checkboxes' ids. */
  idPrefix: string;
  streets: readonly ListedStreet[];
  selected: readonly string[];
  onChange: (ids: string[]) => void;
  error?: string;
}

/** Streets found by a part of their name; the picked ones stay listed first. */
export function StreetPicker({ texts, idPrefix, streets, selected, onChange, error }: StreetPickerProps) {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const needle = search.trim().toLocaleLowerCase('de');
  const matches = needle ? streets.filter((s) => s.name.toLocaleLowerCase('de').includes(needle)).slice(0, MAX_STREET_MATCHES) : [];
  const picked = streets.filter((s) => selected.includes(s.id));
  return (
    <Fieldset legend={t(`${texts}.audience.streets`)}>
      <TextField
        id={`${idPrefix}-street-search`}
        type="search"
        label={t(`${texts}.audience.streetSearch`)}
        value={search}
        onValue={setSearch}
        autoComplete="off"
        error={error}
      />
      {needle && !matches.length ? <p>{t(`${texts}.audience.noStreetMatch`)}</p> : null}
      <CheckList
        label={t(`${texts}.audience.streetMatches`)}
        items={[...picked, ...matches.filter((s) => !selected.includes(s.id))]}
        keyOf={(s) => s.id}
        labelOf={streetLabel}
        selected={selected}
        onChange={onChange}
        idPrefix={`${idPrefix}-street-`}
      />
    </Fieldset>
  );
}

interface KnownTagsProps {
  texts: AudienceTexts;
  idPrefix: string;
  knownTags: TagList['items'];
  /** The tags written so far. */
  tags: readonly string[];
  labelOf: (tag: TagList['items'][number]) => string;
  onChange: (tags: string[]) => void;
}

/** The tags residents carry, to tick instead of typing; nothing when there are none (or they may not be read). */
export function KnownTagChecks({ texts, idPrefix, knownTags, tags, labelOf, onChange }: KnownTagsProps) {
  const { t } = useI18n();
  return knownTags.length ? (
    <Fieldset legend={t(`${texts}.audience.knownTags`)}>
      <CheckList items={knownTags} keyOf={(x) => x.tag} labelOf={labelOf} selected={tags} onChange={onChange} idPrefix={`${idPrefix}-tag-`} />
    </Fieldset>
  ) : null;
}

/** The part of a message's or a survey's draft that its streets and tags edit. */
interface AudienceDraft {
  tagsText: string;
  audience: { topics: string[]; areaIds: string[]; streetIds: string[] };
}

interface StreetAndTagProps {
  texts: AudienceTexts;
  /** Prefix of the fields' ids (the tag line's is `<idPrefix>-tags`). */
  idPrefix: string;
  choices: { streets: readonly ListedStreet[]; knownTags: TagList['items'] };
  draft: AudienceDraft;
  onChange: (next: Partial<AudienceDraft>) => void;
  /** Form key → message (`audience.streetIds`, `audience.tags`). */
  errors: Readonly<Record<string, string>>;
  tagLabel: (tag: TagList['items'][number]) => string;
}

/** The streets, the known tags to tick and the typed tag line of an audience. */
export function StreetAndTagFields({ texts, idPrefix, choices, draft, onChange, errors, tagLabel }: StreetAndTagProps) {
  const { t } = useI18n();
  const tags = tagsOf(draft.tagsText);
  return (
    <>
      <StreetPicker
        texts={texts}
        idPrefix={idPrefix}
        streets={choices.streets}
        selected={draft.audience.streetIds}
        onChange={(streetIds) => onChange({ audience: { ...draft.audience, streetIds } })}
        error={errors['audience.streetIds']}
      />
      <KnownTagChecks
        texts={texts}
        idPrefix={idPrefix}
        knownTags={choices.knownTags}
        tags={tags}
        labelOf={tagLabel}
        onChange={(next) => onChange({ tagsText: next.join(', ') })}
      />
      <TextField
        id={`${idPrefix}-tags`}
        label={t(`${texts}.audience.tags`)}
        hint={t(`${texts}.audience.tagsHint`)}
        value={draft.tagsText}
        onValue={(tagsText) => onChange({ tagsText })}
        error={errors['audience.tags']}
      />
    </>
  );
}

interface PickProps<T> {
  items: readonly T[];
  idPrefix: string;
  selected: readonly string[];
  onChange: (keys: string[]) => void;
  testId?: string;
}

/** The topics, named in the console's language. */
export function TopicChecks({ items, idPrefix, selected, onChange }: PickProps<Topic>) {
  const { locale } = useI18n();
  const name = (x: Topic) => topicName([...items], x.key, locale);
  return <CheckList items={items} keyOf={(x) => x.key} labelOf={name} selected={selected} onChange={onChange} idPrefix={idPrefix} />;
}

/** The areas drawn for the municipality, by name. */
export function AreaChecks({ items, idPrefix, selected, onChange, testId }: PickProps<Area>) {
  return <CheckList items={items} keyOf={(a) => a.id} labelOf={(a) => a.name} selected={selected} onChange={onChange} idPrefix={idPrefix} testId={testId} />;
}
