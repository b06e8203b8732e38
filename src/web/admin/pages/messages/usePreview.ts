// The server's preview of a draft (derived versions, counts per channel, cost, quiet-hour waits), asked again a
// moment after the last change; a newer request cancels the one still running.
import { useEffect, useState } from 'react';
import { request, tenantPath } from '../../api.ts';
import type { MessageCreateInput, MessagePreview } from './types.ts';

const DEBOUNCE_MS = 500;

export function usePreview(slug: string, input: MessageCreateInput | null) {
  const [preview, setPreview] = useState<MessagePreview | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const body = input ? JSON.stringify(input) : null;

  useEffect(() => {
    if (body === null) {
      setError(null);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setBusy(true);
      request<MessagePreview>('POST', tenantPath(slug, '/messages/preview'), { body: JSON.parse(body), signal: controller.signal })
        .then((next) => {
          setPreview(next);
          setError(null);
        })
        .catch((e: unknown) => {
          if (!controller.signal.aborted) setError(e);
        })
        .finally(() => {
          if (!controller.signal.aborted) setBusy(false);
        });
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [slug, body]);

  return { preview, error, busy };
}
