import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeSms, decodeGsm7, encodeGsm7, estimateSmsCost, splitSms } from './segments.ts';

interface Vector {
  name?: string;
  body: string;
  encoding: string;
  segments: number;
  units?: number;
  length?: number;
  remaining?: number;
  reference_counter?: { encoding: string; units: number; segments: number };
}

const vectorFile = path.resolve(import.meta.dirname, '../../../test/fixtures/conformance/sms/sms_segment_vectors.json');
const vectors = JSON.parse(readFileSync(vectorFile, 'utf8')) as { sourced: Vector[]; derived: Vector[] };

// the cited libraries name the encodings differently
const encodingName = (e: string) => (e === 'GSM_7BIT' || e === 'GSM-7' ? 'GSM-7' : 'UCS-2');

describe('SMS segment vectors', () => {
  it.each(vectors.sourced.map((v) => [v.name ?? v.body.slice(0, 30), v] as const))('sourced: %s', (_, v) => {
    const a = analyzeSms(v.body);
    expect(a.encoding).toBe(encodingName(v.encoding));
    expect(a.segments).toBe(v.segments);
    if (v.reference_counter) expect(a.units).toBe(v.reference_counter.units);
    if (v.remaining !== undefined) expect(a.remainingInSegment).toBe(v.remaining);
    expect(splitSms(v.body)).toHaveLength(v.segments);
  });

  it.each(vectors.derived.map((v) => [v.body.slice(0, 30), v] as const))('derived: %s', (_, v) => {
    const a = analyzeSms(v.body);
    expect(a.encoding).toBe(v.encoding);
    expect(a.units).toBe(v.units);
    expect(a.segments).toBe(v.segments);
    expect(splitSms(v.body)).toHaveLength(v.segments);
  });
});

describe('analyzeSms', () => {
  it('keeps German umlauts and ß in GSM-7 but not ê', () => {
    expect(analyzeSms('Müll, Straße, Äpfel').encoding).toBe('GSM-7');
    expect(analyzeSms('Fête').encoding).toBe('UCS-2');
  });

  it('an empty text has no parts and the full single-part capacity', () => {
    expect(analyzeSms('')).toEqual({ encoding: 'GSM-7', units: 0, segments: 0, perSegment: 160, remainingInSegment: 160 });
    expect(splitSms('')).toEqual([]);
  });

  it('switches to the concatenated capacity once a second part is needed', () => {
    expect(analyzeSms('a'.repeat(160)).perSegment).toBe(160);
    expect(analyzeSms('a'.repeat(161))).toMatchObject({ perSegment: 153, segments: 2, remainingInSegment: 145 });
  });
});

describe('splitSms', () => {
  it('fills GSM-7 parts with 153 septets', () => {
    const parts = splitSms('x'.repeat(400));
    expect(parts.map((p) => p.length)).toEqual([153, 153, 94]);
    expect(parts.join('')).toBe('x'.repeat(400));
  });

  it('never splits an escape pair across parts', () => {
    const text = `${'a'.repeat(152)}€b${'c'.repeat(10)}`;
    const parts = splitSms(text);
    expect(parts[0]).toBe('a'.repeat(152));
    expect(parts[1]!.startsWith('€b')).toBe(true);
    expect(analyzeSms(text)).toMatchObject({ units: 165, segments: 2, remainingInSegment: 153 - 13 });
  });

  it('never splits a surrogate pair across parts', () => {
    const text = `${'ê'.repeat(66)}😜${'ê'.repeat(10)}`;
    const parts = splitSms(text);
    expect(parts[0]).toBe('ê'.repeat(66));
    expect(parts[1]).toBe(`😜${'ê'.repeat(10)}`);
    expect(parts.join('')).toBe(text);
  });

  it('a pair that fits exactly at the end of a part stays in it', () => {
    const parts = splitSms(`${'a'.repeat(151)}€${'a'.repeat(20)}`);
    expect(parts[0]).toBe(`${'a'.repeat(151)}€`);
  });

  it('UCS-2 parts hold 67 code units', () => {
    const parts = splitSms('ê'.repeat(140));
    expect(parts.map((p) => p.length)).toEqual([67, 67, 6]);
  });
});

describe('encodeGsm7', () => {
  it('writes one byte per septet and escapes extension characters', () => {
    expect([...encodeGsm7('@A€[')]).toEqual([0x00, 0x41, 0x1b, 0x65, 0x1b, 0x3c]);
    expect([...encodeGsm7('Müll ß')]).toEqual([0x4d, 0x7e, 0x6c, 0x6c, 0x20, 0x1e]);
  });

  it('has as many bytes as the counter has units', () => {
    const text = 'Heizöl-Preis 5€ [Info]';
    expect(encodeGsm7(text).length).toBe(analyzeSms(text).units);
  });

  it('refuses characters outside GSM-7', () => {
    expect(() => encodeGsm7('Fête')).toThrow(RangeError);
  });

  it('round-trips through decodeGsm7', () => {
    const text = 'Straßensperrung {Info} ~ | ^ \\ € @ £ ¥ è\n\r';
    expect(decodeGsm7(encodeGsm7(text))).toBe(text);
  });

  it('returns a Uint8Array so the browser can use it', () => {
    expect(encodeGsm7('a')).toBeInstanceOf(Uint8Array);
  });
});

describe('estimateSmsCost', () => {
  it('multiplies parts by recipients and the price per part', () => {
    expect(estimateSmsCost('a'.repeat(161), 1000, 7)).toEqual({
      encoding: 'GSM-7',
      partsPerMessage: 2,
      totalParts: 2000,
      totalCents: 14000,
    });
  });
});
