// A network's shared message templates: written by its staff behind the network wall, read by every member
// municipality (read-only there; the messages module lists them with the municipality's own).
import type { z } from 'zod';
import type { NetworkTemplate } from '../../../common/contracts/networks.ts';
import type { Database } from '../../platform/db/client.ts';
import { invalid, notFound } from '../../platform/errors.ts';
import type { NetworkAccess } from '../../platform/network-scope.ts';
import * as repo from './networks.repository.ts';
import type { templateInput, templateUpdateInput } from './networks.schemas.ts';

const present = (t: repo.TemplateRow): NetworkTemplate => ({
  id: t.id,
  name: t.name,
  title: t.title,
  body: t.body,
  topic: t.topic,
  updatedAt: t.updatedAt.toISOString(),
});

export async function listNetworkTemplates(db: Database, access: NetworkAccess) {
  const rows = await repo.withNetwork(db, access.network.id, (tx) => repo.listTemplates(tx, access.network.id));
  return { items: rows.map(present) };
}

export async function createNetworkTemplate(db: Database, userId: string, access: NetworkAccess, input: z.infer<typeof templateInput>) {
  const row = await repo.withNetwork(db, access.network.id, (tx) =>
    repo.insertTemplate(tx, {
      networkId: access.network.id,
      name: input.name,
      title: input.title ?? '',
      body: input.body,
      topic: input.topic ?? null,
      createdBy: userId,
    }),
  );
  return present(row);
}

export async function updateNetworkTemplate(db: Database, access: NetworkAccess, id: string, patch: z.infer<typeof templateUpdateInput>) {
  if (Object.keys(patch).length === 0) throw invalid('/body', 'name at least one field to change', 'nothing_to_change');
  const row = await repo.withNetwork(db, access.network.id, (tx) =>
    repo.updateTemplate(tx, access.network.id, id, {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.title !== undefined ? { title: patch.title } : {}),
      ...(patch.body !== undefined ? { body: patch.body } : {}),
      ...(patch.topic !== undefined ? { topic: patch.topic } : {}),
    }),
  );
  if (!row) throw notFound('This template');
  return present(row);
}

export async function deleteNetworkTemplate(db: Database, access: NetworkAccess, id: string) {
  const deleted = await repo.withNetwork(db, access.network.id, (tx) => repo.deleteTemplate(tx, access.network.id, id));
  if (!deleted) throw notFound('This template');
}
