import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/context.ts';

// SCAFFOLD (lead): the waste-core helper replaces this file (/waste, /waste/{street}.ics).
export async function wastePortalRoutes(_app: FastifyInstance, _deps: AppDeps): Promise<void> {}
