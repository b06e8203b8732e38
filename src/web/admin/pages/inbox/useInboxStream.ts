// The Posteingang live: one EventSource on /inbox/stream per municipality, shared by every component that listens
// (the list, the open conversation, the overview counts, the header's bell), because browsers allow only a few open
// connections per host. Conversation and item events mark the inbox's loaded resources stale (events carry only ids
// and states, so bodies are fetched again through the audited API); counts events replace the cached counts.
import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { tenantPath } from '../../api.ts';
import { pathKey } from '../../components/useLoad.ts';
import type { InboxEvent, Viewer } from './types.ts';

export const inboxBase = (slug: string) => tenantPath(slug, '/inbox');
export const countsPath = (slug: string) => `${inboxBase(slug)}/counts`;

type Listener = (event: InboxEvent) => void;
interface Shared {
  source: EventSource;
  listeners: Set<Listener>;
}
const streams = new Map<string, Shared>();

function open(slug: string, client: QueryClient): Shared {
  const existing = streams.get(slug);
  if (existing) return existing;
  const base = inboxBase(slug);
  const source = new EventSource(`${base}/stream`);
  const shared: Shared = { source, listeners: new Set() };
  const handle = (message: MessageEvent<string>) => {
    let data: unknown;
    try {
      data = JSON.parse(message.data);
    } catch {
      return; // a heartbeat or a line that is no event
    }
    // the server sends what queued up since its last flush as one batch: { seq, events: [...] }
    const events = data && typeof data === 'object' && 'events' in data && Array.isArray(data.events) ? (data.events as InboxEvent[]) : [data as InboxEvent];
    for (const event of events) if (event && typeof event === 'object' && 'type' in event) dispatch(event);
  };
  const dispatch = (event: InboxEvent) => {
    if (event.type === 'counts') client.setQueryData(pathKey(countsPath(slug)), event.counts);
    else if (event.type === 'conversation' || event.type === 'item')
      void client.invalidateQueries({
        predicate: (q) => q.queryKey[0] === 'api' && typeof q.queryKey[1] === 'string' && q.queryKey[1].startsWith(base),
      });
    for (const l of shared.listeners) l(event);
  };
  source.onmessage = handle;
  source.addEventListener('inbox', handle);
  streams.set(slug, shared);
  return shared;
}

/** Listens on the municipality's inbox stream while mounted; `onEvent` hears every event after the cache is updated. */
export function useInboxStream(slug: string, onEvent?: Listener, enabled = true) {
  const client = useQueryClient();
  const listener = useRef(onEvent);
  listener.current = onEvent;

  useEffect(() => {
    if (!enabled) return;
    const shared = open(slug, client);
    const l: Listener = (e) => listener.current?.(e);
    shared.listeners.add(l);
    return () => {
      shared.listeners.delete(l);
      if (shared.listeners.size === 0) {
        shared.source.close();
        streams.delete(slug);
      }
    };
  }, [client, slug, enabled]);
}

/** Who else has this conversation open, live from the stream's presence events (and the heartbeat's answer). */
export function usePresence(slug: string, conversationId: string, selfId: string) {
  const [viewers, setViewers] = useState<Viewer[]>([]);
  useInboxStream(slug, (event) => {
    if (event.type === 'presence' && event.conversationId === conversationId) setViewers(event.viewers.filter((v) => v.userId !== selfId));
  });
  return { viewers, update: (all: Viewer[]) => setViewers(all.filter((v) => v.userId !== selfId)) };
}
