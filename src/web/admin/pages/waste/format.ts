// Days as the console shows them: "Do., 24.12.2026" (the API speaks YYYY-MM-DD; a day has no time zone).
export function formatDay(day: string, lang: string): string {
  const date = new Date(`${day}T12:00:00Z`);
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'de-DE', {
    weekday: 'short',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(date);
}
