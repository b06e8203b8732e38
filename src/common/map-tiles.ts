// Map tile URL templates (Leaflet style) and their attribution, shared by server and console: which templates are
// acceptable, and which origins a Content-Security-Policy must allow for their tiles.
export const TILE_URL_MAX = 500;
export const ATTRIBUTION_MAX = 200;
/** The hosts `{s}` stands for; the console hands the same list to Leaflet, so the CSP covers every tile request. */
export const TILE_SUBDOMAINS = ['a', 'b', 'c'] as const;

const PLACEHOLDER = /\{([^{}]*)\}/g;
const KNOWN_PLACEHOLDERS = new Set(['s', 'z', 'x', 'y', 'r']);
const LOOPBACK = new Set(['localhost', '127.0.0.1']);
const HOSTNAME = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/;
// characters that separate or quote CSP sources, and anything outside printable ASCII
const UNSAFE = /[^\x21-\x7e]|["'`;,\\<>]/;

const sample = (template: string, subdomain: string) =>
  template.replaceAll('{s}', subdomain).replaceAll('{z}', '0').replaceAll('{x}', '0').replaceAll('{y}', '0').replaceAll('{r}', '');

/** Why the template cannot be used, as a sentence fragment ("must …"), or null when it can. */
export function tileUrlProblem(template: string): string | null {
  if (template.length > TILE_URL_MAX) return `must be at most ${TILE_URL_MAX} characters`;
  if (UNSAFE.test(template))
    return 'must not contain spaces, quotes, semicolons, commas, backslashes, angle brackets or non-ASCII characters (write international domain names as xn--…)';
  for (const m of template.matchAll(PLACEHOLDER)) {
    if (!KNOWN_PLACEHOLDERS.has(m[1])) return `has the unknown placeholder {${m[1]}}; use {z}, {x}, {y} and optionally {s} or {r}`;
  }
  if (/[{}]/.test(template.replace(PLACEHOLDER, ''))) return 'has a { or } that does not belong to a placeholder';
  if (!['{z}', '{x}', '{y}'].every((p) => template.includes(p))) return 'must contain {z}, {x} and {y}, e.g. https://tile.example.org/{z}/{x}/{y}.png';
  const authority = template.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split(/[/?#]/)[0];
  if (/\{(?!s\})/.test(authority)) return 'may use only {s} in the host name';
  let url: URL;
  try {
    url = new URL(sample(template, TILE_SUBDOMAINS[0]));
  } catch {
    return 'must be a web address such as https://tile.example.org/{z}/{x}/{y}.png';
  }
  if (url.protocol === 'http:' ? !LOOPBACK.has(url.hostname) : url.protocol !== 'https:')
    return 'must start with https:// (http:// only for localhost or 127.0.0.1)';
  if (url.username || url.password) return 'must not contain a user name or password';
  if (!HOSTNAME.test(url.hostname)) return 'must name the tile server by its host name';
  return null;
}

/** Why the attribution cannot be shown, or null: plain text of at most ATTRIBUTION_MAX characters. */
export function attributionProblem(text: string): string | null {
  if (text.length > ATTRIBUTION_MAX) return `must be at most ${ATTRIBUTION_MAX} characters`;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
  if (/[\u0000-\u001f\u007f<>]/.test(text)) return 'must be plain text on one line (no HTML)';
  return null;
}

/** The origins (scheme://host[:port]) that serve the tiles of an acceptable template: one, or one per `{s}` host. */
export function tileOrigins(template: string): string[] {
  const subdomains = template.includes('{s}') ? TILE_SUBDOMAINS : TILE_SUBDOMAINS.slice(0, 1);
  return [...new Set(subdomains.map((s) => new URL(sample(template, s)).origin))];
}
