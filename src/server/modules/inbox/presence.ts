// Who is looking at a conversation right now, and who is typing: kept from the console's heartbeats (one every 5 s).
// Per process and in memory: with several server processes each knows the viewers whose heartbeats it received
// (a shared store would be needed for more; the warning against crossing replies is the 409, not this).
import type { InboxEvent } from '../../../common/contracts/inbox.ts';

/** A viewer whose last heartbeat is older than this is gone (three missed heartbeats). */
export const PRESENCE_TTL_MS = 15_000;

export interface Viewer {
  userId: string;
  name: string;
  typing: boolean;
}

type PresenceEvent = Extract<InboxEvent, { type: 'presence' }>;

/** The viewers of every conversation of every tenant in this process; `publish` hears each change. */
export class PresenceBoard {
  private readonly board = new Map<string, Map<string, Viewer & { seenAt: number }>>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly publish: (tenantId: string, event: PresenceEvent) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** A heartbeat: the viewer is here (typing or not). Publishes when the list of viewers or their typing changed. */
  beat(tenantId: string, conversationId: string, viewer: Viewer): Viewer[] {
    const key = `${tenantId}/${conversationId}`;
    const viewers = this.board.get(key) ?? new Map();
    this.board.set(key, viewers);
    const before = viewers.get(viewer.userId);
    viewers.set(viewer.userId, { ...viewer, seenAt: this.now() });
    const changed = this.expire(key) || !before || before.typing !== viewer.typing || before.name !== viewer.name;
    const list = this.viewers(tenantId, conversationId);
    if (changed) this.publish(tenantId, { type: 'presence', conversationId, viewers: list });
    this.schedule();
    return list;
  }

  /** The current viewers of one conversation (expired ones dropped). */
  viewers(tenantId: string, conversationId: string): Viewer[] {
    const key = `${tenantId}/${conversationId}`;
    this.expire(key);
    return [...(this.board.get(key)?.values() ?? [])]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(({ userId, name, typing }) => ({ userId, name, typing }));
  }

  /** Drops viewers gone silent everywhere and publishes the shorter lists. */
  sweep(): void {
    for (const key of [...this.board.keys()]) {
      if (!this.expire(key)) continue;
      const [tenantId, conversationId] = key.split('/');
      this.publish(tenantId, { type: 'presence', conversationId, viewers: this.viewers(tenantId, conversationId) });
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private expire(key: string): boolean {
    const viewers = this.board.get(key);
    if (!viewers) return false;
    let dropped = false;
    const cutoff = this.now() - PRESENCE_TTL_MS;
    for (const [id, v] of viewers) {
      if (v.seenAt < cutoff) {
        viewers.delete(id);
        dropped = true;
      }
    }
    if (!viewers.size) this.board.delete(key);
    return dropped;
  }

  // one timer while anyone is present, so a viewer who closed the tab disappears from the others' screens
  private schedule() {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.sweep();
      if (!this.board.size) this.stop();
    }, PRESENCE_TTL_MS / 3);
    this.timer.unref();
  }
}
