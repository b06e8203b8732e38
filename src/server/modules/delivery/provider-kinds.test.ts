// Provider kinds are described once: the server's validation, the console's form texts and docs/API.md all follow
// src/common/provider-kinds.ts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROVIDER_KIND_NAMES, providerFields, renderProviderKindsDoc } from '../../../common/provider-kinds.ts';
import { providerKinds } from './providers.schemas.ts';

const texts = (lang: string) => JSON.parse(readFileSync(new URL(`../../../web/admin/i18n/${lang}.json`, import.meta.url), 'utf8')) as Record<string, string>;

describe('provider kinds, described once', () => {
  it('docs/API.md shows the table the description renders', () => {
    const doc = readFileSync(new URL('../../../../docs/API.md', import.meta.url), 'utf8');
    const table = doc.split('<!-- provider-kinds:start -->\n')[1]?.split('\n<!-- provider-kinds:end -->')[0];
    expect(table, 'run renderProviderKindsDoc() and paste its output between the provider-kinds markers').toBe(renderProviderKindsDoc());
  });

  it('the console has a label, in German and English, for every kind, field and hint', () => {
    for (const lang of ['de', 'en']) {
      const t = texts(lang);
      const keys = PROVIDER_KIND_NAMES.flatMap((k) => [
        `providers.kind.${k}`,
        ...providerFields(k).flatMap((f) => [`providers.field.${f.name}`, ...(f.hint ? [`providers.hint.${f.hint}`] : [])]),
      ]);
      expect(
        keys.filter((k) => !t[k]),
        lang,
      ).toEqual([]);
    }
  });

  it('the server checks settings and secrets as described: required, limits, patterns, unknown keys', () => {
    const smpp = providerKinds.smpp;
    expect(smpp.config.safeParse({ host: 'smsc.example', port: 2775, systemId: 'civicast' }).success).toBe(true);
    expect(smpp.config.safeParse({ host: ' ', port: 2775, systemId: 'civicast' }).error?.issues[0]).toMatchObject({ path: ['host'], message: 'is required' });
    expect(smpp.config.safeParse({ host: 'smsc.example', port: 70000, systemId: 'civicast' }).success).toBe(false);
    expect(smpp.config.safeParse({ host: 'smsc.example', port: 2775, systemId: 'civicast', colour: 'red' }).success).toBe(false);
    expect(smpp.secrets.safeParse({ password: '1234567890' }).error?.issues[0].message).toBe('SMPP passwords have at most 9 characters');
    expect(smpp.secrets.safeParse({}).success).toBe(false);
    expect(smpp.secrets.partial().safeParse({}).success).toBe(true); // a change keeps the stored password
    expect(providerKinds.webpush.config.safeParse({ subject: 'it@example.org' }).error?.issues[0].message).toBe('must start with mailto: or https://');
    // HTTP SMS keeps further settings for its adapter, which checks the whole (HttpSmsConfig)
    expect(providerKinds['sms-http'].config.safeParse({ mapping: 'twilio', baseUrl: 'https://api.twilio.com', from: 'Musterstadt', extra: 1 }).success).toBe(
      true,
    );
    expect(providerKinds['sms-http'].config.safeParse({ mapping: 'fax', baseUrl: 'https://api.twilio.com', from: 'Musterstadt' }).success).toBe(false);
    expect(providerKinds['dev-outbox'].config.safeParse({ anything: 1 }).success).toBe(false);
  });
});
