// A local HTTP server that plays external CAP publishers for the CAP-in tests: the conformance files (the NWS Atom
// index with its links pointed here, a CAP document per index entry built from that entry's CAP fields, the amber
// alert, the DWD-profile-shaped alert with an Update and a Cancel derived from it), every answer with an ETag and
// 304 on a match, and hostile feeds (malformed, DOCTYPE with entities, oversized, stalling, huge polygon, redirect
// to file:). Dates are moved a year ahead so that alerts are current; everything else is byte-for-byte the fixture.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/conformance/cap');
const fixture = (name: string) => readFileSync(path.join(fixtures, name), 'utf8');

export interface CapFeedServer {
  baseUrl: string;
  /** Requests per path (with 304s counted separately under `304 <path>`). */
  hits: Map<string, number>;
  /** Identifiers of the DWD-shaped alert and the Update and Cancel derived from it. */
  dwd: { identifier: string; update: string; cancel: string };
  close(): Promise<void>;
}

const next = new Date().getUTCFullYear() + 1;
const tag = (xml: string, name: string) => new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml)?.[1]?.trim() ?? '';

/** A CAP 1.1 alert from one NWS index entry's CAP fields (the index links documents this server cannot fetch). */
function nwsAlert(entry: string, identifier: string): string {
  const polygon = tag(entry, 'cap:polygon');
  return `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.1">
<identifier>${identifier}</identifier>
<sender>w-nws.webmaster@noaa.gov</sender>
<sent>${tag(entry, 'published')}</sent>
<status>${tag(entry, 'cap:status')}</status>
<msgType>${tag(entry, 'cap:msgType')}</msgType>
<scope>Public</scope>
<info>
<category>${tag(entry, 'cap:category')}</category>
<event>${tag(entry, 'cap:event')}</event>
<urgency>${tag(entry, 'cap:urgency')}</urgency>
<severity>${tag(entry, 'cap:severity')}</severity>
<certainty>${tag(entry, 'cap:certainty')}</certainty>
<effective>${tag(entry, 'cap:effective')}</effective>
<expires>${tag(entry, 'cap:expires')}</expires>
<headline>${tag(entry, 'title')}</headline>
<description>${tag(entry, 'summary')}</description>
<area><areaDesc>${tag(entry, 'cap:areaDesc')}</areaDesc>${polygon ? `<polygon>${polygon}</polygon>` : ''}</area>
</info>
</alert>`;
}

export async function startCapFeedServer(): Promise<CapFeedServer> {
  const hits = new Map<string, number>();
  const docs = new Map<string, string>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const slow = url.pathname === '/hostile/slow';
    if (slow) {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.write('<?xml version="1.0"?><alert>'); // and nothing more
      return;
    }
    if (url.pathname === '/hostile/huge') return streamHuge(res);
    if (url.pathname === '/hostile/redirect-file') {
      res.writeHead(302, { location: 'file:///etc/passwd' });
      return res.end();
    }
    const body = docs.get(url.pathname);
    if (body === undefined) {
      res.writeHead(404);
      return res.end();
    }
    const etag = `"${createHash('sha1').update(body).digest('hex')}"`;
    if (req.headers['if-none-match'] === etag) {
      hits.set(`304 ${url.pathname}`, (hits.get(`304 ${url.pathname}`) ?? 0) + 1);
      res.writeHead(304, { etag });
      return res.end();
    }
    hits.set(url.pathname, (hits.get(url.pathname) ?? 0) + 1);
    res.writeHead(200, { 'content-type': 'application/xml; charset=utf-8', etag, 'last-modified': 'Wed, 15 Aug 2018 22:57:00 GMT' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // the NWS index, its links pointed here, and one document per entry
  const nws = fixture('nws_atom_feed_example.xml').replaceAll('2018-', `${next}-`);
  const linked = nws.replaceAll('https://alerts.weather.gov/cap/wwacapget.php?x=', `${baseUrl}/nws/`);
  docs.set('/nws.atom', linked);
  for (const entry of nws.split('<entry>').slice(1)) {
    const id = /wwacapget\.php\?x=([^<"]+)/.exec(entry)?.[1];
    if (id) docs.set(`/nws/${id}`, nwsAlert(entry, id));
  }

  docs.set('/amber.cap', fixture('cap_amber_alert_example.xml'));
  const dwd = fixture('dwd-profile-shaped-example.SYNTHETIC.xml').replaceAll('2026-07-2', `${next}-07-2`);
  docs.set('/dwd.cap', dwd);
  const identifier = tag(dwd, 'identifier');
  const sent = tag(dwd, 'sent');
  const derive = (suffix: string, msgType: string, change: (xml: string) => string) =>
    change(
      dwd
        .replace(`<identifier>${identifier}</identifier>`, `<identifier>${identifier}.${suffix}</identifier>`)
        .replace('<msgType>Alert</msgType>', `<msgType>${msgType}</msgType>`)
        .replace(/<references>[^<]*<\/references>/, `<references>opendata@dwd.de,${identifier},${sent}</references>`),
    );
  docs.set(
    '/dwd-update.cap',
    derive('UPD', 'Update', (x) =>
      x
        .replace('<severity>Moderate</severity>', '<severity>Severe</severity>')
        .replace('Official WARNING of GALE-FORCE GUSTS', 'Official WARNING of STORM GUSTS'),
    ),
  );
  docs.set(
    '/dwd-cancel.cap',
    derive('CNL', 'Cancel', (x) => x),
  );

  // hostile documents
  docs.set('/hostile/malformed', '<?xml version="1.0"?><alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>x</alert>');
  docs.set(
    '/hostile/doctype',
    `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&lol3;</identifier></alert>`,
  );
  docs.set('/hostile/xxe', `<?xml version="1.0"?><!DOCTYPE alert [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><alert><identifier>&xxe;</identifier></alert>`);
  const ring = Array.from({ length: 6000 }, (_, i) => `${(49.5 + 0.5 * Math.sin(i / 955)).toFixed(5)},${(12.5 + 0.5 * Math.cos(i / 955)).toFixed(5)}`);
  docs.set(
    '/hostile/polygon',
    dwd
      .replace(/<identifier>[^<]*<\/identifier>/, '<identifier>huge-polygon</identifier>')
      .replace(/<polygon>[^<]*<\/polygon>/, `<polygon>${ring.join(' ')} ${ring[0]}</polygon>`),
  );
  const index = (links: string[]) =>
    `<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom"><id>${baseUrl}/mixed.atom</id><title>mixed</title><updated>${next}-01-01T00:00:00+00:00</updated>${links
      .map((l, i) => `<entry><id>${i}</id><title>${i}</title><updated>${next}-01-01T00:00:00+00:00</updated><link href="${l}"/></entry>`)
      .join('')}</feed>`;
  docs.set('/mixed.atom', index(['/hostile/malformed', '/hostile/doctype', `${baseUrl}/hostile/polygon`, '/dwd.cap']));

  return {
    baseUrl,
    hits,
    dwd: { identifier, update: `${identifier}.UPD`, cancel: `${identifier}.CNL` },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function streamHuge(res: ServerResponse) {
  res.writeHead(200, { 'content-type': 'application/xml' });
  const chunk = `<x>${'a'.repeat(64 * 1024)}</x>`;
  let sent = 0;
  const write = () => {
    while (sent < 40) {
      sent++;
      if (!res.write(chunk)) return res.once('drain', write);
    }
    res.end();
  };
  res.on('error', () => {});
  write();
}
