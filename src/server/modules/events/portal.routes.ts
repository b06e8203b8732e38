import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/context.ts';

import type { PortalEventItem } from '../portal/index.ts';

// SCAFFOLD (lead): the events-rsvp helper replaces this file.
export async function eventPortalRoutes(_app: FastifyInstance, _deps: AppDeps): Promise<void> {}
export async function upcomingEvents(_deps: AppDeps, _tenantId: string, _limit: number): Promise<PortalEventItem[]> {
  return [];
}
