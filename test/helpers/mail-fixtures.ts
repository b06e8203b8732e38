// Real files (made here, byte for byte) and hand-made MIME messages for the inbound e-mail tests: what residents and
// attackers actually send, including structures a well-behaved client would never produce.
import { crc32 } from 'node:zlib';
import sharp from 'sharp';

/** A ZIP with stored (uncompressed) entries: enough for the container formats of office documents. */
export function storedZip(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text);
    const fileName = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, data);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const centralDir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(centralDir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralDir, end]);
}

const contentTypes = (main: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="${main}.main+xml"/></Types>`;

export async function sampleFiles() {
  const image = sharp({ create: { width: 4, height: 4, channels: 3, background: '#c00' } });
  return {
    png: await image.clone().png().toBuffer(),
    jpeg: await image.clone().jpeg().toBuffer(),
    pdf: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
    /** A Windows program (MZ header), the classic "rechnung.pdf". */
    exe: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(510, 0x90)]),
    elf: Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), Buffer.alloc(200)]),
    odt: storedZip({ mimetype: 'application/vnd.oasis.opendocument.text', 'content.xml': '<office:document-content/>' }),
    docx: storedZip({
      '[Content_Types].xml': contentTypes('application/vnd.openxmlformats-officedocument.wordprocessingml.document'),
      'word/document.xml': '<w:document/>',
    }),
    docm: storedZip({ '[Content_Types].xml': contentTypes('application/vnd.ms-word.document.macroEnabled'), 'word/document.xml': '<w:document/>' }),
    /** The container of old .doc/.xls files (CFB). */
    cfb: Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(600)]),
    text: Buffer.from('Straße;Hausnummer\nHauptstraße;1\n'),
    svg: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
  };
}

export interface MimePart {
  type: string;
  fileName?: string;
  content: Buffer | string;
}

/** A multipart/mixed mail from Anna with a text part and base64 attachments. */
export function mailWithParts(o: { subject: string; text: string; parts?: MimePart[]; html?: string; headers?: string[] }): string {
  const boundary = 'b0undary-42';
  const lines = [
    'From: Anna Beispiel <anna@example.org>',
    'To: buergerbuero@civicast.example',
    `Subject: ${o.subject}`,
    'Date: Mon, 3 Feb 2025 11:00:00 +0100',
    `Message-ID: <${o.subject.replace(/\W+/g, '-')}-${Math.random().toString(36).slice(2)}@example.org>`,
    ...(o.headers ?? []),
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
  ];
  const textPart = ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', o.text];
  if (o.html) {
    // as mail clients send it: text and HTML as alternatives of one another
    const alt = `${boundary}-alt`;
    lines.push(`Content-Type: multipart/alternative; boundary="${alt}"`, '', `--${alt}`, ...textPart, `--${alt}`);
    lines.push('Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', o.html, `--${alt}--`);
  } else lines.push(...textPart);
  for (const p of o.parts ?? []) {
    const base64 = Buffer.from(p.content).toString('base64');
    lines.push(
      `--${boundary}`,
      `Content-Type: ${p.type}${p.fileName ? `; name="${p.fileName}"` : ''}`,
      'Content-Transfer-Encoding: base64',
      ...(p.fileName ? [`Content-Disposition: attachment; filename="${p.fileName}"`] : []),
      '',
      ...(base64.match(/.{1,76}/g) ?? []),
    );
  }
  lines.push(`--${boundary}--`, '');
  return lines.join('\r\n');
}

/** A plain-text letter to the Bürgerbüro, as an IMAP mailbox holds it; the Message-ID comes from the subject. */
export const plainLetter = (from: string, subject: string, body: string) =>
  [
    `From: ${from}`,
    'To: Bürgerbüro <buergerbuero@musterstadt.example>',
    `Subject: ${subject}`,
    `Message-ID: <${subject.replace(/\W+/g, '')}@example.org>`,
    '',
    body,
    '',
  ].join('\r\n');
