// The web app manifest (/m/{tenant}/manifest.webmanifest), so that a resident can install the portal like an app, and
// its default icons: PNGs in the tenant's brand colours, drawn here (no image library needed for a disc and a ring).
import { crc32, deflateSync } from 'node:zlib';
import type { TenantRow } from '../../platform/tenancy.ts';
import { brandColorOf, textColorOn } from './portal.render.ts';
import { type Lang, texts } from './portal.html.ts';

export const ICON_SIZES = [192, 512] as const;
export type IconSize = (typeof ICON_SIZES)[number];

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

const rgb = (hex: string) => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));

/** A square PNG: the brand colour with a ring and a dot in the text colour on it (a "broadcast" sign). */
export function defaultIcon(size: number, brandColor: string): Buffer {
  const brand = brandColorOf(brandColor);
  const [bg, fg] = [rgb(brand), rgb(textColorOn(brand))];
  const rows = Buffer.alloc(size * (size * 3 + 1));
  const mid = (size - 1) / 2;
  for (let y = 0; y < size; y++) {
    const row = y * (size * 3 + 1); // each row starts with filter type 0
    for (let x = 0; x < size; x++) {
      const r = Math.hypot(x - mid, y - mid) / size;
      const ink = r < 0.1 || (r > 0.2 && r < 0.28);
      const [cr, cg, cb] = ink ? fg : bg;
      rows[row + 1 + x * 3] = cr;
      rows[row + 2 + x * 3] = cg;
      rows[row + 3 + x * 3] = cb;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8 bits, truecolour, deflate, no filter method variants, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Width and height of a PNG (from its IHDR), else null. */
function pngSize(data: Buffer): [number, number] | null {
  if (data.length < 24 || data.toString('latin1', 12, 16) !== 'IHDR') return null;
  return [data.readUInt32BE(16), data.readUInt32BE(20)];
}

export interface ManifestInput {
  /** The logo's versioned URL when the tenant has a raster logo. */
  logo: { href: string; type: string; data: Buffer } | null;
  iconHref: (size: IconSize) => string;
}

export function renderManifest(tn: TenantRow, lang: Lang, input: ManifestInput): string {
  const base = `/m/${tn.slug}/`;
  const icons: { src: string; sizes: string; type: string; purpose?: string }[] = [];
  if (input.logo) {
    const size = input.logo.type === 'image/png' ? pngSize(input.logo.data) : null;
    icons.push({ src: input.logo.href, sizes: size ? `${size[0]}x${size[1]}` : 'any', type: input.logo.type, purpose: 'any' });
  }
  // always there: installing needs a 192 and a 512 pixel icon, whatever the logo is
  for (const size of ICON_SIZES) icons.push({ src: input.iconHref(size), sizes: `${size}x${size}`, type: 'image/png', purpose: 'any' });
  // the sign stays inside the inner 40 % circle, so launchers may crop the same picture to their shape
  icons.push({ src: input.iconHref(512), sizes: '512x512', type: 'image/png', purpose: 'maskable' });
  const manifest = {
    id: base,
    name: texts[lang].startTitle.replace('{name}', tn.name),
    short_name: tn.name,
    description: texts[lang].manifestDescription.replace('{name}', tn.name),
    lang,
    start_url: base,
    scope: base,
    display: 'standalone',
    theme_color: brandColorOf(tn.brandColor),
    background_color: '#ffffff',
    icons,
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
