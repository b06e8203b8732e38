// Date and time fields of a municipality's pages: their values are wall time in its zone (InZone in i18n.tsx), sent
// to the server as instants.
import { instantOfWallTime, wallTimeInZone } from '../../../common/time-zones.ts';

/**
 * A `datetime-local` value as an ISO instant: empty is null, and unreadable text goes as typed, so the server names the
 * field and says how to write it.
 */
export function instantOfInput(local: string, zone: string): string | null {
  if (!local.trim()) return null;
  return instantOfWallTime(local, zone)?.toISOString() ?? local;
}

/** An ISO instant as a `datetime-local` value (empty when there is none or it is unreadable). */
export function inputOfInstant(iso: string | null | undefined, zone: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : wallTimeInZone(d, zone);
}

/** A date field's day ("YYYY-MM-DD") as the instant of noon there, a time no zone moves to another day; null when unreadable. */
export function noonOfDay(day: string, zone: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  return instantOfWallTime(`${day}T12:00`, zone)?.toISOString() ?? null;
}
