// Networks (Landkreis, Verbund): what their staff see (the network, its members) and what the installation operator
// or the CLI does (create a network, add or remove member municipalities, give staff a network role).
import type { Role } from '../../../common/roles.ts';
import type { NetworkKind } from '../../../common/states.ts';
import type { Actor } from '../../platform/audit.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { Database } from '../../platform/db/client.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import { type NetworkAccess, type NetworkRow, networkMembers } from '../../platform/network-scope.ts';
import { addTenantToNetwork, createNetwork as insertNetwork, findTenantBySlug } from '../tenants/index.ts';
import * as repo from './networks.repository.ts';

export async function getNetwork(db: Database, access: NetworkAccess) {
  const { network, role } = access;
  return { id: network.id, slug: network.slug, name: network.name, kind: network.kind, role, memberCount: await repo.countMembers(db, network.id) };
}

/** Member municipalities with their follower counts (a number per member; no resident is named). */
export async function listMembers(db: Database, network: NetworkRow) {
  const members = await networkMembers(db, network.id);
  const items = [];
  for (const m of members) {
    items.push({ id: m.id, slug: m.slug, name: m.name, followers: await repo.countFollowers(db, m.id), joinedAt: m.joinedAt.toISOString() });
  }
  return { items };
}

export async function listNetworks(db: Database) {
  const rows = await repo.listAllNetworks(db);
  return { items: rows.map((n) => ({ id: n.id, slug: n.slug, name: n.name, kind: n.kind, members: n.members, createdAt: n.createdAt.toISOString() })) };
}

export async function createNetwork(db: Database, input: { slug: string; name: string; kind: NetworkKind }) {
  if (await repo.findNetworkBySlug(db, input.slug)) throw new AppError('conflict', `A network with the slug "${input.slug}" already exists.`);
  const row = await insertNetwork(db, input);
  return { id: row.id, slug: row.slug, name: row.name, kind: row.kind, members: [], createdAt: row.createdAt.toISOString() };
}

async function networkBySlug(db: Database, slug: string) {
  const network = await repo.findNetworkBySlug(db, slug);
  if (!network) throw notFound('This network');
  return network;
}

async function memberTenant(db: Database, slug: string, pointer: string) {
  const tenant = await findTenantBySlug(db, slug);
  if (!tenant) throw invalid(pointer, `no municipality has the slug "${slug}"`);
  return tenant;
}

/** Adds a municipality to a network; recorded in the municipality's audit log (its residents can now be reached). */
export async function addMember(db: Database, actor: Actor, networkSlug: string, tenantSlug: string) {
  const network = await networkBySlug(db, networkSlug);
  const tenant = await memberTenant(db, tenantSlug, '/body/tenant');
  await addTenantToNetwork(db, network.id, tenant.id);
  await db.withTenant(tenant.id, (tx) =>
    recordAudit(tx, tenant.id, actor, { action: 'network.joined', objectType: 'network', objectId: network.id, details: { network: network.name } }),
  );
}

export async function removeMember(db: Database, actor: Actor, networkSlug: string, tenantSlug: string) {
  const network = await networkBySlug(db, networkSlug);
  const tenant = await findTenantBySlug(db, tenantSlug);
  if (!tenant || !(await repo.removeMember(db, network.id, tenant.id))) throw notFound('This member municipality');
  await db.withTenant(tenant.id, (tx) =>
    recordAudit(tx, tenant.id, actor, { action: 'network.left', objectType: 'network', objectId: network.id, details: { network: network.name } }),
  );
}

/** Gives an existing staff account a role in the network (network roles grant nothing in member municipalities). */
export async function setNetworkStaff(db: Database, networkSlug: string, email: string, role: Role) {
  const network = await networkBySlug(db, networkSlug);
  const user = await repo.findStaffUserByEmail(db, email.toLowerCase());
  if (!user) throw invalid('/body/email', 'no staff account has this e-mail address');
  await repo.upsertNetworkStaff(db, network.id, user.id, role);
  return { networkId: network.id, userId: user.id, role };
}
