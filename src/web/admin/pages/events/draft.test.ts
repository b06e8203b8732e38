import { describe, expect, it } from 'vitest';
import type { EventDetail } from '../../../../common/contracts/events.ts';
import { bodyOf, changesOf, checkDraft, draftOf, emptyDraft, withAllDay, withStart } from './draft.ts';

const filled = {
  ...emptyDraft('Europe/Berlin'),
  title: ' Wochenmarkt ',
  startsAt: '2026-12-05T08:00',
  endsAt: '2026-12-05T13:00',
  recurrence: { freq: 'weekly' as const, interval: '1', weekdays: ['SA' as const], end: 'count' as const, count: '8', until: '', custom: '' },
  capacity: '40',
};

describe('the event editor', () => {
  it('sends local wall time with the zone and the recurrence as an RRULE', () => {
    expect(bodyOf(filled)).toMatchObject({
      title: 'Wochenmarkt',
      startsAt: '2026-12-05T08:00',
      endsAt: '2026-12-05T13:00',
      timeZone: 'Europe/Berlin',
      rrule: 'FREQ=WEEKLY;BYDAY=SA;COUNT=8',
      capacity: 40,
      lat: null,
      lng: null,
      reminderHours: 24,
      organiserName: '',
    });
    expect(bodyOf({ ...filled, reminderHours: '' }).reminderHours).toBeNull();
  });

  it('a new start moves an end that is missing or before it', () => {
    expect(withStart(emptyDraft('UTC'), '2026-12-05T23:30').endsAt).toBe('2026-12-06T01:30');
    expect(withStart(filled, '2026-12-05T09:00').endsAt).toBe('2026-12-05T13:00');
    expect(withStart(filled, '2026-12-05T14:00').endsAt).toBe('2026-12-05T16:00');
    expect(withStart({ ...emptyDraft('UTC'), allDay: true }, '2026-12-05').endsAt).toBe('2026-12-05');
  });

  it('all-day keeps the days and drops the hours, and back', () => {
    const day = withAllDay(filled, true);
    expect(day).toMatchObject({ allDay: true, startsAt: '2026-12-05', endsAt: '2026-12-05' });
    expect(checkDraft(day)).toEqual({});
    expect(withAllDay(day, false)).toMatchObject({ startsAt: '2026-12-05T09:00', endsAt: '2026-12-05T17:00' });
  });

  it('says what is missing or wrong before sending, at the field', () => {
    expect(checkDraft(emptyDraft('UTC'))).toEqual({ title: 'events.check.title', startsAt: 'events.check.start', endsAt: 'events.check.end' });
    expect(checkDraft({ ...filled, endsAt: '2026-12-05T07:00' })).toEqual({ endsAt: 'events.check.endBeforeStart' });
    expect(checkDraft({ ...filled, capacity: '0' })).toEqual({ capacity: 'events.check.capacity' });
    expect(checkDraft({ ...filled, capacity: 'viele' })).toEqual({ capacity: 'events.check.capacity' });
    expect(checkDraft({ ...filled, lat: '49.3' })).toEqual({ lat: 'events.check.pointPair' });
    expect(checkDraft({ ...filled, lat: '99', lng: '10' })).toEqual({ lat: 'events.check.point' });
    expect(checkDraft({ ...filled, organiserKind: 'club' })).toEqual({ organiserName: 'events.check.organiser' });
    expect(checkDraft({ ...filled, recurrence: { ...filled.recurrence, count: '' } })).toEqual({ rrule: 'events.check.count' });
  });

  it('editing sends only what changed, a map point always with both coordinates', () => {
    const stored = { ...filled, lat: '49.3', lng: '10.9' };
    expect(changesOf(stored, { ...stored, title: 'Bauernmarkt' })).toEqual({ title: 'Bauernmarkt' });
    expect(changesOf(stored, { ...stored, lat: '49.31' })).toEqual({ lat: 49.31, lng: 10.9 });
    expect(changesOf(stored, stored)).toEqual({});
  });

  it('a stored event opens with its local times and rule', () => {
    const detail = {
      title: 'Adventsmarkt',
      description: '',
      allDay: false,
      startsLocal: '2026-12-05T16:00:00',
      endsLocal: '2026-12-05T21:00',
      timeZone: 'Europe/Berlin',
      rrule: 'FREQ=DAILY;COUNT=3',
      placeName: 'Marktplatz',
      address: '',
      lat: 49.3,
      lng: 10.9,
      organiserKind: 'club',
      organiserName: 'Heimatverein',
      capacity: null,
      rsvpEnabled: true,
      listed: false,
      reminderHours: null,
    } as unknown as EventDetail;
    expect(draftOf(detail)).toMatchObject({
      startsAt: '2026-12-05T16:00',
      endsAt: '2026-12-05T21:00',
      recurrence: { freq: 'daily', count: '3' },
      lat: '49.3',
      capacity: '',
      reminderHours: '',
      listed: false,
    });
  });
});
