// Who a warning reaches and the hand-off to the delivery engine: everyone in the area on every channel they have
// (topics and quiet hours as the municipality's warning policy says), kind `warning` so it jumps every queue. Later
// versions of a warning reach exactly the residents the original reached.
import { z } from 'zod';
import { CHANNELS } from '../../../common/states.ts';
import type { Actor } from '../../platform/audit.ts';
import type { AppDeps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { Tx } from '../../platform/db/client.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { type CheckedRecipient, normalizePhone, type PreparedSend, writeCheckedSend } from '../delivery/index.ts';
import { pointInPolygon, type Recipient, resolveAudience } from '../geo/index.ts';
import type { WarningPolygonGeometry } from './warnings.area.ts';
import * as repo from './warnings.repository.ts';
import { warningTexts } from './warnings.text.ts';

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

/** One send record per resident, channel and address; each address once per channel (a resident's devices each). */
function plan(list: Recipient[]): CheckedRecipient[] {
  const seen = { sms: new Set<string>(), email: new Set<string>(), push: new Set<string>() };
  const out: CheckedRecipient[] = [];
  const add = (residentId: string, channel: keyof typeof seen, address: string | null | undefined) => {
    if (!address || seen[channel].has(address)) return;
    seen[channel].add(address);
    out.push({ residentId, channel, address });
  };
  for (const r of list) {
    add(r.residentId, 'sms', r.sms ? normalizePhone(r.sms) : null);
    const mail = r.email?.trim().toLowerCase();
    add(r.residentId, 'email', mail && emailSchema.safeParse(mail).success ? mail : null);
    for (const device of r.push ?? []) add(r.residentId, 'push', device);
  }
  return out;
}

/**
 * Writes one version's sends, one message per language group, in the transaction that writes the version, and
 * records their message ids on it: the warning and its deliveries commit together (one transaction instead of one per
 * step, which mattered when fifty towns warn at once). Enqueue the result with `enqueueSend` after the commit.
 */
export async function writeVersionSends(
  deps: AppDeps,
  tx: Tx,
  actor: Actor,
  tenant: TenantRow,
  row: repo.WarningRow,
  recipients: Recipient[],
): Promise<PreparedSend[]> {
  const link = `${deps.config.publicUrl}/m/${tenant.slug}/alerts`;
  const groups = new Map<string, Recipient[]>();
  for (const r of recipients) {
    const language = row.languages[r.language] ? r.language : 'de';
    // pushed, not copied: a town of 100,000 would otherwise copy its list once per resident
    const group = groups.get(language);
    if (group) group.push(r);
    else groups.set(language, [r]);
  }
  const expires = row.expiresAt && row.expiresAt.getTime() > Date.now() + 60_000 && row.msgType !== 'cancel' && !row.allClear ? row.expiresAt : undefined;
  const prepared: PreparedSend[] = [];
  for (const [language, list] of groups) {
    const checked = plan(list);
    if (!checked.length) continue;
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
          audit: { warningId: row.id, chainId: row.chainId, language, recipients: list.length },
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
  if (prepared.length)
    await repo.setMessageIds(
      tx,
      row.id,
      prepared.map((p) => p.id),
    );
  return prepared;
}
