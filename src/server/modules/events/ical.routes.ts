import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/context.ts';

// SCAFFOLD (lead): the events-core helper replaces this file (events.ics, per-event .ics).
export async function eventCalendarRoutes(_app: FastifyInstance, _deps: AppDeps): Promise<void> {}
