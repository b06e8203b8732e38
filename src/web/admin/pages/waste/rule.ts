// The schedule's rule as staff build it (every n weeks on a weekday, or monthly on the nth weekday) and the RRULE it
// stands for; a rule the builder cannot show stays editable as text.
export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export type RuleChoice =
  | { kind: 'weekly'; interval: number; day: Weekday }
  | { kind: 'monthly'; nth: number; day: Weekday }
  | { kind: 'custom'; rrule: string };

export function toRrule(rule: RuleChoice): string {
  if (rule.kind === 'custom') return rule.rrule.trim().replace(/^RRULE:/i, '');
  if (rule.kind === 'weekly') return `FREQ=WEEKLY${rule.interval > 1 ? `;INTERVAL=${rule.interval}` : ''};BYDAY=${rule.day}`;
  return `FREQ=MONTHLY;BYDAY=${rule.nth}${rule.day}`;
}

/** The builder's reading of an RRULE; anything else is a custom rule shown as text. */
export function fromRrule(rrule: string): RuleChoice {
  const parts = Object.fromEntries(
    rrule
      .replace(/^RRULE:/i, '')
      .split(';')
      .filter(Boolean)
      .map((p) => p.split('=') as [string, string]),
  );
  const keys = Object.keys(parts).sort().join(',');
  const day = parts.BYDAY as string | undefined;
  if (parts.FREQ === 'WEEKLY' && (keys === 'BYDAY,FREQ' || keys === 'BYDAY,FREQ,INTERVAL') && WEEKDAYS.includes(day as Weekday)) {
    const interval = Number(parts.INTERVAL ?? 1);
    if (Number.isInteger(interval) && interval >= 1 && interval <= 8) return { kind: 'weekly', interval, day: day as Weekday };
  }
  const monthly = /^([1-4])(MO|TU|WE|TH|FR|SA)$/.exec(day ?? '');
  if (parts.FREQ === 'MONTHLY' && keys === 'BYDAY,FREQ' && monthly) return { kind: 'monthly', nth: Number(monthly[1]), day: monthly[2] as Weekday };
  return { kind: 'custom', rrule };
}
