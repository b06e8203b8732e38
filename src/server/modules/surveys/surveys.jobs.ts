// `surveys.close-due`: every minute, published surveys whose end has passed are closed (closed_at = their end) and
// the portal is told. Reads never wait for this: a published survey past its end already reads as ended.
import type { AppDeps } from '../../platform/context.ts';
import { everyMinuteJob, forEachTenant } from '../tenants/index.ts';
import { closeDueSurveys } from './surveys.repository.ts';
import { announceChange } from './surveys.service.ts';

/** Closes every municipality's due surveys at `now`; returns how many closed (one failing municipality stops no other). */
export async function closeDue(deps: AppDeps, now: Date = new Date()): Promise<number> {
  let closed = 0;
  await forEachTenant(deps, 'closing due surveys failed', async (tenant) => {
    const ids = await deps.db.withTenant(tenant.id, (tx) => closeDueSurveys(tx, now));
    for (const id of ids) announceChange(tenant.id, id);
    closed += ids.length;
  });
  return closed;
}

export const closeDueSurveysJob = everyMinuteJob('surveys.close-due', (ctx) => closeDue(ctx));
