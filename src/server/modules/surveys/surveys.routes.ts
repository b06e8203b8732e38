import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/context.ts';

// SCAFFOLD (lead): the surveys-staff helper replaces this file.
export async function surveyRoutes(_app: FastifyInstance, _deps: AppDeps): Promise<void> {}
