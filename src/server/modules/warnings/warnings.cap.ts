// CAP 1.2 out: one document per warning version (valid against the OASIS XSD), and the Atom index of the current
// warnings linking each document. Built with xmlbuilder2 (escaping is the builder's), never by string concatenation.
import { create } from 'xmlbuilder2';
import type { WarningRow } from './warnings.repository.ts';
import { fieldsInZone } from '../../../common/time-zones.ts';
import { capPolygon } from './warnings.area.ts';

export const CAP_NS = 'urn:oasis:names:tc:emergency:cap:1.2';
const ATOM_NS = 'http://www.w3.org/2005/Atom';

export interface CapTenant {
  slug: string;
  name: string;
  timeZone: string;
  ags: string | null;
}

const dateTimeFields = fieldsInZone('en-US', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'longOffset',
});

/** `2026-11-30T10:00:00+01:00`: CAP's dateTime with the municipality's offset, never `Z` (the XSD refuses it). */
export function capDateTime(at: Date, timeZone: string): string {
  const p = dateTimeFields(at, timeZone);
  const offset = /GMT([+-]\d\d:\d\d)/.exec(p.timeZoneName ?? '')?.[1] ?? '+00:00'; // "GMT" alone is UTC
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${offset}`;
}

// characters XML 1.0 cannot carry (control characters a client may have typed) are dropped, never a broken document
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters being removed
const xml = (value: string) => value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
const cap = (value: string) => value.charAt(0).toUpperCase() + value.slice(1);
const LANGUAGE_TAGS: Record<string, string> = { de: 'de-DE', en: 'en-GB' };

export interface CapContext {
  tenant: CapTenant;
  /** The earlier versions of the chain, oldest first (CAP `references`). */
  earlier: WarningRow[];
  /** The portal's alerts page. */
  web: string;
}

/** The CAP 1.2 document of one warning version. */
export function capDocument(w: WarningRow, ctx: CapContext): string {
  const tz = ctx.tenant.timeZone;
  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  const alert = doc.ele(CAP_NS, 'alert');
  alert.ele('identifier').txt(xml(w.capIdentifier));
  alert.ele('sender').txt(xml(w.sender));
  alert.ele('sent').txt(xml(capDateTime(w.sentAt, tz)));
  alert.ele('status').txt(xml(cap(w.status)));
  alert.ele('msgType').txt(xml(cap(w.msgType)));
  alert.ele('scope').txt(xml('Public'));
  const notes: string[] = [];
  if (w.status === 'exercise') notes.push('ÜBUNG / EXERCISE');
  if (w.status === 'test') notes.push('TEST');
  if (w.msgType === 'cancel') notes.push(w.description);
  if (notes.length) alert.ele('note').txt(xml(notes.join(' – ')));
  if (ctx.earlier.length) alert.ele('references').txt(xml(ctx.earlier.map((e) => `${e.sender},${e.capIdentifier},${capDateTime(e.sentAt, tz)}`).join(' ')));
  const versions = [{ language: 'de', ...w }, ...Object.entries(w.languages).map(([language, v]) => ({ ...w, ...v, language }))];
  for (const v of versions) {
    const info = alert.ele('info');
    info.ele('language').txt(xml(LANGUAGE_TAGS[v.language] ?? v.language));
    info.ele('category').txt(xml('Safety'));
    info.ele('event').txt(xml(v.event));
    if (w.allClear) info.ele('responseType').txt(xml('AllClear'));
    info.ele('urgency').txt(xml(cap(w.urgency)));
    info.ele('severity').txt(xml(cap(w.severity)));
    info.ele('certainty').txt(xml(cap(w.certainty)));
    if (w.onset) info.ele('onset').txt(xml(capDateTime(w.onset, tz)));
    if (w.expiresAt) info.ele('expires').txt(xml(capDateTime(w.expiresAt, tz)));
    info.ele('senderName').txt(xml(ctx.tenant.name));
    info.ele('headline').txt(xml(v.headline));
    info.ele('description').txt(xml(v.description));
    if (v.instruction) info.ele('instruction').txt(xml(v.instruction));
    info.ele('web').txt(xml(ctx.web));
    const area = info.ele('area');
    area.ele('areaDesc').txt(xml(w.areaDesc));
    if (w.polygon) area.ele('polygon').txt(xml(capPolygon(w.polygon)));
    if (w.areaKind === 'tenant' && ctx.tenant.ags) {
      const geocode = area.ele('geocode');
      geocode.ele('valueName').txt(xml('AGS'));
      geocode.ele('value').txt(xml(ctx.tenant.ags));
    }
  }
  return doc.end({ prettyPrint: true });
}

export interface AtomEntry {
  warning: WarningRow;
  capUrl: string;
}

/** The Atom index of the current warnings, each entry linking its CAP document (with the CAP index elements). */
export function atomIndex(tenant: CapTenant, selfUrl: string, entries: AtomEntry[], now: Date): string {
  const tz = tenant.timeZone;
  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  const feed = doc.ele(ATOM_NS, 'feed').att('http://www.w3.org/2000/xmlns/', 'xmlns:cap', CAP_NS);
  feed.ele('id').txt(xml(selfUrl));
  feed.ele('title').txt(xml(`${tenant.name}: Warnungen`));
  const updated = entries.length ? new Date(Math.max(...entries.map((e) => e.warning.sentAt.getTime()))) : now;
  feed.ele('updated').txt(xml(capDateTime(updated, tz)));
  feed.ele('author').ele('name').txt(xml(tenant.name));
  feed.ele('link').att('rel', 'self').att('href', selfUrl);
  feed.ele('generator').txt(xml('Civicast'));
  for (const { warning: w, capUrl } of entries) {
    const entry = feed.ele('entry');
    entry.ele('id').txt(xml(w.capIdentifier));
    const title = w.status === 'actual' ? w.headline : `${w.status === 'exercise' ? 'ÜBUNG' : 'TEST'}: ${w.headline}`;
    entry.ele('title').txt(xml(title));
    entry.ele('updated').txt(xml(capDateTime(w.sentAt, tz)));
    entry.ele('published').txt(xml(capDateTime(w.sentAt, tz)));
    entry.ele('author').ele('name').txt(xml(tenant.name));
    entry.ele('link').att('rel', 'alternate').att('type', 'application/cap+xml').att('href', capUrl);
    entry.ele('summary').txt(xml(w.description.slice(0, 500)));
    entry.ele(CAP_NS, 'cap:identifier').txt(xml(w.capIdentifier));
    entry.ele(CAP_NS, 'cap:sender').txt(xml(w.sender));
    entry.ele(CAP_NS, 'cap:sent').txt(xml(capDateTime(w.sentAt, tz)));
    entry.ele(CAP_NS, 'cap:event').txt(xml(w.event));
    entry.ele(CAP_NS, 'cap:status').txt(xml(cap(w.status)));
    entry.ele(CAP_NS, 'cap:msgType').txt(xml(cap(w.msgType)));
    entry.ele(CAP_NS, 'cap:urgency').txt(xml(cap(w.urgency)));
    entry.ele(CAP_NS, 'cap:severity').txt(xml(cap(w.severity)));
    entry.ele(CAP_NS, 'cap:certainty').txt(xml(cap(w.certainty)));
    if (w.expiresAt) entry.ele(CAP_NS, 'cap:expires').txt(xml(capDateTime(w.expiresAt, tz)));
    entry.ele(CAP_NS, 'cap:areaDesc').txt(xml(w.areaDesc));
    if (w.polygon) entry.ele(CAP_NS, 'cap:polygon').txt(xml(capPolygon(w.polygon)));
  }
  return doc.end({ prettyPrint: true });
}
