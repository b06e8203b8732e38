import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/context.ts';

// SCAFFOLD (lead): the events-core helper replaces this file.
export async function eventRoutes(_app: FastifyInstance, _deps: AppDeps): Promise<void> {}
