// Money and counts as the messages pages show them.
export const formatCents = (cents: number, locale: string) =>
  new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'de-DE', { style: 'currency', currency: 'EUR' }).format(cents / 100);

export const formatCount = (n: number, locale: string) => new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'de-DE').format(n);

/** Delivered of recipients as a whole percentage (0 when nobody is to be reached yet). */
export const percent = (part: number, whole: number) => (whole > 0 ? Math.min(100, Math.floor((part / whole) * 100)) : 0);
