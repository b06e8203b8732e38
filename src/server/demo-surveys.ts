import type { Actor } from './platform/audit.ts';
import type { AppDeps } from './platform/context.ts';
import type { TenantRow } from './platform/tenancy.ts';

// SCAFFOLD (lead): the surveys-staff helper replaces this file.
export async function seedDemoSurveys(_deps: AppDeps, _tenant: TenantRow, _actor: Actor): Promise<void> {}
