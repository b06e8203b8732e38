// Compose once: each channel's version in each language is derived from the title and body, unless staff wrote that
// version by hand (then it is kept as written). SMS: plain text with the permalink, shortened to the municipality's
// part limit; push: title and first paragraph; e-mail and portal: the Markdown source and its safe HTML.
import type { MessageVersion } from '../../../common/contracts/messages.ts';
import { analyzeSms } from '../../../common/sms/segments.ts';
import type { CampaignChannel, MessageLanguage } from '../../../common/states.ts';
import { invalid } from '../../platform/errors.ts';
import { firstParagraph, renderHtml, renderText, shorten } from './markdown.ts';

export interface ComposedText {
  language: MessageLanguage;
  title: string;
  body: string;
}

export interface EditedVersion {
  language: MessageLanguage;
  channel: CampaignChannel;
  subject?: string | null;
  text: string;
}

export interface StoredVersion {
  language: MessageLanguage;
  channel: CampaignChannel;
  subject: string | null;
  text: string;
  html: string | null;
  edited: boolean;
}

const PUSH_TITLE_MAX = 100;
const PUSH_TEXT_MAX = 180;

export const smsInfo = (text: string) => {
  const a = analyzeSms(text);
  return { encoding: a.encoding, parts: a.segments, units: a.units, remainingInSegment: a.remainingInSegment };
};

/** The SMS: title, the body as plain text, the permalink; the body is shortened until the whole fits `maxParts`. */
export function deriveSms(title: string, body: string, permalink: string, maxParts: number): string {
  const plain = renderText(body).replace(/\n{2,}/g, '\n');
  const compose = (text: string) => [title, text, permalink].filter(Boolean).join('\n');
  const full = compose(plain);
  if (analyzeSms(full).segments <= maxParts) return full;
  let lo = 0;
  let hi = plain.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (analyzeSms(compose(shorten(plain, mid))).segments <= maxParts) lo = mid;
    else hi = mid - 1;
  }
  return compose(lo > 1 ? shorten(plain, lo) : '');
}

function derive(t: ComposedText, channel: CampaignChannel, permalink: string, smsMaxParts: number): StoredVersion {
  const base = { language: t.language, channel, edited: false };
  switch (channel) {
    case 'sms':
      return { ...base, subject: null, text: deriveSms(t.title, t.body, permalink, smsMaxParts), html: null };
    case 'push':
      return { ...base, subject: shorten(t.title, PUSH_TITLE_MAX), text: firstParagraph(t.body, PUSH_TEXT_MAX), html: null };
    default:
      return { ...base, subject: t.title, text: t.body, html: renderHtml(t.body) };
  }
}

function fromEdited(v: EditedVersion, t: ComposedText): StoredVersion {
  const base = { language: v.language, channel: v.channel, edited: true };
  if (v.channel === 'sms') return { ...base, subject: null, text: v.text, html: null };
  if (v.channel === 'push') return { ...base, subject: v.subject || shorten(t.title, PUSH_TITLE_MAX), text: v.text, html: null };
  return { ...base, subject: v.subject || t.title, text: v.text, html: renderHtml(v.text) };
}

/**
 * Every version of a message: one per language × channel. Hand-edited versions (given now, or stored earlier and still
 * for a language and channel the message has) win over derived ones. `at` is where versions sit in the request.
 */
export function buildVersions(input: {
  texts: ComposedText[];
  channels: readonly CampaignChannel[];
  edited: EditedVersion[];
  permalink: string;
  smsMaxParts: number;
  at?: string;
}): StoredVersion[] {
  const at = input.at ?? '/body/versions';
  const texts = new Map(input.texts.map((t) => [t.language, t]));
  input.edited.forEach((v, i) => {
    if (!texts.has(v.language)) throw invalid(`${at}/${i}/language`, `the message has no ${v.language} text; add a translation first`, 'not_found_here');
    if (!input.channels.includes(v.channel)) throw invalid(`${at}/${i}/channel`, `the message does not go out on ${v.channel}`, 'not_allowed');
    if (v.channel === 'sms') {
      const parts = analyzeSms(v.text).segments;
      if (parts > input.smsMaxParts)
        throw invalid(`${at}/${i}/text`, `the SMS needs ${parts} parts; this municipality allows at most ${input.smsMaxParts}`, 'sms_too_long', {
          parts,
          maximum: input.smsMaxParts,
        });
    }
  });
  const out: StoredVersion[] = [];
  for (const t of input.texts) {
    for (const channel of input.channels) {
      const edited = input.edited.find((v) => v.language === t.language && v.channel === channel);
      out.push(edited ? fromEdited(edited, t) : derive(t, channel, input.permalink, input.smsMaxParts));
    }
  }
  return out;
}

export const presentVersion = (v: StoredVersion): MessageVersion => ({
  language: v.language,
  channel: v.channel,
  subject: v.subject,
  text: v.text,
  html: v.html,
  edited: v.edited,
  sms: v.channel === 'sms' ? smsInfo(v.text) : null,
});

/**
 * What goes to the delivery engine for one language, in up to two sends: SMS and e-mail together (the SMS text rides
 * as smsText next to the e-mail's subject, plain text and HTML), push on its own (its title and short text).
 */
export function engineContents(
  versions: StoredVersion[],
  language: MessageLanguage,
  title: string,
  permalink: string,
  attachments: Array<{ filename: string; url: string }> = [],
) {
  const of = (channel: CampaignChannel) => versions.find((v) => v.language === language && v.channel === channel);
  const email = of('email');
  const sms = of('sms');
  const push = of('push');
  const sends: Array<{ channels: Array<'sms' | 'email' | 'push'>; subject: string; text: string; html?: string; smsText?: string }> = [];
  if (email || sms) {
    sends.push({
      channels: [...(sms ? (['sms'] as const) : []), ...(email ? (['email'] as const) : [])],
      subject: email?.subject ?? title,
      text: email ? `${renderText(email.text)}${attachments.map((a) => `\n${a.filename}: ${a.url}`).join('')}\n\n${permalink}` : sms!.text,
      html: email?.html ? email.html + attachmentLinks(attachments) : undefined,
      smsText: sms?.text,
    });
  }
  if (push) sends.push({ channels: ['push'], subject: push.subject ?? title, text: push.text });
  return sends;
}

const escapeHtml = (v: string) => v.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Links to a message's attachments under its HTML (e-mail, portal). */
export function attachmentLinks(attachments: Array<{ filename: string; url: string }>): string {
  if (!attachments.length) return '';
  return `<ul class="attachments">${attachments.map((a) => `<li><a href="${escapeHtml(a.url)}">${escapeHtml(a.filename)}</a></li>`).join('')}</ul>\n`;
}
