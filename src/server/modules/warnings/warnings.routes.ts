// Staff API for warnings: list, issue, one chain with its delivery counts, update, cancel, all-clear.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import * as c from '../../../common/contracts/warnings.ts';
import type { Actor } from '../../platform/audit.ts';
import { actorOf, type AppDeps } from '../../platform/context.ts';
import type { TenantRow } from '../../platform/tenancy.ts';
import { declareTenantRoutes, route, tenantParams as params } from '../../platform/tenant-routes.ts';
import { getWarning, listWarnings } from './warnings.present.ts';
import { allClearWarning, cancelWarning, issueWarning, updateWarning } from './warnings.service.ts';

const one = params.extend({ id: z.uuid() });

export async function warningRoutes(app: FastifyInstance, deps: AppDeps) {
  const [read, issue] = ['warnings.read', 'warnings.issue'] as const;
  /** A later version of a warning (update, cancel, all-clear): it goes to the same people as the original. */
  const version = <B extends z.ZodType>(
    step: 'update' | 'cancel' | 'all-clear',
    summary: string,
    body: B,
    run: (deps: AppDeps, actor: Actor, tenant: TenantRow, id: string, input: z.output<B>) => Promise<z.input<typeof c.warningVersion>>,
  ) =>
    route(`POST /warnings/:id/${step}`, issue, { summary, params: one, body, response: { 201: c.warningVersion } }, async (req) =>
      run(deps, actorOf(req), req.tenant, req.params.id, req.body as z.output<B>),
    );

  declareTenantRoutes(
    app,
    ['warnings'],
    [
      route(
        'GET /warnings',
        read,
        {
          summary: 'Warnings, newest first, each as its latest version (current or past)',
          params,
          querystring: c.warningListQuery,
          response: { 200: c.warningList },
        },
        async (req) => listWarnings(deps, req.tenant, req.query),
      ),
      route(
        'POST /warnings',
        issue,
        {
          summary: 'Issue a warning: everyone in the area on every channel they have, ahead of every other message; CAP 1.2 at its capUrl',
          params,
          body: c.warningInput,
          response: { 201: c.warningVersion },
        },
        async (req) => issueWarning(deps, actorOf(req), req.tenant, req.body),
      ),
      route(
        'GET /warnings/:id',
        read,
        { summary: 'One warning with every version and its deliveries by channel and status', params: one, response: { 200: c.warningDetail } },
        async (req) => getWarning(deps, req.tenant, req.params.id),
      ),
      version('update', 'Update a warning (CAP Update): the same people as the original', c.warningUpdateInput, updateWarning),
      version('cancel', 'Cancel a warning issued in error (CAP Cancel): the same people as the original', c.warningCancelInput, cancelWarning),
      version('all-clear', 'Give the all-clear (CAP Update, responseType AllClear): the same people as the original', c.warningAllClearInput, allClearWarning),
    ],
  );
}
