// Each channel's version as the resident will see it: SMS and push in a phone frame, the e-mail rendered in a
// sandboxed frame (srcdoc, no scripts, nothing loaded: the CSP inside allows images from this site only), and the
// portal page as the server rendered it, framed the same way.
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n.tsx';

export function PhoneFrame({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <figure className="phone-frame" data-testid={testId}>
      <figcaption>{label}</figcaption>
      <div className="phone-screen">{children}</div>
    </figure>
  );
}

export function SmsPreview({ sender, text }: { sender: string; text: string }) {
  const { t } = useI18n();
  return (
    <PhoneFrame label={t('messages.preview.sms')} testId="preview-sms">
      <p className="phone-sender">{sender}</p>
      <p className="sms-bubble">{text || '…'}</p>
    </PhoneFrame>
  );
}

export function PushPreview({ sender, title, text }: { sender: string; title: string; text: string }) {
  const { t } = useI18n();
  return (
    <PhoneFrame label={t('messages.preview.push')} testId="preview-push">
      <div className="push-card">
        <p className="phone-sender">{sender}</p>
        <p className="push-title">{title || '…'}</p>
        <p>{text}</p>
      </div>
    </PhoneFrame>
  );
}

const FRAME_CSP = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'";
const PORTAL_STYLE = 'body{font-family:system-ui,sans-serif;line-height:1.5;margin:0.75rem;color:#1a1a1a}';

/** HTML in a frame that can run nothing and reach nothing (sandbox without allow-scripts, its own CSP). */
function SandboxedFrame({ title, html, style = '' }: { title: string; html: string; style?: string }) {
  const doc = `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${FRAME_CSP}"><style>${style}</style></head><body>${html}</body></html>`;
  return <iframe title={title} sandbox="" srcDoc={doc} referrerPolicy="no-referrer" />;
}

export function EmailPreview({ subject, html }: { subject: string; html: string }) {
  const { t } = useI18n();
  return (
    <figure className="email-preview" data-testid="preview-email">
      <figcaption>
        {t('messages.preview.email')}: <strong>{subject || '…'}</strong>
      </figcaption>
      <SandboxedFrame title={t('messages.preview.emailFrame', { subject })} html={html} />
    </figure>
  );
}

/** The portal page as the server rendered it, framed like the e-mail (the server's Markdown subset passes no HTML). */
export function PortalPreview({ title, html }: { title: string; html: string }) {
  const { t } = useI18n();
  const escaped = title.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return (
    <figure className="portal-preview" data-testid="preview-portal">
      <figcaption>{t('messages.preview.portal')}</figcaption>
      <SandboxedFrame title={t('messages.preview.portalFrame', { title })} html={`<h1>${escaped || '…'}</h1>${html}`} style={PORTAL_STYLE} />
    </figure>
  );
}
