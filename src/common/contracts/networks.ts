// A network (Landkreis, Verbund) as its staff see it: /api/v1/networks/:network/*, and the operator's network list.
import { z } from 'zod';
import { NETWORK_KINDS, NETWORK_SEND_KINDS, ROLES } from '../states.ts';
import { itemsOf, sluggedRef, timestamp } from './common.ts';
import { templateView } from './messages.ts';

export const network = sluggedRef.extend({
  kind: z.enum(NETWORK_KINDS),
  /** The caller's role in the network. */
  role: z.enum(ROLES),
  memberCount: z.number().int(),
});
export type Network = z.infer<typeof network>;

export const networkMember = sluggedRef.extend({
  /** Residents who follow the municipality (active follows). */
  followers: z.number().int(),
  joinedAt: timestamp,
});
export type NetworkMember = z.infer<typeof networkMember>;
export const networkMemberList = itemsOf(networkMember);

export const networkTemplate = z.object({ ...templateView, updatedAt: timestamp });
export type NetworkTemplate = z.infer<typeof networkTemplate>;
export const networkTemplateList = itemsOf(networkTemplate);

/** What happened in one member municipality when the network sent. */
export const networkSendResult = z.object({
  tenant: sluggedRef,
  /** `sent`: handed to the delivery engine (or scheduled by the engine); `failed`: nothing was sent there. */
  outcome: z.enum(['sent', 'failed']),
  /** The message's or warning's id in the member municipality. */
  id: z.uuid().nullable(),
  /** Why it failed there (an error code, e.g. `validation_failed`), and what to fix. */
  error: z.object({ code: z.string(), detail: z.string() }).nullable(),
});
export type NetworkSendResult = z.infer<typeof networkSendResult>;
/** One send of the network to its members: a message or a warning, with what happened in each member. */
export const networkSend = z.object({
  id: z.uuid(),
  kind: z.enum(NETWORK_SEND_KINDS),
  title: z.string(),
  createdAt: timestamp,
  results: z.array(networkSendResult),
});
export type NetworkSend = z.infer<typeof networkSend>;
export const networkSendList = itemsOf(networkSend);

/** The installation operator's view of a network. */
export const operatorNetwork = sluggedRef.extend({
  kind: z.enum(NETWORK_KINDS),
  members: z.array(z.object({ slug: z.string(), name: z.string() })),
  createdAt: timestamp,
});
export type OperatorNetwork = z.infer<typeof operatorNetwork>;
export const operatorNetworkList = itemsOf(operatorNetwork);
