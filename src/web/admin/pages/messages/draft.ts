// The compose form's state and its conversion to and from the API: German title and body, other languages as
// translations, hand-edited channel versions keyed by language and channel; server field errors keyed for the form.
import { fieldErrorMap } from '../../api.ts';
import { tagsOf } from '../../components/tags.ts';
import type { CampaignChannel, MessageCreateInput, MessageDetail, MessageLanguage, MessageTemplate, VersionInput } from './types.ts';

export interface Draft {
  title: string;
  body: string;
  topic: string;
  channels: CampaignChannel[];
  audience: { topics: string[]; areaIds: string[]; streetIds: string[] };
  /** Tags as typed, separated by commas. */
  tagsText: string;
  translations: Partial<Record<MessageLanguage, { title: string; body: string }>>;
  /** Versions edited by hand, by `language/channel`. */
  versions: Record<string, VersionInput>;
  urgent: boolean;
}

export const versionKey = (language: string, channel: string) => `${language}/${channel}`;

export const emptyDraft = (): Draft => ({
  title: '',
  body: '',
  topic: '',
  channels: ['email', 'portal'],
  audience: { topics: [], areaIds: [], streetIds: [] },
  tagsText: '',
  translations: {},
  versions: {},
  urgent: false,
});

export const draftFromTemplate = (template: MessageTemplate): Draft => ({
  ...emptyDraft(),
  title: template.title,
  body: template.body,
  topic: template.topic ?? '',
});

export function draftFromDetail(m: MessageDetail): Draft {
  return {
    title: m.title,
    body: m.body,
    topic: m.topic ?? '',
    channels: [...m.channels],
    audience: { topics: [...m.audience.topics], areaIds: [...m.audience.areaIds], streetIds: [...m.audience.streetIds] },
    tagsText: m.audience.tags.join(', '),
    translations: Object.fromEntries(m.translations.map((x) => [x.language, { title: x.title, body: x.body }])),
    versions: Object.fromEntries(
      m.versions
        .filter((v) => v.edited)
        .map((v) => [versionKey(v.language, v.channel), { language: v.language, channel: v.channel, subject: v.subject ?? undefined, text: v.text }]),
    ),
    urgent: m.urgent,
  };
}

/** The request body; languages without both title and body are left out (and their edited versions with them). */
export function draftInput(d: Draft): MessageCreateInput {
  const translations = Object.entries(d.translations)
    .filter(([, x]) => x && (x.title.trim() || x.body.trim()))
    .map(([language, x]) => ({ language: language as MessageLanguage, title: x?.title ?? '', body: x?.body ?? '' }));
  const languages = new Set<string>(['de', ...translations.map((x) => x.language)]);
  return {
    title: d.title,
    body: d.body,
    topic: d.topic || null,
    channels: d.channels,
    audience: { ...d.audience, tags: tagsOf(d.tagsText) },
    translations,
    versions: Object.values(d.versions).filter((v) => languages.has(v.language) && d.channels.includes(v.channel)),
    urgent: d.urgent,
  };
}

/** Server field errors keyed for the form: `title`, `en.title`, `en/sms.text`, `audience.areaIds`, `channels`. */
export function formErrors(error: unknown, input: MessageCreateInput): Record<string, string> {
  const raw = fieldErrorMap(error);
  const out: Record<string, string> = {};
  for (const [key, text] of Object.entries(raw)) {
    const [head, index, field] = key.split('.');
    const translation = head === 'translations' ? input.translations?.[Number(index)] : undefined;
    const version = head === 'versions' ? input.versions?.[Number(index)] : undefined;
    if (translation) out[`${translation.language}.${field ?? 'body'}`] ??= text;
    else if (version) out[`${versionKey(version.language, version.channel)}.${field ?? 'text'}`] ??= text;
    else out[head === 'audience' && index ? `audience.${index}` : head === 'channels' ? 'channels' : key] ??= text;
  }
  return out;
}
