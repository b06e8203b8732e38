// The iCalendar files parse with a real parser (ical.js): UID, DTSTAMP, SEQUENCE, TZID with its VTIMEZONE, CRLF line
// ends, no line over 75 octets, all-day dates, cancelled events, invitations with ORGANIZER and ATTENDEE, and a weekly
// rule that ical.js expands to 10:00 local on both sides of the daylight-saving changes, like recurrence.ts does.
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { AppDeps } from '../../platform/context.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { resolveTiming } from './events.timing.ts';
import { type CalendarEvent, eventCalendar } from './ical.ts';
import { occurrences } from './recurrence.ts';

const deps = { config: { publicUrl: 'https://civicast.example', delivery: { emailFrom: 'Musterstadt <rathaus@musterstadt.example>' } } } as unknown as AppDeps;
const tenant = { id: '00000000-0000-4000-8000-000000000001', slug: 'musterstadt', name: 'Musterstadt', timeZone: 'Europe/Berlin' } as TenantRow;

function event(over: Partial<CalendarEvent> & { local?: Parameters<typeof resolveTiming>[0] } = {}): CalendarEvent {
  const { local, ...rest } = over;
  const timing = resolveTiming(
    local ?? { startsAt: '2027-03-13T10:00', endsAt: '2027-03-13T13:00', timeZone: 'Europe/Berlin', allDay: false, rrule: 'FREQ=WEEKLY;BYDAY=SA;COUNT=40' },
  );
  return {
    tenantId: tenant.id,
    id: '11111111-1111-4111-8111-111111111111',
    uid: '11111111-1111-4111-8111-111111111111@civicast.example',
    sequence: 2,
    status: 'published',
    title: 'Wochenmarkt auf dem Marktplatz mit regionalen Erzeugnissen, Blumen und Käse aus dem Umland',
    description: 'Frisches Obst und Gemüse, Brot, Käse; Straßenmusik ab 11 Uhr. '.repeat(4),
    ...timing,
    placeName: 'Marktplatz',
    address: 'Marktplatz 1, 12345 Musterstadt',
    lat: 50.1,
    lng: 8.7,
    organiserKind: 'municipality',
    organiserName: '',
    capacity: null,
    rsvpEnabled: true,
    listed: true,
    reminderHours: 24,
    remindedFor: null,
    imageType: null,
    invitationId: null,
    cancelReason: null,
    createdBy: null,
    createdAt: new Date(),
    updatedAt: new Date(),
    ...rest,
  };
}

function parse(text: string) {
  const root = new ICAL.Component(ICAL.parse(text));
  return { root, vevents: root.getAllSubcomponents('vevent'), zones: root.getAllSubcomponents('vtimezone') };
}

describe('the calendar file', () => {
  it('is RFC 5545 text: CRLF line ends, folded lines of at most 75 octets, PRODID and VERSION', () => {
    const text = eventCalendar(deps, tenant, [event()]);
    expect(text.split('\r\n').length).toBeGreaterThan(10);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    const { root } = parse(text);
    expect(root.getFirstPropertyValue('prodid')).toContain('Civicast');
    expect(root.getFirstPropertyValue('version')).toBe('2.0');
    expect(root.getFirstPropertyValue('method')).toBe('PUBLISH');
  });

  it('has the UID, DTSTAMP, SEQUENCE, TZID with its VTIMEZONE, RRULE, place, GEO, URL and STATUS', () => {
    const e = event();
    const { vevents, zones } = parse(eventCalendar(deps, tenant, [e]));
    const v = vevents[0];
    expect(v.getFirstPropertyValue('uid')).toBe(e.uid);
    expect(v.getFirstPropertyValue('dtstamp')).toBeTruthy();
    expect(v.getFirstPropertyValue('sequence')).toBe(2);
    expect(v.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('Europe/Berlin');
    expect(v.getFirstProperty('dtend')!.getParameter('tzid')).toBe('Europe/Berlin');
    expect(zones.map((z) => z.getFirstPropertyValue('tzid'))).toEqual(['Europe/Berlin']);
    const rule = v.getFirstPropertyValue('rrule') as ICAL.Recur;
    expect([rule.freq, rule.count, rule.parts.BYDAY]).toEqual(['WEEKLY', 40, ['SA']]);
    expect(v.getFirstPropertyValue('summary')).toBe(e.title);
    expect(v.getFirstPropertyValue('location')).toBe('Marktplatz\nMarktplatz 1, 12345 Musterstadt');
    expect(v.getFirstPropertyValue('geo')).toEqual([50.1, 8.7]);
    expect(v.getFirstPropertyValue('url')).toBe(`https://civicast.example/m/musterstadt/events/${e.id}`);
    expect(v.getFirstPropertyValue('status')).toBe('CONFIRMED');
  });

  it('expands the weekly rule to 10:00 local across both changes, the same dates recurrence.ts gives', () => {
    const e = event();
    const { vevents, zones } = parse(eventCalendar(deps, tenant, [e]));
    const zone = new ICAL.Timezone(zones[0]);
    ICAL.TimezoneService.register(zone, 'Europe/Berlin');
    const it = new ICAL.Event(vevents[0]).iterator();
    const fromIcal: string[] = [];
    for (let next = it.next(); next; next = it.next()) fromIcal.push(next.toJSDate().toISOString());
    const ours = occurrences(e, new Date('2027-01-01'), new Date('2028-01-01')).map((o) => o.start.toISOString());
    expect(fromIcal).toEqual(ours);
    expect(fromIcal).toHaveLength(40);
    const local = fromIcal.map((iso) => DateTime.fromISO(iso, { zone: 'Europe/Berlin' }).toFormat('HH:mm'));
    expect(new Set(local)).toEqual(new Set(['10:00']));
    // around the changes: 2027-03-27 (winter, 09:00Z), 2027-04-03 (summer, 08:00Z), 2027-10-30 (summer), 2027-11-06 (winter)
    expect(fromIcal).toEqual(
      expect.arrayContaining(['2027-03-27T09:00:00.000Z', '2027-04-03T08:00:00.000Z', '2027-10-30T08:00:00.000Z', '2027-11-06T09:00:00.000Z']),
    );
  });

  it('writes all-day events as dates, the end the day after the last day', () => {
    const e = event({ local: { startsAt: '2027-07-03', endsAt: '2027-07-04', timeZone: 'Europe/Berlin', allDay: true, rrule: null } });
    const v = parse(eventCalendar(deps, tenant, [e])).vevents[0];
    const start = v.getFirstProperty('dtstart')!;
    expect(start.type).toBe('date');
    expect(String(start.getFirstValue())).toBe('2027-07-03');
    expect(String(v.getFirstPropertyValue('dtend'))).toBe('2027-07-05');
  });

  it('marks a cancelled event CANCELLED with its reason', () => {
    const v = parse(eventCalendar(deps, tenant, [event({ status: 'cancelled', cancelReason: 'Sturmwarnung', sequence: 3 })])).vevents[0];
    expect(v.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(v.getFirstPropertyValue('sequence')).toBe(3);
    expect(v.getFirstPropertyValue('description')).toContain('Sturmwarnung');
  });

  it('is an invitation with METHOD:REQUEST, ORGANIZER and ATTENDEE; CANCEL outranks the last invitation', () => {
    const attendee = { email: 'erika@example.org', name: 'Erika Muster' };
    const req = parse(eventCalendar(deps, tenant, [event()], { method: 'REQUEST', attendee }));
    expect(req.root.getFirstPropertyValue('method')).toBe('REQUEST');
    const v = req.vevents[0];
    expect(String(v.getFirstPropertyValue('organizer')).toLowerCase()).toBe('mailto:rathaus@musterstadt.example');
    expect(String(v.getFirstPropertyValue('attendee')).toLowerCase()).toBe('mailto:erika@example.org');
    const cancel = parse(eventCalendar(deps, tenant, [event()], { method: 'CANCEL', attendee }));
    expect(cancel.root.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(cancel.vevents[0].getFirstPropertyValue('sequence')).toBe(3);
    expect(cancel.vevents[0].getFirstPropertyValue('status')).toBe('CANCELLED');
  });

  it('carries one VTIMEZONE per zone the events use', () => {
    const ny = event({
      id: '22222222-2222-4222-8222-222222222222',
      uid: 'ny@x',
      local: { startsAt: '2027-05-01T18:00', endsAt: '2027-05-01T20:00', timeZone: 'America/New_York', allDay: false, rrule: null },
    });
    const { zones, vevents } = parse(eventCalendar(deps, tenant, [event(), ny]));
    expect(zones.map((z) => z.getFirstPropertyValue('tzid')).sort()).toEqual(['America/New_York', 'Europe/Berlin']);
    expect(vevents[1].getFirstProperty('dtstart')!.getParameter('tzid')).toBe('America/New_York');
    expect(String(vevents[1].getFirstPropertyValue('dtstart'))).toBe('2027-05-01T18:00:00');
  });
});
