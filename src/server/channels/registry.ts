// Which adapter serves which provider kind. Adapters register a factory; the delivery runtime asks for senders.
import type { Config } from '../platform/config.ts';
import type { Database } from '../platform/db/client.ts';
import type { Logger } from '../platform/logger.ts';
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
}

export type SenderFactory = (provider: ProviderRecord, ctx: SenderContext) => Promise<ChannelSender> | ChannelSender;

const factories = new Map<string, SenderFactory>();

export function registerSenderFactory(kind: string, factory: SenderFactory) {
  factories.set(kind, factory);
}

export function senderFactoryFor(kind: string): SenderFactory {
  const f = factories.get(kind);
  if (!f) throw new Error(`no channel adapter for provider kind "${kind}"`);
  return f;
}

export const providerKinds = () => [...factories.keys()];
