import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/context.ts';

// SCAFFOLD (lead): the waste-reminders helper replaces this file (/waste/reminder).
export async function wasteReminderRoutes(_app: FastifyInstance, _deps: AppDeps): Promise<void> {}
