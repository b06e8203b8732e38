import { readFileSync } from 'node:fs';
import { type CountryCode, getCountryCallingCode } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { checkResidentPhone, classifyPhone, smsNumber, storedMobile } from './phone.ts';

const DACH = ['DE', 'AT', 'CH'];

describe('which numbers get SMS', () => {
  it.each([
    ['0170 1234567', '+491701234567'],
    ['+49 151 23456789', '+4915123456789'],
    ['0049 176 12345678', '+4917612345678'],
    ['+43 664 1234567', '+436641234567'],
    ['+41 79 123 45 67', '+41791234567'],
  ])('the mobile number %s is taken as %s', (input, e164) => {
    expect(checkResidentPhone(input, DACH)).toEqual({ ok: true, e164, country: expect.any(String), line: 'mobile' });
    expect(smsNumber(input)).toBe(e164);
  });

  it.each([
    ['12345', 'phone_invalid'],
    ['', 'phone_invalid'],
    ['0170 12', 'phone_invalid'],
    ['0170\u00001234567', 'phone_invalid'],
    ['1'.repeat(500), 'phone_invalid'],
    ['030 12345678', 'phone_landline'], // Berlin
    ['+49 89 1234567', 'phone_landline'], // München
    ['+43 1 5131234', 'phone_landline'], // Wien
    ['+41 44 123 45 67', 'phone_landline'], // Zürich
    ['0900 1234567', 'phone_service'], // premium rate
    ['+49 900 1234567', 'phone_service'],
    ['0180 1234567', 'phone_service'], // shared cost
    ['0180 5123456', 'phone_service'],
    ['0137 1234567', 'phone_service'], // televoting
    ['0700 12345678', 'phone_service'], // personal number
    ['0800 1234567', 'phone_service'], // toll free
    ['032 212345678', 'phone_service'], // national subscriber number (VoIP, forwarding)
    ['+49 322 12345678', 'phone_service'],
  ])('%s is refused as %s', (input, problem) => {
    expect(checkResidentPhone(input, DACH)).toMatchObject({ ok: false, problem });
    expect(smsNumber(input)).toBeNull();
  });

  it('a mobile number from a country the municipality does not allow is refused by country', () => {
    expect(checkResidentPhone('+48 512 345 678', DACH)).toMatchObject({ ok: false, problem: 'country_not_allowed', country: 'PL' });
    expect(checkResidentPhone('+48 512 345 678', [...DACH, 'PL'])).toMatchObject({ ok: true, line: 'mobile' });
  });

  it('where a country cannot tell mobile from fixed lines, the number counts as mobile', () => {
    expect(classifyPhone('+1 202 555 0123')).toMatchObject({ ok: true, line: 'mobile', country: 'US' });
  });

  it('a landline is kept as a landline for voice calls, never for SMS', () => {
    expect(classifyPhone('030 12345678')).toEqual({ ok: true, e164: '+493012345678', country: 'DE', line: 'landline' });
    expect(checkResidentPhone('030 12345678', DACH, 'voice')).toMatchObject({ ok: true, line: 'landline' });
    expect(checkResidentPhone('0900 1234567', DACH, 'voice')).toMatchObject({ ok: false, problem: 'phone_service' });
  });
});

describe('stored numbers (the fast check for E.164)', () => {
  const fullCheck = (n: string) => {
    const c = classifyPhone(n);
    return c.ok && c.line === 'mobile' && c.e164 === n;
  };

  it('a stored number is called mobile only where the full check says so, in every country', () => {
    const examples = JSON.parse(readFileSync('node_modules/libphonenumber-js/examples.mobile.json', 'utf8')) as Record<string, string>;
    let seed = 7;
    const digit = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return String(Math.floor((seed / 2147483648) * 10));
    };
    let fast = 0;
    for (const [country, national] of Object.entries(examples)) {
      const code = getCountryCallingCode(country as CountryCode);
      // each country's example mobile number with its last digits changed, one digit more or fewer now and then
      for (let k = 0; k < 40; k++) {
        let n = national.slice(0, Math.max(1, national.length - 1 - (k % 5)));
        while (n.length < national.length + (k % 7 === 0 ? 1 : k % 11 === 0 ? -1 : 0)) n += digit();
        const e164 = `+${code}${n}`;
        if (!storedMobile(e164)) continue;
        fast++;
        expect(fullCheck(e164), e164).toBe(true);
      }
    }
    // most answers come from the fast check (shared calling codes such as +1 and +44 take the full one)
    expect(fast).toBeGreaterThan(4000);
  });

  it('landlines, service numbers and other forms are left to the full check', () => {
    expect(storedMobile('+4930901820')).toBe(false);
    expect(storedMobile('+4932123456789')).toBe(false);
    expect(storedMobile('+499001234567')).toBe(false);
    expect(storedMobile('+12025550123')).toBe(false);
    expect(storedMobile('0170 1234567')).toBe(false);
    expect(storedMobile('+491701234567')).toBe(true);
    expect(smsNumber('+4930901820')).toBeNull();
    expect(smsNumber('+12025550123')).toBe('+12025550123');
  });
});
