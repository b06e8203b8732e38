// Tiny i18n: German first, English second; the choice lives in localStorage and sets <html lang>.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import de from './i18n/de.json' with { type: 'json' };
import en from './i18n/en.json' with { type: 'json' };
import type { Locale } from './types.ts';

export type MessageKey = keyof typeof de;
type Vars = Record<string, string | number>;

const dictionaries: Record<Locale, Record<MessageKey, string>> = { de, en };
const STORAGE_KEY = 'civicast.locale';

export const isLocale = (value: unknown): value is Locale => value === 'de' || value === 'en';

function storedLocale(): Locale {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLocale(value) ? value : 'de';
  } catch {
    return 'de';
  }
}

const pluralRules: Record<Locale, Intl.PluralRules> = { de: new Intl.PluralRules('de'), en: new Intl.PluralRules('en') };

/** `{name}` is the value; `{name:one|other}` the word that fits the number ("1 Gebiet", "2 Gebiete"). */
export function interpolate(text: string, vars?: Vars, locale: Locale = 'de'): string {
  if (!vars) return text;
  return text
    .replace(/\{(\w+):([^{}|]*)\|([^{}]*)\}/g, (whole, name: string, one: string, other: string) =>
      name in vars ? (pluralRules[locale].select(Number(vars[name])) === 'one' ? one : other) : whole,
    )
    .replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export interface I18n {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: (key: MessageKey, vars?: Vars) => string;
  /** For keys built at run time (role names, error codes): falls back when the key is unknown. */
  tOr: (key: string, fallback: string, vars?: Vars) => string;
  /** Date and time in `timeZone`. */
  formatDateTime: (iso: string | null | undefined) => string;
  /**
   * Where times are entered and shown: on a municipality's pages its zone (InZone), as its residents read them,
   * whatever zone the browser is set to; elsewhere the browser's.
   */
  timeZone: string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(storedLocale);

  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // private mode: the choice lasts for this page only
    }
  }, []);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const value = useMemo<I18n>(() => {
    const dict = dictionaries[locale];
    const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return {
      locale,
      setLocale,
      t: (key, vars) => interpolate(dict[key] ?? key, vars, locale),
      tOr: (key, fallback, vars) => interpolate(key in dict ? dict[key as MessageKey] : fallback, vars, locale),
      formatDateTime: dateTimeIn(locale, timeZone),
      timeZone,
    };
  }, [locale, setLocale]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

const dateTimeIn = (locale: Locale, timeZone: string) => {
  const format = new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone });
  return (iso: string | null | undefined) => (iso ? format.format(new Date(iso)) : '–');
};

/** The pages inside enter and show times in `timeZone` (a municipality's). */
export function InZone({ timeZone, children }: { timeZone: string; children: ReactNode }) {
  const outer = useI18n();
  const value = useMemo<I18n>(() => ({ ...outer, formatDateTime: dateTimeIn(outer.locale, timeZone), timeZone }), [outer, timeZone]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n must be used inside <I18nProvider>');
  return value;
}

/**
 * A server field error in the console's language: English shows the server's own sentence (the most specific); German
 * says the error's code and parameters (`fieldError.*`), keeping the server's sentence only for codes it cannot name.
 */
export function translateFieldError(e: { detail: string; code?: string; params?: Record<string, unknown> }): string {
  const locale: Locale = typeof document !== 'undefined' && document.documentElement.lang === 'en' ? 'en' : 'de';
  if (locale === 'en') return e.detail;
  const dict = dictionaries[locale] as Record<string, string>;
  const p = e.params ?? {};
  const vars: Vars = {
    min: typeof p.minimum === 'number' ? p.minimum : '',
    max: typeof p.maximum === 'number' ? p.maximum : '',
    values: Array.isArray(p.values) ? p.values.join(', ') : '',
    keys: Array.isArray(p.keys) ? p.keys.join(', ') : '',
  };
  const specific = e.code === 'invalid_format' && typeof p.format === 'string' ? dict[`fieldError.invalid_format.${p.format}`] : undefined;
  const text = specific ?? (e.code && e.code !== 'invalid' ? dict[`fieldError.${e.code}`] : undefined);
  return text ? interpolate(text, vars) : `${dict['fieldError.invalid']} (${e.detail})`;
}
