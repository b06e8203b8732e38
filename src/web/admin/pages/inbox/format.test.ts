// The Posteingang's pure helpers: due times, masked contacts, the @mention picker's text handling, tags.
import { describe, expect, it } from 'vitest';
import { insertMention, maskAddress, mentionedIds, mentionQuery, parseTags, relativeDue } from './format.ts';

describe('inbox helpers', () => {
  const now = new Date('2026-11-30T10:00:00Z');

  it('says a deadline in minutes, hours or days, negative once passed', () => {
    expect(relativeDue('2026-11-30T10:30:00Z', now)).toEqual({ minutes: 30, unit: 'minute', value: 30 });
    expect(relativeDue('2026-11-30T07:00:00Z', now)).toEqual({ minutes: -180, unit: 'hour', value: 3 });
    expect(relativeDue('2026-12-03T10:00:00Z', now)).toEqual({ minutes: 4320, unit: 'day', value: 3 });
  });

  it('masks numbers and addresses', () => {
    expect(maskAddress('+4915112345678')).toBe('+49…678');
    expect(maskAddress('anna.schmidt@example.org')).toBe('a…@example.org');
    expect(maskAddress('+4915112345678')).not.toContain('12345');
  });

  it('finds the @word being typed and replaces it by the picked name', () => {
    expect(mentionQuery('Bitte @An', 9)).toEqual({ start: 6, query: 'An' });
    expect(mentionQuery('mail@example', 12)).toBeNull();
    expect(mentionQuery('@', 1)).toEqual({ start: 0, query: '' });
    expect(insertMention('Bitte @An prüfen', 6, 9, 'Anna Schmidt')).toEqual({ text: 'Bitte @Anna Schmidt  prüfen', cursor: 20 });
  });

  it('sends only the mentions still in the text', () => {
    const picked = [
      { userId: 'a', name: 'Anna Schmidt' },
      { userId: 'b', name: 'Bernd Meier' },
      { userId: 'a', name: 'Anna Schmidt' },
    ];
    expect(mentionedIds('Hallo @Anna Schmidt', picked)).toEqual(['a']);
    expect(mentionedIds('niemand', picked)).toEqual([]);
  });

  it('reads tags from a comma list', () => {
    expect(parseTags(' Straße, , Laterne,Straße ')).toEqual(['Straße', 'Laterne']);
  });
});
