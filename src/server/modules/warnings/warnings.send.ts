// Who a warning reaches and the hand-off to the delivery engine: everyone in the area on every channel they have
// (topics and quiet hours as the municipality's warning policy says), kind `warning` so it jumps every queue. Later
// versions of a warning reach exactly the residents the original reached.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { quietHoursApply, quietHoursEnd } from '../../../common/quiet-hours.ts';
import { CHANNELS } from '../../../common/states.ts';
import type { Actor } from '../../platform/audit.ts';
import type { AppDeps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { Tx } from '../../platform/db/client.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { type CheckedRecipient, normalizePhone, type PreparedSend, writeCheckedSend } from '../delivery/index.ts';
import { pointInPolygon, type Recipient, resolveAudienceIn } from '../geo/index.ts';
import type { WarningPolygonGeometry } from './warnings.area.ts';
import * as repo from './warnings.repository.ts';
import { warningTexts } from './warnings.text.ts';

const emailSchema = z.email();

export interface AreaTarget {
  streetIds?: string[];
  polygon?: WarningPolygonGeometry | null;
}

/**
 * The residents in the area with an address on some channel, read in the transaction that writes the warning; errors
 * point under `at` (e.g. `/body/area`).
 */
export async function residentsInArea(deps: AppDeps, tx: Tx, tenantId: string, area: AreaTarget, at: string): Promise<Recipient[]> {
  const { recipients } = await resolveAudienceIn(
    deps,
    tx,
    tenantId,
    { channels: [...CHANNELS], warning: true, ...(area.streetIds?.length ? { streetIds: area.streetIds } : {}) },
    { at },
  );
  const polygon = area.polygon;
  if (!polygon) return recipients;
  const placed = await repo.followCoordinates(
    tx,
    recipients.map((r) => r.residentId),
  );
  const inside = new Set(placed.filter((p) => pointInPolygon(p.lat, p.lng, polygon)).map((p) => p.residentId));
  return recipients.filter((r) => inside.has(r.residentId));
}

/** The original's residents as they can be reached now (a resident who withdrew since is not). */
export async function sameResidents(deps: AppDeps, tx: Tx, tenantId: string, chainId: string): Promise<Recipient[]> {
  const ids = new Set(await repo.recipientIds(tx, chainId));
  if (!ids.size) return [];
  const all = await residentsInArea(deps, tx, tenantId, {}, '/body');
  return all.filter((r) => ids.has(r.residentId));
}

/** The channels a warning goes out on (each resident on those they consented to). */
export const WARNING_CHANNELS = ['sms', 'email', 'push'] as const;

/**
 * One send record per resident, channel and address; each address once per channel (a resident's devices each). The
 * resident's quiet hours are applied here, by the municipality's warning policy, from the windows the audience query
 * brought: the delivery module need not read them again.
 */
function plan(list: Recipient[], tenant: TenantRow, now: Date): CheckedRecipient[] {
  const seen = { sms: new Set<string>(), email: new Set<string>(), push: new Set<string>() };
  const quiet = quietHoursApply('warning', tenant.warningPolicy);
  const out: CheckedRecipient[] = [];
  for (const r of list) {
    const notBefore = quiet && r.quiet ? quietHoursEnd(r.quiet.start, r.quiet.end, tenant.timeZone, now) : null;
    const add = (channel: keyof typeof seen, address: string | null | undefined) => {
      if (!address || seen[channel].has(address)) return;
      seen[channel].add(address);
      out.push({ residentId: r.residentId, channel, address, notBefore });
    };
    add('sms', r.sms ? normalizePhone(r.sms) : null);
    const mail = r.email?.trim().toLowerCase();
    add('email', mail && emailSchema.safeParse(mail).success ? mail : null);
    for (const device of r.push ?? []) add('push', device);
  }
  return out;
}

/** One send of a warning version: the residents of one language, and the id its message will be written with. */
export interface VersionSend {
  messageId: string;
  language: string;
  residents: number;
  checked: CheckedRecipient[];
}

/**
 * A version's sends before anything is written: one message per language group (the resident's language where the
 * version has it, else German). The message ids are chosen here, so the version is inserted with them.
 */
export function planVersionSends(tenant: TenantRow, languages: Record<string, unknown>, recipients: Recipient[], now = new Date()): VersionSend[] {
  const groups = new Map<string, Recipient[]>();
  for (const r of recipients) {
    const language = languages[r.language] ? r.language : 'de';
    // pushed, not copied: a town of 100,000 would otherwise copy its list once per resident
    const group = groups.get(language);
    if (group) group.push(r);
    else groups.set(language, [r]);
  }
  const sends: VersionSend[] = [];
  for (const [language, list] of groups) {
    const checked = plan(list, tenant, now);
    if (checked.length) sends.push({ messageId: randomUUID(), language, residents: list.length, checked });
  }
  return sends;
}

/**
 * Writes one version's planned sends in the transaction that writes the version: the warning and its deliveries commit
 * together (one transaction instead of one per step, which mattered when fifty towns warn at once). The version was
 * inserted with the planned message ids; only when a send is refused are they corrected. Enqueue the result with
 * `enqueueSend` after the commit.
 */
export async function writeVersionSends(
  deps: AppDeps,
  tx: Tx,
  actor: Actor,
  tenant: TenantRow,
  row: repo.WarningRow,
  sends: VersionSend[],
): Promise<PreparedSend[]> {
  const link = `${deps.config.publicUrl}/m/${tenant.slug}/alerts`;
  const expires = row.expiresAt && row.expiresAt.getTime() > Date.now() + 60_000 && row.msgType !== 'cancel' && !row.allClear ? row.expiresAt : undefined;
  const prepared: PreparedSend[] = [];
  for (const { messageId, language, residents, checked } of sends) {
    const texts = warningTexts(row, language, { timeZone: tenant.timeZone, link });
    const content = {
      kind: 'warning' as const,
      subject: texts.subject,
      text: texts.text,
      smsText: texts.smsText,
      url: link,
      language,
      ...(expires ? { expiresAt: expires.toISOString() } : {}),
    };
    try {
      prepared.push(
        await writeCheckedSend(deps, tx, tenant.id, actor, content, checked, {
          messageId,
          audit: { warningId: row.id, chainId: row.chainId, language, recipients: residents },
        }),
      );
    } catch (err) {
      // a content the engine refuses is refused before anything is written, so the transaction goes on: the warning
      // stands (portal, CAP) even when one language group could not be handed off; staff see 0 deliveries. Anything
      // else (the database) ends the whole transaction.
      if (!(err instanceof AppError)) throw err;
      // never the error's field list: it can name addresses
      deps.log.error({ code: err.code, warningId: row.id, language }, 'warning hand-off failed');
    }
  }
  const written = prepared.map((p) => p.id);
  if (written.length !== row.messageIds.length || written.some((id, i) => row.messageIds[i] !== id)) await repo.setMessageIds(tx, row.id, written);
  return prepared;
}
