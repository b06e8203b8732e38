import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/context.ts';

import type { PortalSurveyItem } from '../portal/index.ts';

// SCAFFOLD (lead): the surveys-answers helper replaces this file.
export async function surveyPortalRoutes(_app: FastifyInstance, _deps: AppDeps): Promise<void> {}
export async function openSurveys(_deps: AppDeps, _tenantId: string, _limit: number): Promise<PortalSurveyItem[]> {
  return [];
}
