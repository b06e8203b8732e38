// A sent message's delivery progress, live: the JSON once, then every update the server pushes on
// /messages/:id/progress/stream (server-sent events; the browser reconnects by itself after a dropped connection).
import { useEffect, useState } from 'react';
import { api, tenantPath } from '../../api.ts';
import type { DeliveryProgress } from '../../../../common/contracts/delivery-progress.ts';

export function useProgress(slug: string, id: string, enabled: boolean) {
  const [progress, setProgress] = useState<DeliveryProgress | null>(null);
  const [error, setError] = useState<unknown>(null);
  const base = tenantPath(slug, `/messages/${encodeURIComponent(id)}/progress`);

  useEffect(() => {
    if (!enabled) return;
    let open = true;
    api
      .get<DeliveryProgress>(base)
      .then((p) => open && setProgress((old) => old ?? p))
      .catch((e: unknown) => open && setError(e));
    const source = new EventSource(`${base}/stream`);
    const onData = (event: MessageEvent<string>) => {
      try {
        setProgress(JSON.parse(event.data) as DeliveryProgress);
        setError(null);
      } catch {
        // a heartbeat or a line that is no progress: keep the last counts
      }
    };
    source.addEventListener('progress', onData);
    source.onmessage = onData;
    // all done: nothing will change any more, so the stream can end
    const stopWhenDone = (event: MessageEvent<string>) => {
      if (event.data.includes('"done":true')) source.close();
    };
    source.addEventListener('progress', stopWhenDone);
    source.addEventListener('message', stopWhenDone);
    return () => {
      open = false;
      source.close();
    };
  }, [base, enabled]);

  return { progress, error };
}
