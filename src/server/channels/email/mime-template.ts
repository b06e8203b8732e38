// One MIME rendering per message instead of one per recipient: nodemailer's composer took ~0.18 ms of the
// ~0.47 ms CPU an e-mail cost in bench:fanout. The shared part (From, Subject, bodies, calendar, shared headers)
// is rendered once; the per-recipient header lines (To, Reply-To, List-Unsubscribe, Message-ID) are written in
// its place. A value that would need MIME encoding or folding is not substituted: that mail is rendered whole.
import MailComposer from 'nodemailer/lib/mail-composer';
import type { SendMailOptions } from 'nodemailer';

/** The fields of one mail that differ between the recipients of one message. */
export interface RecipientFields {
  to: string;
  replyTo?: string;
  listUnsubscribe?: string;
  messageId: string;
}

interface Template {
  shared: SharedFields;
  /** Resolves to null when the mail cannot be templated (it is then rendered whole). */
  parts: Promise<{ head: string; tail: string } | null>;
  expiresAt: number;
}

/** What all recipients of one message share; compared with === so the same strings cost a pointer comparison. */
export interface SharedFields {
  from: string;
  subject: string;
  text: string;
  html?: string;
  calendar?: { method: string; ics: string };
  /** Headers other than List-Unsubscribe (List-Unsubscribe-Post, Precedence, threading headers). */
  headers: Record<string, string>;
}

const PLACEHOLDER_ID = '<civicast-recipient-headers@template.invalid>';
const PLACEHOLDER_LINE = `Message-ID: ${PLACEHOLDER_ID}\r\n`;
// a template keeps its Date header; after this long the next send renders a fresh one
const TEMPLATE_LIFETIME_MS = 60_000;
const MAX_TEMPLATES = 16;
// printable ASCII without CR/LF, short enough never to need folding (RFC 5322 §2.1.1 allows 998 per line)
const PLAIN_VALUE = /^[\x20-\x7e]{1,900}$/;
// To and Reply-To are substituted only as bare addresses: a display name would need nodemailer's quoting
const BARE_ADDRESS = /^[^\s@<>",;:()[\]\\]+@[^\s@<>",;:()[\]\\]+$/;

/** True when a value can be written into a header line as it is, exactly as nodemailer would write it. */
export function isPlainHeaderValue(value: string): boolean {
  return PLAIN_VALUE.test(value) && value.trim() === value && !value.includes('  ');
}

/** The mail with these shared fields and this recipient's header lines, as bytes ready for DATA. */
export type RenderMime = (shared: SharedFields, recipient: RecipientFields, compose: (shared: SharedFields) => SendMailOptions) => Promise<Buffer | null>;

export function createMimeCache(): { render: RenderMime; size(): number } {
  const templates: Template[] = [];

  // the template is cached while it is still being built: a batch starts its first sends together, and each of them
  // built its own until the first build was done (ten sends started together built ten)
  function templateFor(shared: SharedFields, compose: (shared: SharedFields) => SendMailOptions): Template['parts'] {
    const now = Date.now();
    for (let i = templates.length - 1; i >= 0; i--) {
      const t = templates[i]!;
      if (t.expiresAt <= now) templates.splice(i, 1);
      else if (sameShared(t.shared, shared)) return t.parts;
    }
    const parts = new MailComposer({ ...compose(shared), messageId: PLACEHOLDER_ID })
      .compile()
      .build()
      .then((built) => {
        const raw = built.toString('latin1');
        const at = raw.indexOf(PLACEHOLDER_LINE);
        return at < 0 ? null : { head: raw.slice(0, at), tail: raw.slice(at + PLACEHOLDER_LINE.length) };
      });
    const t: Template = { shared, parts, expiresAt: now + TEMPLATE_LIFETIME_MS };
    templates.push(t);
    if (templates.length > MAX_TEMPLATES) templates.shift();
    // a build that fails is not kept: the next send tries again
    parts.catch(() => {
      const i = templates.indexOf(t);
      if (i >= 0) templates.splice(i, 1);
    });
    return parts;
  }

  return {
    async render(shared, recipient, compose) {
      const values = [recipient.to, recipient.messageId, recipient.replyTo, recipient.listUnsubscribe].filter((v): v is string => v !== undefined);
      if (!values.every(isPlainHeaderValue)) return null;
      if (!BARE_ADDRESS.test(recipient.to) || (recipient.replyTo !== undefined && !BARE_ADDRESS.test(recipient.replyTo))) return null;
      const t = await templateFor(shared, compose);
      if (!t) return null;
      let lines = `To: ${recipient.to}\r\n`;
      if (recipient.replyTo) lines += `Reply-To: ${recipient.replyTo}\r\n`;
      if (recipient.listUnsubscribe) lines += `List-Unsubscribe: ${recipient.listUnsubscribe}\r\n`;
      lines += `Message-ID: ${recipient.messageId}\r\n`;
      // latin1 both ways: the rendered MIME is 7-bit or 8-bit bytes, kept exactly as nodemailer wrote them
      return Buffer.from(t.head + lines + t.tail, 'latin1');
    },
    size: () => templates.length,
  };
}

function sameShared(a: SharedFields, b: SharedFields): boolean {
  if (a.from !== b.from || a.subject !== b.subject || a.text !== b.text || a.html !== b.html) return false;
  if (a.calendar?.method !== b.calendar?.method || a.calendar?.ics !== b.calendar?.ics) return false;
  const keys = Object.keys(a.headers);
  if (keys.length !== Object.keys(b.headers).length) return false;
  return keys.every((k) => a.headers[k] === b.headers[k]);
}
