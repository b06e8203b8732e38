// What a resident's mail may bring into the console: HTML reduced to a small safe set (nothing that runs, nothing that
// loads from elsewhere when staff open it), and attachments within the caps whose type is read from the bytes. What
// does not pass is listed (raw.refused) and counted, never silently dropped.
import { fileTypeFromBuffer } from 'file-type';
import sanitizeHtml from 'sanitize-html';
import type { InboundAttachment } from '../types.ts';

/** Ten files cover a form with photos; more is a mass upload the inbox is not for. */
export const MAX_ATTACHMENTS = 10;
/** A phone photo or a scanned multi-page PDF stays below 10 MB. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** Common mail providers cap a message at 20–25 MB, so more never arrives from a resident's ordinary mailbox. */
export const MAX_ATTACHMENTS_TOTAL_BYTES = 25 * 1024 * 1024;
/** Base64 makes 25 MB of attachments about 34 MB on the wire, plus headers and text: the SMTP SIZE we announce. */
export const MAX_MESSAGE_BYTES = 36 * 1024 * 1024;
/** HTML beyond this is not kept as HTML (the text stays): no mail a person writes is longer. */
export const MAX_HTML_CHARS = 2 * 1024 * 1024;

export type RefusalReason =
  | 'message_too_large'
  | 'too_many_attachments'
  | 'attachment_too_large'
  | 'attachments_too_large'
  | 'attachment_type'
  | 'html_too_large'
  | 'unparsable_mime';

/** One entry of raw.refused: what was removed from a stored message, and why. */
export interface Refusal {
  reason: RefusalReason;
  fileName?: string;
  /** What the sender declared; the bytes decided. */
  declaredType?: string;
  /** What the bytes are, when known. */
  detectedType?: string;
  size?: number;
}

const SAFE_HTML: sanitizeHtml.IOptions = {
  allowedTags: [
    ...['p', 'br', 'div', 'span', 'blockquote', 'pre', 'code', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6'],
    ...['b', 'strong', 'i', 'em', 'u', 's', 'strike', 'sub', 'sup', 'small'],
    ...['ul', 'ol', 'li', 'dl', 'dt', 'dd', 'a'],
    ...['table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption'],
  ],
  // no style or class: CSS can load url(…) and restyle the console
  allowedAttributes: { a: ['href', 'title', 'rel', 'target'], td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'], ol: ['start'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  // their content is code or chrome, not words of the resident
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'head', 'iframe', 'object', 'embed', 'svg', 'math', 'template'],
  // thousands of nested <div>s would still freeze the browser that shows them
  nestingLimit: 40,
  transformTags: {
    // a link opens outside the console and tells the target nothing about where it came from
    a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }),
  },
};

/** The HTML part of a resident's mail, reduced to markup that neither runs nor loads anything. */
export function sanitizeInboundHtml(html: string): string {
  return sanitizeHtml(html, SAFE_HTML).trim();
}

/** Plain words from HTML, for a mail whose only part is HTML the parser could not convert. */
export function htmlToPlainText(html: string): string {
  const text = sanitizeHtml(html.replace(/<(br|\/p|\/div|\/li|\/tr|\/h\d)\b[^>]*>/gi, '\n$&'), { allowedTags: [], allowedAttributes: {} });
  return text
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Types a resident may send: pictures, PDF, office documents without macros, plain text. */
const ALLOWED_TYPES = new Set([
  ...['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/heic', 'image/heif', 'image/avif', 'image/tiff', 'image/bmp'],
  'application/pdf',
  'application/rtf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
]);
/** Old binary Office files are one container format (CFB); only the extension tells them apart. */
const CFB_BY_EXTENSION: Record<string, string> = {
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
};
const TEXT_BY_EXTENSION: Record<string, string> = { txt: 'text/plain', csv: 'text/csv', log: 'text/plain' };
const TEXT_DECLARED = new Set(['text/plain', 'text/csv']);

const extensionOf = (name: string) => /\.([a-z0-9]{1,8})$/i.exec(name)?.[1]?.toLowerCase() ?? '';

/** Text has no control bytes but tab, line breaks and form feed, and is valid UTF-8 (or 8-bit text). */
function looksLikeText(bytes: Buffer): boolean {
  for (const b of bytes) if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) return false;
  return true;
}

/** What the bytes are (when they have a signature) and, when residents may send that, the type to store it as. */
export async function readAttachmentType(
  content: Buffer,
  fileName: string,
  declaredType: string,
): Promise<{ allowed?: { mime: string; ext: string }; detected?: string }> {
  const ext = extensionOf(fileName);
  const detected = await fileTypeFromBuffer(content);
  if (detected) {
    if (ALLOWED_TYPES.has(detected.mime)) return { allowed: { mime: detected.mime, ext: detected.ext }, detected: detected.mime };
    if (detected.mime === 'application/x-cfb' && Object.hasOwn(CFB_BY_EXTENSION, ext)) {
      return { allowed: { mime: CFB_BY_EXTENSION[ext], ext }, detected: detected.mime };
    }
    return { detected: detected.mime };
  }
  // no signature: only plain text passes, and only when it was sent as text (an .html or .svg is text too)
  const declared = declaredType.split(';')[0].trim().toLowerCase();
  const textType = Object.hasOwn(TEXT_BY_EXTENSION, ext) ? TEXT_BY_EXTENSION[ext] : TEXT_DECLARED.has(declared) ? declared : undefined;
  if (textType && looksLikeText(content)) return { allowed: { mime: textType, ext: ext || 'txt' } };
  return {};
}

/** A name without folders or control characters, with the extension of what the file really is. */
export function safeFileName(name: string | undefined, index: number, ext: string): string {
  const base =
    (name ?? '')
      .split(/[/\\]/)
      .pop()
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
      ?.replace(/[\u0000-\u001f\u007f"]/g, '')
      .trim()
      .slice(0, 200) || `anhang-${index + 1}`;
  return extensionOf(base) === ext || (ext === 'jpg' && extensionOf(base) === 'jpeg') ? base : `${base.replace(/\.[a-z0-9]{1,8}$/i, '')}.${ext}`;
}

export interface AttachmentCandidate {
  fileName?: string;
  declaredType: string;
  content: Buffer;
}

/**
 * Applies the caps in the order the parts came (the first ten that fit are kept) and reads each type from its bytes.
 * Returns what may be stored and what was refused, with the reason.
 */
export async function checkAttachments(candidates: AttachmentCandidate[]): Promise<{ accepted: InboundAttachment[]; refused: Refusal[] }> {
  const accepted: InboundAttachment[] = [];
  const refused: Refusal[] = [];
  let total = 0;
  for (const [i, c] of candidates.entries()) {
    const note = { ...(c.fileName ? { fileName: c.fileName.slice(0, 200) } : {}), declaredType: c.declaredType, size: c.content.length };
    if (c.content.length > MAX_ATTACHMENT_BYTES) {
      refused.push({ reason: 'attachment_too_large', ...note });
      continue;
    }
    const { allowed: type, detected } = await readAttachmentType(c.content, c.fileName ?? '', c.declaredType);
    if (!type) {
      refused.push({ reason: 'attachment_type', ...note, ...(detected ? { detectedType: detected } : {}) });
      continue;
    }
    if (accepted.length >= MAX_ATTACHMENTS) {
      refused.push({ reason: 'too_many_attachments', ...note });
      continue;
    }
    if (total + c.content.length > MAX_ATTACHMENTS_TOTAL_BYTES) {
      refused.push({ reason: 'attachments_too_large', ...note });
      continue;
    }
    total += c.content.length;
    accepted.push({ fileName: safeFileName(c.fileName, i, type.ext), contentType: type.mime, content: c.content });
  }
  return { accepted, refused };
}
