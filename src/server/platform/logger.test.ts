import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, redactQuery } from './logger.ts';

describe('request logs', () => {
  it('keep a link token out of the logged URL, and the rest of the URL in', () => {
    expect(redactQuery('/m/musterstadt/email/verify?token=abcDEF_123-x&lang=de')).toBe('/m/musterstadt/email/verify?token=[redacted]&lang=de');
    expect(redactQuery('/m/musterstadt/unsubscribe?lang=en&t=AAAA')).toBe('/m/musterstadt/unsubscribe?lang=en&t=[redacted]');
    expect(redactQuery('/api/v1/residents?topic=abfall')).toBe('/api/v1/residents?topic=abfall');
  });

  it('the request serializer Fastify uses writes the redacted URL', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => done(void lines.push(String(chunk))) });
    createLogger('info', sink).info({ req: { method: 'GET', url: '/m/x/email/sign-in?token=secret-token-value', ip: '203.0.113.9' } }, 'incoming request');
    const entry = JSON.parse(lines[0]);
    expect(entry.req).toMatchObject({ method: 'GET', url: '/m/x/email/sign-in?token=[redacted]', remoteAddress: '203.0.113.9' });
    expect(lines[0]).not.toContain('secret-token-value');
  });
});
