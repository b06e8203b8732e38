// The console says every audit action and object in words: a new action without a text would show its raw key.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { interpolate } from '../i18n.tsx';
import de from './de.json' with { type: 'json' };
import en from './en.json' with { type: 'json' };

const serverDir = path.resolve(import.meta.dirname, '../../../server');
const sources = (readdirSync(serverDir, { recursive: true }) as string[])
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => readFileSync(path.join(serverDir, f), 'utf8'));
const audited = (field: 'action' | 'objectType') =>
  [...new Set(sources.flatMap((s) => [...s.matchAll(new RegExp(`recordAudit\\([^;]*?${field}: '([^']+)'`, 'gs'))].map((m) => m[1])))].sort();

describe('console texts', () => {
  it('every audit action and object type the server records has a German and an English name', () => {
    const actions = audited('action');
    expect(actions).toContain('resident.viewed');
    for (const [lang, dict] of [
      ['de', de],
      ['en', en],
    ] as const) {
      expect(
        actions.filter((a) => !(`audit.actions.${a}` in dict)),
        lang,
      ).toEqual([]);
      expect(
        audited('objectType').filter((o) => !(`audit.objects.${o}` in dict)),
        lang,
      ).toEqual([]);
    }
  });

  it('counts take the word that fits: 1 Gebiet, 2 Gebiete', () => {
    expect(interpolate(de['geo.areas.mapDescription'], { count: 1 }, 'de')).toMatch(/^Die Karte zeigt 1 Gebiet als Fläche mit Namen; dasselbe Gebiet steht/);
    expect(interpolate(de['geo.areas.mapDescription'], { count: 2 }, 'de')).toMatch(/^Die Karte zeigt 2 Gebiete als Flächen/);
    expect(interpolate(en['geo.areas.imported'], { count: 1 }, 'en')).toBe('1 area imported.');
    expect(interpolate(en['geo.areas.imported'], { count: 0 }, 'en')).toBe('0 areas imported.');
    for (const dict of [de, en]) for (const text of Object.values(dict)) expect(text).not.toMatch(/\{\w+:[^|}]*\}/); // a plural needs both forms
  });
});
