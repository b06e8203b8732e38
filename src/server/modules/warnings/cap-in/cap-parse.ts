// Reads CAP 1.1/1.2 documents and Atom/RSS index feeds with a parser that never expands entities. A document with a
// DOCTYPE or ENTITY declaration is refused outright (billion laughs, XXE); areas and alerts are capped.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { CapMsgType, WarningSeverity } from '../../../../common/states.ts';

export const CAP_LIMITS = {
  /** Points in one polygon, and in all polygons of one alert. */
  polygonPoints: 5000,
  alertPoints: 20_000,
  /** Index entries read per poll. */
  entriesPerFeed: 200,
  areasPerAlert: 100,
};

/** A feed or document that cannot be taken: the code is what the console and the log show (no content of the feed). */
export class FeedError extends Error {
  constructor(
    readonly code: string,
    detail: string,
  ) {
    super(detail);
  }
}

export type LatLon = [number, number];
export interface CapArea {
  desc: string;
  /** Rings of [latitude, longitude], closed. */
  polygons: LatLon[][];
  circles: Array<{ lat: number; lon: number; radiusKm: number }>;
}

export interface CapInfo {
  language: string;
  event: string;
  severity: WarningSeverity | null;
  urgency: string;
  certainty: string;
  headline: string;
  description: string;
  instruction: string | null;
  effective: string | null;
  onset: string | null;
  expires: string | null;
  web: string | null;
  areas: CapArea[];
}

export interface CapAlert {
  identifier: string;
  sender: string;
  sent: string;
  status: string;
  msgType: CapMsgType;
  scope: string;
  references: Array<{ sender: string; identifier: string }>;
  /** The info block read (German first, else the first); null when the alert has none. */
  info: CapInfo | null;
}

export interface IndexEntry {
  url: string;
  updated: string | null;
  /** CAP fields an index may carry (CAP feeds extension): used to skip entries the rules would drop anyway.
   * `polygon` is '' when the index says the alert has none, null when the index does not tell. */
  event: string | null;
  severity: string | null;
  polygon: string | null;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => ['info', 'area', 'polygon', 'circle', 'entry', 'item', 'link', 'geocode', 'parameter', 'eventCode'].includes(name),
});

const PREDEFINED = /&(lt|gt|amp|quot|apos|#\d{1,7}|#x[0-9a-f]{1,6});/gi;
const decode = (s: string) =>
  s.replace(PREDEFINED, (_, e: string) => {
    const k = e.toLowerCase();
    if (k === 'lt') return '<';
    if (k === 'gt') return '>';
    if (k === 'amp') return '&';
    if (k === 'quot') return '"';
    if (k === 'apos') return "'";
    const code = k.startsWith('#x') ? Number.parseInt(k.slice(2), 16) : Number.parseInt(k.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });

/** Parses XML after refusing declarations; returns the document object. */
export function parseXml(xml: string): Record<string, unknown> {
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) throw new FeedError('doctype_refused', 'the document declares a DOCTYPE or entities');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new FeedError('malformed_xml', `the document is not well-formed XML (line ${valid.err.line})`);
  try {
    return parser.parse(xml) as Record<string, unknown>;
  } catch {
    throw new FeedError('malformed_xml', 'the document is not well-formed XML');
  }
}

type Node = Record<string, unknown>;
const text = (v: unknown): string => {
  if (v == null) return '';
  if (typeof v === 'string') return decode(v).replaceAll('\u0000', '').trim(); // PostgreSQL text takes no NUL
  if (typeof v === 'object' && '#text' in (v as Node)) return text((v as Node)['#text']);
  return '';
};
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v == null ? [] : [v]);
const orNull = (s: string) => (s === '' ? null : s);

const SEVERITY: Record<string, WarningSeverity> = { minor: 'minor', moderate: 'moderate', severe: 'severe', extreme: 'extreme' };
const MSG_TYPES: Record<string, CapMsgType> = { alert: 'alert', update: 'update', cancel: 'cancel', ack: 'ack', error: 'error' };

/** "lat,lon lat,lon …" into closed [lat, lon] rings; refuses what is not numbers in range or too long. */
export function parsePolygon(value: string): LatLon[] {
  const pairs = value.trim().split(/\s+/);
  if (pairs.length > CAP_LIMITS.polygonPoints) throw new FeedError('polygon_too_large', `a polygon has more than ${CAP_LIMITS.polygonPoints} points`);
  const ring = pairs.map((pair) => {
    const [lat, lon] = pair.split(',').map(Number);
    if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180)
      throw new FeedError('invalid_polygon', 'a polygon point is not "latitude,longitude"');
    return [lat, lon] as LatLon;
  });
  if (ring.length < 3) throw new FeedError('invalid_polygon', 'a polygon needs at least 3 points');
  const [first, last] = [ring[0], ring[ring.length - 1]];
  if (first[0] !== last[0] || first[1] !== last[1]) ring.push(first);
  return ring;
}

/** "lat,lon radius" (radius in km). */
export function parseCircle(value: string): { lat: number; lon: number; radiusKm: number } {
  const m = /^\s*(-?[\d.]+),(-?[\d.]+)\s+([\d.]+)\s*$/.exec(value);
  const [lat, lon, radiusKm] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [Number.NaN, 0, 0];
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || !Number.isFinite(radiusKm) || Math.abs(lat) > 90 || Math.abs(lon) > 180 || radiusKm > 20_000)
    throw new FeedError('invalid_circle', 'a circle is not "latitude,longitude radius"');
  return { lat, lon, radiusKm };
}

function readInfo(node: Node): CapInfo {
  const areas = list(node.area).map((a) => a as Node);
  if (areas.length > CAP_LIMITS.areasPerAlert) throw new FeedError('too_many_areas', `an alert has more than ${CAP_LIMITS.areasPerAlert} areas`);
  let points = 0;
  return {
    language: text(node.language) || 'en-US',
    event: text(node.event),
    severity: SEVERITY[text(node.severity).toLowerCase()] ?? null,
    urgency: text(node.urgency),
    certainty: text(node.certainty),
    headline: text(node.headline),
    description: text(node.description),
    instruction: orNull(text(node.instruction)),
    effective: orNull(text(node.effective)),
    onset: orNull(text(node.onset)),
    expires: orNull(text(node.expires)),
    web: orNull(text(node.web)),
    areas: areas.map((a) => {
      const polygons = list(a.polygon)
        .map(text)
        .filter((p) => p !== '')
        .map(parsePolygon);
      points += polygons.reduce((n, p) => n + p.length, 0);
      if (points > CAP_LIMITS.alertPoints) throw new FeedError('polygon_too_large', `an alert's polygons have more than ${CAP_LIMITS.alertPoints} points`);
      const circles = list(a.circle)
        .map(text)
        .filter((c) => c !== '')
        .map(parseCircle);
      return { desc: text(a.areaDesc), polygons, circles };
    }),
  };
}

/** A CAP 1.1 or 1.2 `<alert>`; what it lacks (identifier, sender, sent) makes it refused. */
export function parseCapAlert(xml: string): CapAlert {
  const doc = parseXml(xml);
  const alert = doc.alert as Node | undefined;
  if (!alert || typeof alert !== 'object') throw new FeedError('not_cap', 'the document is not a CAP alert');
  const identifier = text(alert.identifier);
  const sender = text(alert.sender);
  const sent = text(alert.sent);
  if (!identifier || !sender || !sent || identifier.length > 500 || sender.length > 500 || sent.length > 40)
    throw new FeedError('not_cap', 'the alert lacks identifier, sender or sent');
  const msgType = MSG_TYPES[text(alert.msgType).toLowerCase()];
  if (!msgType) throw new FeedError('not_cap', 'the alert has no known msgType');
  const infos = list(alert.info).map((i) => i as Node);
  const chosen = infos.find((i) => text(i.language).toLowerCase().startsWith('de')) ?? infos[0];
  const references = text(alert.references)
    .split(/\s+/)
    .filter(Boolean)
    .map((ref) => ref.split(','))
    .filter((p) => p.length >= 2)
    .map(([s, id]) => ({ sender: s, identifier: id }));
  return {
    identifier,
    sender,
    sent,
    status: text(alert.status).toLowerCase(),
    msgType,
    scope: text(alert.scope).toLowerCase(),
    references,
    info: chosen ? readInfo(chosen) : null,
  };
}

function entryLink(links: unknown[]): string {
  const nodes = links.map((l) => (typeof l === 'object' && l ? (l as Node) : { '@href': text(l) }));
  const capLink = nodes.find((l) => /cap/i.test(String(l['@type'] ?? ''))) ?? nodes.find((l) => !l['@rel'] || l['@rel'] === 'alternate') ?? nodes[0];
  return capLink ? decode(String(capLink['@href'] ?? text(capLink))).trim() : '';
}

/** The CAP documents an Atom or RSS index links, at most CAP_LIMITS.entriesPerFeed. */
export function parseIndex(xml: string): IndexEntry[] {
  const doc = parseXml(xml);
  const feed = doc.feed as Node | undefined;
  const channel = (doc.rss as Node | undefined)?.channel as Node | undefined;
  const raw = feed ? list(feed.entry) : channel ? list(channel.item) : null;
  if (!raw) throw new FeedError('not_index', 'the document is neither an Atom feed nor an RSS channel');
  if (raw.length > CAP_LIMITS.entriesPerFeed) throw new FeedError('too_many_entries', `the index lists more than ${CAP_LIMITS.entriesPerFeed} alerts`);
  return raw
    .map((e) => e as Node)
    .map((e) => ({
      url: feed ? entryLink(list(e.link)) : text(list(e.link)[0]),
      updated: orNull(text(e.updated) || text(e.pubDate)),
      event: orNull(text(e.event)),
      severity: orNull(text(e.severity).toLowerCase()),
      polygon: 'polygon' in e ? text(list(e.polygon)[0]) : null,
    }))
    .filter((e) => e.url !== '');
}
