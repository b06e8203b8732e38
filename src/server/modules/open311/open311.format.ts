// Open311 documents in XML (mandatory) and JSON. JSON follows the spec's Spark convention: an XML list element
// (<services><service>…) is a JSON array. XML is written by a small escaping serializer: no DOM, so a list of 1,000
// requests costs a string join, not a tree.
import { z } from 'zod';

export type Open311Format = 'xml' | 'json';
export const XML_TYPE = 'text/xml; charset=utf-8';
export const JSON_TYPE = 'application/json; charset=utf-8';
export const contentTypeOf = (format: Open311Format) => (format === 'xml' ? XML_TYPE : JSON_TYPE);

/** The element name of a list's entries, by the list's name (Spark convention, both ways). */
const ENTRY: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  errors: 'error',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
};

// characters XML 1.0 cannot carry (control characters a client may have typed) are dropped, never a broken document
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters being removed
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the same set, to test before replacing
const NEEDS_WORK = /[&<>\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

export function escapeXml(text: string): string {
  if (!NEEDS_WORK.test(text)) return text;
  return text.replace(NOT_XML, '').replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function write(out: string[], name: string, value: unknown): void {
  if (value === undefined) return;
  if (value === null || value === '') {
    out.push(`<${name}/>`);
  } else if (Array.isArray(value)) {
    const entry = ENTRY[name] ?? 'item';
    out.push(`<${name}>`);
    for (const v of value) write(out, entry, v);
    out.push(`</${name}>`);
  } else if (typeof value === 'object') {
    out.push(`<${name}>`);
    for (const key in value) write(out, key, (value as Record<string, unknown>)[key]);
    out.push(`</${name}>`);
  } else {
    out.push(`<${name}>${escapeXml(String(value))}</${name}>`);
  }
}

/** The XML document of a value: `root` names the outer element (a list's entries are named by ENTRY). */
export function toXml(root: string, value: unknown): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  write(out, root, value);
  return out.join('');
}

/** Open311's error document in either format; `code` is usually the HTTP status. */
export function errorDocument(format: Open311Format, errors: Array<{ code: number; description: string }>): string {
  return format === 'xml' ? toXml('errors', errors) : JSON.stringify(errors);
}

// -------------------------------------------------------------------------------------------------------------------
// The JSON shapes as response schemas: they put the routes into /api/openapi.json and check every JSON answer.

const text = z.string().nullable();
export const open311ServiceSchema = z.object({
  service_code: z.string(),
  service_name: z.string(),
  description: text,
  metadata: z.boolean(),
  type: z.enum(['realtime', 'batch', 'blackbox']),
  keywords: text,
  group: text,
});
export const open311ServicesSchema = z.array(open311ServiceSchema);

export const open311ServiceDefinitionSchema = z.object({
  service_code: z.string(),
  attributes: z.array(
    z.object({
      variable: z.boolean(),
      code: z.string(),
      datatype: z.enum(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']),
      required: z.boolean(),
      datatype_description: text,
      order: z.number().int(),
      description: z.string(),
      values: z.array(z.object({ key: z.string(), name: z.string() })).optional(),
    }),
  ),
});

export const open311RequestSchema = z.object({
  service_request_id: z.string(),
  status: z.enum(['open', 'closed']),
  status_notes: text,
  service_name: text,
  service_code: z.string(),
  description: text,
  agency_responsible: text,
  service_notice: text,
  requested_datetime: z.string(),
  updated_datetime: text,
  expected_datetime: text,
  address: text,
  address_id: text,
  zipcode: text,
  lat: z.number(),
  long: z.number(),
  media_url: text,
});
export const open311RequestsSchema = z.array(open311RequestSchema);

export const open311CreatedSchema = z.array(z.object({ service_request_id: z.string(), service_notice: text, account_id: text }));
export const open311TokenSchema = z.array(z.object({ service_request_id: z.string(), token: z.string() }));

export const open311DiscoverySchema = z.object({
  changeset: z.string(),
  contact: z.string(),
  key_service: z.string(),
  endpoints: z.array(
    z.object({ specification: z.string(), url: z.string(), changeset: z.string(), type: z.enum(['production', 'test']), formats: z.array(z.string()) }),
  ),
});

export const open311ErrorsSchema = z.array(z.object({ code: z.number().int(), description: z.string() }));
