// Who a warning reaches and the hand-off to the delivery engine: everyone in the area on every channel they have
// (topics and quiet hours as the municipality's warning policy says), kind `warning` so it jumps every queue. Later
// versions of a warning reach exactly the residents the original reached.
import { z } from 'zod';
import { CHANNELS } from '../../../common/states.ts';
import type { Actor } from '../../platform/audit.ts';
import type { AppDeps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { acceptSend, normalizePhone } from '../delivery/index.ts';
import { pointInPolygon, type Recipient, resolveAudience } from '../geo/index.ts';
import type { WarningPolygonGeometry } from './warnings.area.ts';
import * as repo from './warnings.repository.ts';
import { warningTexts } from './warnings.text.ts';

type EngineRecipient = Parameters<typeof acceptSend>[3]['recipients'][number];
const emailSchema = z.email();

export interface AreaTarget {
  streetIds?: string[];
  polygon?: WarningPolygonGeometry | null;
}

/** The residents in the area with an address on some channel; errors point under `at` (e.g. `/body/area`). */
export async function residentsInArea(deps: AppDeps, tenantId: string, area: AreaTarget, at: string): Promise<Recipient[]> {
  const { recipients } = await resolveAudience(
    deps,
    tenantId,
    { channels: [...CHANNELS], warning: true, ...(area.streetIds?.length ? { streetIds: area.streetIds } : {}) },
    { at },
  );
  const polygon = area.polygon;
  if (!polygon) return recipients;
  const placed = await deps.db.withTenant(tenantId, (tx) =>
    repo.followCoordinates(
      tx,
      recipients.map((r) => r.residentId),
    ),
  );
  const inside = new Set(placed.filter((p) => pointInPolygon(p.lat, p.lng, polygon)).map((p) => p.residentId));
  return recipients.filter((r) => inside.has(r.residentId));
}

/** The original's residents as they can be reached now (a resident who withdrew since is not). */
export async function sameResidents(deps: AppDeps, tenantId: string, chainId: string): Promise<Recipient[]> {
  const ids = new Set(await deps.db.withTenant(tenantId, (tx) => repo.recipientIds(tx, chainId)));
  if (!ids.size) return [];
  const all = await residentsInArea(deps, tenantId, {}, '/body');
  return all.filter((r) => ids.has(r.residentId));
}

/** The channels a warning goes out on (each resident on those they consented to). */
export const WARNING_CHANNELS = ['sms', 'email', 'push'] as const;

/** One send record per resident and address, each address once per channel. */
function plan(list: Recipient[]): EngineRecipient[] {
  const seen = { sms: new Set<string>(), email: new Set<string>(), push: new Set<string>() };
  const fresh = (channel: keyof typeof seen, address: string | null | undefined) => {
    if (!address || seen[channel].has(address)) return undefined;
    seen[channel].add(address);
    return address;
  };
  const out: EngineRecipient[] = [];
  for (const r of list) {
    const sms = r.sms ? fresh('sms', normalizePhone(r.sms)) : undefined;
    const mail = r.email?.trim().toLowerCase();
    const email = mail && emailSchema.safeParse(mail).success ? fresh('email', mail) : undefined;
    const devices = (r.push ?? []).map((d) => fresh('push', d)).filter((d): d is string => !!d);
    const records: EngineRecipient[] = [{ sms, email, push: devices.shift() }, ...devices.map((push) => ({ push }))];
    for (const rec of records) {
      if (!rec.sms && !rec.email && !rec.push) continue;
      const clean = Object.fromEntries(Object.entries(rec).filter(([, v]) => v !== undefined)) as EngineRecipient;
      out.push({ ...clean, residentId: r.residentId, language: r.language });
    }
  }
  return out;
}

/** Hands one version to the engine, one message per language group; returns the engine's message ids. */
export async function sendVersion(deps: AppDeps, actor: Actor, tenant: TenantRow, row: repo.WarningRow, recipients: Recipient[]): Promise<string[]> {
  const link = `${deps.config.publicUrl}/m/${tenant.slug}/alerts`;
  const groups = new Map<string, Recipient[]>();
  for (const r of recipients) {
    const language = row.languages[r.language] ? r.language : 'de';
    groups.set(language, [...(groups.get(language) ?? []), r]);
  }
  const expires = row.expiresAt && row.expiresAt.getTime() > Date.now() + 60_000 && row.msgType !== 'cancel' && !row.allClear ? row.expiresAt : undefined;
  const ids: string[] = [];
  for (const [language, list] of groups) {
    const recipientsOfGroup = plan(list);
    if (!recipientsOfGroup.length) continue;
    const texts = warningTexts(row, language, { timeZone: tenant.timeZone, link });
    try {
      const accepted = await acceptSend(
        deps,
        actor,
        tenant,
        {
          kind: 'warning',
          subject: texts.subject,
          text: texts.text,
          smsText: texts.smsText,
          url: link,
          language,
          ...(expires ? { expiresAt: expires.toISOString() } : {}),
          recipients: recipientsOfGroup,
        },
        { skipLimit: true, audit: { warningId: row.id, chainId: row.chainId, language, recipients: list.length } },
      );
      ids.push(accepted.id);
    } catch (err) {
      // the warning stands (portal, CAP) even when one language group could not be handed off; staff see 0 deliveries
      // never the error's field list: it can name addresses
      deps.log.error({ code: err instanceof AppError ? err.code : 'internal', warningId: row.id, language }, 'warning hand-off failed');
    }
  }
  return ids;
}
