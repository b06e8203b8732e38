import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/helpers/app.ts';
import { berlin, DAY, handed, lastRemindedFor, reminded, type WasteTown, wasteTown } from '../../../../test/helpers/waste-reminders.ts';
import { encryptSecret } from '../../platform/auth/crypto.ts';
import { eraseResident, withdrawConsent } from '../residents/index.ts';
import { remindTenant } from './reminders.job.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const EVENING = '2026-12-02';
const run = (town: WasteTown, date: string, time: string) => remindTenant(t.deps, town.tenant, berlin(date, time));

describe('waste reminders', () => {
  it('a resident is reminded the evening before at the time they chose, by SMS, naming the types of their street', async () => {
    const town = await wasteTown(t.deps);
    const { residentId, phone } = await reminded(t.deps, town);
    expect(await run(town, EVENING, '17:59')).toEqual({ reminded: 0, messages: 0 });
    expect(await handed(t.deps, town.tenant)).toEqual([]);
    expect(await run(town, EVENING, '18:00')).toEqual({ reminded: 1, messages: 1 });
    const [sent, ...more] = await handed(t.deps, town.tenant);
    expect(more).toEqual([]);
    expect(sent).toMatchObject({ channel: 'sms', recipient: phone, residentId, language: 'de', kind: 'message' });
    // Restmüll (the street's own date) and Papier (its district's), in the municipality's order; not Bio (another street)
    expect(sent.text).toBe(
      `${town.tenant.name}: Morgen wird abgeholt: Restmüll, Papier. Ihr Abfallkalender: ${t.deps.config.publicUrl}/m/${town.tenant.slug}/waste`,
    );
    expect(await lastRemindedFor(t.deps, town.tenant, residentId)).toBe(DAY);
  });

  it('the same-morning reminder comes on the collection day at its time', async () => {
    const town = await wasteTown(t.deps);
    const { phone } = await reminded(t.deps, town, { streetId: town.ringstrasse, day: 'same_day', minuteOfDay: 6 * 60 + 30 });
    expect(await run(town, EVENING, '18:00')).toEqual({ reminded: 0, messages: 0 });
    expect(await run(town, DAY, '06:29')).toEqual({ reminded: 0, messages: 0 });
    expect(await run(town, DAY, '06:30')).toEqual({ reminded: 1, messages: 1 });
    const [sent] = await handed(t.deps, town.tenant);
    expect(sent).toMatchObject({ recipient: phone });
    expect(sent.text).toContain('Heute wird abgeholt: Bio.');
  });

  it('a reminder is sent once: a rerun, a later minute and a second worker at the same moment send nothing more', async () => {
    const town = await wasteTown(t.deps);
    await reminded(t.deps, town);
    const [a, b] = await Promise.all([run(town, EVENING, '18:00'), run(town, EVENING, '18:00')]);
    expect(a.reminded + b.reminded).toBe(1);
    expect(await run(town, EVENING, '18:00')).toEqual({ reminded: 0, messages: 0 });
    expect(await run(town, EVENING, '18:05')).toEqual({ reminded: 0, messages: 0 });
    expect(await handed(t.deps, town.tenant)).toHaveLength(1);
  });

  it('no reminder when none of the types the resident chose is collected, and none for a day without collection', async () => {
    const town = await wasteTown(t.deps);
    // Lindenweg has Restmüll and Papier on DAY; this resident only wants Bio
    const onlyBio = await reminded(t.deps, town, { typeIds: [town.types.bio] });
    // and this one is reminded on the evening of DAY, about the day after, which has no collection
    const dayAfter = await reminded(t.deps, town);
    expect(await run(town, EVENING, '18:00')).toEqual({ reminded: 1, messages: 1 });
    expect((await handed(t.deps, town.tenant)).map((h) => h.residentId)).toEqual([dayAfter.residentId]);
    expect(await lastRemindedFor(t.deps, town.tenant, onlyBio.residentId)).toBeNull();
    expect(await run(town, DAY, '18:00')).toEqual({ reminded: 0, messages: 0 });
  });

  it('only the chosen types are named', async () => {
    const town = await wasteTown(t.deps);
    await reminded(t.deps, town, { typeIds: [town.types.papier, town.types.bio] });
    await run(town, EVENING, '18:00');
    const [sent] = await handed(t.deps, town.tenant);
    expect(sent.text).toContain('Morgen wird abgeholt: Papier.');
  });

  it('a switched-off reminder sends nothing', async () => {
    const town = await wasteTown(t.deps);
    await reminded(t.deps, town, { active: false });
    expect(await run(town, EVENING, '18:00')).toEqual({ reminded: 0, messages: 0 });
  });

  it('a resident who sent STOP gets no reminder', async () => {
    const town = await wasteTown(t.deps);
    const stopped = await reminded(t.deps, town);
    const other = await reminded(t.deps, town);
    await withdrawConsent(t.deps, town.tenant, stopped.residentId, { method: 'sms-stop', ipPrefix: null });
    expect(await run(town, EVENING, '18:00')).toEqual({ reminded: 1, messages: 1 });
    expect((await handed(t.deps, town.tenant)).map((h) => h.recipient)).toEqual([other.phone]);
  });

  it('erasing a resident removes their reminder, and they get nothing', async () => {
    const town = await wasteTown(t.deps);
    const erased = await reminded(t.deps, town);
    await eraseResident(t.deps, erased.residentId);
    const rows = await t.deps.db.withTenant(town.tenant.id, (tx) =>
      tx.execute(sql`select 1 from waste_reminders where tenant_id = ${town.tenant.id} and resident_id = ${erased.residentId}`),
    );
    expect((rows as unknown as { rows: unknown[] }).rows).toHaveLength(0);
    expect(await run(town, EVENING, '18:00')).toEqual({ reminded: 0, messages: 0 });
  });

  it('a resident who chose e-mail and confirmed it gets the reminder by e-mail, in their language', async () => {
    const town = await wasteTown(t.deps);
    const sms = await reminded(t.deps, town);
    const mail = await reminded(t.deps, town, { email: 'Anna@Example.org', channels: ['email'] });
    await t.deps.db.withTenant(town.tenant.id, (tx) =>
      tx.execute(sql`update follows set language = 'en' where tenant_id = ${town.tenant.id} and resident_id = ${mail.residentId}`),
    );
    expect(await run(town, EVENING, '18:00')).toEqual({ reminded: 2, messages: 2 });
    const all = await handed(t.deps, town.tenant);
    expect(all.find((h) => h.residentId === sms.residentId)).toMatchObject({ channel: 'sms', language: 'de' });
    const email = all.find((h) => h.residentId === mail.residentId)!;
    expect(email).toMatchObject({ channel: 'email', recipient: 'anna@example.org', language: 'en', subject: 'Collection tomorrow: Restmüll, Papier' });
    expect(email.text).toContain('Collection tomorrow: Restmüll, Papier. Your waste calendar:');
    expect(email.text).toContain(`/m/${town.tenant.slug}/waste/reminder`);
  });

  it('a resident whose stored number can take no SMS does not hold back the reminders of the others', async () => {
    const town = await wasteTown(t.deps);
    const landline = await reminded(t.deps, town);
    const other = await reminded(t.deps, town);
    // a Berlin landline in the E.164 form (as an old import might have stored it): the engine refuses it
    const sealed = encryptSecret(t.deps.config.secretKey, '+4930901820');
    await t.deps.db.withTenant(town.tenant.id, (tx) => tx.execute(sql`update residents set phone_enc = ${sealed} where id = ${landline.residentId}`));
    expect(await run(town, EVENING, '18:00')).toEqual({ reminded: 1, messages: 1 });
    expect((await handed(t.deps, town.tenant)).map((h) => h.recipient)).toEqual([other.phone]);
  });

  it('a resident whose stored number can take no SMS gets the reminder at their confirmed e-mail address', async () => {
    const town = await wasteTown(t.deps);
    const landline = await reminded(t.deps, town, { email: 'bert@example.org' });
    const sealed = encryptSecret(t.deps.config.secretKey, '+4930901820');
    await t.deps.db.withTenant(town.tenant.id, (tx) => tx.execute(sql`update residents set phone_enc = ${sealed} where id = ${landline.residentId}`));
    expect(await run(town, EVENING, '18:00')).toEqual({ reminded: 1, messages: 1 });
    expect(await handed(t.deps, town.tenant)).toMatchObject([{ channel: 'email', recipient: 'bert@example.org', residentId: landline.residentId }]);
  });

  it('a reminder the delivery engine could not take is not lost: the next minute sends it', async () => {
    const town = await wasteTown(t.deps);
    const { residentId } = await reminded(t.deps, town);
    // a calendar link the engine refuses makes the hand-over fail after the claim
    const broken = { ...t.deps, config: { ...t.deps.config, publicUrl: 'not a link' } };
    await expect(remindTenant(broken, town.tenant, berlin(EVENING, '18:00'))).rejects.toThrow();
    expect(await lastRemindedFor(t.deps, town.tenant, residentId)).toBeNull();
    expect(await handed(t.deps, town.tenant)).toEqual([]);
    expect(await run(town, EVENING, '18:01')).toEqual({ reminded: 1, messages: 1 });
    expect(await lastRemindedFor(t.deps, town.tenant, residentId)).toBe(DAY);
  });

  it('residents with the same text, channel and language share one message', async () => {
    const town = await wasteTown(t.deps);
    for (let i = 0; i < 3; i++) await reminded(t.deps, town);
    await reminded(t.deps, town, { streetId: town.ringstrasse });
    expect(await run(town, EVENING, '18:00')).toEqual({ reminded: 4, messages: 2 });
  });

  it('a missed minute is caught up later that evening, but not after two hours', async () => {
    const town = await wasteTown(t.deps);
    const early = await reminded(t.deps, town);
    const late = await reminded(t.deps, town, { minuteOfDay: 17 * 60 });
    // no run between 16:58 and 18:07 (a stopped worker): both times are caught up, the 17:00 one too
    expect(await run(town, EVENING, '18:07')).toEqual({ reminded: 2, messages: 1 });
    expect((await handed(t.deps, town.tenant)).map((h) => h.residentId).sort()).toEqual([early.residentId, late.residentId].sort());
    const town2 = await wasteTown(t.deps);
    await reminded(t.deps, town2);
    expect(await run(town2, EVENING, '20:00')).toEqual({ reminded: 0, messages: 0 });
  });
});
