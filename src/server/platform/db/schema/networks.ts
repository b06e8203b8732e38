// What a network (Landkreis, Verbund) sent to its member municipalities' residents: one row per send, with the
// message's or warning's id in each member (migration 0019; behind the network wall, app.network_id).
import { pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { NETWORK_SEND_KINDS } from '../../../../common/states.ts';
import { createdAt, enumChecks, id, jsonList, ownedBy } from './columns.ts';
import { networks } from './tenants.ts';

export interface NetworkSendOutcome {
  tenantId: string;
  slug: string;
  name: string;
  outcome: 'sent' | 'failed';
  /** The message's or warning's id in the member municipality. */
  id: string | null;
  error: { code: string; detail: string } | null;
}

export const networkSends = pgTable(
  'network_sends',
  {
    networkId: ownedBy('network_id', () => networks.id),
    id: id(),
    kind: text('kind', { enum: NETWORK_SEND_KINDS }).notNull(),
    title: text('title').notNull(),
    createdBy: uuid('created_by'),
    results: jsonList<NetworkSendOutcome>('results'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.networkId, t.id] }), ...enumChecks('network_sends', t.kind)],
);
