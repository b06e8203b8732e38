// POST requests: an integrator with an API key files a report. The form is read and checked here (Open311 errors
// name the field); the report is filed by the reports module like one from the portal, with source 'open311'.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createReportInput } from '../../../common/contracts/reports.ts';
import { REPORT_PHOTO_LIMITS } from '../../../common/report-settings.ts';
import { asLocale } from '../../i18n/index.ts';
import type { Actor } from '../../platform/audit.ts';
import type { AppDeps } from '../../platform/context.ts';
import { keyedLimit, limitRefusal } from '../../platform/rate-limit.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { fileReport, getCategory, type PreparedPhoto, preparePhoto, verifyOpen311Key } from '../reports/index.ts';
import { open311CreatedSchema } from './open311.format.ts';
import {
  attributesOf,
  type Form,
  field,
  Open311Invalid,
  open311FieldOf,
  open311FormSchema,
  readAttributes,
  readContact,
  readDescription,
  readPoint,
  refuseUnstorable,
} from './open311.form.ts';
import { OPEN311_LIMITS, type Open311Kit, open311Error, open311Responses } from './open311.kit.ts';
import { type Place, placeOfAddressId, placeOfAddressString } from './open311.queries.ts';

const HOUR = 3_600_000;

declare module 'fastify' {
  interface FastifyRequest {
    /** The media files of a multipart post (moved out of the body before it is validated as a form). */
    open311Media: Buffer[] | null;
  }
}

/** Where the report is: lat/long as sent, else the street directory's point for address_id or address_string. */
async function locate(deps: AppDeps, tenant: TenantRow, form: Form, problems: string[]): Promise<{ lat: number; lng: number; address?: string } | null> {
  const point = readPoint(form, problems);
  const addressString = field(form, 'address_string').replace(/\s+/g, ' ');
  if (addressString.length > 200) problems.push('address_string: at most 200 characters');
  if (point) return { ...point, ...(addressString && addressString.length <= 200 ? { address: addressString } : {}) };
  if (problems.length) return null;
  const addressId = field(form, 'address_id');
  if (!addressId && !addressString) {
    problems.push('lat/long: a location is required: lat and long, address_string or address_id');
    return null;
  }
  const place: Place | null = await deps.db.withTenant(tenant.id, async (tx) =>
    addressId ? placeOfAddressId(tx, tenant.id, addressId) : addressString.length <= 200 ? placeOfAddressString(tx, tenant.id, addressString) : null,
  );
  if (!place) {
    problems.push(
      addressId
        ? `address_id: "${addressId.slice(0, 60)}" is not an address of the street directory; send lat and long`
        : 'address_string: not found in the street directory of the municipality; send lat and long',
    );
    return null;
  }
  // no address: the reports module writes the directory's nearest address and its street (address_id, zipcode)
  return { lat: place.lat, lng: place.lng };
}

async function preparedMedia(files: Buffer[]): Promise<PreparedPhoto[]> {
  if (files.length > REPORT_PHOTO_LIMITS.count) throw new Open311Invalid([`media: at most ${REPORT_PHOTO_LIMITS.count} files`]);
  const out: PreparedPhoto[] = [];
  for (const [i, bytes] of files.entries()) out.push(await preparePhoto(bytes, i));
  return out;
}

export async function open311PostRoute(app: FastifyInstance, deps: AppDeps, kit: Open311Kit): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const perAddress = keyedLimit(app, { name: 'open311-post:address', max: OPEN311_LIMITS.postsPerHourPerAddress, timeWindow: HOUR });
  const perKey = keyedLimit(app, { name: 'open311-post:key', max: OPEN311_LIMITS.postsPerHourPerKey, timeWindow: HOUR });

  r.decorateRequest('open311Media', null);
  // after the multipart parser: files leave the body, so the body is a form of strings like a urlencoded one
  r.addHook('preValidation', async (req) => {
    const body = req.body as Record<string, unknown> | null | undefined;
    if (req.method !== 'POST' || !body || typeof body !== 'object') return;
    const files: Buffer[] = [];
    for (const [key, value] of Object.entries(body)) {
      const parts = Array.isArray(value) ? value : [value];
      if (!parts.some((p) => Buffer.isBuffer(p))) continue;
      if (key === 'media') files.push(...parts.filter((p): p is Buffer => Buffer.isBuffer(p)));
      delete body[key];
    }
    if (files.length) req.open311Media = files;
  });

  r.post(
    '/requests.:format',
    {
      schema: {
        tags: ['Open311 GeoReport v2'],
        summary: 'File a service request (a report); needs an API key of the municipality',
        consumes: ['application/x-www-form-urlencoded', 'multipart/form-data'],
        params: z.object({ format: z.string().max(20).describe('xml or json') }),
        querystring: z.object({ jurisdiction_id: z.string().max(500).optional(), api_key: z.string().max(500).optional() }),
        body: open311FormSchema.optional(),
        response: open311Responses(open311CreatedSchema),
      },
    },
    async (req, reply) => {
      const fmt = kit.formatOf(req.params.format);
      const form: Form = { ...(req.body ?? {}) };
      refuseUnstorable(form);
      const tenant = await kit.tenantOf(field(form, 'jurisdiction_id') || req.query.jurisdiction_id);
      const address = await perAddress(req, req.ip);
      if (!address.allowed) throw limitRefusal(address.retryAfterSeconds, 'Too many service requests from this address. Try again later.');
      const key = await verifyOpen311Key(deps, tenant, field(form, 'api_key') || req.query.api_key?.trim());
      if (!key) throw open311Error(403, 'api_key: missing or invalid. The municipality issues keys for its Open311 integrators.');
      const keyed = await perKey(req, key.id);
      if (!keyed.allowed) throw limitRefusal(keyed.retryAfterSeconds, 'Too many service requests with this api_key. Try again later.');

      const code = field(form, 'service_code').toLowerCase();
      if (!code) throw open311Error(400, 'service_code: is required');
      const category = code.length <= 100 ? await getCategory(deps, tenant, code) : null;
      if (!category || category.code !== code || !category.active) throw open311Error(404, `service_code: there is no service "${code.slice(0, 100)}" here`);

      const problems: string[] = [];
      const location = await locate(deps, tenant, form, problems);
      const attributes = readAttributes(category, attributesOf(form), problems);
      const contact = readContact(form, problems);
      const description = readDescription(form, category, problems);
      if (problems.length || !location) throw new Open311Invalid(problems);
      const parsed = createReportInput.safeParse({
        categoryId: category.id,
        description,
        location: { lat: location.lat, lng: location.lng },
        ...(location.address ? { address: location.address } : {}),
        attributes,
        contact,
        language: asLocale(tenant.locale),
      });
      if (!parsed.success) throw new Open311Invalid(parsed.error.issues.map((i) => `${open311FieldOf(`/${i.path.join('/')}`)}: ${i.message}`));
      const photos = await preparedMedia(req.open311Media ?? []);

      const actor: Actor = {
        userId: null,
        email: `open311-key:${key.id}`,
        ip: req.ip ?? null,
        userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : null,
        requestId: String(req.id),
      };
      const filed = await fileReport(deps, actor, tenant, parsed.data, { source: 'open311', apiKeyId: key.id, withToken: true, photos });
      const notice = category.autoReply ? category.autoReply.replaceAll('{{nummer}}', String(filed.number)).replaceAll('{{kategorie}}', category.name) : null;
      const accountId = field(form, 'account_id');
      return kit.send(reply, fmt, 'service_requests', [
        { service_request_id: String(filed.number), service_notice: notice, account_id: accountId ? accountId.slice(0, 200) : null },
      ]);
    },
  );
}
