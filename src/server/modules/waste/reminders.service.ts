// A resident's waste reminder (one per resident and municipality): which street, which types (none chosen: all),
// the evening before or the same morning, at what time, on or off; and the channel it comes on. The job that sends
// them is reminders.job.ts.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { smsNumber } from '../../../common/phone.ts';
import type { WasteReminderDay } from '../../../common/states.ts';
import { type Actor, recordAudit } from '../../platform/audit.ts';
import { unseal } from '../../platform/auth/crypto.ts';
import type { AppDeps } from '../../platform/context.ts';
import { queryRows, type Tx } from '../../platform/db/client.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import type { TenantRow } from '../../platform/tenancy.ts';

/** The time a reminder comes when the resident leaves it open: 18:00 the evening before, 06:30 the same morning. */
export const DEFAULT_MINUTE: Record<WasteReminderDay, number> = { day_before: 18 * 60, same_day: 6 * 60 + 30 };

export interface ReminderSettings {
  streetId: string | null;
  /** Empty: every type, also types added later. */
  typeIds: string[];
  day: WasteReminderDay;
  minuteOfDay: number;
  active: boolean;
}

export interface ReminderChannel {
  channel: 'sms' | 'email';
  /** The address, shortened ("…567", "a…@example.org"): enough to recognise it on a shared screen. */
  shown: string;
}

export interface ReminderView {
  /** The resident has saved a reminder (else `settings` are the defaults, with the street of their subscription). */
  saved: boolean;
  settings: ReminderSettings;
  streets: Array<{ id: string; label: string }>;
  /** The types that have dates (not on-request ones), in the municipality's order. */
  types: Array<{ id: string; name: string }>;
  channel: ReminderChannel | null;
}

/** What the channel decision needs of a resident. */
export interface ChannelFacts {
  phoneEnc: string | null;
  emailEnc: string | null;
  emailVerified: boolean;
  channels: string[] | null;
}

const EMAIL = z.email();

/**
 * The resident's channel for the municipality, as report messages choose it (reports.notify.ts): a confirmed e-mail
 * address when they chose e-mail, else SMS to their verified number, else the confirmed address. Only what is needed
 * is decrypted. The number is checked in full (an old import may have stored a landline): the engine takes it as it is.
 */
export function channelOf(key: Buffer, r: ChannelFacts): { channel: 'sms'; sms: string } | { channel: 'email'; email: string } | null {
  const open = (sealed: string | null) => {
    try {
      return unseal(key, sealed);
    } catch {
      return null;
    }
  };
  const emailOf = () => {
    const email = r.emailVerified ? open(r.emailEnc) : null;
    return email && EMAIL.safeParse(email).success ? email : null;
  };
  const chosen = (r.channels ?? []).includes('email') ? emailOf() : null;
  if (chosen) return { channel: 'email', email: chosen };
  const phone = smsNumber(open(r.phoneEnc) ?? '');
  if (phone) return { channel: 'sms', sms: phone };
  const fallback = emailOf();
  return fallback ? { channel: 'email', email: fallback } : null;
}

function shownAddress(a: NonNullable<ReturnType<typeof channelOf>>): ReminderChannel {
  if (a.channel === 'sms') return { channel: 'sms', shown: a.sms.slice(-3) };
  const [local, domain] = a.email.split('@');
  return { channel: 'email', shown: `${local.slice(0, 1)}…@${domain}` };
}

async function reminderTypes(tx: Tx, tenantId: string) {
  return queryRows<{ id: string; name: string }>(
    tx,
    sql`select id, name from waste_types where tenant_id = ${tenantId} and active and not on_request order by position, name`,
  );
}

async function streetChoices(tx: Tx, tenantId: string) {
  const rows = await queryRows<{ id: string; name: string; postcode: string }>(
    tx,
    sql`select id, name, postcode from streets where tenant_id = ${tenantId} order by name, postcode`,
  );
  // the postcode tells apart two streets of one name
  const count = new Map<string, number>();
  for (const r of rows) count.set(r.name, (count.get(r.name) ?? 0) + 1);
  return rows.map((r) => ({ id: r.id, label: (count.get(r.name) ?? 0) > 1 && r.postcode ? `${r.name} (${r.postcode})` : r.name }));
}

/** Everything the reminder page shows the signed-in resident (a follower of the municipality). */
export async function reminderView(deps: AppDeps, tenant: TenantRow, residentId: string): Promise<ReminderView> {
  return deps.db.withTenant(tenant.id, async (tx) => {
    const [own] = await queryRows<{ streetId: string; typeIds: string[]; day: WasteReminderDay; minuteOfDay: number; active: boolean }>(
      tx,
      sql`select street_id as "streetId", type_ids as "typeIds", day, minute_of_day as "minuteOfDay", active
            from waste_reminders where tenant_id = ${tenant.id} and resident_id = ${residentId}`,
    );
    const [facts] = await queryRows<ChannelFacts & { streetId: string | null }>(
      tx,
      sql`select r.phone_enc as "phoneEnc", r.email_enc as "emailEnc", r.email_verified_at is not null as "emailVerified",
                 f.channels, f.street_id as "streetId"
            from follows f join residents r on r.id = f.resident_id
           where f.tenant_id = ${tenant.id} and f.resident_id = ${residentId}`,
    );
    const address = facts ? channelOf(deps.config.secretKey, facts) : null;
    const settings: ReminderSettings = own
      ? { ...own, minuteOfDay: Number(own.minuteOfDay) }
      : { streetId: facts?.streetId ?? null, typeIds: [], day: 'day_before', minuteOfDay: DEFAULT_MINUTE.day_before, active: true };
    return {
      saved: Boolean(own),
      settings,
      streets: await streetChoices(tx, tenant.id),
      types: await reminderTypes(tx, tenant.id),
      channel: address ? shownAddress(address) : null,
    };
  });
}

export interface ReminderInput {
  streetId: string;
  /** The types ticked; every offered type ticked is stored as "all" (so a type added later comes too). */
  typeIds: string[];
  day: WasteReminderDay;
  minuteOfDay: number;
  active: boolean;
}

/** Saves the resident's reminder; a street or type that is not the municipality's is refused naming the field. */
export async function saveReminder(deps: AppDeps, actor: Actor, tenant: TenantRow, residentId: string, input: ReminderInput): Promise<void> {
  await deps.db.withTenant(tenant.id, async (tx) => {
    const errors: FieldError[] = [];
    const [street] = await queryRows<{ id: string }>(tx, sql`select id from streets where tenant_id = ${tenant.id} and id = ${input.streetId}::uuid`);
    if (!street) errors.push({ pointer: '/street', detail: 'is not a street of this municipality', code: 'unknown_street' });
    const offered = (await reminderTypes(tx, tenant.id)).map((t) => t.id);
    const chosen = [...new Set(input.typeIds)];
    if (!chosen.length || chosen.some((id) => !offered.includes(id)))
      errors.push({ pointer: '/types', detail: 'choose at least one of the collection types offered', code: 'unknown_type' });
    if (errors.length) throw new AppError('validation_failed', 'The reminder was not saved.', errors);
    const typeIds = offered.every((id) => chosen.includes(id)) ? [] : chosen;
    await tx.execute(sql`
      insert into waste_reminders (tenant_id, resident_id, street_id, type_ids, day, minute_of_day, active)
      values (${tenant.id}, ${residentId}, ${input.streetId}::uuid, ${JSON.stringify(typeIds)}::jsonb, ${input.day}, ${input.minuteOfDay}, ${input.active})
      on conflict (tenant_id, resident_id) do update set street_id = excluded.street_id, type_ids = excluded.type_ids, day = excluded.day,
        minute_of_day = excluded.minute_of_day, active = excluded.active, updated_at = now()`);
    await recordAudit(tx, tenant.id, actor, {
      action: 'waste.reminder.saved',
      objectType: 'waste_reminder',
      objectId: residentId,
      details: { day: input.day, minuteOfDay: input.minuteOfDay, active: input.active, types: typeIds.length || 'all' },
    });
  });
}
