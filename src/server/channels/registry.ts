// What an adapter factory gets and makes; the table of factories by provider kind is channels/index.ts.
import type { Config } from '../platform/config.ts';
import type { Database } from '../platform/db/client.ts';
import type { Logger } from '../platform/logger.ts';
import type { VapidKeys } from './push/index.ts';
import type { ChannelEvents, ChannelKind, ChannelSender } from './types.ts';

export interface ProviderRecord {
  id: string;
  tenantId: string | null;
  channel: ChannelKind;
  kind: string;
  name: string;
  config: Record<string, unknown>;
  /** Decrypted secrets (passwords, tokens); never leave the process. */
  secrets: Record<string, string>;
  weight: number;
  ratePerSecond: number | null;
  /** Connections across all workers; null = no limit. */
  maxConnections: number | null;
  centsPerMessage: number;
  healthFactor: number;
  updatedAt: Date;
}

export interface SenderContext {
  events: ChannelEvents;
  log: Logger;
  config: Config;
  db: Database;
  /** The installation's VAPID key pair (kept by the delivery runtime). */
  vapidKeys: () => Promise<VapidKeys>;
}

export type SenderFactory = (provider: ProviderRecord, ctx: SenderContext) => Promise<ChannelSender> | ChannelSender;
