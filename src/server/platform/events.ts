// In-process notifications between modules (e.g. tenant settings changed → the portal drops its cached pages).
import { EventEmitter } from 'node:events';

export interface PlatformEvents {
  'tenant.changed': { tenantId: string; slug: string };
  'portal.content': { tenantId: string };
}

const emitter = new EventEmitter();
emitter.setMaxListeners(100);

export function emit<K extends keyof PlatformEvents>(name: K, payload: PlatformEvents[K]) {
  emitter.emit(name, payload);
}

export function on<K extends keyof PlatformEvents>(name: K, fn: (payload: PlatformEvents[K]) => void): () => void {
  emitter.on(name, fn);
  return () => emitter.off(name, fn);
}
