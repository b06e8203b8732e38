// Server-side texts (mails) in German and English; placeholders are {name}.
import de from './de.json' with { type: 'json' };
import en from './en.json' with { type: 'json' };

export type Locale = 'de' | 'en';
type Key = keyof typeof de;
const tables: Record<Locale, Record<Key, string>> = { de, en };

export const asLocale = (value: string | null | undefined): Locale => (value === 'en' ? 'en' : 'de');

export function t(locale: Locale, key: Key, vars: Record<string, string> = {}): string {
  return tables[locale][key].replace(/\{(\w+)\}/g, (_, name: string) => vars[name] ?? `{${name}}`);
}
