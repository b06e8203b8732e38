// The portal's HTML primitives: a template tag that escapes every value, and the German and English texts.
import de from './i18n/de.json' with { type: 'json' };
import en from './i18n/en.json' with { type: 'json' };

export type Lang = 'de' | 'en';
export type TextKey = keyof typeof de;
export const texts: Record<Lang, Record<TextKey, string>> = { de, en };

/** Markup that is already safe; every other value placed into `html` is escaped. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

type Part = Html | string | number | null | undefined | false | readonly Part[];

function piece(v: Part): string {
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) return (v as readonly Part[]).map(piece).join('');
  if (v === null || v === undefined || v === false) return '';
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += piece(values[i]) + strings[i + 1];
  return new Html(out);
}

/** A UI text with `{name}` placeholders: the text is escaped, strings are escaped, Html is inserted as is. */
const pluralRules: Record<Lang, Intl.PluralRules> = { de: new Intl.PluralRules('de'), en: new Intl.PluralRules('en') };

/** `{name}` is the value; `{name:one|other}` the word that fits the number ("1 Gerät", "2 Geräte"). */
export function t(lang: Lang, key: TextKey, vars: Record<string, string | Html> = {}): Html {
  const escaped = escapeHtml(texts[lang][key]).replace(/\{(\w+):([^{}|]*)\|([^{}]*)\}/g, (m, name: string, one: string, other: string) =>
    name in vars ? (pluralRules[lang].select(Number(String(vars[name]))) === 'one' ? one : other) : m,
  );
  return new Html(escaped.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? piece(vars[name]) : m)));
}

/** Tenant-provided text as escaped paragraphs: blank lines separate paragraphs, single newlines break lines. */
export function paragraphs(text: string): Html {
  const blocks = text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((b) => b.trim())
    .filter(Boolean);
  return html`${blocks.map((b) => html`<p>${lines(b)}</p>`)}`;
}

export const lines = (text: string): Html => new Html(text.split('\n').map(escapeHtml).join('<br>'));
