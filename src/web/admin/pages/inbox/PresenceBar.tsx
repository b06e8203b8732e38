// Who else has this conversation open right now, and who is writing a reply (from the stream's presence events).
import { useI18n } from '../../i18n.tsx';
import type { Viewer } from './types.ts';

export function PresenceBar({ viewers }: { viewers: Viewer[] }) {
  const { t } = useI18n();
  return (
    <div className="presence" role="status" aria-live="polite" data-testid="presence">
      {viewers.map((v) => (
        <p key={v.userId} className={v.typing ? 'presence-typing' : undefined} data-testid="presence-viewer">
          {t(v.typing ? 'inbox.presence.typing' : 'inbox.presence.viewing', { name: v.name })}
        </p>
      ))}
    </div>
  );
}
