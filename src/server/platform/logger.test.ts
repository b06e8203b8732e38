import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, loggedRoute } from './logger.ts';

const capture = () => {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk, _enc, done) => done(void lines.push(String(chunk))) });
  return { lines, log: createLogger('info', sink) };
};

describe('request logs', () => {
  it('name the route, never the path or query as sent', () => {
    expect(loggedRoute({ url: '/api/v1/tenants/musterstadt/residents?q=%2B4915123456789', routeOptions: { url: '/api/v1/tenants/:tenant/residents' } })).toBe(
      '/api/v1/tenants/:tenant/residents',
    );
    expect(loggedRoute({ url: '/api/v1/invitations/secret-token-value', routeOptions: { url: '/api/v1/invitations/:token' } })).toBe(
      '/api/v1/invitations/:token',
    );
    expect(loggedRoute({ url: '/m/musterstadt/0151%2023456789?x=y' })).toBe('/m/… (no route)');
  });

  it('the request serializer Fastify uses writes the route, not the URL with its token', () => {
    const { lines, log } = capture();
    log.info(
      { req: { method: 'GET', url: '/m/x/email/sign-in?token=secret-token-value', routeOptions: { url: '/m/:tenant/email/sign-in' }, ip: '203.0.113.9' } },
      'request completed',
    );
    const entry = JSON.parse(lines[0]);
    expect(entry.req).toMatchObject({ method: 'GET', route: '/m/:tenant/email/sign-in', remoteAddress: '203.0.113.9' });
    expect(lines[0]).not.toContain('secret-token-value');
  });

  it('a failed query is logged without the values it carried', () => {
    const { lines, log } = capture();
    const cause = Object.assign(new Error('duplicate key value violates unique constraint "residents_phone"'), {
      detail: 'Key (phone)=(+4915123456789) already exists.',
    });
    const err = Object.assign(new Error('Failed query: insert into residents (phone, email) values ($1, $2)\nparams: +4915123456789,anna@example.org'), {
      query: 'insert into residents (phone, email) values ($1, $2)',
      params: ['+4915123456789', 'anna@example.org'],
      cause,
    });
    log.error({ err }, 'request failed');
    expect(lines[0]).toContain('insert into residents');
    expect(lines[0]).not.toContain('4915123456789');
    expect(lines[0]).not.toContain('anna@example.org');
  });
});
