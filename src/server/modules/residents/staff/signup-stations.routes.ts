// Staff API for sign-up stations ("Anmeldestation"): issue a link for one device at a sign-up table, list, revoke.
// Every change is audited; the link is answered once and never stored.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { issuedSignupStation, signupStation, signupStationInput, signupStationList } from '../../../../common/contracts/signup-stations.ts';
import { actorOf, type AppDeps } from '../../../platform/context.ts';
import { issueStation, listStations, revokeStation, STATION_HOURS } from '../signup-stations.service.ts';
import { idParams, tenantParams } from './residents.schemas.ts';

export async function signupStationRoutes(app: FastifyInstance, deps: AppDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['residents'];
  const config = { permission: 'residents.write' } as const;
  const base = '/api/v1/tenants/:tenant/signup-stations';

  r.get(
    base,
    { config, schema: { tags, summary: 'Sign-up stations of the last 7 days', params: tenantParams, response: { 200: signupStationList } } },
    async (req) => listStations(deps, req.tenant),
  );
  r.post(
    base,
    {
      config,
      schema: {
        tags,
        summary: `Issue a sign-up station: a link that lifts the per-address code limit on the first device that opens it, for ${STATION_HOURS} hours (the link is shown only in this answer)`,
        params: tenantParams,
        body: signupStationInput,
        response: { 201: issuedSignupStation },
      },
    },
    async (req, reply) => reply.status(201).send(await issueStation(deps, actorOf(req), req.tenant, req.body.label)),
  );
  r.post(
    `${base}/:id/revoke`,
    {
      config,
      schema: { tags, summary: 'Revoke a sign-up station: its device follows the normal limits again', params: idParams, response: { 200: signupStation } },
    },
    async (req) => revokeStation(deps, actorOf(req), req.tenant, req.params.id),
  );
}
