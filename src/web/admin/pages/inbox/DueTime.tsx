// A deadline in words, relative to now ("fällig in 3 Stunden", red "überfällig seit 2 Tagen"), with the exact time
// in the element; rerendered every minute so it does not go stale on a page left open.
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n.tsx';
import { relativeDue } from './format.ts';

function useNow(intervalMs = 60_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function DueTime({ at, overdue, testId }: { at: string | null; overdue: boolean; testId?: string }) {
  const { t, formatDateTime } = useI18n();
  const now = useNow();
  if (!at) return <span>–</span>;
  const due = relativeDue(at, now);
  const span = t(due.unit === 'minute' ? 'inbox.span.minute' : due.unit === 'hour' ? 'inbox.span.hour' : 'inbox.span.day', { value: due.value });
  const late = overdue || due.minutes < 0;
  return (
    <time dateTime={at} title={formatDateTime(at)} className={late ? 'due due-overdue' : 'due'} data-testid={testId} data-overdue={late}>
      {late ? t('inbox.due.overdue', { span }) : t('inbox.due.in', { span })}
    </time>
  );
}
