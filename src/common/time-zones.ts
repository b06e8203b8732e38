// An instant's fields in a time zone. Making an Intl.DateTimeFormat costs far more than formatting with it, so one is
// made per zone on first use and kept.

/**
 * The fields of an instant in a time zone by type (`{ hour: '09', minute: '05', … }`), as a formatter with these
 * options shows them.
 */
export function fieldsInZone(locale: string, options: Omit<Intl.DateTimeFormatOptions, 'timeZone'>) {
  const made = new Map<string, Intl.DateTimeFormat>();
  return (at: Date | number, timeZone: string): Record<string, string> => {
    let f = made.get(timeZone);
    if (!f) {
      f = new Intl.DateTimeFormat(locale, { ...options, timeZone });
      made.set(timeZone, f);
    }
    return Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
  };
}
