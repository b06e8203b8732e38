// A network's console pages live under /admin/n/:slug/: the addresses paths makes open the page they name.
import { describe, expect, it } from 'vitest';
import { NETWORK_VIEWS, parseRoute, paths } from '../../routes.ts';

describe('network console routes', () => {
  it('opens every network page from the address paths makes, the slug as it went in', () => {
    for (const view of NETWORK_VIEWS) expect(parseRoute(paths.network('land kreis', view), '')).toEqual({ page: 'network', slug: 'land kreis', view });
    expect(paths.network('landkreis-musterkreis')).toBe('/admin/n/landkreis-musterkreis/');
  });

  it('an unknown page of a network is not found', () => {
    for (const path of ['/admin/n/kreis/members', '/admin/n/kreis/unknown', '/admin/n/kreis/send/extra', '/admin/n/']) {
      expect(parseRoute(path, ''), path).toEqual({ page: 'notFound' });
    }
  });
});
