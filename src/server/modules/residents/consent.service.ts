// The consent ledger: append-only records of what a resident agreed to or withdrew, under which text version.
import { createHash } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import type { ConsentAction, ConsentMethod, ResidentChannel } from '../../../common/states.ts';
import type { Database, Tx } from '../../platform/db/client.ts';
import { consents, consentTexts } from '../../platform/db/schema.ts';
import type { TenantRow } from '../../platform/tenancy.ts';

export type { ConsentMethod };

export interface ConsentMeta {
  method: ConsentMethod;
  ipPrefix: string | null;
  proof?: string | null;
  actorId?: string | null;
}

const defaultText = (tenant: TenantRow) => ({
  textDe:
    `Ich willige ein, dass ${tenant.name} mir Nachrichten zu den gewählten Themen über die gewählten Kanäle schickt ` +
    '(SMS, E-Mail, Push). Dafür werden meine Telefonnummer, gegebenenfalls meine E-Mail-Adresse und meine Einstellungen gespeichert. ' +
    'Ich kann die Einwilligung jederzeit widerrufen: mit einem Klick im Portal, mit dem Link in jeder E-Mail oder mit STOP per SMS.',
  textEn:
    `I agree that ${tenant.name} sends me messages on the topics I chose over the channels I chose (SMS, e-mail, push). ` +
    'For this my phone number, my e-mail address if given, and my settings are stored. ' +
    'I can withdraw this consent at any time: with one click on the portal, with the link in every e-mail, or with STOP by SMS.',
});

export async function currentConsentText(db: Database, tenant: TenantRow) {
  return db.withTenant(tenant.id, async (tx) => {
    const [row] = await tx.select().from(consentTexts).orderBy(desc(consentTexts.version)).limit(1);
    if (row) return row;
    const text = defaultText(tenant);
    const hash = createHash('sha256').update(`${text.textDe}\n${text.textEn}`).digest('hex');
    const [created] = await tx
      .insert(consentTexts)
      .values({ tenantId: tenant.id, version: 1, ...text, hash })
      .onConflictDoNothing()
      .returning();
    return created ?? (await tx.select().from(consentTexts).where(eq(consentTexts.version, 1)))[0];
  });
}

export interface ConsentChange {
  channels: { given: ResidentChannel[]; withdrawn: ResidentChannel[] };
  topics: { given: string[]; withdrawn: string[] };
}

export async function recordConsentChanges(tx: Tx, tenantId: string, residentId: string, textHash: string | null, change: ConsentChange, meta: ConsentMeta) {
  const rows: Array<{ channel: ResidentChannel | null; topic: string | null; action: ConsentAction }> = [
    ...change.channels.given.map((channel) => ({ channel, topic: null, action: 'given' as const })),
    ...change.channels.withdrawn.map((channel) => ({ channel, topic: null, action: 'withdrawn' as const })),
    ...change.topics.given.map((topic) => ({ channel: null, topic, action: 'given' as const })),
    ...change.topics.withdrawn.map((topic) => ({ channel: null, topic, action: 'withdrawn' as const })),
  ];
  if (!rows.length) return;
  await tx.insert(consents).values(
    rows.map((r) => ({
      tenantId,
      residentId,
      purpose: 'messages' as const,
      ...r,
      textHash,
      method: meta.method,
      ipPrefix: meta.ipPrefix,
      proof: meta.proof ?? null,
      actorId: meta.actorId ?? null,
    })),
  );
}

export function diff<T extends string>(before: readonly T[], after: readonly T[]) {
  return { given: after.filter((x) => !before.includes(x)), withdrawn: before.filter((x) => !after.includes(x)) };
}

export async function consentHistory(db: Database, tenantId: string, residentId: string) {
  return db.withTenant(tenantId, (tx) => tx.select().from(consents).where(eq(consents.residentId, residentId)).orderBy(consents.at));
}
