// A street's collection dates as iCalendar (RFC 5545) with ical-generator: one all-day VEVENT per date
// (DTSTART;VALUE=DATE), its stable UID `waste-<dateId>@<host>`, the type's name as SUMMARY, a note or the holiday shift
// as DESCRIPTION. The library writes CRLF line ends (we add the last one) and folds long lines.
import ical from 'ical-generator';
import { DateTime } from 'luxon';
import type { WasteStreetCalendar } from '../../../common/contracts/waste.ts';

export interface IcsDate {
  id: string;
  day: string;
  shiftedFrom: string | null;
  note: string;
  typeName: string;
}

const german = (day: string) => `${day.slice(8, 10)}.${day.slice(5, 7)}.${day.slice(0, 4)}`;

/** The calendar of one street; `host` names the installation in every UID (stable across downloads). */
export function streetIcs(cal: Pick<WasteStreetCalendar, 'streetName'>, tenantName: string, dates: IcsDate[], host: string, pageUrl: string): string {
  const out = ical({
    prodId: { company: 'Civicast', product: 'Abfallkalender', language: 'DE' },
    name: `Abfallkalender ${cal.streetName} – ${tenantName}`,
  });
  const stamp = new Date();
  for (const d of dates) {
    const description = [d.shiftedFrom ? `Verschoben vom ${german(d.shiftedFrom)} (Feiertag)` : '', d.note].filter(Boolean).join('\n');
    out.createEvent({
      id: `waste-${d.id}@${host}`,
      // a day in UTC, so the server's own time zone cannot move it
      start: DateTime.fromISO(d.day, { zone: 'utc' }),
      allDay: true,
      stamp,
      summary: d.typeName,
      description: description || null,
      url: pageUrl,
    });
  }
  // RFC 5545 ends every content line with CRLF, END:VCALENDAR too; the library leaves the last one off
  return `${out.toString()}\r\n`;
}
