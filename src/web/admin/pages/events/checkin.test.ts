import { describe, expect, it } from 'vitest';
import type { AttendeeRow } from '../../../../common/contracts/events.ts';
import { checkinRows } from './format.ts';

const row = (name: string, answer: AttendeeRow['answer'], state: AttendeeRow['state']): AttendeeRow => ({
  rsvpId: name,
  residentId: name,
  name,
  answer,
  persons: 1,
  state,
  waitlistPosition: state === 'waitlisted' ? 1 : null,
  checkedIn: false,
  checkedInPersons: null,
  checkedInAt: null,
  answeredAt: '2026-11-30T10:00:00.000Z',
});

const rows = [
  row('Zoe Winter', 'yes', 'waitlisted'),
  row('Ömer Kaya', 'yes', 'confirmed'),
  row('Anna Berger', 'maybe', 'none'),
  row('Bernd Ahrens', 'no', 'none'),
];

describe('the check-in list', () => {
  it('shows those holding a place first, then "vielleicht", then the waitlist; never those who said no', () => {
    expect(checkinRows(rows, '').map((r) => r.name)).toEqual(['Ömer Kaya', 'Anna Berger', 'Zoe Winter']);
  });

  it('finds a person by any part of the name, whatever the case', () => {
    expect(checkinRows(rows, 'ömer').map((r) => r.name)).toEqual(['Ömer Kaya']);
    expect(checkinRows(rows, ' BERG ').map((r) => r.name)).toEqual(['Anna Berger']);
    expect(checkinRows(rows, 'ahrens')).toEqual([]);
  });
});
