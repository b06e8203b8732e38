// A module's settings of one municipality as two tenant routes: every reader gets them (GET), a manager changes the
// fields sent (PATCH), each through a service function that takes the app's deps first, as a collection's do.
import type { z } from 'zod';
import type { Permission } from '../../common/permissions.ts';
import type { Actor } from './audit.ts';
import { actorOf, type AppDeps } from './context.ts';
import type { TenantRow } from './tenancy.ts';
import { route, type TenantRoute, tenantParams as params } from './tenant-routes.ts';

export interface SettingsResource<Settings extends z.ZodType, Patch extends z.ZodType> {
  /** `'/report-settings'`: both routes' path. */
  path: `/${string}`;
  permissions: readonly [read: Permission, manage: Permission];
  schemas: { settings: Settings; patch: Patch };
  summaries: { get: string; update: string };
  get: (deps: AppDeps, tenant: TenantRow) => z.input<Settings> | Promise<z.input<Settings>>;
  /** Changes the fields of `patch` and answers the settings as they now are. */
  update: (deps: AppDeps, actor: Actor, tenant: TenantRow, patch: z.output<Patch>) => Promise<z.input<Settings>>;
}

/** The two rows of a settings resource, in this order: read, change. */
export function settingsRoutes<Settings extends z.ZodType, Patch extends z.ZodType>(deps: AppDeps, s: SettingsResource<Settings, Patch>): TenantRoute[] {
  const [read, manage] = s.permissions;
  const { settings, patch } = s.schemas;
  return [
    route(`GET ${s.path}`, read, { summary: s.summaries.get, params, response: { 200: settings } }, async (req) => s.get(deps, req.tenant)),
    route(`PATCH ${s.path}`, manage, { summary: s.summaries.update, params, body: patch, response: { 200: settings } }, async (req) =>
      s.update(deps, actorOf(req), req.tenant, req.body as z.output<Patch>),
    ),
  ];
}
