// One memo for Intl.DateTimeFormat: building one costs far more than formatting with it (ICU loads the locale's
// patterns and the time zone's rules), and pages and messages format in a handful of locales and zones.
const formats = new Map<string, Intl.DateTimeFormat>();

/** The formatter for this locale and these options, built once per process. */
export function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.DateTimeFormat(locale, options)));
  return f;
}
